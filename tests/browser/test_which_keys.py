""""What would this URL hit?" from the keyboard: asked by Enter in the path field, on Ask or by
an alternative picked, the answer replaces the form, and the focus stays on the control the
question came from (it fell to the page's body), the answer said once on a status line."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.which_form import open_page

V21 = "composite:openstack_compute_api_v21"


def drawn(page: Page, question: str) -> None:
    """Wait until the diagram draws the answer to `question` (method, path, alternatives)."""
    expect(page.locator("#diagram svg")).to_have_attribute(
        "data-which-drawn", re.compile("^" + re.escape(question) + "( |$)"))


@pytest.mark.parametrize("where", ["upload", "live"])
def test_the_focus_stays_where_the_question_was_asked(page: Page, dashboard, stack, where):
    open_page(page, dashboard, where)
    path = page.locator('.which-form input[name="path"]')
    said = page.locator("[data-which-said]")
    expect(said).to_have_attribute("role", "status")

    path.fill("/v2.1/servers")
    path.press("Enter")
    drawn(page, "GET /v2.1/servers")
    expect(path).to_be_focused()
    assert page.evaluate("document.activeElement.selectionStart") == len("/v2.1/servers")
    # The answer's short sentence: what the client would get, and from which layer.
    expect(said).to_have_text(re.compile(r"^401, from the filter authtoken: no X-Auth-Token is "
                                         r"given\b.*\. With a valid token: .*the app \S+"))

    page.keyboard.press("Control+a")
    page.keyboard.type("/v2.1/flavors")
    page.keyboard.press("Tab")  # the host
    page.keyboard.press("Tab")
    ask = page.locator('.which-form button[type="submit"]')
    expect(ask).to_be_focused()
    page.keyboard.press("Enter")
    drawn(page, "GET /v2.1/flavors")
    expect(ask).to_be_focused()
    expect(said).to_have_text(re.compile(r"^401, from the filter authtoken"))

    alternatives = page.locator(f'.which-choice[data-which-composite="{V21}"] select')
    alternatives.focus()
    other = "keystone" if alternatives.input_value() == f"{V21}=noauth" else "noauth"
    alternatives.select_option(label=other)  # the key followed unchosen is sent as no choice
    drawn(page, f"GET /v2.1/flavors {V21}={other}")
    expect(alternatives).to_be_focused()
