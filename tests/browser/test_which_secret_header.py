"""A secret header asked with on an uploaded ini's page (a token) is used for
the answer, but stays out of the address bar, the browser's history and htmx's history
snapshot in the tab's storage; the page says that reloading asks again without it. An address
that holds one (made before it was left out) is shown redacted and replaced."""

from __future__ import annotations

import re
from urllib.parse import urlencode

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


def test_an_address_holding_a_token_is_answered_redacted_and_dropped(page, dashboard):
    """A bookmark made before the address left secrets out: the page shows the token as `***`,
    says the address held it, and puts the address without it in the address bar, for Back
    and a link copied from it too; asked again as shown, it answers alike."""
    upload(page, dashboard, DEMO / "compute.ini")
    ini_page = page.url.split("?")[0]
    question = urlencode([("method", "GET"), ("path", "/v2.1/servers"),
                          ("header", "X-Auth-Token: old-s3cret")])
    page.goto(f"{ini_page}?{question}")
    lead = page.locator(".which-lead")
    expect(lead).to_have_text(
        "Handed to the app compute_app, whose answer only sending the request shows.")
    expect(page.locator('.which-form input[name="header"]')).to_have_value("X-Auth-Token: ***")
    expect(page.locator("[data-which-secret]")).to_contain_text(
        "The address this page was opened at holds a secret: X-Auth-Token. The answer used it; "
        "this page shows it as *** and drops it from its address.")
    expect(page).to_have_url(re.compile(r"path=/v2\.1/servers$"))
    assert "s3cret" not in page.content()
    page.locator('.which-form button[type="submit"]').click()  # as shown, with `***`
    # Pushed with it: `***` is no secret, and the same question asked again.
    expect(page).to_have_url(re.compile(r"header=X-Auth-Token"))
    expect(lead).to_have_text(
        "Handed to the app compute_app, whose answer only sending the request shows.")
    # Back to the address without the token: htmx kept no copy of a page with a secret, so
    # the page is loaded again, and asks without it. (Waiting for that answer also keeps the
    # test from closing the page while the reload commits, which can hang Chromium.)
    page.go_back()
    expect(page).to_have_url(re.compile(r"path=/v2\.1/servers$"))
    assert "s3cret" not in page.url
    expect(lead).to_contain_text("401, from the filter authtoken")
