"""`serve --check-wsgi` says of a filter that read the request body from `wsgi.input` and
passed the request on without it what the layers below then read: WebOb below raises that
the client disconnected, and only this warning names the filter; a body sent chunked, with
no `CONTENT_LENGTH`, the layers below read short, without a word, and only this warning says
so. A filter that hands down a fresh stream of its own whose bytes its `CONTENT_LENGTH` does
not say (a body rewritten, the header forgotten) is named too: the layers below read that
many bytes, losing the end of a longer body without a word. A filter that hands down a fresh
stream and its length, or the `CONTENT_LENGTH` of what is left, or lets WebOb read the body
(which keeps a copy), is said of nothing; the client gets what it gets without the flag."""

from __future__ import annotations

import pytest

from tests.conftest import raw_request
from tests.stack import paste_apps
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import checked_and_plain
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import warned_in
from tests.stack.trace_checks import warnings_of

#: Each path's pipeline: a filter that passes the request on unchanged (`relay`), the body
#: reader as its settings make it, then a WebOb app that answers with the body it reads.
READERS = {
    "/all": "",
    "/some": "size = 3",
    "/restored": "then = restore",
    "/shortened": "size = 3\nthen = shorten",
    "/webob": "size = webob",
    "/emptied": "then = shorten",
    "/declared": "then = declare",
    "/rewritten": "then = rewrite",
    "/cut": "then = cut",
    "/unwound": "then = unwound",
    "/redeclared": "then = redeclare",
}
BODY = b"abcdefg"
#: `BODY` sent chunked, in two chunks, with no Content-Length.
CHUNKED = b"3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"
#: How each warning here ends: where the reader called the layer below.
READING = warned_in(paste_apps.make_body_reader, "return app(environ, start_response)",
                    "reading")
WITHOUT = "from wsgi.input and passed the request on without them: the layers below read"


def ini_text() -> str:
    sections = ["[composite:main]", "use = egg:Paste#urlmap"]
    sections += [f"{path} = {path[1:]}" for path in READERS]
    sections += ["", "[filter:relay]", "use = call:tests.stack.paste_apps:make_environ", "",
                 "[app:echo]", "use = call:tests.stack.paste_apps:make_echo", ""]
    for path, settings in READERS.items():
        name = path[1:]
        sections += [f"[pipeline:{name}]", f"pipeline = relay reader_{name} echo", "",
                     f"[filter:reader_{name}]",
                     "use = call:tests.stack.paste_apps:make_body_reader", settings, ""]
    return "\n".join(sections)


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    """The ini served with --check-wsgi and without: `(checked, plain)`."""
    folder = tmp_path_factory.mktemp("check_input")
    ini = folder / "api-paste.ini"
    ini.write_text(ini_text())
    with checked_and_plain(ini, folder) as both:
        yield both


def posted(stack, path: str, chunked: bool = False) -> tuple[tuple[str, bytes], list[dict]]:
    """The status line and body the client got for POST `path` with `BODY` (sent chunked if
    `chunked`), and its trace."""
    framing = ("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(len(BODY)))
    line, headers, body = raw_request(stack.url, path, method="POST",
                                      body=CHUNKED if chunked else BODY,
                                      headers=(framing, ("Content-Type", "text/plain")))
    events = stack.trace(dict(headers)["X-Pastescope-Trace"])
    check_well_formed(events)
    return (line, body), events


@pytest.mark.parametrize(("path", "words"), [
    ("/all", f"read 7 of the request's 7 body bytes {WITHOUT} an empty body (WebOb calls "
             "that a client disconnect)"),
    ("/some", f"read 3 of the request's 7 body bytes {WITHOUT} 4 of the 7 bytes its "
              "`CONTENT_LENGTH` says (WebOb calls that a client disconnect)"),
    ("/declared", f"read 7 of the request's 7 body bytes {WITHOUT} an empty body (WebOb "
                  "calls that a client disconnect)"),
])
def test_a_filter_that_read_the_body_and_passed_the_request_on_is_named(stacks, path, words):
    checked, plain = stacks
    got, events = posted(checked, path)
    assert got[0] == "HTTP/1.1 500 Internal Server Error"
    node = f"filter:reader_{path[1:]}"
    assert warnings_of(events) == [(node, "environ-input-consumed",
                                    f"{node} {words}{READING}")]
    # The app's DisconnectionError is no longer all the story says.
    assert failure_story(events)[-1] == (f"The filter `reader_{path[1:]}` broke a WSGI rule: "
                                         "“WSGI rules broken” says which.")
    plain_got, plain_events = posted(plain, path)
    assert plain_got == got and warnings_of(plain_events) == []


@pytest.mark.parametrize(("path", "echoed"), [
    ("/restored", b"got abcdefg"),
    ("/shortened", b"got defg"),
    ("/webob", b"got abcdefg"),
    ("/emptied", b"got "),
])
def test_a_filter_that_hands_down_what_is_left_is_said_of_nothing(stacks, path, echoed):
    checked, plain = stacks
    got, events = posted(checked, path)
    assert got == ("HTTP/1.1 200 OK", echoed)
    assert warnings_of(events) == []
    assert posted(plain, path)[0] == got


@pytest.mark.parametrize(("path", "got", "words"), [
    # the app answers 200 with what it read, the body cut short without a word
    ("/all", ("HTTP/1.1 200 OK", b"got "),
     f"read 7 of the request's 7 body bytes (sent chunked) {WITHOUT} an empty body"),
    ("/some", ("HTTP/1.1 200 OK", b"got defg"),
     "read 3 bytes of the request's body (sent chunked, of no stated length) from wsgi.input "
     "and passed the request on without them: the layers below read only what is left of it"),
    ("/declared", ("HTTP/1.1 500 Internal Server Error", b""),
     f"read 7 of the request's 7 body bytes (sent chunked) {WITHOUT} an empty body (WebOb "
     "calls that a client disconnect)"),
])
def test_a_filter_that_read_a_chunked_body_and_passed_the_request_on_is_named(
        stacks, path, got, words):
    checked, plain = stacks
    checked_got, events = posted(checked, path, chunked=True)
    assert checked_got == got
    node = f"filter:reader_{path[1:]}"
    assert warnings_of(events) == [(node, "environ-input-consumed",
                                    f"{node} {words}{READING}")]
    plain_got, plain_events = posted(plain, path, chunked=True)
    assert plain_got == got and warnings_of(plain_events) == []


@pytest.mark.parametrize(("path", "echoed"), [
    ("/restored", b"got abcdefg"),
    ("/webob", b"got abcdefg"),
    ("/emptied", b"got "),
])
def test_a_filter_that_hands_down_what_is_left_of_a_chunked_body_is_said_of_nothing(
        stacks, path, echoed):
    checked, plain = stacks
    got, events = posted(checked, path, chunked=True)
    assert got == ("HTTP/1.1 200 OK", echoed)
    assert warnings_of(events) == []
    assert posted(plain, path, chunked=True)[0] == got


#: What a warning on a stream of a filter's own says, after its name.
OWN = "passed down a `wsgi.input` of its own holding"
LENGTH_WANTED = "; WSGI wants `CONTENT_LENGTH` to say what the stream holds"


@pytest.mark.parametrize(("path", "got", "words"), [
    # the body made longer: the app reads its first 7 bytes, the `!` lost without a word
    ("/rewritten", ("HTTP/1.1 200 OK", b"got abcdefg"),
     f"{OWN} 8 bytes with `CONTENT_LENGTH: 7`: the layers below read only the first 7 of "
     "them, never the last 1"),
    ("/cut", ("HTTP/1.1 500 Internal Server Error", b""),
     f"{OWN} 3 bytes with `CONTENT_LENGTH: 7`: the layers below read 3 of the 7 bytes it "
     "says (WebOb calls that a client disconnect)"),
    ("/unwound", ("HTTP/1.1 500 Internal Server Error", b""),
     f"{OWN} 0 bytes from byte 7, where it stands (a stream written and not rewound reads "
     "from its end), with `CONTENT_LENGTH: 7`: the layers below read 0 of the 7 bytes it "
     "says (WebOb calls that a client disconnect)"),
])
def test_a_filter_that_hands_down_a_stream_its_content_length_does_not_say_is_named(
        stacks, path, got, words):
    checked, plain = stacks
    checked_got, events = posted(checked, path)
    assert checked_got == got
    node = f"filter:reader_{path[1:]}"
    assert warnings_of(events) == [(node, "environ-input-length",
                                    f"{node} {words}{LENGTH_WANTED}{READING}")]
    plain_got, plain_events = posted(plain, path)
    assert plain_got == got and warnings_of(plain_events) == []


def test_a_filter_that_hands_down_a_rewritten_body_and_its_length_is_said_of_nothing(stacks):
    checked, plain = stacks
    got, events = posted(checked, "/redeclared")
    assert got == ("HTTP/1.1 200 OK", b"got abcdefg!")
    assert warnings_of(events) == []
    assert posted(plain, "/redeclared")[0] == got
