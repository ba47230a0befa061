"""A dashboard started on the port of one still serving says so in one line, and exits."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_a_second_dashboard_on_a_taken_port_says_only_why(dashboard, tmp_path):
    port = dashboard.url.rsplit(":", 1)[1]
    second = subprocess.run(
        [sys.executable, "-m", "dashboard", "--port", port, "--data", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=30,
    )
    assert (second.returncode, second.stdout, second.stderr) == (
        2, "", f"python -m dashboard: cannot listen on 127.0.0.1:{port}: "
        "Address already in use\n")
    assert dashboard.get("/api/stacks")[0] == 200  # the first one serves on
