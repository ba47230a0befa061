"""An app raising a BaseException that is no Exception: eventlet answers 500 only to an
Exception, and closes the connection on anything else without a word. The trace says the
client got no answer, not the 500 the server never sent."""

from __future__ import annotations

import pytest

from stack.explain import explain_steps
from tests.conftest import raw_request
from tests.conftest import wait_for
from tests.stack.app_inis import ref
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import failure_story


@pytest.mark.parametrize("when", ["called", "streamed", "sized", "generator"])
def test_a_base_exception_is_traced_as_the_connection_closed_unanswered(serve_stack, tmp_path,
                                                                        when):
    ini = tmp_path / "stopping.ini"
    ini.write_text(f"[app:main]\nuse = call:{ref('make_stopping_app')}\nwhen = {when}\n")
    stack = serve_stack(ini, "main")
    assert raw_request(stack.url, "/") == ("", [], b"")  # no status line, nothing at all
    [trace] = wait_for(lambda: [*stack.traces()][:1], 10, what="a trace")
    events = stack.trace(trace)
    check_well_formed(events)
    [error] = [e["data"] for e in events if e["kind"] == "error"]
    assert (error["type"], error["message"], error["caught_by"]) == (
        "Stop", "stopped on purpose", "server")
    end = events[-1]["data"]
    assert (end["status"], end["bytes"]) == (None, 0)
    story = failure_story(events)
    assert story[0] == "GET / ended with no answer."
    assert story[-1].endswith(
        "; the server closed the connection without answering: it "
        "answers 500 to an Exception, and Stop is not one, so the client got no response.")
    assert explain_steps(events)[-1].text.startswith(
        "The client got no answer: the server closed the connection ")
