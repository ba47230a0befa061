"""A stack the dashboard refused (another stack serving has its name) serves untraced: its
responses name no trace, its requests are counted as left untraced, and once it is taken its
requests are traced again."""

from __future__ import annotations

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
