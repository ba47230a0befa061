"""`serve --check-wsgi`: a body passed up with a status that allows none (204, 304) is said of
the layer that passed it up. eventlet drops such a body without a word, while the trace
counts it in request.end's `bytes`: without the warning, a developer whose app answers
`204 No Content` with a body never learns the client got none of it."""

from __future__ import annotations

import pytest

from tests.stack.trace_checks import checked_and_plain_with
from tests.stack.trace_checks import place
from tests.stack.trace_checks import send
from tests.stack.trace_checks import warnings_of

#: An app answering 204 and 304 with a body, and 200 with one; a filter passing it on.
BODYLESS = '''
def make_app(global_conf):
    def app(environ, start_response):
        if environ["PATH_INFO"] == "/deleted":
            start_response("204 No Content", [("Content-Length", "8")])
            return [b"deleted\\n"]
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
        "app:app", "body-with-bodyless-status",
        "app:app passed up a body of 8 bytes with `204 No Content`; HTTP allows no body with "
        "that status, so eventlet sends none of it (another server may send it, and the "
        "client then reads it as the start of the next response) (it returned a list after "
        f"calling start_response at `{STARTED}`)")]
    assert warnings_of(plain_events) == []


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
