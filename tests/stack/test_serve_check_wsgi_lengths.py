"""`serve --check-wsgi` of a developer's filter that keeps a length the body it passes no
longer has: a response body cut short under its app's `Content-Length`, which the end step
says the client waits for, as it says what a client reads of a longer one; a request body
rewritten into a seekable stream of its own that is no `io.BytesIO` (a SpooledTemporaryFile,
in memory or rolled over to a file, a TemporaryFile, a BufferedReader), which is measured
without being read or moved, as a BytesIO is. WebOb's `req.body = …` sets `CONTENT_LENGTH`
itself, and is said of nothing."""

from __future__ import annotations

import pytest

from stack.explain import explain_steps
from tests.conftest import raw_request
from tests.stack import check_wsgi_apps
from tests.stack.trace_checks import checked_and_plain
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import warned_in
from tests.stack.trace_checks import warnings_of

#: Each path's filter, of `check_wsgi_apps`, as its settings make it, before `make_echo`.
FILTERS = {
    "/cut": ("make_cutting_filter", ""),
    "/spooled": ("make_restreaming_filter", "stream = spooled"),
    "/rolled": ("make_restreaming_filter", "stream = rolled"),
    "/tempfile": ("make_restreaming_filter", "stream = tempfile"),
    "/buffered": ("make_restreaming_filter", "stream = buffered"),
    "/webob": ("make_restreaming_filter", "stream = webob"),
    "/declared": ("make_restreaming_filter", "stream = rolled\ndeclare = yes"),
}
BODY = b"abcdefg"
#: How each warning of `make_restreaming_filter` ends: where it called the layer below.
RESTREAMING = warned_in(check_wsgi_apps.make_restreaming_filter,
                        "return app(environ, start_response)", "restreaming")


def ini_text() -> str:
    sections = ["[composite:main]", "use = egg:Paste#urlmap"]
    sections += [f"{path} = {path[1:]}" for path in FILTERS]
    sections += ["", "[app:echo]", "use = call:tests.stack.paste_apps:make_echo", ""]
    for path, (factory, settings) in FILTERS.items():
        name = path[1:]
        sections += [f"[pipeline:{name}]", f"pipeline = {name}_filter echo", "",
                     f"[filter:{name}_filter]",
                     f"use = call:tests.stack.check_wsgi_apps:{factory}", settings, ""]
    return "\n".join(sections)


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    """The ini served with --check-wsgi and without: `(checked, plain)`."""
    folder = tmp_path_factory.mktemp("check_lengths")
    ini = folder / "api-paste.ini"
    ini.write_text(ini_text())
    with checked_and_plain(ini, folder) as both:
        yield both


def posted(stack, path: str) -> tuple[tuple[str, list, bytes], list[dict]]:
    """What the client got for POST `path` with `BODY`, and the request's checked trace."""
    got = raw_request(stack.url, path, method="POST", body=BODY,
                      headers=(("Content-Length", str(len(BODY))),
                               ("Content-Type", "text/plain")))
    return got, named_trace(stack, got[1])


def test_a_body_cut_short_of_its_content_length_is_said_waited_for(stacks):
    """`got abcdefg` is 11 bytes; the filter passes up 8 and its app's `Content-Length: 11`:
    the warning said so, the end step did not, though it says what a client reads of a
    longer body."""
    checked, plain = stacks
    (line, headers, body), events = posted(checked, "/cut")
    assert (line, body) == ("HTTP/1.1 200 OK", b"got abcd")
    assert ("Content-Length", "11") in headers
    assert [(node, rule) for node, rule, _ in warnings_of(events)] == [
        ("filter:cut_filter", "content-length")]
    end = explain_steps(events)[-1].text
    assert end.startswith("The stack answered 200, 8 bytes, ")
    assert end.endswith(" after the request arrived. A client waits for the other 3 bytes the "
                        "`Content-Length: 11` it answered with says: over a connection kept "
                        "open, they never come, and it waits until it gives up.")
    _, plain_events = posted(plain, "/cut")
    assert explain_steps(plain_events)[-1].text.endswith(" after the request arrived.")


@pytest.mark.parametrize("path", ["/spooled", "/rolled", "/tempfile", "/buffered"])
def test_a_stream_of_its_own_its_content_length_does_not_say_is_named(stacks, path):
    """`abcdefg!` handed down with the request's `CONTENT_LENGTH: 7`: the app reads the first
    7, the `!` lost without a word; only a BytesIO was measured. The app still reads what it
    reads without the flag: the check neither read nor moved the stream."""
    checked, plain = stacks
    (line, _, body), events = posted(checked, path)
    assert (line, body) == ("HTTP/1.1 200 OK", b"got abcdefg")
    node = f"filter:{path[1:]}_filter"
    assert warnings_of(events) == [(
        node, "environ-input-length",
        f"{node} passed down a `wsgi.input` of its own holding 8 bytes with `CONTENT_LENGTH: "
        "7`: the layers below read only the first 7 of them, never the last 1; WSGI wants "
        f"`CONTENT_LENGTH` to say what the stream holds{RESTREAMING}")]
    (plain_line, _, plain_body), plain_events = posted(plain, path)
    assert (plain_line, plain_body) == (line, body) and warnings_of(plain_events) == []


@pytest.mark.parametrize("path", ["/webob", "/declared"])
def test_a_stream_of_its_own_and_its_length_is_said_of_nothing(stacks, path):
    """WebOb's `req.body = …` sets `CONTENT_LENGTH` with `wsgi.input`: the app reads it all."""
    checked, _ = stacks
    (line, _, body), events = posted(checked, path)
    assert (line, body, warnings_of(events)) == ("HTTP/1.1 200 OK", b"got abcdefg!", [])


def test_a_head_s_content_length_is_no_body_waited_for(stacks):
    """A HEAD's `Content-Length` is that of the body a GET gets: no client waits for it."""
    checked, _ = stacks
    line, headers, body = raw_request(checked.url, "/declared", method="HEAD")
    assert (line, body) == ("HTTP/1.1 200 OK", b"")
    assert ("Content-Length", "5") in headers
    end = explain_steps(named_trace(checked, headers))[-1].text
    assert "waits" not in end and "A client reads" not in end
