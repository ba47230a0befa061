"""A filter that raises in its own code after its app answered, whose code a layer below runs
too (every `webob.dec.wsgify` layer runs `wsgify.__call__`; one class may make two filters):
the error is said of that filter, whose code raised it, not of the layer below sharing its
code."""

from __future__ import annotations

import pytest

from tests.conftest import raw_request
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import place
from tests.stack.trace_checks import served_with

#: A wsgify filter that raises once its wsgify app answered; a class making two filters, the
#: outer one raising once the inner one answered, itself or as its generator body ends.
SHARED = """
import webob
import webob.dec


@webob.dec.wsgify.middleware
def upper(req, app):
    resp = req.get_response(app)
    raise KeyError("no body kept")


def make_upper(global_conf):
    return upper


@webob.dec.wsgify
def hello(req):
    return webob.Response(b"hello")


def make_hello(global_conf):
    return hello


class Checking:
    def __init__(self, app, fail):
        self.app, self.fail = app, fail

    def __call__(self, environ, start_response):
        body = self.app(environ, start_response)
        if self.fail:
            raise KeyError("checked")
        return body


class Streaming(Checking):
    def __call__(self, environ, start_response):
        yield from self.app(environ, start_response)
        if self.fail:
            raise KeyError("streamed")


def make_checking(global_conf, fail="no"):
    return lambda app: Checking(app, fail == "yes")


def make_streaming(global_conf, fail="no"):
    return lambda app: Streaming(app, fail == "yes")


def make_plain(global_conf):
    def plain(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"plain"]
    return plain
"""

INI = """[composite:main]
use = egg:Paste#urlmap
/wsgify = wsgify
/checking = checking
/streaming = streaming

[pipeline:wsgify]
pipeline = upper hello

[pipeline:checking]
pipeline = check_outer check_inner plain

[pipeline:streaming]
pipeline = stream_outer stream_inner plain

[filter:upper]
paste.filter_factory = shared:make_upper

[app:hello]
paste.app_factory = shared:make_hello

[filter:check_outer]
paste.filter_factory = shared:make_checking
fail = yes

[filter:check_inner]
paste.filter_factory = shared:make_checking

[filter:stream_outer]
paste.filter_factory = shared:make_streaming
fail = yes

[filter:stream_inner]
paste.filter_factory = shared:make_streaming

[app:plain]
paste.app_factory = shared:make_plain
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with served_with(tmp_path_factory.mktemp("shared"), "shared", SHARED, INI) as server:
        yield server


#: By path: the filter that raised, the line that did, in which function, and the failure
#: story from there on.
CASES = {
    "/wsgify": ("upper", 'raise KeyError("no body kept")', "upper", [
        "KeyError (\"'no body kept'\") was raised by the filter `upper` (`{place}`); no layer "
        "caught it; nothing had been sent yet, so the server answered 500 itself.",
        "The filter `upper` raised after the app `hello` had answered it 200, so it passed up "
        "no status."]),
    "/checking": ("check_outer", 'raise KeyError("checked")', "__call__", [
        "KeyError (\"'checked'\") was raised by the filter `check_outer` (`{place}`); no layer "
        "caught it; nothing had been sent yet, so the server answered 500 itself.",
        "The filter `check_outer` raised after the filter `check_inner` had answered it 200, "
        "so it passed up no status."]),
    "/streaming": ("stream_outer", 'raise KeyError("streamed")', "__call__", [
        "KeyError (\"'streamed'\") was raised as the body of the filter `stream_outer` was "
        "read (`{place}`); no layer caught it; the client had got the status and 5 bytes of "
        "the body, and then the server cut the connection."]),
}


@pytest.mark.parametrize("path", list(CASES))
def test_a_filter_s_own_error_is_its_own_when_a_layer_below_shares_its_code(stack, path):
    raiser, line, function, story = CASES[path]
    _, headers, _ = raw_request(stack.url, path)
    events = named_trace(stack, headers)
    raised_in = place("shared.py", SHARED, line, function)
    assert [(event["data"]["raised_at"], event["data"]["raised_in"]) for event in events
            if event["kind"] == "error"] == [(f"filter:{raiser}", raised_in)]
    assert failure_story(events)[2:] == [words.format(place=raised_in) for words in story]
