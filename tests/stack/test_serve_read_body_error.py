"""A filter that reads the body the layer below passed up in its own call (joins it to rewrite
it, as a filter changing the body must): an exception that body raises is said of the layer
whose body raised it, as when the server reads it, not of the filter that was reading it."""

from __future__ import annotations

import pytest

from stack.explain import explain_steps
from tests.conftest import raw_request
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import place
from tests.stack.trace_checks import served_with

#: An app whose streamed body raises, under a filter passing it on in a generator of its own,
#: under a filter that joins it to rewrite it (or raises in its own code after the app
#: answered, at /own), under one that turns any exception into a 500 (at /caught).
READING = """
def make_app(global_conf):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        def body():
            yield b"first\\n"
            raise RuntimeError("mid-body failure")
        return body()
    return app


def make_passing(global_conf):
    def factory(app):
        def passing(environ, start_response):
            body = app(environ, start_response)
            def chunks():
                for chunk in body:
                    yield chunk
            return chunks()
        return passing
    return factory


def make_upper(global_conf):
    def factory(app):
        def upper(environ, start_response):
            kept = []
            body = app(environ, lambda status, headers, exc_info=None: kept.append(status))
            if environ["PATH_INFO"] == "/own":
                raise KeyError("no headers kept")
            data = b"".join(body).upper()
            start_response(kept[0], [("Content-Length", str(len(data)))])
            return [data]
        return upper
    return factory


def make_catching(global_conf):
    def factory(app):
        def catching(environ, start_response):
            if environ["PATH_INFO"] != "/caught":
                return app(environ, start_response)
            try:
                return app(environ, start_response)
            except Exception:
                start_response("500 Internal Server Error", [("Content-Length", "5")])
                return [b"sorry"]
        return catching
    return factory
"""

INI = """[pipeline:main]
pipeline = catching upper passing app

[filter:catching]
paste.filter_factory = reading:make_catching

[filter:upper]
paste.filter_factory = reading:make_upper

[filter:passing]
paste.filter_factory = reading:make_passing

[app:app]
paste.app_factory = reading:make_app
"""

RAISED = place("reading.py", READING, 'raise RuntimeError("mid-body failure")', "body")
#: How the step view starts on the filter `upper` leaving, when the body it read raised.
READ = ("The filter `upper` was reading the body the filter `passing` passed up with its 200 "
        "when the exception raised in that body left it")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with served_with(tmp_path_factory.mktemp("reading"), "reading", READING, INI) as server:
        yield server


def traced(stack, path: str) -> tuple[str, list[dict]]:
    line, headers, _ = raw_request(stack.url, path)
    return line, named_trace(stack, headers)


def errors_of(events: list[dict]) -> list[dict]:
    return [event["data"] for event in events if event["kind"] == "error"]


def test_an_error_of_the_body_a_filter_reads_is_said_of_the_layer_whose_body_raised_it(stack):
    line, events = traced(stack, "/")
    assert line == "HTTP/1.1 500 Internal Server Error"
    assert errors_of(events) == [{"type": "RuntimeError", "message": "mid-body failure",
                                  "raised_at": "app:app", "caught_by": "server",
                                  "raised_in": RAISED}]
    assert failure_story(events)[1:] == [
        f"RuntimeError ('mid-body failure') was raised by the app `app` (`{RAISED}`); no layer "
        "caught it; nothing had been sent yet, so the server answered 500 itself.",
        "The filter `upper` was reading the body the filter `passing` passed up with its 200 "
        "when the exception raised in that body left it, so it passed up no status."]
    steps = [step.text for step in explain_steps(events)]
    assert failure_story(events)[2] in steps


def test_an_error_of_the_body_a_filter_reads_caught_above_is_said_of_its_layer(stack):
    line, events = traced(stack, "/caught")
    assert line == "HTTP/1.1 500 Internal Server Error"
    assert [(error["raised_at"], error["caught_by"]) for error in errors_of(events)] == [
        ("app:app", "filter:catching")]


def test_a_filter_s_own_error_after_its_app_answered_is_still_its_own(stack):
    _, events = traced(stack, "/own")
    own = place("reading.py", READING, 'raise KeyError("no headers kept")', "upper")
    assert [(error["raised_at"], error["raised_in"]) for error in errors_of(events)] == [
        ("filter:upper", own)]
    assert ("The filter `upper` raised after the filter `passing` had answered it 200, so it "
            "passed up no status.") in failure_story(events)


def leave_text(events: list[dict], node: str) -> str:
    """What the step view says as `node` leaves."""
    [text] = [step.text for step, event in zip(explain_steps(events), events, strict=True)
              if event["kind"] == "node.leave" and event["node"] == node]
    return text


def test_an_error_caught_above_is_read_so_though_the_catcher_s_entry_was_lost(stack):
    """A trace whose events came split over batches, the first of them not (yet) arrived, as
    the dashboard takes them from a sender (`/api/events`), lacks the node.enter of the filter
    that caught the exception: the filter reading the body was said to have raised after its
    app answered."""
    _, events = traced(stack, "/caught")
    assert leave_text(events, "filter:upper").startswith(READ)
    enter = next(n for n, event in enumerate(events) if event["kind"] == "node.enter"
                 and event["node"] == "filter:catching")
    assert leave_text(events[enter + 1:], "filter:upper").startswith(READ)


def test_an_error_nobody_has_caught_yet_left_the_filter_reading_its_body(stack):
    """`caught_by` None (`stack.events.Error`: nobody has caught it yet), as a sender of its
    own may send it: no layer below caught it, so it left the filter reading the body. Told
    so before too, by chance: the request's own span, which has no node.enter, put None among
    the layers above."""
    _, events = traced(stack, "/")
    events = [{**event, "data": {**event["data"], "caught_by": None}}
              if event["kind"] == "error" else event for event in events]
    assert leave_text(events, "filter:upper").startswith(READ)
