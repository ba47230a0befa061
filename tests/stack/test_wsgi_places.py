"""Where a `serve --check-wsgi` warning says a rule was broken (`stack.wsgi_places`): a kept
line its code's line table gives no number for is said at its function's first line, never
`:None`; and a body's `yield` past its Content-Length is looked for once, not at each chunk
past it."""

from __future__ import annotations

import inspect

from stack import wsgi_checks_body_wrapper
from stack import wsgi_places
from stack.request_trace import Trace
from stack.trace_records import WARNING
from stack.wsgi_checks import Boundary
from tests.stack.trace_checks import place_in

#: The mark of the test's line that calls start_response, where the warning says it was.
START_LINE = "# the layer's start_response"


def handled(app):
    try:
        return app()
    except ValueError as exc:  # its handler's clean-up: code with no line
        return exc


def warnings(trace: Trace) -> list[str]:
    return [record[5] for record in trace.records if record[3] == WARNING]


def test_a_line_with_no_number_is_said_at_its_functions_first_line():
    code = handled.__code__
    offset = next(start for start, _, number in code.co_lines() if number is None)
    first = inspect.getsourcelines(handled)[1]
    assert wsgi_places.body_at(Trace("s"), "filter:x", (code, offset), ["a str"]) == (
        " (it returned a list after calling start_response at "
        f"`test_wsgi_places.py:{first} in handled`)")


def test_a_map_past_its_length_is_looked_at_once_and_said_at_start_response(monkeypatch):
    """A `map` (WebOb's `app_iter` is one) is no generator: no `yield` to name, so the
    warning names the start_response call, and the body is not looked at again."""
    looks = []

    def counted(body):
        looks.append(body)
        return wsgi_places.yielded_at(body)

    monkeypatch.setattr(wsgi_checks_body_wrapper, "yielded_at", counted)
    trace = Trace("s")
    boundary = Boundary("filter:x", trace, "GET", lambda status, headers, exc_info=None: None)
    boundary.start_response("200 OK", [("Content-Length", "1")])  # the layer's start_response
    body = boundary.passed_up(map(bytes, [b"ab", b"cd", b"ef", b"gh"]))
    assert b"".join(body) == b"abcdefgh"
    here = test_a_map_past_its_length_is_looked_at_once_and_said_at_start_response
    start = place_in(here, START_LINE, here.__name__)
    assert warnings(trace) == [
        "filter:x passed up `Content-Length: 1` with a body of 8 bytes; WSGI wants the header "
        "to say what the body holds (the client takes the bytes past it for the next "
        f"response) (it returned the body; it called start_response at `{start}`)"]
    assert len(looks) == 1


def test_byte_identical_layers_in_two_files_are_each_said_in_their_own_file():
    """Code objects compare equal without their file: two layers of the same source on the
    same line in two files each have their return said in their own file."""
    source = "def app(environ, start_response):\n    return [b'']\n"
    apps = []
    for name in ("first_layer.py", "second_layer.py"):
        space = {}
        exec(compile(source, name, "exec"), space)
        apps.append(space["app"])
    assert [wsgi_places.returned_at(app) for app in apps] == [
        "first_layer.py:2 in app", "second_layer.py:2 in app"]
