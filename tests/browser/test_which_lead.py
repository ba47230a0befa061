"""The Ask form's answer as a class sees it: its short answer first, in view, and the hops and
why each layer is taken folded below, opened from the keyboard; the compute demo's own page
says which token it takes, above and where its 401 is said."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.browser.which_form import ask
from tests.conftest import DEMO


def test_the_short_answer_is_seen_first_and_the_way_opens_from_the_keyboard(page: Page,
                                                                           dashboard):
    upload(page, dashboard, DEMO / "compute.ini")
    expect(page.locator(".shipped-demo")).to_contain_text("X-Auth-Token: demo-token")
    ask(page, "GET", "/v2.1/servers")
    lead = page.locator(".which-lead")
    expect(lead).to_be_in_viewport()
    expect(lead).to_contain_text("401, from the filter authtoken: no X-Auth-Token is given.")
    expect(lead.get_by_role("link", name="401")).to_have_attribute("href", "/glossary#401")
    # Where the 401 is said, the token the demo takes: the comment above is far up the page.
    expect(page.locator(".which-token-hint")).to_be_in_viewport()
    expect(page.locator(".which-token-hint")).to_contain_text("X-Auth-Token: demo-token")
    hops = page.locator(".which-hops li")
    expect(hops).to_have_count(8)
    expect(hops.first).to_be_hidden()
    summary = page.locator(".which-detail > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(hops.first).to_be_visible()
    expect(page.locator(".which-story")).to_contain_text("is the demo's token check")
