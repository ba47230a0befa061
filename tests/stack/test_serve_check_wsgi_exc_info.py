"""`serve --check-wsgi`: a filter that catches an exception raised in its own code and answers
500 with it as start_response's `exc_info` says what was raised, where its trace could say
only that the filter answered 500; one a layer below raised is said once, as without the flag."""

from __future__ import annotations

import pytest

from tests.conftest import raw_request
from tests.stack.trace_checks import checked_and_plain_with
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import place
from tests.stack.trace_checks import send

#: A filter that turns any exception into a 500 with exc_info, its own or the app's, under
#: one that passes on what it passes up; and an app that answers with exc_info too late.
CATCHING = '''
import sys


def make_app(global_conf):
    def app(environ, start_response):
        if environ["PATH_INFO"] == "/app-raises":
            raise KeyError("lost in the app")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return late(start_response) if environ["PATH_INFO"] == "/late" else [b"hello"]
    return app


def late(start_response):
    yield b"part of it"
    try:
        raise OSError("disk gone")
    except OSError:
        start_response("500 Internal Server Error", [], sys.exc_info())  # raises it again
    yield b"never"


def make_relay(global_conf):
    return lambda app: lambda environ, start_response: app(environ, start_response)


def make_catching(global_conf):
    def factory(app):
        def layer(environ, start_response):
            try:
                if environ["PATH_INFO"] in ("/own", "/own-again"):
                    raise ValueError("quota file unreadable")
                return app(environ, start_response)
            except Exception:
                start_response("500 Internal Server Error", [("Content-Type", "text/plain")],
                               sys.exc_info())
                if environ["PATH_INFO"] == "/own-again":
                    raise  # its headers not sent: the server answers instead
                return [b"sorry"]
        return layer
    return factory
'''

INI = """[pipeline:main]
pipeline = relay catching app

[filter:relay]
paste.filter_factory = catching:make_relay

[filter:catching]
paste.filter_factory = catching:make_catching

[app:app]
paste.app_factory = catching:make_app
"""


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    with checked_and_plain_with(tmp_path_factory.mktemp("exc_info"), "catching", CATCHING,
                                INI) as both:
        yield both


OWN = place("catching.py", CATCHING, 'raise ValueError("quota file unreadable")', "layer")


def errors_of(events: list[dict]) -> list[dict]:
    return [event["data"] for event in events if event["kind"] == "error"]


def test_the_exception_a_filter_answers_500_with_is_said(stacks):
    checked, plain = stacks
    response, events = send(checked, "GET", "/own")
    untraced, plain_events = send(plain, "GET", "/own")
    assert (response.status_code, response.content) == (untraced.status_code, untraced.content)
    assert response.status_code == 500
    errors = errors_of(events)
    assert len(errors) == 1, failure_story(events)  # said of the filter, not the relay too
    assert errors == [{  # no extension saying nothing (`closing`, `in_body` false)
        "type": "ValueError", "message": "quota file unreadable",
        "raised_at": "filter:catching", "caught_by": "filter:catching",
        "raised_in": OWN}]
    assert ("ValueError ('quota file unreadable') was raised by the filter `catching` "
            f"(`{OWN}`); the filter `catching` turned it into its response."
            ) in failure_story(events)
    assert errors_of(plain_events) == []  # without the flag, as before: nothing said


def test_an_exception_a_filter_answers_with_and_raises_again_is_said_once_caught_by_the_server(
        stacks):
    """Its start_response records it, then its probe sees it leave: one error, which the
    server caught, not the filter too."""
    checked, plain = stacks
    response, events = send(checked, "GET", "/own-again")
    untraced, _ = send(plain, "GET", "/own-again")
    assert (response.status_code, response.content) == (untraced.status_code, untraced.content)
    assert errors_of(events) == [{
        "type": "ValueError", "message": "quota file unreadable",
        "raised_at": "filter:catching", "caught_by": "server", "raised_in": OWN}
    ], failure_story(events)
    assert ("ValueError ('quota file unreadable') was raised by the filter `catching` "
            f"(`{OWN}`); no layer caught it; nothing had been sent yet, so the server answered "
            "500 itself.") in failure_story(events)


def test_an_exception_from_below_the_filter_is_said_once(stacks):
    checked, plain = stacks
    _, events = send(checked, "GET", "/app-raises")
    _, plain_events = send(plain, "GET", "/app-raises")
    assert errors_of(events) == errors_of(plain_events) == [{
        "type": "KeyError", "message": "'lost in the app'", "raised_at": "app:app",
        "caught_by": "filter:catching",
        "raised_in": place("catching.py", CATCHING, 'raise KeyError("lost in the app")', "app")}]


def test_an_exception_given_too_late_is_said_as_it_crosses_the_layers(stacks):
    """PEP 3333: once the headers went out, start_response raises the exception of its
    `exc_info` again; it then leaves the body as any other error, and is said once, so."""
    checked, plain = stacks
    line, headers, body = raw_request(checked.url, "/late")
    events = named_trace(checked, headers)
    plain_events = named_trace(plain, raw_request(plain.url, "/late")[1])
    assert (line.split(" ")[1], body) == ("200", b"part of it")
    assert [(error["type"], error["raised_at"], error["caught_by"])
            for error in errors_of(events)] == [("OSError", None, "server")]
    assert errors_of(events) == errors_of(plain_events)
