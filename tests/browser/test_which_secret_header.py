"""A secret header asked with on an uploaded ini's page (a token) is used for
the answer, but stays out of the address bar, the browser's history and htmx's history
snapshot in the tab's storage; the page says that reloading asks again without it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.browser.which_form import ask
from tests.conftest import DEMO


def test_a_token_asked_with_stays_out_of_the_address_and_the_history(page, dashboard):
    upload(page, dashboard, DEMO / "compute.ini")
    header = page.locator('.which-form input[name="header"]')
    header.fill("X-Auth-Token: typed-s3cret")
    ask(page, "GET", "/v2.1/servers")
    expect(page.locator(".which-lead")).to_have_text(
        "Handed to the app compute_app, whose answer only sending the request shows.")
    expect(page.locator("[data-which-secret]")).to_contain_text(
        "Kept out of this page's address, as a secret: X-Auth-Token. Asking here sends it")
    assert "/v2.1/servers" in page.url.replace("%2F", "/") and "typed-s3cret" not in page.url
    # Asked again without it: htmx keeps the page it leaves in the tab's storage, for Back.
    header.fill("")
    ask(page, "GET", "/")
    history = page.evaluate("() => sessionStorage.getItem('htmx-history-cache') || ''")
    assert "typed-s3cret" not in history
    page.go_back()  # the page asked with the token is asked again without it, as said
    expect(page.locator(".which-lead")).to_contain_text("401, from the filter authtoken")
