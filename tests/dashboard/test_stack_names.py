"""One running stack a name: a second stack announcing the name of one still serving is
refused, serves on untraced and says why; once the first has stopped, the name is its own."""

from __future__ import annotations

import contextlib
from types import SimpleNamespace

from dashboard import stack_names
from dashboard.stack_names import taken_by
from tests.conftest import wait_for
from tests.dashboard.samples import announcement
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored


def traced_request(stack: Stack) -> str:
    """GET /v2.1/servers from `stack` (answered 200 whether traced or not); the trace id."""
    status, _, trace = stack.get_servers()
    assert status == 200
    return trace


def test_a_second_stack_of_a_serving_stacks_name_is_refused_until_it_stops(dashboard):
    with announced(dashboard) as first:
        second = Stack(dashboard.url)
        try:
            refusal = second.wait_for_line("WARNING stack.sinks: the dashboard refused this stack")
            assert (f"a stack named 'osapi_compute' is already reporting from {first.url} "
                    f"(compute.ini), pid ") in refusal
            assert refusal.endswith("stop that one, or serve this one under another name "
                                    "(serve --stack NAME); serving on, untraced, until it takes "
                                    "this stack")
            # It serves, untraced: the dashboard keeps the first stack's address and requests.
            untraced = traced_request(second)
            assert stored(dashboard, traced_request(first))["stack"] == "osapi_compute"
            assert dashboard.get(f"/api/traces/{untraced}")[0] == 404
            [row] = [s for s in dashboard.get("/api/stacks")[2] if s["name"] == "osapi_compute"]
            assert row["url"] == first.url
        except BaseException:
            second.stop()
            raise
    try:  # the first stopped: the second takes its name, and is traced
        second.wait_for_line("WARNING stack.sinks: the dashboard took this stack")
        dashboard.wait_for("/api/stacks", lambda stacks: any(
            (s["name"], s["url"]) == ("osapi_compute", second.url) for s in stacks))
        assert stored(dashboard, traced_request(second))["stack"] == "osapi_compute"
    finally:
        second.stop()


def test_a_second_stack_of_the_same_section_is_traced_under_the_name_it_is_given(dashboard):
    """As the refusal advises: two inis whose entries share a name (keystone's and swift's
    `main`) both traced, each listed under its own name."""
    with announced(dashboard) as first, announced(dashboard, stack="compute-b") as second:
        assert "as stack 'compute-b' on " in second.wait_for_line("pastescope: serving")
        assert stored(dashboard, traced_request(first))["stack"] == "osapi_compute"
        assert stored(dashboard, traced_request(second))["stack"] == "compute-b"
        rows = {s["name"]: s["url"] for s in dashboard.get("/api/stacks")[2]}
        assert (rows["osapi_compute"], rows["compute-b"]) == (first.url, second.url)
        assert "refused" not in second.output()


def test_an_announcement_is_refused_only_while_the_name_is_served_elsewhere(dashboard):
    with announced(dashboard, "osapi_compute") as serving:
        status, _, answer = dashboard.post(
            "/api/stacks", announcement("osapi_compute", "http://127.0.0.1:9"))
        assert status == 409
        assert answer["error"].startswith(
            f"a stack named 'osapi_compute' is already reporting from {serving.url} "
            "(compute.ini), pid ")
        # The same address is the same stack: started again on its port, or announcing again.
        same = {**announcement("osapi_compute", serving.url), "pid": 2}
        assert dashboard.post("/api/stacks", same)[0] == 200
    # Nothing answers at the known address any more: the name is free.
    wait_for(lambda: dashboard.post(
        "/api/stacks", announcement("osapi_compute", "http://127.0.0.1:9"))[0] == 200,
        timeout=10, what="the name to be free")


def test_an_https_stack_announced_without_a_port_holds_its_name_while_443_answers(monkeypatch):
    """An https address without a port is served on 443: the stack there still answers, so a
    second stack of its name is refused; looked for on 80, it was called gone and its name
    given away. No test may listen on 443: the connection is answered here, on 443 alone."""

    def connect(address: tuple[str, int], timeout: float) -> contextlib.AbstractContextManager:
        if address != ("stack.example", 443):
            raise ConnectionRefusedError(f"nothing listens on {address}")
        return contextlib.nullcontext()

    monkeypatch.setattr(stack_names, "socket", SimpleNamespace(create_connection=connect))
    known = {"url": "https://stack.example", "online": True, "file": "compute.ini", "pid": 7}
    refusal = taken_by(known, announcement("osapi_compute", "http://127.0.0.1:9"))
    assert refusal == ("a stack named 'osapi_compute' is already reporting from "
                       "https://stack.example (compute.ini), pid 7: its requests and this one's "
                       "would be mixed up; stop that one, or serve this one under another name "
                       "(serve --stack NAME)")
