"""A stack started before its dashboard (`honcho start` may start them in either order) says
the destination is failing, then, once the dashboard answers, that it is reachable again."""

from __future__ import annotations

from tests.conftest import wait_for
from tests.dashboard.servers import STARTUP_S
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.servers import free_port
from tests.dashboard.servers import stored

FAILING = "WARNING stack.sinks: trace destination failing (announce failed: ConnectionRefusedError"
REACHABLE = "INFO stack.sinks: trace destination reachable again"


def test_a_stack_started_before_its_dashboard_says_when_it_reaches_it(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    stack = Stack(url)
    dashboard = None
    try:
        failing = stack.wait_for_line(FAILING)
        assert failing.endswith("; traces of 0 requests dropped so far"), stack.output()
        wait_for(stack.listening, STARTUP_S, what="the stack's port")
        assert stack.get_servers()[2] is not None  # traced, and dropped: nowhere to send it
        dashboard = Dashboard(tmp_path, port=port)
        reachable = stack.wait_for_line(REACHABLE)
        assert reachable == (f"{REACHABLE} ({url}): announced; traces of 1 request dropped "
                             "while it was not"), stack.output()
        trace = stack.get_servers()[2]
        assert stored(dashboard, trace)["stack"] == "osapi_compute"
        assert [line for line in stack.lines if line.startswith(REACHABLE)] == [reachable]
    finally:
        stack.stop()
        if dashboard is not None:
            dashboard.stop()
