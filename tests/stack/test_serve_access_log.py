"""What a served stack prints on its console of a request shows no secret of its query,
traced or not: a class may be watching that terminal."""

from __future__ import annotations

import re
import socket

import pytest
import requests

from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import StackServer

#: eventlet's access log line of a GET of the demo's servers: its request line and status.
SERVERS_LINE = re.compile(r'"(GET /v2\.1/servers\?[^"]*)" (\d{3}) ')
#: The line http.server prints of a request line eventlet refused: the line and the status.
REFUSED_LINE = re.compile(r'"(GET /x\?[^"]*)" (\d{3}) ')


def stack_served(tmp_path, traced: bool, *extra: str) -> StackServer:
    """The compute demo, traced to a file or not, with serve's `extra` arguments."""
    trace_to = f"file:{tmp_path / 'events.jsonl'}" if traced else "off"
    return StackServer(DEMO / "compute.ini", "osapi_compute", trace_to, tmp_path / "stack.log",
                       extra=list(extra))


@pytest.mark.parametrize("traced", [True, False], ids=["traced", "untraced"])
def test_the_access_log_redacts_the_query_s_secrets(tmp_path, traced):
    stack = stack_served(tmp_path, traced)
    try:
        response = requests.get(stack.url + "/v2.1/servers?limit=2&password=hunter2&token=abc",
                                headers=TOKEN, timeout=10)
        assert response.status_code == 200
        logged = stack.wait_for_output(SERVERS_LINE)
    finally:
        stack.stop()
    assert logged.groups() == ("GET /v2.1/servers?limit=2&password=***&token=*** HTTP/1.1",
                               "200")
    assert "hunter2" not in stack.output() and "token=abc" not in stack.output()


@pytest.mark.parametrize("traced", [True, False], ids=["traced", "untraced"])
def test_a_request_line_refused_as_it_is_read_is_printed_redacted(tmp_path, traced):
    """eventlet leaves such a refusal to http.server, which prints it even with
    --no-access-log."""
    stack = stack_served(tmp_path, traced, "--no-access-log")
    host, port = stack.url.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"GET /x?password=hunter2 HTTP/2.0\r\nHost: x\r\n\r\n")
            answer = b"".join(iter(lambda: sock.recv(65536), b""))  # until the server closes
        assert b"Error code: 505" in answer
        logged = stack.wait_for_output(REFUSED_LINE)
    finally:
        stack.stop()
    assert logged.groups() == ("GET /x?password=*** HTTP/2.0", "505")
    assert "hunter2" not in stack.output()
