"""A streamed body that raises after every layer returned: the trace says what the client got.

The server answers 500 itself when nothing was sent yet; otherwise the client has the status and
the bytes sent so far, and the connection ends there. Either way the trace has the error.
"""

from __future__ import annotations

import http.client

import pytest

from stack.explain import explain_steps
from tests.conftest import raw_request
from tests.stack import body_end_apps
from tests.stack import paste_apps
from tests.stack.app_inis import ref
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import raised_source


def failing(serve_stack, tmp_path, size: int) -> tuple[str, bytes, list[dict]]:
    """Serve an app whose body fails after `size` bytes, GET it: the status line and body the
    client got, and the request's trace."""
    ini = tmp_path / "failing.ini"
    ini.write_text(f"[app:main]\nuse = call:tests.stack.paste_apps:make_failing\nsize = {size}\n")
    stack = serve_stack(ini, "main")
    line, headers, body = raw_request(stack.url, "/")
    events = stack.trace(dict(headers)["X-Pastescope-Trace"])  # the server's own 500's too
    check_well_formed(events)
    return line.split(" ", 1)[1], body, events


@pytest.mark.parametrize(("size", "got", "status"), [
    (0, "500 Internal Server Error", 500),  # nothing sent yet: the server answers 500
    (10, "200 OK", 200),                    # the status went out with the first bytes
    (10_000, "200 OK", 200),
])
def test_a_body_that_fails_part_way_is_traced_as_the_client_got_it(
        serve_stack, tmp_path, size, got, status):
    line, body, events = failing(serve_stack, tmp_path, size)
    assert (line, len(body)) == (got, size)
    [error] = [e for e in events if e["kind"] == "error"]
    assert raised_source(error["data"], paste_apps) == (
        "body", 'raise RuntimeError("the body broke part way")')
    # the app's own body, read after it returned: its error left the app
    assert error["data"] == {"type": "RuntimeError", "message": "the body broke part way",
                             "raised_at": "app:main", "caught_by": "server",
                             "raised_in": error["data"]["raised_in"]}
    # told where it came: after the app returned its 200, as the server read the body; with
    # none sent, as the app's own raise, before it left with no status
    assert [e["kind"] for e in events][-3:] == (["node.leave", "error", "request.end"] if size
                                                else ["error", "node.leave", "request.end"])
    end = events[-1]["data"]
    assert (end["status"], end["bytes"]) == (status, size)
    [leave] = [e["data"] for e in events if e["kind"] == "node.leave"]
    # it passed up its 200, which the client got with the first bytes; with none sent, the
    # server answered 500 in its place, as to an app that raised when called
    assert leave["status"] == (200 if size else None)


@pytest.mark.parametrize(("size", "told"), [
    (0, "nothing had been sent yet, so the server answered 500 itself."),
    (10, "the client had got the status and 10 bytes of the body, and then the server cut "
         "the connection."),
])
def test_the_failure_story_says_the_body_broke_after_the_layers(serve_stack, tmp_path, size,
                                                                told):
    _, _, events = failing(serve_stack, tmp_path, size)
    story = failure_story(events)
    [error] = [e["data"] for e in events if e["kind"] == "error"]  # and the line that raised it
    assert story[-1] == ("RuntimeError ('the body broke part way') was raised by the app "
                         f"`main` (`{error['raised_in']}`); no layer caught it; " + told)
    # the step comes where it did: after the app's return, with some sent (before request.end)
    assert [step.text for step in explain_steps(events)][-2 if size else -3] == story[-1]


def test_a_body_no_layer_s_code_made_is_said_to_be_no_layer_s(serve_stack, tmp_path):
    """A body made by code the app only calls (a library's, here a module's generator): no
    layer's code is in its traceback, so no layer is named."""
    ini = tmp_path / "made.ini"
    ini.write_text(f"[app:main]\nuse = call:{ref('make_library_body_app')}\n")
    stack = serve_stack(ini, "main")
    line, headers, body = raw_request(stack.url, "/")
    assert (line, body) == ("HTTP/1.1 200 OK", b"made")
    events = stack.trace(dict(headers)["X-Pastescope-Trace"])
    check_well_formed(events)
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert (error["raised_at"], error["caught_by"]) == (None, "server")
    assert failure_story(events)[-1] == (
        "RuntimeError ('the made body broke') was raised by the response body "
        f"(`{error['raised_in']}`) as the server sent it, after every layer had returned; "
        "which layer's body it was, the trace does not record; the client had got the status "
        "and 4 bytes of the body, and then the server cut the connection.")


@pytest.mark.parametrize("lazy", ["", "yes"])
def test_a_body_whose_close_raises_is_traced_as_sent_whole(serve_stack, tmp_path, lazy):
    ini = tmp_path / "closing.ini"
    ini.write_text(f"[app:main]\nuse = call:{ref('make_failing_close')}\nlazy = {lazy}\n")
    stack = serve_stack(ini, "main")
    client = http.client.HTTPConnection(stack.url.removeprefix("http://"), timeout=10)
    try:
        client.request("GET", "/")
        response = client.getresponse()
        assert (response.status, response.read()) == (200, b"x" * 10)  # whole, its end too
        client.request("GET", "/")
        with pytest.raises(http.client.RemoteDisconnected):  # then the server hung up
            client.getresponse()
    finally:
        client.close()
    events = stack.trace(response.getheader("X-Pastescope-Trace"))
    check_well_formed(events)
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert raised_source(error, body_end_apps) == (
        "close", 'raise OSError("the body\'s close broke")')
    # a generator app's body (`lazy`) is the app's own: its error left the app
    raised_at = "app:main" if lazy else None
    assert error == {"type": "OSError", "message": "the body's close broke",
                     "raised_at": raised_at, "caught_by": "server", "closing": True,
                     "raised_in": error["raised_in"]}
    end = events[-1]["data"]
    assert (end["status"], end["bytes"], end.get("client_gone")) == (200, 10, None)
    [leave] = [e["data"] for e in events if e["kind"] == "node.leave"]
    assert leave["status"] == 200  # it passed its 200 up; only closing its body failed
    body = "the body of the app `main`" if lazy else "the response body"
    assert failure_story(events)[-1] == (
        f"OSError (\"the body's close broke\") was raised by the close() of {body} "
        f"(`{error['raised_in']}`), which the server calls once the body is done; the "
        "client had got the status and 10 bytes of the body, and then the server dropped the "
        "connection (a client keeping it open for its next request must open another).")
