"""`serve --check-wsgi`: each WSGI rule a layer breaks is a wsgi.warning on its trace, naming
that layer (not the ones that pass on what it passed up), and the client gets byte for byte
what it gets without the flag; without it, no warning is ever made."""

from __future__ import annotations

import textwrap

import pytest

from stack.explain import explain_steps
from tests.conftest import raw_request
from tests.stack.trace_checks import checked_and_plain_with
from tests.stack.trace_checks import line_in
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import warned_at
from tests.stack.trace_checks import warnings_of

#: Filters that each break one rule, and an app that breaks none; written as a module in the
#: test's folder, as a developer's own middleware is.
BREAKING = '''
def make_app(global_conf):
    def app(environ, start_response):
        body = b"hello, world\\n"
        start_response("200 OK", [("Content-Type", "text/plain"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    return app


class Sized:
    """A body of one part that is no list but has a length."""

    def __init__(self, parts):
        self.parts = parts

    def __iter__(self):
        return iter(self.parts)

    def __len__(self):
        return len(self.parts)


def make_sized_app(global_conf):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Sized([b"hello, world\\n"])
    return app


def make_streamed_app(global_conf):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return (part for part in [b"hello, world\\n"])
    return app


def filter_of(layer):
    return lambda global_conf: lambda app: lambda environ, start_response: layer(
        app, environ, start_response)


def relay(app, environ, start_response):
    return app(environ, start_response)


def twice(app, environ, start_response):
    start_response("202 Accepted", [("Content-Type", "text/plain")])
    return app(environ, start_response)


def int_length(app, environ, start_response):
    def replacing(status, headers, exc_info=None):
        headers = [(name, int(value) if name == "Content-Length" else value)
                   for name, value in headers]
        return start_response(status, headers, exc_info)
    return app(environ, replacing)


def int_count(app, environ, start_response):
    def adding(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Count", 1)], exc_info)
    return app(environ, adding)


def line_break(app, environ, start_response):
    def adding(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Note", "one\\r\\nX-Injected: two")],
                              exc_info)
    return app(environ, adding)


def no_reason(app, environ, start_response):
    def replacing(status, headers, exc_info=None):
        return start_response(status[:3], headers, exc_info)
    return app(environ, replacing)


def str_body(app, environ, start_response):
    body = app(environ, start_response)  # not in the comprehension: before Python 3.12, a
    # comprehension is a function of its own, which a warning would name
    return [chunk.decode() for chunk in body]


def str_map(app, environ, start_response):
    return map(bytes.decode, app(environ, start_response))


def str_answer(app, environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return ["hello, world\\n"]


def longer(app, environ, start_response):
    yield from app(environ, start_response)
    yield b"and more\\n"


def list_longer(app, environ, start_response):
    return [*app(environ, start_response), b"and more\\n"]


def no_start(app, environ, start_response):
    return app(environ, lambda status, headers, exc_info=None: None)


def str_yield(app, environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"hello, "
    yield "world\\n"


def late_start(app, environ, start_response):
    yield b"started "
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"late\\n"


def adding(header):
    """A filter that adds `header` to the headers the app passes up."""
    def layer(app, environ, start_response):
        def with_header(status, headers, exc_info=None):
            return start_response(status, [*headers, header], exc_info)
        return app(environ, with_header)
    return layer


def tuple_headers(app, environ, start_response):
    def replacing(status, headers, exc_info=None):
        return start_response(status, tuple(headers), exc_info)
    return app(environ, replacing)


def one_part(app, environ, start_response):
    """A body of one part as a list, which the server sends with a Content-Length."""
    body = app(environ, start_response)
    if hasattr(body, "__len__") and len(body) == 1:
        return list(body)
    return body


def retry(app, environ, start_response):
    """Calls the layer below twice, its first answer thrown away, as a filter that retries."""
    b"".join(app(environ, lambda status, headers, exc_info=None: None))
    return app(environ, start_response)


def cache(app, environ, start_response):
    """Calls the layer below once a request; asked again, answers from its cache (a str)."""
    if "cache.warm" in environ:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return ["cached\\n"]
    environ["cache.warm"] = True
    return app(environ, start_response)


list_header = adding(["X-Note", "one"])
colon_name = adding(("X-Note:", "one"))
control_value = adding(("X-Note", "one\\x00two"))
status_header = adding(("Status", "200 OK"))
hop_by_hop = adding(("Connection", "close"))
(relay, twice, int_length, int_count, line_break, no_reason, str_body, str_map, str_answer,
 longer, list_longer, no_start, str_yield, late_start, tuple_headers, list_header, colon_name,
 control_value, status_header, hop_by_hop, one_part) = map(filter_of, (
    relay, twice, int_length, int_count, line_break, no_reason, str_body, str_map, str_answer,
    longer, list_longer, no_start, str_yield, late_start, tuple_headers, list_header,
    colon_name, control_value, status_header, hop_by_hop, one_part))
retry, cache = filter_of(retry), filter_of(cache)
'''



def at(call: str, function: str) -> str:
    """How a warning ends that says where: at the line of `BREAKING` holding `call`."""
    return warned_at("breaking.py", textwrap.dedent(BREAKING), call, function)

#: The start_response call of each filter `adding` makes.
ADDING = at("return start_response(status, [*headers, header], exc_info)", "with_header")


def said_at(function: str, call: str) -> str:
    """`breaking.py:LINE in FUNCTION` as a warning quotes it: `line_in` of `BREAKING`."""
    return f"`{line_in('breaking', BREAKING, function, call)}`"


def below(function: str) -> str:
    """Where the filter `function` called the layer below."""
    return said_at(function, "app(environ, ")

#: Path → the filter that breaks a rule there, the rule, and the message its warning says:
#: where, when a line of the filter's own code made the call that broke it, or yielded the
#: item that did; for a body it returned, its call of the layer below (or of start_response)
#: before; for `twice`, whose second call its app made, its own call and its app's.
BROKEN = {
    "/twice": ("twice", "start-response-again",
               "filter:twice called start_response a second time ('200 OK', after "
               "'202 Accepted') without exc_info; WSGI allows a second call only with "
               "exc_info, as an error replaces the response (it called start_response at "
               f"{said_at('twice', 'start_response(')}, and handed it to the layer below at "
               f"{below('twice')}, which made the second call)"),
    "/int_length": ("int_length", "header-type",
                    "filter:int_length passed up the header `Content-Length` as an int (13); "
                    "WSGI wants str"
                    + at("return start_response(status, headers, exc_info)", "replacing")),
    "/line_break": ("line_break", "header-line-break",
                    "filter:line_break passed up the header `X-Note` with a line break in its "
                    "value ('one\\r\\nX-Injected: two'); WSGI forbids control characters in "
                    "headers: what follows the break reaches the client as a header of its "
                    "own" + at('[*headers, ("X-Note", "one', "adding")),
    "/no_reason": ("no_reason", "status",
                   "filter:no_reason passed up the status '200'; WSGI wants three digits, one "
                   "space and a reason phrase, such as \"200 OK\""
                   + at("start_response(status[:3]", "replacing")),
    "/str_body": ("str_body", "body-type",
                  "filter:str_body passed up a body item as a str; WSGI wants bytes (it "
                  f"returned a list after calling the layer below at {below('str_body')})"),
    "/str_map": ("str_map", "body-type",
                 "filter:str_map passed up a body item as a str; WSGI wants bytes (it "
                 f"returned the body; it called the layer below at {below('str_map')})"),
    "/str_answer": ("str_answer", "body-type",
                    "filter:str_answer passed up a body item as a str; WSGI wants bytes (it "
                    "returned a list after calling start_response at "
                    f"{said_at('str_answer', 'start_response(')})"),
    "/str_yield": ("str_yield", "body-type",
                   "filter:str_yield passed up a body item as a str; WSGI wants bytes"
                   + at('yield "world', "str_yield")),
    "/longer": ("longer", "content-length",
                "filter:longer passed up `Content-Length: 13` with a body of 22 bytes; WSGI "
                "wants the header to say what the body holds (the client takes the bytes "
                f"past it for the next response) (the `yield` at {said_at('longer', 'yield b')}"
                " went past it)"),
    "/list_longer": ("list_longer", "content-length",
                     "filter:list_longer passed up `Content-Length: 13` with a body of 22 "
                     "bytes; WSGI wants the header to say what the body holds (the client "
                     "takes the bytes past it for the next response) (it returned a list "
                     f"after calling the layer below at {below('list_longer')})"),
    "/no_start": ("no_start", "no-start-response",
                  "filter:no_start returned its body without calling start_response (nor "
                  "write); WSGI wants start_response called before the first byte of the "
                  "body is passed up (it returned a list after calling the layer below at "
                  f"{below('no_start')})"),
    "/tuple_headers": ("tuple_headers", "header-type",
                       "filter:tuple_headers passed up its headers as a tuple; WSGI wants a "
                       "list of (name, value) tuples, which the layers above and the server "
                       "may change" + at("tuple(headers)", "replacing")),
    "/list_header": ("list_header", "header-type",
                     "filter:list_header passed up a header as a list; WSGI wants a (name, "
                     "value) tuple of two str" + ADDING),
    "/colon_name": ("colon_name", "header-name",
                    "filter:colon_name passed up the header name 'X-Note:', which holds ':'; "
                    "WSGI wants an HTTP field name, with no colon, space or control "
                    "character" + ADDING),
    "/control_value": ("control_value", "header-control-character",
                       "filter:control_value passed up the header `X-Note` with the control "
                       "character '\\x00' in its value ('one\\x00two'); WSGI forbids control "
                       "characters in headers" + ADDING),
    "/status_header": ("status_header", "status-header",
                       "filter:status_header passed up a header named `Status` ('200 OK'); "
                       "WSGI gives the status as start_response's first argument only, and a "
                       "CGI gateway would take this header for it" + ADDING),
    "/hop_by_hop": ("hop_by_hop", "hop-by-hop",
                    "filter:hop_by_hop passed up the hop-by-hop header `Connection` ('close'); "
                    "WSGI leaves the connection to the server, and forbids applications and "
                    "middleware to set one" + ADDING),
}
#: Headers that differ from one response to the next whatever the stack does.
CHANGING = ("Date", "X-Pastescope-Trace")


def ini_text() -> str:
    """A urlmap with one pipeline a rule: a filter that passes everything on unchanged, the
    filter that breaks the rule, then the app; `/ok`, which breaks none; `/int_count`,
    where two filters break one rule, each with a header of its own; and `/sized` and
    `/streamed`, a body with a length and one without under a filter that asks it; and
    `/late_start`, a body that starts before start_response, under a WebOb filter; and
    `/retried`, a filter called twice a request by the filter above it."""
    names = [path.strip("/") for path in BROKEN]
    sections = ["[composite:main]", "use = egg:Paste#urlmap", "/ok = ok",
                "/int_count = int_count", "/sized = sized", "/streamed = streamed",
                "/late_start = late_start", "/retried = retried"]
    sections += [f"/{name} = {name}" for name in names]
    sections += ["", "[pipeline:ok]", "pipeline = relay app", "",
                 "[pipeline:int_count]", "pipeline = relay int_count int_length app", "",
                 "[filter:int_count]", "paste.filter_factory = breaking:int_count", "",
                 "[app:app]", "paste.app_factory = breaking:make_app", "",
                 "[filter:relay]", "paste.filter_factory = breaking:relay", "",
                 "[pipeline:sized]", "pipeline = relay one_part sized_app", "",
                 "[pipeline:streamed]", "pipeline = relay one_part streamed_app", "",
                 "[filter:one_part]", "paste.filter_factory = breaking:one_part", "",
                 "[app:sized_app]", "paste.app_factory = breaking:make_sized_app", "",
                 "[app:streamed_app]", "paste.app_factory = breaking:make_streamed_app", "",
                 "[pipeline:late_start]", "pipeline = request_id late_start app", "",
                 "[filter:late_start]", "paste.filter_factory = breaking:late_start", "",
                 "[pipeline:retried]", "pipeline = relay retry cache app", "",
                 "[filter:retry]", "paste.filter_factory = breaking:retry", "",
                 "[filter:cache]", "paste.filter_factory = breaking:cache", "",
                 "[filter:request_id]",
                 "paste.filter_factory = stack.filters.request_id:RequestId.factory", ""]
    for name in names:
        sections += [f"[pipeline:{name}]", f"pipeline = relay {name} app", "",
                     f"[filter:{name}]", f"paste.filter_factory = breaking:{name}", ""]
    return "\n".join(sections)


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    """The ini served twice, with --check-wsgi and without: `(checked, plain)`."""
    with checked_and_plain_with(tmp_path_factory.mktemp("check_wsgi"), "breaking", BREAKING,
                                ini_text()) as both:
        yield both


def answer(stack, path: str, http11: bool = False) -> tuple[tuple, list[dict]]:
    """What the client got for GET `path` (status line, headers but `CHANGING`, body), and
    the request's checked trace; over HTTP/1.1 with `http11`."""
    line, headers, body = raw_request(stack.url, path, http11=http11)
    events = named_trace(stack, headers)
    kept = [(name, value) for name, value in headers if name not in CHANGING]
    return (line, kept, body), events


@pytest.mark.parametrize("path", BROKEN)
def test_each_rule_broken_is_said_of_the_layer_that_broke_it(stacks, path):
    checked, plain = stacks
    got, events = answer(checked, path)
    name, rule, message = BROKEN[path]
    assert warnings_of(events) == [(f"filter:{name}", rule, message)]
    untraced_got, plain_events = answer(plain, path)
    assert got == untraced_got
    assert warnings_of(plain_events) == []


def test_two_layers_breaking_one_rule_are_each_named_for_their_own_value(stacks):
    checked, plain = stacks
    got, events = answer(checked, "/int_count")
    assert warnings_of(events) == [
        ("filter:int_length", "header-type", BROKEN["/int_length"][2]),
        ("filter:int_count", "header-type", "filter:int_count passed up the header `X-Count` "
                                            "as an int (1); WSGI wants str"
                                            + at('("X-Count", 1)', "adding")),
    ]
    assert got == answer(plain, "/int_count")[0]


@pytest.mark.parametrize(("path", "framing"), [
    ("/sized", ("Content-Length", "13")),
    # Guards the other way: a body with no length must not gain one when checked.
    ("/streamed", ("Transfer-Encoding", "chunked")),
])
def test_a_layer_above_gets_the_length_of_a_checked_body_as_unchecked(stacks, path, framing):
    """`one_part` asks the app's body its length, and sends a body of one part as a list, to
    which the server adds a Content-Length; a body with no length is sent chunked."""
    checked, plain = stacks
    got, events = answer(checked, path, http11=True)
    assert got == answer(plain, path, http11=True)[0]
    assert got[0] == "HTTP/1.1 200 OK" and framing in got[1]
    assert warnings_of(events) == []


def test_a_body_started_before_start_response_is_said_at_its_first_yield(stacks):
    """A WebOb filter above reads a body until start_response is called, so eventlet serves
    it; the warning names the `yield` that came first."""
    checked, plain = stacks
    (line, _, body), events = answer(checked, "/late_start")
    assert (line, body) == ("HTTP/1.1 200 OK", b"started late\n")
    assert warnings_of(events) == [
        ("filter:late_start", "no-start-response",
         "filter:late_start returned its body without calling start_response (nor write); "
         "WSGI wants start_response called before the first byte of the body is passed up"
         + at('yield b"started "', "late_start"))]
    (plain_line, _, plain_body), _ = answer(plain, "/late_start")
    assert (plain_line, plain_body) == (line, body)


def test_a_layer_called_again_is_said_at_its_own_call_not_its_first(stacks):
    """`cache` calls the layer below on the first call of `retry`'s two, and answers the
    second itself: its body is said to come after its start_response call, that second
    call's, not after the first call's call of the layer below."""
    checked, plain = stacks
    got, events = answer(checked, "/retried")
    assert got[2] == b"cached\n"
    assert warnings_of(events) == [
        ("filter:cache", "body-type",
         "filter:cache passed up a body item as a str; WSGI wants bytes (it returned a list "
         f"after calling start_response at {said_at('cache', 'start_response(')})")]
    assert got == answer(plain, "/retried")[0]


def test_a_layer_that_breaks_no_rule_gets_no_warning(stacks):
    checked, _ = stacks
    got, events = answer(checked, "/ok")
    assert got[0] == "HTTP/1.1 200 OK" and got[2] == b"hello, world\n"
    assert warnings_of(events) == []


def test_the_stack_says_it_checks(stacks):
    checked, plain = stacks
    assert "checking each layer's WSGI rules)" in checked.output()
    assert "checking" not in plain.output()


def test_a_body_past_its_content_length_is_said_read_to_that_length(stacks):
    """`list_longer` adds 9 bytes to the app's 13 and leaves its `Content-Length: 13`: the
    client reads 13, and the last step says so, not just that the stack answered 22; a stack
    served without the flag records no headers, and the step says nothing of it."""
    checked, plain = stacks
    (line, headers, body), events = answer(checked, "/list_longer")
    # all 22 sent (this client reads to the close); one that trusts the header reads 13
    assert (line, body) == ("HTTP/1.1 200 OK", b"hello, world\nand more\n")
    assert ("Content-Length", "13") in headers
    end = explain_steps(events)[-1].text
    assert end.startswith("The stack answered 200, 22 bytes, ")
    assert end.endswith(" after the request arrived. A client reads 13 bytes of them, as the "
                        "`Content-Length: 13` it answered with says: over a connection kept "
                        "open, it takes the other 9 bytes for the start of the next response.")
    _, plain_events = answer(plain, "/list_longer")
    assert explain_steps(plain_events)[-1].text.endswith(" after the request arrived.")
