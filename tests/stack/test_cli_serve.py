"""`python -m stack serve` with bad input: one clear line on stderr, exit 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import DEMO
from tests.conftest import INI_DATA
from tests.conftest import ROOT


def serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stack", "serve", *args, "--port", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such.ini"], "no-such.ini: no such file"),
        ([str(DEMO / "compute.ini"), "--name", "nosuch", "--trace-to", "off"],
         "compute.ini: no app section named 'nosuch' (entries: osapi_compute)"),
        ([str(INI_DATA / "nova-api-paste.ini"), "--trace-to", "off"],
         "nova-api-paste.ini: several entries, pick one with --name: metadata, ec2, "
         "osapi_compute"),
        ([str(INI_DATA / "nova-api-paste.ini"), "--name", "osapi_compute", "--trace-to", "off"],
         "nova-api-paste.ini: cannot build [osapi_compute]: ModuleNotFoundError: "
         "No module named 'nova'"),
        ([str(DEMO / "compute.ini"), "--trace-to", "ftp://x"],
         "python -m stack serve: --trace-to must be http://HOST:PORT, file:PATH or off, "
         "not 'ftp://x'"),
    ],
)
def test_bad_input_is_one_clear_line(args, message):
    result = serve(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "deprecated" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
