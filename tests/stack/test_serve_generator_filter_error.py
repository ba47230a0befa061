"""A filter written as a generator function (`yield from app(environ, start_response)`, or a
loop yielding its app's chunks): an exception raised in the body of the app below it is said of
that app, whose code raised it, not of the filter it came up through."""

from __future__ import annotations

import pytest

from tests.conftest import raw_request
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import place
from tests.stack.trace_checks import served_with

#: An app whose streamed body raises (at /late after a first chunk, else before any), under a
#: generator filter yielding from it, under one looping over what the one below yields.
GENERATORS = """
def make_app(global_conf):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        def body():
            if environ["PATH_INFO"] == "/late":
                yield b"first\\n"
            raise RuntimeError("mid-body failure")
        return body()
    return app


def make_delegating(global_conf):
    def factory(app):
        def delegating(environ, start_response):
            yield from app(environ, start_response)
        return delegating
    return factory


def make_looping(global_conf):
    def factory(app):
        def looping(environ, start_response):
            for chunk in app(environ, start_response):
                yield chunk
        return looping
    return factory
"""

INI = """[pipeline:main]
pipeline = looping delegating app

[filter:looping]
paste.filter_factory = generators:make_looping

[filter:delegating]
paste.filter_factory = generators:make_delegating

[app:app]
paste.app_factory = generators:make_app
"""

RAISED = place("generators.py", GENERATORS, 'raise RuntimeError("mid-body failure")', "body")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with served_with(tmp_path_factory.mktemp("generators"), "generators", GENERATORS,
                     INI) as server:
        yield server


#: What the failure story says after naming the app, by path: before any bytes were sent, the
#: server answered 500, the generator filters had returned (their calls saw nothing), and the
#: filter right above the app passed up no status; after, the client had the status and the
#: first chunk.
AFTER = {
    "/": ["nothing had been sent yet, so the server answered 500 itself. The filter "
          "`delegating` and the filter `looping` had returned before it was raised: it came out "
          "of the body they returned, as the server read it after their calls, so no "
          "try/except around a call of the layer below could catch it (only one around "
          "reading the body can, as WebOb's `get_response` does up to start_response).",
          "The filter `delegating` was reading the body the app `app` passed up with its 200 "
          "when the exception raised in that body left it, so it passed up no status."],
    "/late": ["the client had got the status and 6 bytes of the body, and then the server cut "
              "the connection."],
}


@pytest.mark.parametrize("path", ["/", "/late"])
def test_an_error_of_the_app_s_body_is_said_of_the_app_not_the_generator_filters(stack, path):
    _, headers, _ = raw_request(stack.url, path)
    events = named_trace(stack, headers)
    assert [event["data"] for event in events if event["kind"] == "error"] == [
        {"type": "RuntimeError", "message": "mid-body failure", "raised_at": "app:app",
         "caught_by": "server", "raised_in": RAISED}]
    first, *rest = AFTER[path]
    assert failure_story(events)[1:] == [
        f"RuntimeError ('mid-body failure') was raised by the app `app` (`{RAISED}`); no layer "
        f"caught it; {first}", *rest]
