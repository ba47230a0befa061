"""`serve --check-wsgi` says of a filter that took a body with a `close()` from the layer below
and never called it, once the filter is done with it (PEP 3333: whoever takes a body closes
it, as the server does): one that joins it into a list of its own, or copies it into an
iterator, or yields it on in a generator. A filter that closes it, or hands it up to be
closed, itself or in a body of its own whose close() closes it, or takes a generator (which
closes itself once dropped), is said of nothing; the
client gets what it gets without the flag."""

from __future__ import annotations

import gc
import io
import weakref

import pytest

from stack.request_trace import Trace
from stack.trace_records import TRACE_KEY
from stack.trace_records import WARNING
from stack.wsgi_checks import Boundary
from stack.wsgi_checks import checked
from stack.wsgi_checks import passed_down
from stack.wsgi_checks_body import UNCLOSED
from stack.wsgi_checks_body_wrapper import CheckedBody
from tests.conftest import raw_request
from tests.stack.trace_checks import checked_and_plain_with
from tests.stack.trace_checks import line_in
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import place_in
from tests.stack.trace_checks import warnings_of

#: An app whose body holds something its close() frees, one whose body is a generator, and
#: filters that each take that body in a way of their own; written as a module in the test's
#: folder, as a developer's own middleware is.
CLOSING = '''
class Held:
    """A body that holds something its close() frees, as a file's or a connection's."""

    def __init__(self, parts):
        self.parts = parts

    def __iter__(self):
        return iter(self.parts)

    def close(self):
        pass


def make_held(global_conf):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Held([b"hello, ", b"world\\n"])
    return app


def make_generated(global_conf):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return (part for part in [b"hello, ", b"world\\n"])
    return app


def joined(app, environ, start_response):
    app_iter = app(environ, start_response)
    return [b"".join(app_iter)]


def copied(app, environ, start_response):
    app_iter = app(environ, start_response)
    return iter(list(app_iter))


def yielded(app, environ, start_response):
    for chunk in app(environ, start_response):
        yield chunk


def closed(app, environ, start_response):
    app_iter = app(environ, start_response)
    try:
        return [b"".join(app_iter)]
    finally:
        app_iter.close()


def relay(app, environ, start_response):
    return app(environ, start_response)


class Closing:
    """A filter's own body, whose close() closes the body below: WSGI's way to wrap one."""

    def __init__(self, app_iter):
        self.app_iter = app_iter

    def __iter__(self):
        return (chunk.upper() for chunk in self.app_iter)

    def close(self):
        self.app_iter.close()


def wrapped(app, environ, start_response):
    return Closing(app(environ, start_response))


def filter_of(layer):
    return lambda global_conf: lambda app: lambda environ, start_response: layer(
        app, environ, start_response)


joined, copied, yielded, closed, relay, wrapped = map(filter_of, (
    joined, copied, yielded, closed, relay, wrapped))
'''
#: Path → (the filter, the app below it); each pipeline has `relay` above the filter.
PATHS = {
    "/joined": ("joined", "held"),
    "/copied": ("copied", "held"),
    "/yielded": ("yielded", "held"),
    "/closed": ("closed", "held"),
    "/relayed": ("relay", "held"),
    "/wrapped": ("wrapped", "held"),
    "/from_generator": ("joined", "generated"),
}


def ini_text() -> str:
    sections = ["[composite:main]", "use = egg:Paste#urlmap"]
    sections += [f"{path} = {path[1:]}" for path in PATHS]
    sections += ["", "[app:held]", "paste.app_factory = closing:make_held", "",
                 "[app:generated]", "paste.app_factory = closing:make_generated", ""]
    for name in {layer for layer, _ in PATHS.values()}:
        sections += [f"[filter:{name}]", f"paste.filter_factory = closing:{name}", ""]
    for path, (layer, app) in PATHS.items():
        sections += [f"[pipeline:{path[1:]}]", f"pipeline = relay {layer} {app}", ""]
    return "\n".join(sections)


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    """The ini served with --check-wsgi and without: `(checked, plain)`."""
    with checked_and_plain_with(tmp_path_factory.mktemp("check_close"), "closing", CLOSING,
                                ini_text()) as both:
        yield both


def answer(stack, path: str) -> tuple[tuple, list[tuple]]:
    """What the client got for GET `path` (status line, body) and the trace's warnings."""
    line, headers, body = raw_request(stack.url, path)
    return (line, body), warnings_of(named_trace(stack, headers))


@pytest.mark.parametrize("path", ["/joined", "/copied", "/yielded"])
def test_a_filter_that_never_closes_the_body_below_is_said_where_it_took_it(stacks, path):
    checked, plain = stacks
    got, warnings = answer(checked, path)
    assert got == ("HTTP/1.1 200 OK", b"hello, world\n")
    layer = PATHS[path][0]
    assert warnings == [
        (f"filter:{layer}", "body-not-closed",
         f"filter:{layer} never called close() of the body the layer below passed up to it "
         "(a Held); WSGI wants a layer that takes a body to close it, as the server closes "
         "the one it gets, or what close() frees stays held (it called the layer below at "
         f"`{line_in('closing', CLOSING, layer, 'app(environ, start_response)')}`)")]
    assert answer(plain, path) == (got, [])


@pytest.mark.parametrize("path", ["/closed", "/relayed", "/wrapped", "/from_generator"])
def test_a_filter_that_closes_it_or_hands_it_up_or_takes_a_generator_is_said_of_nothing(
        stacks, path):
    checked, plain = stacks
    got, warnings = answer(checked, path)
    assert got[0] == "HTTP/1.1 200 OK"
    assert got[1] == (b"HELLO, WORLD\n" if path == "/wrapped" else b"hello, world\n")
    assert warnings == []
    assert answer(plain, path) == (got, [])



#: More layers passing a body on than the checks once looked through (400 wrappers), under a
#: filter that joins it: each layer's check wraps the body it passes on again.
DEEP = 500


@pytest.mark.parametrize(("made", "kind"), [
    (lambda: (part for part in [b"hello"]), None),
    (lambda: io.BytesIO(b"hello"), "BytesIO"),
])
def test_a_body_passed_on_by_many_layers_is_said_of_as_the_app_made_it(made, kind):
    """The filter that joins it is said of the body the app made, not of a check's wrapper:
    of nothing for a generator, of its own type for one with a `close()`. The layers' checked
    bodies are made as each layer passes the body on, without a server: a stack served that
    deep ends in a RecursionError first."""
    trace = Trace("s")
    body = made()
    for n in range(DEEP):
        body = CheckedBody(body, Boundary(f"filter:relay{n}", trace, "GET", start_response))
    below = passed_down(lambda environ, start_response: body, "filter:joined")

    def joined(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"".join(below(environ, start_response))]

    environ = {TRACE_KEY: trace, "REQUEST_METHOD": "GET", "PATH_INFO": "/"}
    assert checked(joined, "filter:joined")(environ, start_response) == [b"hello"]
    at = place_in(joined, "below(environ", "joined")
    said = [record[5] for record in trace.records
            if record[3] == WARNING and record[4] == UNCLOSED]
    assert said == ([] if kind is None else [
        f"filter:joined never called close() of the body the layer below passed up to it (a "
        f"{kind}); WSGI wants a layer that takes a body to close it, as the server closes the "
        f"one it gets, or what close() frees stays held (it called the layer below at `{at}`)"])


class Held:
    """A body that holds something its close() frees, as a file's or a connection's."""

    def __iter__(self):
        return iter([b"hello"])

    def close(self):
        pass


def test_a_filter_that_raises_having_taken_the_body_below_is_said_never_to_close_it():
    """Its call ends in the error, and so does what it does with the body: said then, and the
    trace lets go of the body, which it kept for that (the body's checks holding the trace in
    turn) until the garbage collector came, the warning never said."""
    trace = Trace("s")
    made: list[weakref.ref] = []

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        body = Held()
        made.append(weakref.ref(body))
        return body

    below = passed_down(checked(app, "app:held"), "filter:raising")

    def raising(environ, start_response):
        below(environ, start_response)
        raise RuntimeError("gave up on it")

    environ = {TRACE_KEY: trace, "REQUEST_METHOD": "GET", "PATH_INFO": "/"}
    at = place_in(raising, "below(environ", "raising")
    gc.disable()  # what lets go of the body is the checks, not a collection
    try:
        with pytest.raises(RuntimeError, match="gave up on it"):
            checked(raising, "filter:raising")(environ, start_response)
        said = [record[5] for record in trace.records
                if record[3] == WARNING and record[4] == UNCLOSED]
        assert said == [
            "filter:raising never called close() of the body the layer below passed up to it "
            "(a Held); WSGI wants a layer that takes a body to close it, as the server closes "
            "the one it gets, or what close() frees stays held (it called the layer below at "
            f"`{at}`)"]
        [body] = made
        assert body() is None
    finally:
        gc.enable()


def start_response(status, headers, exc_info=None):
    """The server's, to a layer called in-process: it writes nothing."""
    return lambda data: None
