"""A fault wrapper (a filter with a try/except around its call of the layer below) over an app
written as a generator function: the app's code runs only as its body is read, after every
layer returned, so the exception never crosses the wrapper's call and the server answers its
own 500. The trace says so (node.leave's `body_raised`), and the step view and the failure
story say that the wrapper had returned, not that it raised; a filter that reads the body in
its own call (joining it) raised in that call, and is said to have been reading that body
when it raised, whether the layer below had passed up a status or not."""

from __future__ import annotations

import pytest

from stack.explain import explain_steps
from tests.conftest import raw_request
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import served_with

FILTERS = """
import json


def make_generator_app(global_conf):
    def app(environ, start_response):
        raise RuntimeError("the app blew up")
        yield b"never"
    return app


def make_fault_wrapper(global_conf):
    def factory(app):
        def wrapper(environ, start_response):
            try:
                return app(environ, start_response)
            except Exception as exc:
                body = json.dumps({"fault": str(exc)}).encode()
                start_response("500 Internal Server Error",
                               [("Content-Type", "application/json")])
                return [body]
        return wrapper
    return factory


def make_passing(global_conf):
    def factory(app):
        def passing(environ, start_response):
            for chunk in app(environ, start_response):
                yield chunk
        return passing
    return factory


def make_joiner(global_conf):
    def factory(app):
        def joiner(environ, start_response):
            return [b"".join(app(environ, start_response))]
        return joiner
    return factory
"""

INI = """[composite:main]
use = egg:Paste#urlmap
/returned = returned
/read = read
/joined = joined

[pipeline:returned]
pipeline = faultwrap app

[pipeline:read]
pipeline = faultwrap joiner app

[pipeline:joined]
pipeline = joiner passing app

[filter:faultwrap]
paste.filter_factory = faults:make_fault_wrapper

[filter:joiner]
paste.filter_factory = faults:make_joiner

[filter:passing]
paste.filter_factory = faults:make_passing

[app:app]
paste.app_factory = faults:make_generator_app
"""

RETURNED = ("passed up no status after {ms} ms: it had returned the body of the layer below "
            "it, and the exception came out of that body as it was read, after its call, so "
            "no try/except around its call of the layer below could catch it (only one around "
            "reading that body can).")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with served_with(tmp_path_factory.mktemp("faults"), "faults", FILTERS, INI) as server:
        yield server


def leaves(events: list[dict]) -> dict[str, dict]:
    return {event["node"]: event for event in events if event["kind"] == "node.leave"}


def test_a_fault_wrapper_over_a_generator_app_is_said_to_have_returned_not_raised(stack):
    line, headers, body = raw_request(stack.url, "/returned/x")
    assert (line, body) == ("HTTP/1.1 500 Internal Server Error", b"")
    events = named_trace(stack, headers)
    left = leaves(events)
    assert left["filter:faultwrap"]["data"]["body_raised"] is True
    steps = explain_steps(events)
    wrapper = events.index(left["filter:faultwrap"])
    ms = left["filter:faultwrap"]["data"]["duration_ms"]
    assert steps[wrapper].text == "The filter `faultwrap` " + RETURNED.format(ms=ms)
    story = failure_story(events)
    assert story[-1].endswith(
        "no layer caught it; nothing had been sent yet, so the server answered 500 itself. "
        "The filter `faultwrap` had returned before it was raised: it came out of the body "
        "it returned, as the server read it after its call, so no try/except around a call "
        "of the layer below could catch it (only one around reading the body can, as "
        "WebOb's `get_response` does up to start_response).")


def test_a_filter_reading_the_body_in_its_call_raised_there_and_its_wrapper_caught_it(stack):
    line, headers, body = raw_request(stack.url, "/read/x")
    assert line == "HTTP/1.1 500 Internal Server Error"
    assert body == b'{"fault": "the app blew up"}'
    events = named_trace(stack, headers)
    left = leaves(events)
    assert "body_raised" not in left["filter:joiner"]["data"]
    assert left["app:app"]["data"]["body_raised"] is True
    steps = explain_steps(events)
    assert steps[events.index(left["filter:joiner"])].text == (
        "The filter `joiner` was reading the body the app `app` passed up with no status when "
        "the exception raised in that body left it, so it passed up no status.")
    assert steps[events.index(left["filter:faultwrap"])].text.startswith(
        "The filter `faultwrap` turned the exception that left the filter `joiner` into 500")
    assert "had returned before it was raised" not in " ".join(failure_story(events))


def test_a_filter_reading_a_body_that_raised_before_any_status_is_said_to_have_read_it(stack):
    """The body the filter `joiner` reads comes through the filter `passing`, a generator,
    from an app whose generator raises before it calls start_response: the exception comes
    out of that body in `joiner`'s call, and no layer catches it. `joiner` raised nothing of
    its own; it was said to have "returned no status (an exception)"."""
    line, headers, _ = raw_request(stack.url, "/joined/x")
    assert line == "HTTP/1.1 500 Internal Server Error"
    events = named_trace(stack, headers)
    left = leaves(events)
    assert [left[node]["data"]["status"] for node in ("app:app", "filter:passing",
                                                       "filter:joiner")] == [None, None, None]
    steps = explain_steps(events)
    assert steps[events.index(left["filter:joiner"])].text == (
        "The filter `joiner` was reading the body the filter `passing` passed up with no "
        "status when the exception raised in that body left it, so it passed up no status.")
    ms = left["filter:passing"]["data"]["duration_ms"]
    assert steps[events.index(left["filter:passing"])].text == (
        "The filter `passing` " + RETURNED.format(ms=ms))
