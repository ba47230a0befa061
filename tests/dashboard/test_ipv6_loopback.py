"""A dashboard and a stack on IPv6's loopback (`--host ::1`): each prints an address a client
can open, the stack listens at all, and its traces reach the dashboard. The machine needs
IPv6's loopback, as the machines CI runs on have it: without it the test fails, not skips."""

from __future__ import annotations

import socket

import requests

from tests.conftest import TOKEN
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import ServerProcess
from tests.dashboard.servers import start
from tests.dashboard.servers import stored


def test_a_stack_on_ipv6_loopback_reports_to_a_dashboard_there(tmp_path):
    """The dashboard printed `http://::1:PORT`, no URL a client reads a port from; the stack
    refused `--host ::1` (`Address family for hostname not supported`); written as a URL has
    it, `[::1]`, the host named no address."""
    dashboard = Dashboard(tmp_path, "--host", "::1")
    try:
        assert dashboard.url.startswith("http://[::1]:"), dashboard.output()
        stack = ServerProcess("stack", ["-m", "stack", "serve", "stack/demo/compute.ini",
                                        "--name", "osapi_compute", "--host", "[::1]",
                                        "--port", "0", "--trace-to", dashboard.url])
        try:
            line = stack.wait_for_line("pastescope: serving ")
            stack_url = line.split(" on ", 1)[1].split("/ ", 1)[0]
            assert stack_url.startswith("http://[::1]:"), line
            response = requests.get(f"{stack_url}/v2.1/servers", headers=TOKEN, timeout=10)
            assert response.status_code == 200
            trace = stored(dashboard, response.headers["X-Pastescope-Trace"])
            assert trace["status"] == 200
            [announced] = dashboard.wait_for("/api/stacks", lambda found: found)
            assert announced["url"] == stack_url
        finally:
            stack.stop()
    finally:
        dashboard.stop()


def test_a_dashboard_takes_ipv6_loopback_in_brackets(tmp_path):
    """`--host [::1]`, as a URL writes it and as `stack serve` takes it, named no address:
    `cannot listen on [::1]:PORT: Name or service not known`."""
    dashboard = Dashboard(tmp_path, "--host", "[::1]")
    try:
        assert dashboard.url.startswith("http://[::1]:"), dashboard.output()
        assert dashboard.get("/api/stacks")[0] == 200
    finally:
        dashboard.stop()


def test_an_ipv6_address_it_cannot_listen_on_is_said_in_brackets(tmp_path):
    """It said `cannot listen on ::1:PORT`, where no one can tell the port from the address;
    `stack serve` says it so too."""
    with socket.create_server(("::1", 0), family=socket.AF_INET6) as taken:
        port = taken.getsockname()[1]
        said = start("--host", "[::1]", "--port", str(port), "--data", str(tmp_path))
    assert (said.returncode, said.stdout, said.stderr) == (
        2, "", f"python -m dashboard: cannot listen on [::1]:{port}: Address already in use\n")
