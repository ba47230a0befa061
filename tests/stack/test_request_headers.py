"""request.start's headers are those the client sent, a body's Content-Type and Content-Length
included: WSGI keeps those two without the `HTTP_` prefix, and a JSON POST shown without its
type hid the likeliest reason for a 400 or a 415."""

from __future__ import annotations

import requests

from tests.conftest import TOKEN
from tests.stack.trace_checks import check_well_formed


def sent_headers(stack, method: str, path: str, **kwargs) -> dict[str, str]:
    """request.start's headers for a request sent to `stack`."""
    response = requests.request(method, stack.url + path, headers=TOKEN, timeout=10, **kwargs)
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    [start] = [e["data"] for e in events if e["kind"] == "request.start"]
    return start["headers"]


def test_a_body_s_content_type_and_length_are_shown(compute_stack):
    headers = sent_headers(compute_stack, "POST", "/v2.1/servers",
                           json={"server": {"name": "x"}})
    assert (headers["Content-Type"], headers["Content-Length"]) == (
        "application/json", str(len('{"server": {"name": "x"}}')))
    assert headers["X-Auth-Token"] == "***"


def test_a_request_with_no_body_shows_no_content_type_it_never_sent(compute_stack):
    """eventlet gives every request a CONTENT_TYPE, `text/plain` when none was sent."""
    headers = sent_headers(compute_stack, "GET", "/v2.1/servers")
    assert "Content-Type" not in headers and "Content-Length" not in headers
    assert headers["X-Auth-Token"] == "***"
