""""What would this URL hit?" asked twice without touching the alternative's list: the second
answer still says why the followed key is followed (OpenStack's default `auth_strategy`), where
the list once sent the key shown as a choice and the answer said `as chosen`."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.which_form import ask
from tests.browser.which_form import open_page

V21 = "composite:openstack_compute_api_v21"
#: Why v2.1's key is followed when nothing chooses: nova's file sets no `auth_strategy`, the
#: running demo (stack/demo/compute.ini) sets one.
WHY = {"upload": ("OpenStack's default auth_strategy: the composite sets none, a service's "
                  "config may"),
       "live": "as its auth_strategy setting says"}


@pytest.mark.parametrize("where", ["upload", "live"])
def test_a_list_left_at_the_default_is_asked_again_as_no_choice(
    page: Page, dashboard, stack, where
):
    open_page(page, dashboard, where)
    why = page.locator(f'.which-choice[data-which-composite="{V21}"] [data-which-why]')
    ask(page, "GET", "/v2.1/servers")
    expect(why).to_have_text(WHY[where])
    ask(page, "GET", "/v2.1/flavors")  # the list untouched
    expect(page.locator(".which-headline")).to_contain_text("GET /v2.1/flavors would go")
    expect(why).to_have_text(WHY[where])
    expect(page.locator(f'.which-choice[data-which-composite="{V21}"] select')).to_have_value("")
    # Picking the other key is a choice, said as one.
    page.select_option(f'.which-choice[data-which-composite="{V21}"] select', f"{V21}=noauth")
    expect(why).to_have_text("as chosen")
