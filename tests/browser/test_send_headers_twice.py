"""The send form's header lines go to the dashboard as typed: it kept the last of two lines of
one name, unsaid, and sent it; now the dashboard refuses it, as `which -H` and lesson files
do (`stack/http_token.py`), and the page says so, naming the form's field (Headers), not the
API's (`field 'headers'`), a token in the line it quotes redacted."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_typed


def test_a_header_typed_twice_is_refused_on_the_page(page, dashboard, stack):
    open_live(page, dashboard.url)
    send_typed(page, "GET", "/v2.1/servers", "X-Auth-Token: wrong\n\nX-Auth-Token: demo-token")
    result = page.locator("#send-result")
    expect(result).to_have_text(
        "Headers: 'X-Auth-Token: ***': X-Auth-Token is given twice: eventlet "
        "would hand the app both values as one, joined by a comma; give it once")
    expect(result).to_have_attribute("data-status", "error")
    send_typed(page, "GET", "/v2.1/servers", "X-Auth-Token demo-token")
    expect(result).to_have_text("Headers: 'X-Auth-Token demo-token': expected NAME: "
                                "VALUE (e.g. 'Accept: application/json;version=2.1')")
