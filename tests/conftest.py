"""Real servers for the tests: the stack as a subprocess, on 127.0.0.1, always stopped; and an
in-process dashboard app (`app`) for Flask's test client.

Every wait has a deadline; when a server fails to start, its output is in the error.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from dashboard import create_app

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "stack" / "demo"


def write_ini(folder: Path, text: str, name: str = "api-paste.ini") -> Path:
    """Write an ini's `text` as `name` in `folder`; its path."""
    path = folder / name
    path.write_text(text)
    return path


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m stack ARGS` in a fresh interpreter, as a user would; its output caught."""
    return subprocess.run([sys.executable, "-m", "stack", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def cli_lines(command: str, *args: str | Path, status: int = 0) -> list[str]:
    """The lines `python -m stack COMMAND ARGS` prints, run as `run_cli` runs it; its exit
    status checked first, so a failure shows what it wrote to stderr."""
    done = run_cli(command, *map(str, args))
    assert done.returncode == status, done.stderr
    return done.stdout.splitlines()


def which_lines(*args: str | Path, status: int = 0) -> list[str]:
    """The lines `python -m stack which ARGS` prints (`cli_lines`)."""
    return cli_lines("which", *args, status=status)


def said_line(lines: list[str], start: str) -> str:
    """The one line of `lines` (`which_lines`) that starts with `start`: what `which` says of
    one layer, failing when it says it in no line or in more than one."""
    [said] = [line for line in lines if line.startswith(start)]
    return said


INI_DATA = Path(__file__).resolve().parent / "data" / "ini"
#: nova's api-paste.ini, the real file most tests read, `which` walks and uploads pick.
NOVA = INI_DATA / "nova-api-paste.ini"
#: neutron's api-paste.ini: keystonemiddleware's authtoken, a `/v2.0` urlmap.
NEUTRON = INI_DATA / "neutron-api-paste.ini"
#: swift's proxy-server.conf: its healthcheck and tempauth, which `which` knows.
SWIFT = INI_DATA / "swift-proxy-server.conf"
#: cinder's api-paste.ini: keystonemiddleware's auth_token as a `paste.filter_factory`.
CINDER = INI_DATA / "cinder-api-paste.ini"
#: keystone's keystone-paste.ini: a urlmap of long pipelines, wider than a projector's screen.
KEYSTONE = INI_DATA / "keystone-keystone-paste.ini"
#: The header that takes a request past the compute demo's authtoken (its valid_tokens in
#: `stack/demo/compute.ini`); `dashboard/presets.py` TOKEN, which the send form offers.
TOKEN = {"X-Auth-Token": "demo-token"}
#: keystonemiddleware's auth_token, as an ini names its factory: `which` knows what it answers.
AUTH_TOKEN_FACTORY = "keystonemiddleware.auth_token:filter_factory"
#: How cinder's api-paste.ini (`CINDER`) names auth_token: the line a test rewrites.
AUTH_TOKEN_LINE = f"paste.filter_factory = {AUTH_TOKEN_FACTORY}"
#: oslo.middleware's size limit, as an ini names its factory (installed: a test may load it).
OSLO_SIZE_LIMIT = "oslo_middleware:RequestBodySizeLimiter.factory"
#: The line `python -m stack serve` prints once it listens.
SERVING = re.compile(r"pastescope: serving \[.*\] of .* on (http://127\.0\.0\.1:\d+)/")


def rewritten(folder: Path, ini: Path, old: str, new: str) -> Path:
    """A real ini (`SWIFT`, `CINDER`…) with `old` replaced by `new`, written in `folder` under
    its own name: its path. `old` must be in it: a replacement that misses would leave the
    test checking the real file, unchanged, and passing for the wrong reason."""
    text = ini.read_text()
    assert old in text, f"{old!r} is not in {ini.name}"
    return write_ini(folder, text.replace(old, new), ini.name)


def swift_tempauth_with(folder: Path, setting: str) -> Path:
    """swift's proxy-server.conf (`SWIFT`) with the line `setting` added to its tempauth's
    section, below its `use`, written in `folder`: its path."""
    use = "use = egg:swift#tempauth\n"
    return rewritten(folder, SWIFT, use, f"{use}{setting}\n")


def raw_request(url: str, path: str, keep_alive: bool = False, method: str = "GET",
                http11: bool = False, headers: tuple[tuple[str, str], ...] = (),
                body: bytes = b"") -> tuple[str, list[tuple[str, str]], bytes]:
    """A request over HTTP/1.0 on a plain socket: the status line, every header as sent, in
    order, and every byte after them, even a response cut short or a body a client would not
    read (an HTTP client library raises or drops it). With `keep_alive`, over HTTP/1.1 asking
    to keep the connection: read up to the server's close all the same (a socket timeout,
    should it keep the connection open). With `http11`, over HTTP/1.1 asking the server to
    close it: a body of no known length comes chunked, as to an HTTP/1.1 client. `headers`
    are sent after `Host: x` exactly as given (a name with `_`, one twice), then `body`."""
    host, port = url.removeprefix("http://").split(":")
    asked = ("HTTP/1.1\r\nConnection: keep-alive" if keep_alive
             else "HTTP/1.1\r\nConnection: close" if http11 else "HTTP/1.0")
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"{method} {path} {asked}\r\nHost: x\r\n{lines}\r\n".encode() + body)
        data = b""
        for _ in range(1000):  # bounded: the server closes the connection
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, [tuple(line.split(": ", 1)) for line in lines], body


def line_holding(module, text: str) -> int:
    """The line of `module`'s source that holds `text`: where a message says it raised."""
    lines = inspect.getsource(module).splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def ini_line(start: str, ini: Path = DEMO / "compute.ini") -> int:
    """The line of `ini` (the compute demo's by default) that starts with `start`, a section's
    header or a key's `name =`: where a story says that section or key is."""
    lines = ini.read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.02, what: str = "condition"):
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class ServerProcess:
    """A server subprocess whose output goes to a file, readable on failure."""

    def __init__(self, args: list[str], log: Path, env: dict | None = None) -> None:
        self.log_path = log
        self._log = open(log, "w+b")  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(
            args, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_output(self, pattern: re.Pattern, timeout: float = 20.0) -> re.Match:
        def found():
            if self.process.poll() is not None:
                raise AssertionError(
                    f"server exited with {self.process.returncode}:\n{self.output()}"
                )
            return pattern.search(self.output())

        try:
            return wait_for(found, timeout, what=f"server output {pattern.pattern!r}")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- server output ---\n{self.output()}") from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


class StackServer(ServerProcess):
    """`python -m stack serve INI --name NAME --port 0 --trace-to DEST`."""

    def __init__(self, ini: Path, name: str, trace_to: str, log: Path,
                 events_path: Path | None = None, extra: list[str] | None = None) -> None:
        super().__init__(
            [sys.executable, "-m", "stack", "serve", str(ini), "--name", name,
             "--port", "0", "--trace-to", trace_to, *(extra or [])],
            log,
        )
        self.events_path = events_path
        self.url = self.wait_for_output(SERVING).group(1)

    def events(self) -> list[dict]:
        """Every event written so far (file sink): whole lines only, as the sink may be
        writing the last one (a line cut short may still end with a nested object's `}`)."""
        if not self.events_path.exists():
            return []
        whole = self.events_path.read_text().rpartition("\n")[0]
        return [json.loads(line) for line in whole.splitlines()]

    def traces(self) -> dict[str, list[dict]]:
        """Events grouped by trace, in seq order."""
        grouped = defaultdict(list)
        for event in self.events():
            grouped[event["trace"]].append(event)
        return {trace: sorted(events, key=lambda e: e["seq"]) for trace, events in grouped.items()}

    def trace(self, trace_id: str, timeout: float = 10.0) -> list[dict]:
        """The complete trace `trace_id` (waits until its request.end is written)."""
        def complete():
            events = self.traces().get(trace_id)
            return events if events and events[-1]["kind"] == "request.end" else None

        try:
            return wait_for(complete, timeout, what=f"trace {trace_id}")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- server output ---\n{self.output()}") from None


@contextlib.contextmanager
def file_traced(ini: Path, name: str, folder: Path,
                extra: list[str] | None = None) -> Iterator[StackServer]:
    """A stack tracing to `folder`/events.jsonl, stopped on the way out."""
    server = StackServer(ini, name, f"file:{folder / 'events.jsonl'}", folder / "stack.log",
                         folder / "events.jsonl", extra)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def app(request, tmp_path) -> Iterator[Flask]:
    """A dashboard app with its own data folder, for Flask's test client; its store closed after
    the test, so its threads do not outlive it. Parametrized indirectly, the settings it is
    given (`{"TEACHER_TOKEN": …}`) are added to its config."""
    app = create_app({"DATA_DIR": str(tmp_path), **getattr(request, "param", {})})
    try:
        yield app
    finally:
        app.extensions["pastescope.store"].close()


@pytest.fixture
def serve_stack(tmp_path):
    """Start stacks tracing to JSON Lines files; all are stopped after the test."""
    with contextlib.ExitStack() as running:
        count = iter(range(1000))

        def start(ini: Path, name: str, extra: list[str] | None = None) -> StackServer:
            folder = tmp_path / f"stack-{next(count)}"
            folder.mkdir()
            return running.enter_context(file_traced(ini, name, folder, extra))

        yield start


@pytest.fixture(scope="module")
def compute_stack(tmp_path_factory):
    """The compute demo served traced to a file, once per test module: its tests only read."""
    with file_traced(DEMO / "compute.ini", "osapi_compute",
                     tmp_path_factory.mktemp("compute")) as server:
        yield server
