"""A stack started on the port of a stack still serving is refused, as any port in use is.

eventlet sets SO_REUSEPORT on a socket listening on a port it was given (not on port 0), so
without care a second stack started on the port of one not stopped after an edit would share
it, and requests would reach either ini at random."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

from tests.conftest import DEMO
from tests.conftest import ROOT
from tests.dashboard.servers import free_port


def test_a_second_stack_on_a_serving_stacks_port_is_refused(serve_stack):
    port = str(free_port())
    first = serve_stack(DEMO / "compute.ini", "osapi_compute", ["--port", port])
    second = subprocess.Popen(
        [sys.executable, "-m", "stack", "serve", str(DEMO / "seed_glance.ini"), "--port", port,
         "--trace-to", "off"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _, stderr = second.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # it serves: stop it, and say so
        second.kill()
        stdout, _ = second.communicate()
        raise AssertionError(f"a second stack served on port {port}: {stdout}") from None
    assert (second.returncode, stderr) == (
        2, f"python -m stack serve: cannot listen on 127.0.0.1:{port}: Address already in use\n")
    # … and the first one answers every request itself.
    for _ in range(5):
        with urllib.request.urlopen(first.url + "/", timeout=10) as response:
            assert b"v2.1" in response.read()
