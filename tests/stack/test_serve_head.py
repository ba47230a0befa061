"""A HEAD, served traced: eventlet sends its headers, then whatever body the app returns,
which the client reads none of. The trace says what the client got: the headers in full,
however early it closes after them."""

from __future__ import annotations

import http.client

from stack.explain import explain_steps
from tests.conftest import wait_for
from tests.conftest import write_ini
from tests.stack.app_inis import counted_ini
from tests.stack.trace_checks import check_well_formed


def head(url: str, path: str) -> http.client.HTTPResponse:
    """HEAD `path` as Python's http.client does, closing once the headers are in."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("HEAD", path)
        return conn.getresponse()
    finally:
        conn.close()


def test_a_head_client_closing_after_the_headers_is_not_said_gone(serve_stack, tmp_path):
    taken = tmp_path / "taken"  # a streamed body, 20 chunks 0.1 s apart
    stack = serve_stack(write_ini(tmp_path, counted_ini(taken)), "main")
    response = head(stack.url, "/")
    assert response.status == 200
    events = stack.trace(response.getheader("X-Pastescope-Trace"))
    check_well_formed(events)
    written = int(wait_for(lambda: taken.exists() and taken.read_text(), 10, what="the app"))
    assert written < 20_000  # eventlet's writes of the body failed once the client closed
    end = events[-1]["data"]
    assert (end["status"], end["bytes"], end.get("client_gone")) == (200, written, None)
    said = explain_steps(events)[-1].text
    assert said.startswith(f"The stack answered 200, {written} bytes, "), said
    assert "went away" not in said


def test_a_head_answered_401_keeps_the_content_type_it_was_sent(compute_stack):
    response = head(compute_stack.url, "/v2.1/servers")  # no token: the demo's authtoken
    assert (response.status, response.getheader("Content-Type")) == (
        401, "text/html; charset=UTF-8")
    events = compute_stack.trace(response.getheader("X-Pastescope-Trace"))
    check_well_formed(events)
    end = events[-1]["data"]
    assert (end["status"], end["bytes"], end["body"], end["content_type"]) == (
        401, 0, "", "text/html; charset=UTF-8")
