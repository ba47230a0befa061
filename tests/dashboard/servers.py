"""Real servers for tests: the dashboard and the demo stack as subprocesses on 127.0.0.1, and
a dashboard app served in this process (`serving` an app, `served` one made of a config).

Each waits for its server with a deadline, shows the server's output when something fails,
and is always stopped (werkzeug `DevServerClient` style). `send` sends a request to a stack and
answers its trace as the dashboard stored it (`stored`), `served_once` an ini's for one request;
`start` runs a dashboard that should refuse to start, to its end;
`steps_of` reads a trace's steps and `stack_row` a stack's row; `form_sent` and
`sent_from_form` send requests as Live's form does, `exported` and `load` save them to a file
and load one; `BEARER` and `HTMX` are the headers a request sends as the teacher and as htmx;
`STOPPING` is an app whose stack closes the connection unanswered.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from flask import Flask
from werkzeug.serving import make_server

from dashboard import create_app
from stack.host_url import LOOPBACK
from stack.wire import TOKEN_ENV
from tests.conftest import TOKEN
from tests.conftest import raw_request
from tests.dashboard.samples import announcement

ROOT = Path(__file__).resolve().parent.parent.parent
STARTUP_S = 20.0
#: The teacher's token of the `guarded` dashboard.
TEACHER_TOKEN = "teacher-s3cret"
#: The header a script sends the `guarded` dashboard as the teacher.
BEARER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
#: The header htmx sends: the page asked, and the answer is the part of it that it swaps in
#: (a form's answer, a list's rows, a panel), not a whole page or JSON.
HTMX = {"HX-Request": "true"}
#: An app raising a BaseException (`tests.stack.raising_apps.make_stopping_app`): eventlet
#: closes the connection without answering.
STOPPING = "call:tests.stack.raising_apps:make_stopping_app"


def free_port() -> int:
    """A port free on 127.0.0.1 right now (for servers that cannot be told port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def at_loopback(address: tuple[str, int]) -> tuple[str, int]:
    """Where a test's server listens when told `address`, a wildcard (`--host 0.0.0.0`, `::`):
    the loopback of its family, where the tests keep to."""
    return LOOPBACK[ipaddress.ip_address(address[0]).version], address[1]


@contextlib.contextmanager
def serving(app: Flask) -> Iterator[str]:
    """`app` served on 127.0.0.1 by werkzeug, in a thread of this process: its URL; the server
    stopped on the way out (the app's store is the caller's to close)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@contextlib.contextmanager
def served(config: dict) -> Iterator[str]:
    """`create_app(config)` served as `serving` serves it: its URL; its store closed on the way
    out, so its threads do not outlive it."""
    app = create_app(config)
    try:
        with serving(app) as url:
            yield url
    finally:
        app.extensions["pastescope.store"].close()


class ServerProcess:
    """A `python -m ...` server (`env`: variables set for it alone; `cwd`: the folder it is
    started from, the repository's unless given): output collected in the background, stopped
    on `stop()`."""

    def __init__(self, name: str, args: list[str], env: dict[str, str] | None = None,
                 cwd: Path = ROOT) -> None:
        self.name = name
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-u", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return f"--- {self.name} output ---\n" + "\n".join(self.lines[-200:])

    def wait_for_line(self, prefix: str, timeout: float = STARTUP_S) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if line.startswith(prefix):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not print {prefix!r}\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.reader.join(2)


def start(*args: str) -> subprocess.CompletedProcess:
    """`python -m dashboard *args` run to its end, for one that should not start: what it
    said and its exit code."""
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)


class Dashboard(ServerProcess):
    """`python -m dashboard --port PORT` (0: any free port) with its own data folder;
    `launch`, what runs it in place of `-m dashboard` (a test's `-c` that rewords it first)."""

    def __init__(self, data: Path, *extra: str, port: int = 0,
                 launch: tuple[str, ...] = ("-m", "dashboard")) -> None:
        super().__init__("dashboard", [*launch, "--port", str(port), "--data", str(data),
                                       *extra])
        line = self.wait_for_line("Pastescope dashboard on ")
        self.url = line.split(" on ", 1)[1].split(" ", 1)[0]

    def request(self, method: str, path: str, body: Any = None, headers: dict | None = None,
                raw: bytes | None = None) -> tuple[int, dict[str, str], Any]:
        """One real HTTP request; (status, headers, JSON or text body)."""
        data = raw
        headers = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=15) as response:
                return response.status, dict(response.headers), decode(response)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), decode(error)

    def get(self, path: str, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
        return self.request("POST", path, body, **kwargs)

    def wait_for(self, path: str, check, timeout: float = 10.0) -> Any:
        """GET `path` until `check(body)` is true; the body, or an error with server output."""
        deadline = time.monotonic() + timeout
        body = None
        while time.monotonic() < deadline:
            status, _, body = self.get(path)
            if status == 200 and check(body):
                return body
            time.sleep(0.05)
        raise AssertionError(f"GET {path} never satisfied the check; last: {body!r}\n"
                             + self.output())


class Stack(ServerProcess):
    """A demo (the compute demo by default) served by `python -m stack serve`, reporting to
    `dashboard_url` as `stack` (`--stack`; default: the section's name), with `extra`
    options (`--check-wsgi`) and, for a dashboard that wants one, the teacher's `token` in its
    environment."""

    def __init__(self, dashboard_url: str, name: str = "osapi_compute",
                 ini: str = "stack/demo/compute.ini", stack: str | None = None,
                 extra: tuple[str, ...] = (), token: str | None = None) -> None:
        self.stack_name = stack or name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        named = ["--stack", stack] if stack is not None else []
        super().__init__("stack", ["-m", "stack", "serve", ini, "--name", name, *named,
                                   "--port", str(self.port), "--trace-to", dashboard_url,
                                   *extra], env={TOKEN_ENV: token} if token else None)

    def get_servers(self) -> tuple[int, bytes, str | None]:
        """GET /v2.1/servers with the demo token: (status, body, the trace the response names,
        None when untraced)."""
        request = urllib.request.Request(self.url + "/v2.1/servers", headers=TOKEN)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), response.headers["X-Pastescope-Trace"]

    def listening(self) -> bool:
        """Whether its port takes connections: open before it loads, announces and serves
        (a connection made earlier waits to be served)."""
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            return False
        return True


@contextlib.contextmanager
def announced(dashboard: Dashboard, *args: str, **options: str) -> Iterator[Stack]:
    """A `Stack(dashboard.url, *args, **options)`, once it has announced itself to `dashboard`;
    stopped on the way out, its output shown if it never announced itself.

    The dashboard keeps the row of a stack that stopped: only a row with this stack's name and
    its own URL says this one is up (one of the same name before it may be stopped)."""
    stack = Stack(dashboard.url, *args, **options)
    try:
        try:
            dashboard.wait_for("/api/stacks", lambda stacks: any(
                (s["name"], s["url"]) == (stack.stack_name, stack.url) for s in stacks),
                timeout=STARTUP_S)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{stack.output()}") from None
        yield stack
    finally:
        stack.stop()


@contextlib.contextmanager
def refused_known(dashboard: Dashboard) -> Iterator[Stack]:
    """The compute demo started without the teacher's token, which `dashboard` (serving a class)
    refuses, at an address where it knows the stack (as one that ran before the dashboard was
    started again with another token, here told by an announcement made for it): the stack
    serves on, untraced, and is sent requests. Stopped on the way out."""
    stack = Stack(dashboard.url)
    refused = "/api/lessons/compute-demo/stack"  # the compute demo's lesson says its state
    try:
        dashboard.wait_for(refused, lambda now: now["state"] == "refused", timeout=STARTUP_S)
        assert dashboard.post("/api/stacks", announcement(stack.stack_name, stack.url),
                              headers=BEARER)[0] == 200
        # taken, then refused again at its next try
        dashboard.wait_for(refused, lambda now: now["state"] == "refused", timeout=STARTUP_S)
        yield stack
    finally:
        stack.stop()


def send(dashboard, stack, method: str, path: str, headers: dict | None = None,
         body: bytes | None = None) -> dict:
    """Send a request to the demo stack; its stored trace (summary and events), once whole."""
    request = urllib.request.Request(stack.url + path, body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            trace_id = response.headers["X-Pastescope-Trace"]
    except urllib.error.HTTPError as error:
        trace_id = error.headers["X-Pastescope-Trace"]
    return stored(dashboard, trace_id)


def served_once(dashboard: Dashboard, folder: Path, ini_text: str, answered: str,
                path: str = "/", body: bytes | None = None) -> str:
    """Serve `ini_text` (written to `folder`) as its `main`, reporting to `dashboard`, and send
    it one request for `path`, answered `answered` (`200 OK`) and, if given, `body`; its trace
    id, once the dashboard stored it."""
    ini = folder / "served.ini"
    ini.write_text(ini_text, encoding="utf-8")
    with announced(dashboard, "main", str(ini)) as stack:
        line, headers, got = raw_request(stack.url, path)
        # Before its header: an answer other than the one expected may carry no trace.
        assert line == f"HTTP/1.1 {answered}", f"{line}\n{stack.output()}"
        trace = dict(headers)["X-Pastescope-Trace"]
        stored(dashboard, trace)
    assert body is None or got == body, got
    return trace


def stored(dashboard: Dashboard, trace_id: str, timeout: float = 10.0) -> dict:
    """The trace `trace_id` as the dashboard stored it (summary and events), once whole: once
    its request.end is in, whatever its status (a request that ended with no answer has none).
    A stack posts a trace after its response, so a test that reads one waits for it here."""
    return dashboard.wait_for(f"/api/traces/{trace_id}", lambda trace: any(
        event["kind"] == "request.end" for event in trace["events"]), timeout=timeout)


def form_sent(dashboard: Dashboard, method: str, path: str, headers: dict | None = None,
              body: Any = None) -> str:
    """The trace id of `method path` sent to the compute demo as Live's form sends it
    (`POST /api/send`, with `body` if given), once stored whole."""
    spec = {"stack": "osapi_compute", "method": method, "path": path, "headers": headers or {}}
    if body is not None:
        spec["body"] = body
    status, _, result = dashboard.post("/api/send", spec)
    assert status == 200, result
    stored(dashboard, result["trace"])
    return result["trace"]


def sent_from_form(dashboard: Dashboard, sends: list[tuple[str, str, dict]]) -> list[str]:
    """Trace ids of `(method, path, headers)` sent as `form_sent` sends them, each stored
    whole."""
    return [form_sent(dashboard, method, path, headers) for method, path, headers in sends]


def preset_body(preset: dict) -> str:
    """The body Live's form sends for `preset`: a body asked for by its size is that many `x`
    (static/js/send_form.js)."""
    return "x" * preset["body_bytes"] if preset["body_bytes"] else preset["body"]


def exported(dashboard: Dashboard, ids: list[str]) -> requests.Response:
    """`GET /api/traces/export?ids=…`: the saved-requests file of traces `ids`."""
    answer = requests.get(f"{dashboard.url}/api/traces/export", params={"ids": ",".join(ids)},
                          timeout=15)
    assert answer.status_code == 200, answer.text
    return answer


def load(url: str, content: bytes | dict, name: str = "saved.json",
         **kwargs: Any) -> requests.Response:
    """A saved-requests file (its bytes, or its document) posted to `url` as the page's form
    sends it; `kwargs` go to `requests.post` (headers…)."""
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    return requests.post(f"{url}/api/traces/import", files={"file": (name, content)},
                         timeout=15, **kwargs)


def steps_of(dashboard: Dashboard, trace_id: str) -> dict:
    """`GET /api/traces/TRACE/steps`: the trace's steps, and its failure story."""
    status, _, body = dashboard.get(f"/api/traces/{trace_id}/steps")
    assert status == 200, body
    return body


def stack_row(dashboard: Dashboard, name: str) -> dict:
    """The dashboard's `GET /api/stacks` row of stack `name`."""
    status, _, stacks = dashboard.get("/api/stacks")
    assert status == 200, stacks
    return {s["name"]: s for s in stacks}[name]


def short(node: str) -> str:
    """A node id without its kind (`filter:authtoken` → `authtoken`): how explanations name it."""
    return node.partition(":")[2]


def decode(response) -> Any:
    text = response.read().decode("utf-8", "replace")
    if response.headers.get("Content-Type", "").startswith("application/json"):
        return json.loads(text)
    return text
