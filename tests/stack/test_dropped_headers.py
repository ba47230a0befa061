"""request.start says which headers the client sent that eventlet passed on to no app: a name
holding `_` (so an `X_Auth_Token` ends in "The X-Auth-Token header is missing."), a second
Content-Length; and says nothing of the kind when all went on. Sent on a raw socket, as no
HTTP client library sends such headers as given."""

from __future__ import annotations

import json

from tests.conftest import raw_request
from tests.stack.trace_checks import check_well_formed

#: Why eventlet dropped `X_Auth_Token` (`stack.dropped_headers.UNDERSCORE`), as the event says.
UNDERSCORE_WHY = ("eventlet drops header names containing `_`: sent as `X-Auth-Token`, it "
                  "would reach the app")


def start_of(stack, method: str, path: str, headers: tuple, body: bytes = b"") -> tuple:
    """The status line and request.start's data of a request sent to `stack` as given."""
    status, sent, _ = raw_request(stack.url, path, method=method, headers=headers, body=body)
    events = stack.trace(dict(sent)["X-Pastescope-Trace"])
    check_well_formed(events)
    [start] = [e["data"] for e in events if e["kind"] == "request.start"]
    return status, start


def test_a_header_named_with_an_underscore_is_said_dropped_and_why(compute_stack):
    status, start = start_of(compute_stack, "GET", "/v2.1/servers",
                             (("X_Auth_Token", "demo-token"), ("Accept", "*/*")))
    assert status == "HTTP/1.1 401 Unauthorized"
    assert start["dropped_headers"] == [
        {"name": "X_Auth_Token", "value": "***", "why": UNDERSCORE_WHY}]
    assert "X-Auth-Token" not in start["headers"] and start["headers"]["Accept"] == "*/*"


def test_a_second_content_length_is_said_dropped(compute_stack):
    body = json.dumps({"server": {"name": "x"}}).encode()
    status, start = start_of(compute_stack, "POST", "/v2.1/servers", (
        ("X-Auth-Token", "demo-token"), ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))), ("Content-Length", "5")), body)
    assert status.startswith("HTTP/1.1 20")
    assert start["headers"]["Content-Length"] == str(len(body))
    assert start["dropped_headers"] == [{
        "name": "Content-Length", "value": "5",
        "why": "eventlet passes on the first Content-Length only"}]


def test_nothing_is_said_dropped_when_every_header_went_on(compute_stack):
    """A Content-Type, a header sent twice (joined): the lines do not add up to the headers,
    yet nothing was dropped; a plain GET's do."""
    body = b"{}"
    _, posted = start_of(compute_stack, "POST", "/v2.1/servers/1/action", (
        ("X-Auth-Token", "demo-token"), ("Content-Type", "application/json"),
        ("Content-Length", "2"), ("Accept", "text/plain"), ("Accept", "*/*")), body)
    _, got = start_of(compute_stack, "GET", "/v2.1/servers", (("X-Auth-Token", "demo-token"),))
    assert posted["headers"]["Accept"] == "text/plain,*/*"
    assert "dropped_headers" not in posted and "dropped_headers" not in got
