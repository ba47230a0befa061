"""Apps and filters that do legal but unusual things, served traced: the client gets what an
untraced stack gives it, and the trace says what happened.

A generator app or filter runs nothing when called, only as the server iterates its body; a
header list may be a module constant, or a tuple; a body may be a tuple; a client may go
away part way through a streamed body.
"""

from __future__ import annotations

import socket

import pytest
import requests

from stack import graph
from stack import wire
from stack.explain import explain_steps
from tests.conftest import StackServer
from tests.conftest import raw_request
from tests.conftest import wait_for
from tests.stack import body_apps
from tests.stack import start_response_apps
from tests.stack.app_inis import counted_ini
from tests.stack.app_inis import filtered
from tests.stack.app_inis import ref
from tests.stack.body_end_apps import leave_part_way
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import hops
from tests.stack.trace_checks import leave_status
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import raised_source
from tests.stack.trace_checks import send
from tests.stack.trace_checks import warned_in


def servers_500(stack: StackServer) -> list[dict]:
    """The trace of a GET the server answered 500 itself (it names the trace too), checked."""
    response, events = send(stack, "GET", "/x")
    assert response.status_code == 500
    return events


def cut_short(stack: StackServer) -> list[dict]:
    """The trace of a GET whose body the server cut short, once it had sent the status and
    some of it (the client reads a chunked body that never ends), checked."""
    response = requests.get(stack.url + "/x", timeout=10, stream=True)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        response.content  # noqa: B018 — the server cut the body short
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    return events


def write_ini(tmp_path, text: str):
    ini = tmp_path / "unusual.ini"
    ini.write_text(text)
    return ini


def filtered_ini(tmp_path, name: str, factory: str, settings: str = "",
                 app: str = "make_class_app", app_settings: str = ""):
    """The ini of `filtered` (one filter and an app), written in `tmp_path`."""
    return write_ini(tmp_path, filtered(name, factory, settings, app, app_settings))


def generator_stack(serve_stack, tmp_path, app: str = "", catch: str = "") -> StackServer:
    """main → pipeline [generator filter, generator app]."""
    ini = write_ini(tmp_path, (
        "[composite:main]\nuse = egg:Paste#urlmap\n/ = chain\n\n"
        "[pipeline:chain]\npipeline = passing gen\n\n"
        f"[filter:passing]\npaste.filter_factory = {ref('make_generator_filter')}\n"
        f"catch = {catch}\n\n"
        f"[app:gen]\npaste.app_factory = {ref('make_generator_app')}\n{app}\n"
    ))
    return serve_stack(ini, "main")


def parents(events: list[dict]) -> dict[str, str | None]:
    """node → the node of the span its node.enter sits in (None: the request)."""
    nodes = {e["span"]: e["node"] for e in events if e["kind"] == "node.enter"}
    return {e["node"]: nodes.get(e["parent"]) for e in events if e["kind"] == "node.enter"}


def test_a_generator_filter_holds_the_layers_below_it_and_passes_their_status_up(
        serve_stack, tmp_path):
    stack = generator_stack(serve_stack, tmp_path, "status = 404 Not Found\ntext = no such")
    response, events = send(stack, "GET", "/x")
    assert (response.status_code, response.text) == (404, "no such")
    assert [node for kind, node in hops(events) if kind == "node.enter"] == [
        "composite:main", "pipeline:chain", "filter:passing", "app:gen"]
    assert parents(events)["app:gen"] == "filter:passing"
    # Not "no status, a short circuit": the filter called the app, which answered 404.
    assert leave_status(events) == {node: (404, False) for node in [
        "composite:main", "pipeline:chain", "filter:passing", "app:gen"]}
    steps = [step.text for step in explain_steps(events)]
    assert "The filter `passing` returned 404" in " ".join(steps)
    assert not any("short circuit" in text or "exception" in text for text in steps), steps


def test_a_generator_app_that_raises_is_an_error_of_its_layer(serve_stack, tmp_path):
    events = cut_short(generator_stack(serve_stack, tmp_path, "fail = the generator broke"))
    [error] = [e for e in events if e["kind"] == "error"]  # one error, not one more unplaced
    assert raised_source(error["data"], body_apps) == ("app", "raise ValueError(fail)")
    assert error["data"] == {"type": "ValueError", "message": "the generator broke",
                             "raised_at": "app:gen", "caught_by": "server",
                             "raised_in": error["data"]["raised_in"]}
    # It passed its 200 up, and the server sent it and 9 bytes, before the body raised.
    assert leave_status(events)["app:gen"] == (200, False)
    assert (events[-1]["data"]["status"], events[-1]["data"]["bytes"]) == (200, 9)
    assert failure_story(events)[-1] == (
        f"ValueError ('the generator broke') was raised by the app `gen` "
        f"(`{error['data']['raised_in']}`); no layer caught it; "
        "the client had got the status and 9 bytes of the body, and then the server cut the "
        "connection.")
    assert not any("no status" in step.text for step in explain_steps(events))


def raising_below_filter(serve_stack, tmp_path, settings: str = "") -> StackServer:
    """main → pipeline [generator filter, an app whose streamed body raises]."""
    return serve_stack(filtered_ini(tmp_path, "passing", "make_generator_filter",
                                    app="make_raising_body_app", app_settings=settings), "main")


def test_a_body_failing_below_a_generator_filter_is_said_cut_short_not_replaced(
        serve_stack, tmp_path):
    events = cut_short(raising_below_filter(serve_stack, tmp_path))
    # The filter passed the app's 200 up, and the client got it: no layer replaced it.
    assert leave_status(events) == {node: (200, False) for node in [
        "pipeline:main", "filter:passing", "app:app"]}
    assert (events[-1]["data"]["status"], events[-1]["data"]["bytes"]) == (200, 5)
    # The line that raised it is the app's body, which the filter's generator yielded from:
    # raised by the app, not the filter it came up through.
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert (error["raised_at"], error.get("in_body")) == ("app:app", None)
    assert raised_source(error, body_apps) == ("body", "raise ValueError(fail)")
    assert failure_story(events)[-1] == (
        f"ValueError ('the body broke') was raised by the app `app` (`{error['raised_in']}`); "
        "no layer caught it; the client had got the status and 5 bytes of the body, and then "
        "the server cut the connection.")
    steps = " ".join(step.text for step in explain_steps(events))
    assert "no status" not in steps and "replaced" not in steps, steps


def test_a_body_failing_before_its_first_bytes_below_a_generator_filter_passed_no_status(
        serve_stack, tmp_path):
    events = servers_500(raising_below_filter(serve_stack, tmp_path, "at_once = yes\n"))
    # Nothing of the app's response was sent: the client got the server's 500, not the 200
    # the app had passed up, and no layer is said to have answered 200.
    assert leave_status(events) == {"app:app": (200, False), "filter:passing": (None, False),
                                    "pipeline:main": (None, False)}
    assert (events[-1]["data"]["status"], events[-1]["data"]["bytes"]) == (500, 0)
    # The generator filter had returned: the story says so after (`body_raised`).
    assert any("; no layer caught it; nothing had been sent yet, so the server answered 500 "
               "itself. The filter `passing` had returned before it was raised" in line
               for line in failure_story(events))


@pytest.mark.parametrize(("shape", "raised"), [
    ("int", "object of type 'int' has no len()"), ("none", "'NoneType' object is not iterable")])
def test_a_body_that_is_no_wsgi_body_is_traced_as_the_servers_500(serve_stack, tmp_path,
                                                                   shape, raised):
    ini = write_ini(tmp_path, (f"[app:main]\npaste.app_factory = {ref('make_misshapen_app')}\n"
                               f"body = {shape}\n"))
    events = servers_500(serve_stack(ini, "main"))
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    # The app's own mistake: no line of Pastescope's probe is named as raising it.
    assert error == {"type": "TypeError", "message": raised, "raised_at": None,
                     "caught_by": "server"}
    assert (events[-1]["data"]["status"], events[-1]["data"]["bytes"]) == (500, 0)
    if shape == "none":
        assert failure_story(events)[1] == (
            "The response body the layers returned was None, which is no response body (a "
            "WSGI layer returns an iterable of bytes), so reading it raised TypeError "
            "(\"'NoneType' object is not iterable\"); no layer caught it; nothing had been "
            "sent yet, so the server answered 500 itself.")


def test_a_body_whose_close_is_no_method_is_not_said_to_be_raised_by_the_tracing(serve_stack,
                                                                                  tmp_path):
    """Its `close()` raises TypeError in the wrapper passing the server's call on to it: no
    line of Pastescope's is named as raising it, whichever of its modules that wrapper is in
    (`recorded_errors.TRACING_CODE`)."""
    ini = write_ini(tmp_path, (f"[app:main]\npaste.app_factory = {ref('make_misshapen_app')}\n"
                               "body = close\n"))
    response, events = send(serve_stack(ini, "main"), "GET", "/x")
    assert (response.status_code, response.text) == (200, "ok")
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert error == {"type": "TypeError", "message": "'int' object is not callable",
                     "raised_at": None, "caught_by": "server", "closing": True}


@pytest.mark.parametrize("shape", ["bytes", "str"])
def test_a_body_of_bytes_not_a_list_of_them_is_the_servers_500_and_says_so(
        serve_stack, tmp_path, shape):
    """Bytes iterate as ints, which the server fails to write outside the stack's probes:
    the client gets the server's 500 naming the trace, and the trace says why, not 200."""
    ini = write_ini(tmp_path, (f"[app:main]\npaste.app_factory = {ref('make_misshapen_app')}\n"
                               f"body = {shape}\n"))
    events = servers_500(serve_stack(ini, "main"))
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert error == {"type": "TypeError", "raised_at": None, "caught_by": "server",
                     "message": f"the response body is a {shape} object, not an iterable of "
                                "bytes: a WSGI layer returns a list of bytes, such as "
                                '[b"..."]'}
    end = events[-1]["data"]
    assert (end["status"], end["bytes"], end.get("client_gone")) == (500, 0, None)
    assert failure_story(events)[1] == (
        f"The response body the layers returned was a `{shape}`, which is no response body (a "
        "WSGI layer returns an iterable of bytes), so the server could not send it; no layer "
        "caught it; nothing had been sent yet, so the server answered 500 itself.")


def test_a_filter_returning_none_is_said_to_have_returned_it_not_to_have_raised(
        serve_stack, tmp_path):
    """No line of the filter raised: a developer told it raised looks for a `raise` that is
    not there."""
    ini = filtered_ini(tmp_path, "none", "make_none_filter")
    events = servers_500(serve_stack(ini, "main"))
    assert failure_story(events)[1:] == [
        "The filter `none` returned None, which is no response body (a WSGI layer returns an "
        "iterable of bytes), so reading it raised TypeError (\"'NoneType' object is not "
        "iterable\"); no layer caught it; nothing had been sent yet, so the server answered "
        "500 itself.",
        "The filter `none` returned None, no response body, without calling the next layer."]


def test_an_exception_whose_message_cannot_be_read_reaches_the_layer_catching_it(
        serve_stack, tmp_path):
    """Its `str()` raises: the tracing, reading its message, raised that in its place, and the
    filter catching the app's exception saw another (the client got the server's 500)."""
    ini = filtered_ini(tmp_path, "catching", "make_catching_filter", app="make_unprintable_app")
    stack = serve_stack(ini, "main")
    response, events = send(stack, "GET", "/x")
    assert (response.status_code, response.text) == (503, "caught")
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert (error["type"], error["message"], error["raised_at"], error["caught_by"]) == (
        "Unprintable", "(its str() raised RuntimeError)", "app:app", "filter:catching")


def test_a_generator_filter_that_catches_the_error_below_is_named_as_catching_it(
        serve_stack, tmp_path):
    stack = generator_stack(serve_stack, tmp_path, "fail = the generator broke",
                            catch="sorry")
    response, events = send(stack, "GET", "/x")
    assert (response.status_code, response.text) == (200, "generatedsorry")
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert (error["raised_at"], error["caught_by"]) == ("app:gen", "filter:passing")
    assert leave_status(events)["filter:passing"] == (200, False)


def test_a_filter_that_calls_its_app_again_is_named_as_catching_its_first_error(
        serve_stack, tmp_path):
    """Not the app's second call, which ran after the first had raised: it caught nothing."""
    ini = write_ini(tmp_path, (
        "[pipeline:main]\npipeline = retry flaky\n\n"
        f"[filter:retry]\npaste.filter_factory = {ref('make_retrying_filter')}\n\n"
        f"[app:flaky]\npaste.app_factory = {ref('make_flaky_app')}\n"
    ))
    stack = serve_stack(ini, "main")
    response, events = send(stack, "GET", "/x")
    assert (response.status_code, response.text) == (200, "second try")
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert (error["type"], error["raised_at"], error["caught_by"]) == (
        "ConnectionError", "app:flaky", "filter:retry")
    assert [(e["node"], e["data"]["status"]) for e in events if e["kind"] == "node.leave"] == [
        ("app:flaky", None), ("app:flaky", 200), ("filter:retry", 200), ("pipeline:main", 200)]
    assert failure_story(events)[1].endswith(
        "it crossed the layers up to the filter `retry`, which turned it into a response.")


def test_a_filter_asking_what_it_wraps_gets_the_untraced_answer(serve_stack, tmp_path):
    ini = filtered_ini(tmp_path, "inspecting", "make_inspecting_filter")
    traced = serve_stack(ini, "main")
    plain = untraced(tmp_path, ini, "main")
    try:
        answers = [requests.get(stack.url + "/", timeout=10).headers["X-Wraps"]
                   for stack in (traced, plain)]
    finally:
        plain.stop()
    assert answers == ["True Answering", "True Answering"]


@pytest.mark.parametrize("app", [
    "make_flaky_app",                          # raises when called
    "make_raising_body_app\nat_once = 1",      # its body raises before its first chunk
    "make_misshapen_app\nbody = none",         # returns None, which is no body
    "make_misshapen_app\nbody = bytes",        # returns bytes, not a list of them
    "make_unstarted_app",                      # a body, but no start_response
], ids=["call", "body", "none", "bytes", "unstarted"])
def test_the_servers_own_500_names_the_trace_and_is_otherwise_the_untraced_answer(
        serve_stack, tmp_path, app):
    """An exception no layer caught gets eventlet's 500, connection closed; traced, it
    carries the trace header too: the request a developer most wants to open is that one."""
    factory, newline, settings = app.partition("\n")
    ini = write_ini(tmp_path,
                    f"[app:main]\npaste.app_factory = {ref(factory)}{newline}{settings}\n")
    traced, status, headers, body = answered_as_untraced(serve_stack, tmp_path, ini,
                                                         keep_alive=True)
    assert (status, body) == ("HTTP/1.1 500 Internal Server Error", b"")
    assert ("Connection", "close") in headers
    events = named_trace(traced, headers)
    assert events[-1]["data"]["status"] == 500
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert error["caught_by"] == "server"


def untraced(tmp_path, ini, name: str):
    folder = tmp_path / "untraced"
    folder.mkdir()
    return StackServer(ini, name, "off", folder / "stack.log")


def answered_as_untraced(serve_stack, tmp_path, ini, keep_alive: bool = False):
    """`(traced stack, status, headers, body)` of `raw_request` from `ini`'s main served traced,
    checked to be the untraced stack's answer but for the date and the trace header."""
    traced = serve_stack(ini, "main")
    plain = untraced(tmp_path, ini, "main")
    try:
        expected = raw_request(plain.url, "/", keep_alive)
    finally:
        plain.stop()
    status, headers, body = raw_request(traced.url, "/", keep_alive)
    assert (status, body) == (expected[0], expected[2])
    ignored = {"Date", "X-Pastescope-Trace"}
    assert [h for h in headers if h[0] not in ignored] == [
        h for h in expected[1] if h[0] not in ignored]
    return traced, status, headers, body


def test_a_header_list_the_app_shares_between_responses_gets_one_trace_header_each(
        serve_stack, tmp_path):
    ini = write_ini(tmp_path, f"[app:main]\npaste.app_factory = {ref('make_shared_headers_app')}\n")
    stack = serve_stack(ini, "main")
    for _ in range(3):
        status, headers, body = raw_request(stack.url, "/")
        assert (status, body) == ("HTTP/1.1 200 OK", b"shared")
        named_trace(stack, headers)


def test_tuple_headers_and_a_tuple_body_are_answered_as_untraced(serve_stack, tmp_path):
    ini = write_ini(tmp_path, f"[app:main]\npaste.app_factory = {ref('make_tuple_app')}\n")
    traced, status, headers, body = answered_as_untraced(serve_stack, tmp_path, ini)
    assert (status, body) == ("HTTP/1.1 200 OK", b"tuple body")
    assert ("Content-Length", "10") in headers
    events = named_trace(traced, headers)
    assert (events[-1]["data"]["status"], events[-1]["data"]["bytes"]) == (200, 10)


@pytest.mark.parametrize("writes", [False, True], ids=["body", "write"])
def test_a_client_gone_part_way_is_traced_with_the_bytes_the_server_wrote(serve_stack, tmp_path,
                                                                          writes):
    # A body the server iterates, or one the app sends through write(): there the failed
    # write raises in the app, which is an error, but the client got the 200 all the same.
    taken = tmp_path / "taken"
    stack = serve_stack(write_ini(tmp_path, counted_ini(taken, writes=writes)), "main")
    events = stack.trace(leave_part_way(stack.url))
    check_well_formed(events)
    written = int(wait_for(lambda: taken.exists() and taken.read_text(), 10, what="the app"))
    assert written < 20_000  # the client went away before the end
    end = events[-1]["data"]
    assert (end["status"], end["bytes"], end["client_gone"]) == (200, written, True)
    assert explain_steps(events)[-1].text.startswith(
        f"The server answered 200 and had written {written} bytes of the body, ")
    assert ("when the client went away: writing to it failed, so the rest was never sent."
            in explain_steps(events)[-1].text)
    errors = [e["data"] for e in events if e["kind"] == "error"]
    if writes:
        assert [(e["raised_at"], e["caught_by"]) for e in errors] == [("app:main", "server")]
    else:
        assert errors == []
        assert failure_story(events) is None  # a 200 whose client left: nothing failed


def three_chunks(serve_stack, tmp_path, delay: float) -> tuple[requests.Response, list[dict]]:
    """GET / of an app streaming 3 chunks of 1,000 bytes `delay` seconds apart: the response,
    and its trace, checked."""
    ini = write_ini(tmp_path, counted_ini(tmp_path / "taken", chunks=3, delay=delay))
    return send(serve_stack(ini, "main"), "GET", "/")


def test_a_streamed_body_sent_whole_is_not_said_cut_short(serve_stack, tmp_path):
    response, events = three_chunks(serve_stack, tmp_path, 0)
    assert len(response.content) == 3000
    assert events[-1]["data"]["bytes"] == 3000 and "client_gone" not in events[-1]["data"]


def test_the_time_a_streamed_body_took_after_the_layers_returned_is_said(serve_stack, tmp_path):
    """No layer's interval holds it: the request's own time did, with no word of why."""
    _, events = three_chunks(serve_stack, tmp_path, 0.05)
    said = explain_steps(events)[-1].text
    assert said.startswith("The stack answered 200, 3000 bytes, "), said
    assert " The layers had all returned after " in said, said
    assert said.endswith(" ms went into the body, which the server read from what they returned "
                         "as it sent it (a generator runs only then), so no layer's time holds "
                         "it."), said


def test_the_layer_that_rewrote_the_path_is_named(serve_stack, tmp_path):
    ini = filtered_ini(tmp_path, "rewrite", "make_rewriting_filter")
    _, events = send(serve_stack(ini, "main"), "GET", "/x")
    said = [step.text for step in explain_steps(events)]
    assert ("The app `app` is entered; it sees SCRIPT_NAME `/base` and PATH_INFO `/moved/x` (the "
            "filter `rewrite` changed them: SCRIPT_NAME was empty; PATH_INFO was `/x`)." in said)


def test_a_trace_of_more_records_than_a_dashboard_takes_is_dropped_and_counted(serve_stack,
                                                                               tmp_path):
    """Sent, it would be refused with the batch it came in, the other requests' traces too."""
    ini = filtered_ini(tmp_path, "looping", "make_looping_filter",
                       f"times = {wire.MAX_RECORDS}\n")
    stack = serve_stack(ini, "main")
    response = requests.get(stack.url + "/", timeout=30)
    assert (response.status_code, response.text) == (200, "answered")  # served all the same
    line = wait_for(lambda: [line for line in stack.output().splitlines()
                             if "cannot encode a trace" in line], 10, what="the drop said")[0]
    assert (f"ValueError: {wire.MAX_RECORDS + 3} records, more than the {wire.MAX_RECORDS} a "
            "trace sent may hold); traces of 1 request dropped so far") in line, line
    assert response.headers["X-Pastescope-Trace"] not in stack.traces()


def test_a_urlmap_that_raises_is_not_said_to_have_answered_404(compute_stack):
    """Paste's urlmap refuses `OPTIONS *` (an AssertionError): the client gets 500, and the
    trace must not also say the composite tried its prefixes and answered 404 itself."""
    host, port = compute_stack.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"OPTIONS * HTTP/1.0\r\nHost: x\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 500 ")
    trace = wait_for(lambda: [t for t, events in compute_stack.traces().items()
                              if events[0]["data"]["path"] == "*"], 10, what="the trace")[0]
    events = compute_stack.trace(trace)
    check_well_formed(events)
    assert [e["kind"] for e in events if e["kind"].startswith(("composite.", "error"))] == [
        "error"]
    story = " ".join(failure_story(events))
    assert "AssertionError" in story and "404" not in story, story


def test_a_streamed_body_with_no_start_response_is_traced_as_the_servers_500(
        serve_stack, tmp_path):
    """The server finds no status to write the body with only once it has the body's bytes
    in hand, too late for the root to answer in its place (the bytes would follow its 500):
    the client gets the untraced answer, with no trace header, and the trace says so."""
    ini = write_ini(tmp_path, f"[app:main]\npaste.app_factory = {ref('make_unstarted_app')}\n"
                              "streamed = 1\n")
    traced, status, headers, body = answered_as_untraced(serve_stack, tmp_path, ini)
    assert (status, body) == ("HTTP/1.1 500 Internal Server Error", b"")
    [events] = wait_for(lambda: list(traced.traces().values()), 10, what="the trace")
    check_well_formed(events)
    assert (events[-1]["data"]["status"], events[-1]["data"]["bytes"]) == (500, 0)
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert (error["type"], error["caught_by"]) == ("AssertionError", "server")
    assert failure_story(events)[1] == NO_START_TOLD
    # the server stopped reading the body, not the client: no one went away
    assert not events[-1]["data"].get("client_gone")
    assert "went away" not in " ".join(failure_story(events))


#: What the request page says of a body no layer called start_response for.
NO_START_TOLD = (
    "No layer called start_response: the app `main` returned its body without calling it, "
    "so the server had no status to send the body with (AssertionError: \"write() before "
    "start_response()\"); nothing had been sent yet, so the server answered 500 itself.")
#: What the console says of a body no layer called start_response for, the layer named.
NO_START_SAID = (
    "stack.trace.NoStartResponse: {} returned its body without calling start_response: WSGI "
    "wants start_response called before the body is passed up, so the server had no status "
    "to send it with and answered 500 (\"write() before start_response()\")")


def test_a_body_with_no_start_response_is_said_to_lack_one(serve_stack, tmp_path):
    ini = write_ini(tmp_path, f"[app:main]\npaste.app_factory = {ref('make_unstarted_app')}\n")
    events = servers_500(serve_stack(ini, "main"))
    assert failure_story(events)[1] == NO_START_TOLD
    # It raised nothing: it returned a body, with no status.
    [leave] = [step.text for step in explain_steps(events)
               if step.text.startswith("The app `main` returned")]
    assert leave.startswith("The app `main` returned a body with no status after ")


def test_a_body_with_no_start_response_is_said_of_its_layer_not_of_the_stack(
        serve_stack, tmp_path):
    """The console names the layer that returned the body and what it did wrong, with no
    line of the stack's own code (eventlet's words, raised there, read as a crash of the
    stack's); the story sends the reader to the layer's line in the ini, as a short circuit
    does; and --check-wsgi's warning to the `return` of the layer's code."""
    ini = write_ini(tmp_path, f"[app:main]\npaste.app_factory = {ref('make_unstarted_app')}\n")
    stack = serve_stack(ini, "main", ["--check-wsgi"])
    events = servers_500(stack)
    said = wait_for(lambda: [line for line in stack.output().splitlines()
                             if "start_response" in line], 10, what="the console's error")
    assert said == [NO_START_SAID.format("app:main")]
    assert "Traceback" not in stack.output()
    story = failure_story(events, graph.load_graph(str(ini), "main").to_json())
    assert story[1] == NO_START_TOLD.replace("`main`", "`main` (unusual.ini line 1)")
    [warning] = [e["data"]["message"] for e in events if e["kind"] == "wsgi.warning"]
    assert warning == (
        "app:main returned its body without calling start_response (nor write); WSGI wants "
        "start_response called before the first byte of the body is passed up"
        + warned_in(start_response_apps.make_unstarted_app, "return unstarted_body(streamed)",
                    "app"))


@pytest.mark.parametrize(("sections", "node", "told"), [
    (f"[app:main]\npaste.app_factory = {ref('make_unstarted_app')}\nstreamed = {{}}\n",
     "app:main", "the app `main`"),
    # a generator filter's body is taken before it calls the app that returned the body
    (f"[pipeline:main]\npipeline = passing gen\n\n"
     f"[filter:passing]\npaste.filter_factory = {ref('make_generator_filter')}\n\n"
     f"[app:gen]\npaste.app_factory = {ref('make_unstarted_app')}\nstreamed = {{}}\n",
     "app:gen", "the app `gen`"),
    (f"[pipeline:main]\npipeline = unstarted app\n\n"
     f"[filter:unstarted]\npaste.filter_factory = {ref('make_unstarted_filter')}\n"
     f"streamed = {{}}\n\n[app:app]\npaste.app_factory = {ref('make_class_app')}\n",
     "filter:unstarted", "the filter `unstarted`"),
], ids=["app", "below-a-generator-filter", "filter"])
@pytest.mark.parametrize("extra", [[], ["--check-wsgi"]], ids=["traced", "checked"])
# a body that yields nothing is refused after it ended, as the server writes the empty end
@pytest.mark.parametrize("streamed", ["1", "empty"], ids=["yielding", "empty"])
def test_a_streamed_body_with_no_start_response_is_said_of_its_layer_not_of_the_stack(
        serve_stack, tmp_path, sections, node, told, extra, streamed):
    """As a list body is (above): the server refuses a streamed one as it writes its first
    bytes, in its own code, and its traceback named no layer and read as a crash of the
    stack's; the console names the layer and what it did wrong, and the request page says
    it as it does a list body's."""
    stack = serve_stack(write_ini(tmp_path, sections.format(streamed)), "main", extra)
    response = requests.get(stack.url + "/x", timeout=10)
    assert (response.status_code, response.content) == (500, b"")
    [events] = wait_for(lambda: list(stack.traces().values()), 10, what="the trace")
    check_well_formed(events)
    said = wait_for(lambda: [line for line in stack.output().splitlines()
                             if "start_response" in line], 10, what="the console's error")
    assert said == [NO_START_SAID.format(node)]
    assert "Traceback" not in stack.output()
    assert NO_START_TOLD.replace("the app `main`", told) in failure_story(events)


def test_a_status_given_after_the_first_chunk_is_not_the_one_the_client_got(
        serve_stack, tmp_path):
    """start_response with exc_info once the headers are sent: the server raises the error
    again (PEP 3333), and the client keeps the 200 and the chunk it got, cut short."""
    ini = write_ini(tmp_path, f"[app:main]\npaste.app_factory = {ref('make_late_status_app')}\n")
    traced, status, headers, body = answered_as_untraced(serve_stack, tmp_path, ini)
    assert status == "HTTP/1.1 200 OK" and b"part one" in body
    events = named_trace(traced, headers)
    assert (events[-1]["data"]["status"], events[-1]["data"]["bytes"]) == (200, 8)
    assert leave_status(events)["app:main"][0] == 200
