"""A stack the dashboard refused (another stack serving has its name, or it lacks the token of
a dashboard serving a class) serves untraced: its responses name no trace, its requests are
counted as left untraced, and once it is taken its requests are traced again."""

from __future__ import annotations

import pytest

from stack.wire import TOKEN_ENV
from tests.conftest import wait_for
from tests.dashboard.servers import STARTUP_S
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored

#: Requests sent to the refused stack.
UNTRACED = 3


def trace_header(stack: Stack) -> str | None:
    """GET /v2.1/servers from `stack` (a 200 either way); the trace its response names."""
    status, body, trace = stack.get_servers()
    assert (status, body[:1]) == (200, b"{")
    return trace


def test_a_refused_stack_names_no_trace_and_counts_its_requests_untraced(dashboard):
    with announced(dashboard):
        second = Stack(dashboard.url)
        try:
            second.wait_for_line("WARNING stack.sinks: the dashboard refused this stack")
            assert [trace_header(second) for _ in range(UNTRACED)] == [None] * UNTRACED
        except BaseException:
            second.stop()
            raise
    try:  # the first stopped: the second is taken, traced, and its untraced requests counted
        second.wait_for_line("WARNING stack.sinks: the dashboard took this stack")
        trace = trace_header(second)
        assert trace is not None
        assert stored(dashboard, trace)["stack"] == "osapi_compute"
        [row] = dashboard.wait_for("/api/stacks", lambda stacks: [
            s for s in stacks if s["url"] == second.url and s["dropped"] == UNTRACED])
        assert row["name"] == "osapi_compute"
    finally:
        second.stop()


def test_a_refused_stack_names_no_trace_from_its_first_request(dashboard):
    # Asked from the moment its port takes connections: the refusal is known before it
    # serves any request (it used to trace those that came before the dashboard's answer).
    with announced(dashboard):
        second = Stack(dashboard.url)
        try:
            wait_for(second.listening, STARTUP_S, what="the second stack's port")
            assert trace_header(second) is None, second.output()
        finally:
            second.stop()


@pytest.mark.parametrize(("token", "status", "given"), [
    (None, 401, "is not set"), ("guess", 403, "is not its token")])
def test_a_stack_without_the_teachers_token_names_no_trace_and_says_why(
        guarded, monkeypatch, token, status, given):
    if token is None:
        monkeypatch.delenv(TOKEN_ENV, raising=False)
    else:
        monkeypatch.setenv(TOKEN_ENV, token)
    stack = Stack(guarded.url)
    try:
        wait_for(stack.listening, STARTUP_S, what="the stack's port")
        assert [trace_header(stack) for _ in range(UNTRACED)] == [None] * UNTRACED
        said = stack.wait_for_line("WARNING stack.sinks: the dashboard refused this stack")
        assert said == (
            f"WARNING stack.sinks: the dashboard refused this stack ({status}): it wants the "
            f"teacher's token in ${TOKEN_ENV}, which {given} (`python -m dashboard` printed the "
            "command to start a stack with it); serving on, untraced, until it takes this stack")
    finally:
        stack.stop()
    stopping = stack.wait_for_line("WARNING stack.sinks: stopping: ")
    assert stopping.endswith(f"; traces of {UNTRACED} requests dropped in all"), stack.output()
    assert "trace destination failing" not in stack.output()
