"""The send form's path, refused in a learner's words: a path typed without its leading `/` is
the commonest slip, and the API's own words (`field 'path' must start with '/', or be '*' for
OPTIONS (at most 4000 characters)`, its contract) named no field of the form and told no fix.
The form names its field and shows the path mended, but does not mend it unsaid: what is sent is
what was typed, and that a path starts with `/` is part of what the class learns."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_typed


def test_a_path_without_its_slash_is_said_in_the_forms_words(page, dashboard, stack):
    open_live(page, dashboard.url)
    sent: list[str] = []
    page.on("request", lambda request: sent.extend([request.url] if "/api/send" in request.url
                                                     else []))
    result = page.locator("#send-result")

    send_typed(page, "GET", "v2.1/servers")
    expect(result).to_have_text("Path: start it with / (as /v2.1/servers)")
    expect(result).to_have_attribute("data-status", "error")
    expect(page.locator('#send-form input[name="path"]')).to_be_focused()
    assert sent == [], "a path the form refused must not be sent, nor mended unsaid"

    send_typed(page, "GET", "http://127.0.0.1:8090/v2.1/flavors?limit=1")
    expect(result).to_have_text("Path: only the path, from its first / (as /v2.1/flavors?limit=1): "
                                "the stack's address is known already")
    # A host and port without the scheme is an address too, not a path to put a / before.
    send_typed(page, "GET", "localhost:8090/v2.1/servers?limit=1")
    expect(result).to_have_text("Path: only the path, from its first / (as /v2.1/servers?limit=1): "
                                "the stack's address is known already")
    # A space pasted before or after the path is said: the dashboard refuses a path with spaces,
    # and "start it with /" (as //v2.1/servers) was wrong advice.
    send_typed(page, "GET", " /v2.1/servers")
    expect(result).to_have_text("Path: no spaces before it (as /v2.1/servers)")
    send_typed(page, "GET", "/v2.1/servers ")
    expect(result).to_have_text("Path: no spaces after it (as /v2.1/servers)")
    send_typed(page, "GET", " v2.1/servers ")
    expect(result).to_have_text("Path: start it with / (as /v2.1/servers)")
    send_typed(page, "GET", "*")
    expect(result).to_have_text("Path: * asks OPTIONS of the server as a whole, so only with the "
                                "method OPTIONS; start any other path with /")
    assert sent == []

    # The dashboard's own refusals name the form's field too.
    send_typed(page, "GET", "/v2.1/servers list")
    expect(result).to_have_text("Path: must not contain spaces or control characters")

    send_typed(page, "GET", "/v2.1/servers")
    expect(result).to_have_attribute("data-status", "200")
