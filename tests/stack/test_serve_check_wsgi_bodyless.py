"""`serve --check-wsgi`: a body passed up with a status that allows none (204, 304) is said of
the layer that passed it up, and so is a 204's Content-Length. eventlet writes such a body
after the headers, which the client reads none of (over a kept connection it takes them for
the next response), and sends the Content-Length on: without the warnings, a developer whose
app answers `204 No Content` with a body never learns where those bytes went. request.end's
`bytes` counts those bytes, as sent, and its step says the client read none of them."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from stack.explain import explain_steps
from tests.conftest import raw_request
from tests.stack.trace_checks import checked_and_plain_with
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import place
from tests.stack.trace_checks import send
from tests.stack.trace_checks import warnings_of

#: An app answering 204 and 304 with a body (and 204 with none, saying `Content-Length: 0`),
#: and 200 with one; a filter passing it on.
BODYLESS = '''
def make_app(global_conf):
    def app(environ, start_response):
        if environ["PATH_INFO"] == "/deleted":
            start_response("204 No Content", [("Content-Length", "8")])
            return [b"deleted\\n"]
        if environ["PATH_INFO"] == "/emptied":
            start_response("204 No Content", [("Content-Length", "0")])
            return []
        if environ["PATH_INFO"] == "/unchanged":
            start_response("304 Not Modified", [])
            return (part for part in [b"same as ", b"before\\n"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"hello\\n"]
    return app


def make_relay(global_conf):
    return lambda app: lambda environ, start_response: app(environ, start_response)
'''

INI = """[pipeline:main]
pipeline = relay app

[filter:relay]
paste.filter_factory = bodyless:make_relay

[app:app]
paste.app_factory = bodyless:make_app
"""


#: Where the app answered 204, which a warning on the list it returned points to.
STARTED = place("bodyless.py", BODYLESS,
                'start_response("204 No Content", [("Content-Length", "8")])', "app")


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    with checked_and_plain_with(tmp_path_factory.mktemp("bodyless"), "bodyless", BODYLESS,
                                INI) as both:
        yield both


def test_a_204_with_a_body_is_said_of_the_app_that_passed_it_up(stacks):
    checked, plain = stacks
    response, events = send(checked, "GET", "/deleted")
    untraced, plain_events = send(plain, "GET", "/deleted")
    assert (response.status_code, response.content) == (untraced.status_code, b"")
    assert warnings_of(events) == [(
        "app:app", "content-length-with-bodyless-status",
        "app:app passed up `Content-Length: 8` with `204 No Content`; HTTP forbids a "
        "Content-Length with that status, as the response ends with its headers, but eventlet "
        "sends it on, and a client or proxy that trusts it reads that many bytes of what comes "
        f"next as the body (at `{STARTED}`)"), (
        "app:app", "body-with-bodyless-status",
        "app:app passed up a body of 8 bytes with `204 No Content`; HTTP allows no body with "
        "that status, and the client reads none, but eventlet sends it after the headers all "
        "the same: over a kept connection, the client reads it as the start of the next "
        f"response (it returned a list after calling start_response at `{STARTED}`)")]
    assert warnings_of(plain_events) == []


@pytest.mark.parametrize(("method", "path", "status", "sent"), [
    ("GET", "/deleted", 204, 8), ("GET", "/unchanged", 304, 15), ("HEAD", "/hello", 200, 6)])
def test_the_bytes_of_a_response_with_no_body_are_said_unread(stacks, method, path, status,
                                                               sent):
    for stack in stacks:  # traced alike, checked or not
        line, headers, body = raw_request(stack.url, path, method=method)
        # eventlet sent the body after the headers all the same
        assert (line, len(body)) == (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", sent)
        events = named_trace(stack, headers)
        end = events[-1]["data"]
        assert (end["status"], end["bytes"]) == (status, sent)
        after = "a HEAD" if method == "HEAD" else f"a {status}"
        said = explain_steps(events)[-1].text
        assert said.startswith(f"The stack answered {status}, {sent} bytes, "), said
        assert said.endswith(
            " ms after the request arrived. The server sent those bytes after the headers, yet "
            f"a client reads no body after {after}: over a connection kept open, it takes them "
            "for the start of the next response."), said


def test_a_body_with_a_status_that_has_one_is_not_said_unread(stacks):
    _, events = send(stacks[1], "GET", "/hello")
    said = explain_steps(events)[-1].text
    assert said.startswith("The stack answered 200, 6 bytes, ") and "no body" not in said, said


def test_a_204_saying_content_length_0_is_not_said(stacks):
    checked, _ = stacks
    _, events = send(checked, "GET", "/emptied")
    assert (events[-1]["data"]["status"], warnings_of(events)) == (204, [])


def test_a_304_with_a_streamed_body_is_said(stacks):
    checked, _ = stacks
    response, events = send(checked, "GET", "/unchanged")
    assert (response.status_code, response.content) == (304, b"")
    assert [(node, rule, message.split(";")[0]) for node, rule, message in warnings_of(events)
            ] == [("app:app", "body-with-bodyless-status",
                   "app:app passed up a body of 15 bytes with `304 Not Modified`")]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_body_a_status_allows_is_not_said(stacks, method):
    checked, _ = stacks
    _, events = send(checked, method, "/hello")
    assert warnings_of(events) == []
