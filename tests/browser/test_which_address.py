""""What would this URL hit?" on an uploaded ini, in headless Chromium: the question goes in the
address bar, so reload, Back and a link sent on show the same answer, drawn."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.browser.which_form import ask
from tests.browser.which_form import drawn_path
from tests.conftest import NOVA

SERVERS = re.compile(r"[?&]method=GET&path=/v2\.1/servers(&|$)")
ROOT = re.compile(r"[?&]method=GET&path=/(&|$)")


def expect_answer(page, path: str) -> None:
    """The form asks `GET path`, and the diagram draws its answer."""
    expect(page.locator("#diagram svg")).to_have_attribute(
        "data-which-drawn", re.compile("^" + re.escape(f"GET {path}") + "( |$)"))
    expect(page.locator('.which-form input[name="path"]')).to_have_value(path)


def test_a_which_answer_survives_reload_back_and_a_shared_link(page, dashboard, browser):
    upload(page, dashboard, NOVA)
    ask(page, "GET", "/v2.1/servers")
    page.wait_for_url(SERVERS)
    path = drawn_path(page)
    headline = page.locator(".which-headline").inner_text()

    page.reload()
    expect_answer(page, "/v2.1/servers")
    expect(page.locator(".which-headline")).to_have_text(headline)
    assert drawn_path(page) == path

    ask(page, "GET", "/")
    page.wait_for_url(ROOT)
    page.go_back()
    page.wait_for_url(SERVERS)
    expect_answer(page, "/v2.1/servers")
    assert drawn_path(page) == path

    shared = browser.new_page()
    try:
        shared.goto(page.url)
        expect_answer(shared, "/v2.1/servers")
        expect(shared.locator(".which-headline")).to_have_text(headline)
    finally:
        shared.close()
