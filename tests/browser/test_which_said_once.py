"""The Ask form's answer is read once: its short answer, which the status line beside it
says for a screen reader, was in the page a second time after the answer (read on, or the
page's text copied), until the next question replaced it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.conftest import DEMO

#: How many times the page's text holds `sentence`.
COUNT = 'document.querySelector("main").innerText.split(sentence).length - 1'


@pytest.mark.parametrize("header", ["", "X-Auth-Token: demo-token"])
def test_the_answers_first_paragraph_is_in_the_page_once(page: Page, dashboard, header):
    upload(page, dashboard, DEMO / "compute.ini")
    form = page.locator(".which-form")
    form.locator('input[name="path"]').fill("/v2.1/servers")
    form.locator('input[name="header"]').fill(header)
    form.locator('input[name="path"]').press("Enter")
    expect(page.locator(".which-headline")).to_contain_text(
        "GET /v2.1/servers would go: the composite osapi_compute")
    # Said is its short answer, what the client would get and from which layer.
    lead = page.locator(".which-lead")
    expect(lead).to_contain_text("from the filter authtoken" if not header else "compute_app")
    sentence = lead.inner_text()
    # A screen reader is told the answer as it comes in, where the focus stayed…
    expect(page.locator("[data-which-said]")).to_have_text(sentence)
    # …and reading on, the page holds it once, where the answer starts.
    page.wait_for_function(f"(sentence) => {COUNT} === 1", arg=sentence, timeout=10_000)
