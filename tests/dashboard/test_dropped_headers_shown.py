"""The request page says which headers the client sent that the server passed on to no app, and
why (an `X_Auth_Token` and its 401), under a heading that says the headers shown are those the
app got, and the story of why the request failed ends with them; and shows a URL header's
secrets redacted."""

from __future__ import annotations

from tests.conftest import raw_request
from tests.dashboard import page_text
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored


def request_page(dashboard, stack, headers: tuple) -> tuple[str, str]:
    """The request page of a GET /v2.1/servers sent to `stack` on a raw socket with `headers`
    as given, once stored: its markup, and the text it shows (spaces run together)."""
    _, sent, _ = raw_request(stack.url, "/v2.1/servers", headers=headers)
    trace = stored(dashboard, dict(sent)["X-Pastescope-Trace"])
    status, _, page = dashboard.get(f"/requests/{trace['trace']}")
    assert status == 200
    return page, " ".join(page_text.shown(page).split())


def test_a_header_eventlet_dropped_is_named_with_why(dashboard, stack):
    _, shown = request_page(dashboard, stack, (("X_Auth_Token", "demo-token"),))
    assert "The X-Auth-Token header is missing." in shown  # the 401's body
    assert ("Request headers (as the server passed them on to the app, a header sent twice "
            "with its values joined by commas; secrets redacted by the stack; the response's "
            "are recorded only by a stack served with --check-wsgi)") in shown
    assert ("The client also sent this header, which the server passed on to no app: "
            "X_Auth_Token: ***: eventlet drops header names containing _: sent as "
            "X-Auth-Token, it would reach the app.") in shown
    assert "demo-token" not in shown


def test_why_it_failed_names_the_header_eventlet_dropped(dashboard, stack):
    """The 401's story, on the request page and the step view, gives the clue its layers
    cannot: the token was sent, misnamed."""
    _, sent, _ = raw_request(stack.url, "/v2.1/servers", headers=(("X_Auth_Token", "demo-token"),))
    trace = stored(dashboard, dict(sent)["X-Pastescope-Trace"])["trace"]
    _, _, page = dashboard.get(f"/requests/{trace}")
    told = ("The client sent `X_Auth_Token`, which the server passed on to no app (eventlet "
            "drops header names containing `_`: sent as `X-Auth-Token`, it would reach the app).")
    assert page_text.section(page, "Why it failed").endswith(told.replace("`", ""))
    assert steps_of(dashboard, trace)["failure"][-1] == told


def test_a_url_header_shows_its_secrets_redacted_and_nothing_is_said_dropped(dashboard, stack):
    page, shown = request_page(dashboard, stack, (
        ("X-Auth-Token", "demo-token"),
        ("Referer", "http://app.test/login?token=SECRETR&password=SECRETR2")))
    headers = page_text.part(page, '<table class="kv headers">', "</table>")
    assert ("<th>Referer</th><td><code>http://app.test/login?token=***&amp;password=***"
            "</code></td>") in headers
    assert "passed on to no app" not in shown and "SECRET" not in shown
