"""A stop (SIGTERM, Ctrl-C) while `python -m stack serve` is still importing what it runs on.

Before `stack.server` can install its own handler, `serve` spends some 0.3 s importing: the
stack's modules, PasteDeploy, eventlet. A stop then ends it at once, saying so as a stop while
the app loads does, with no traceback; `inspect` and `which`, which serve nothing, keep
Python's own handling.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import DEMO
from tests.conftest import ROOT
from tests.conftest import ServerProcess
from tests.stack.stop_budgets import STOPPED_LOADING_WITHIN

#: A `sitecustomize` that makes the import of the module named in `PASTESCOPE_BLOCKED_IMPORT`
#: say so on stderr and wait for a signal: a slow import at a moment the test knows.
BLOCKING_IMPORT = '''
    import os
    import sys
    import time


    class BlockingImport:
        """Finds nothing: waits, the first time the module is looked for, then lets the
        import go on as usual."""

        def __init__(self, name):
            self.name = name

        def find_spec(self, name, path, target=None):
            if name == self.name:
                self.name = None
                print(f"importing {name}: waiting for a signal", file=sys.stderr, flush=True)
                time.sleep(30)
            return None


    sys.meta_path.insert(0, BlockingImport(os.environ["PASTESCOPE_BLOCKED_IMPORT"]))
'''
#: A module of each of serve's imports before it can handle a stop itself: the command line's
#: (the stack's modules, then PasteDeploy among them), then the server's (eventlet).
STARTUP_IMPORTS = ["stack.graph", "paste.deploy", "eventlet"]
WAITING = re.compile(r"importing \S+: waiting for a signal")


def blocking(tmp_path, module: str) -> dict[str, str]:
    """The environment of a `python -m stack` whose import of `module` waits for a signal."""
    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent(BLOCKING_IMPORT))
    return {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
            "PASTESCOPE_BLOCKED_IMPORT": module}


def stopped(command: ServerProcess, signum: int) -> int:
    """`command`'s exit status, once it waits in its import and `signum` is sent to it."""
    command.wait_for_output(WAITING)
    command.process.send_signal(signum)
    try:
        return command.process.wait(STOPPED_LOADING_WITHIN)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"it did not stop within {STOPPED_LOADING_WITHIN}s\n"
                             f"{command.output()}") from None


@pytest.mark.parametrize("module", STARTUP_IMPORTS)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_while_serve_starts_ends_it_at_once_saying_so(tmp_path, module, signum):
    serve = ServerProcess(
        [sys.executable, "-m", "stack", "serve", str(DEMO / "compute.ini"), "--port", "0",
         "--trace-to", "off"], tmp_path / "serve.log", blocking(tmp_path, module))
    try:
        status = stopped(serve, signum)
        said = serve.output().splitlines()
        assert status == 0, serve.output()
        assert said[-1] == "WARNING stack.server: stopping: stopped before serving, while " \
            "starting", serve.output()
        assert "Traceback" not in serve.output(), serve.output()
    finally:
        serve.stop()


@pytest.mark.parametrize("command", [
    ["inspect", str(DEMO / "compute.ini")],
    ["which", str(DEMO / "compute.ini"), "GET", "/v2.1/servers"],
], ids=["inspect", "which"])
def test_a_stop_while_a_command_that_serves_nothing_starts_is_pythons_own(tmp_path, command):
    # Nothing of serve's: SIGTERM ends it as it ends any program that does not handle it.
    run = ServerProcess([sys.executable, "-m", "stack", *command], tmp_path / "run.log",
                        blocking(tmp_path, "stack.graph"))
    try:
        assert stopped(run, signal.SIGTERM) == -signal.SIGTERM, run.output()
        assert "stopping" not in run.output(), run.output()
    finally:
        run.stop()
