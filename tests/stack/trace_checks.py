"""Helpers to state and check a trace's event sequence in tests, to send a request to a stack
tracing to a file and get its checked trace (or the one a raw answer names), and to serve an
ini (with factories of its own, in a module written beside it): once, or with `--check-wsgi`
and without, to read what the check warned of."""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import textwrap
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from dashboard.trace_rows import span_places
from stack.event_data import checked_data
from stack.explain import failure_and_error_places
from stack.explain_index import TraceIndex
from tests.conftest import StackServer
from tests.conftest import file_traced
from tests.stack import paste_apps

#: Kinds that open a span, with the kind that closes it.
OPENS = {"node.enter": "node.leave", "controller.action": "controller.return"}
CLOSES = set(OPENS.values())


def failure_story(events: list[dict], graph: dict | None = None) -> list[str] | None:
    """Why the request of `events` failed, as its request page tells it (`request_detail`):
    the same call, on the graph JSON `graph` if given."""
    return failure_and_error_places(TraceIndex(events, graph, span_places(events)))[0]


def place(file: str, source: str, call: str, function: str, first: int = 1) -> str:
    """`FILE:LINE in FUNCTION`, as a warning and an error's `raised_in` name a place: LINE that
    of the one line of `source` holding `call`, the file's lines numbered from `first`."""
    [line] = [number for number, text in enumerate(source.splitlines(), first) if call in text]
    return f"{file}:{line} in {function}"


def warned_at(file: str, source: str, call: str, function: str, first: int = 1) -> str:
    """How a wsgi.warning ends that says where its rule was broken: ` (at `PLACE`)`, PLACE
    the `place` of `call` in `source`."""
    return f" (at `{place(file, source, call, function, first)}`)"


def place_in(code: Callable, call: str, function: str) -> str:
    """`place` for a call in the source of `code`, a function of a module."""
    lines, first = inspect.getsourcelines(code)
    return place(os.path.basename(inspect.getfile(code)), "".join(lines), call, function, first)


def warned_in(code: Callable, call: str, function: str) -> str:
    """`warned_at` for a call in the source of `code`, a function of a module."""
    return f" (at `{place_in(code, call, function)}`)"


def line_in(module: str, code: str, function: str, call: str) -> str:
    """`MODULE.py:LINE in FUNCTION` for `code` (dedented) written as `module`.py: LINE that of
    the first line holding `call` in the `def` of `function`, for a call other functions of
    `code` make too."""
    lines = textwrap.dedent(code).splitlines()
    start = next(n for n, text in enumerate(lines) if text.startswith(f"def {function}("))
    line = next(n for n, text in enumerate(lines[start:], start + 1) if call in text)
    return f"{module}.py:{line} in {function}"


#: How each warning of `tests.stack.paste_apps`'s bending layers ends: where the filter
#: `make_bent_environ` makes (which `make_bent_composite` makes too) called the layer below with
#: the environ it bent.
BENDING = warned_in(paste_apps.make_bent_environ, "return app(environ, start_response)",
                    "bending")


def warnings_of(events: list[dict]) -> list[tuple]:
    """The trace's wsgi.warning events, in order: (node, rule, message)."""
    return [(e["node"], e["data"]["rule"], e["data"]["message"]) for e in events
            if e["kind"] == "wsgi.warning"]


@contextlib.contextmanager
def checked_and_plain(ini: Path, folder: Path) -> Iterator[tuple[StackServer, StackServer]]:
    """`ini`'s `main` served twice, with --check-wsgi and without, each tracing to a folder of
    its own in `folder`, stopped on the way out: `(checked, plain)`, for a test to show the
    check warns and changes nothing the client gets."""
    (folder / "checked").mkdir()
    (folder / "plain").mkdir()
    with (file_traced(ini, "main", folder / "checked", ["--check-wsgi"]) as checked,
          file_traced(ini, "main", folder / "plain") as plain):
        yield checked, plain


@contextlib.contextmanager
def importable(folder: Path, module: str, code: str, ini_text: str) -> Iterator[Path]:
    """`ini_text` written as api-paste.ini in `folder` (its path yielded), its factories in
    `code`, written there as `module`.py, the PYTHONPATH of servers started meanwhile leading
    to it: they import `module`."""
    (folder / f"{module}.py").write_text(textwrap.dedent(code))
    ini = folder / "api-paste.ini"
    ini.write_text(ini_text)
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", path)
        yield ini


@contextlib.contextmanager
def checked_and_plain_with(folder: Path, module: str, code: str,
                           ini_text: str) -> Iterator[tuple[StackServer, StackServer]]:
    """`checked_and_plain` of `ini_text`, whose factories are in `code` (`importable`)."""
    with importable(folder, module, code, ini_text) as ini, checked_and_plain(ini, folder) as both:
        yield both


@contextlib.contextmanager
def served_with(folder: Path, module: str, code: str, ini_text: str) -> Iterator[StackServer]:
    """The `main` of `ini_text`, whose factories are in `code` (`importable`), served tracing
    to `folder`, stopped on the way out."""
    with importable(folder, module, code, ini_text) as ini, file_traced(ini, "main",
                                                                      folder) as server:
        yield server


def hops(events: list[dict]) -> list[tuple[str, str | None]]:
    """(kind, node) of every event, in order."""
    return [(e["kind"], e["node"]) for e in events]


def through(chain: list[str], inner: list[tuple[str, str | None]] | None = None,
            dispatching: set[str] | None = None) -> list[tuple[str, str | None]]:
    """The hops of a request that goes down `chain`, does `inner` at its end, and comes back.

    Composites in `dispatching` (default: every composite of the chain but the last node)
    record composite.dispatch right after they are entered.
    """
    if dispatching is None:
        dispatching = {n for n in chain[:-1] if n.startswith("composite:")}
    down: list[tuple[str, str | None]] = [("request.start", None)]
    for node in chain:
        down.append(("node.enter", node))
        if node in dispatching:
            down.append(("composite.dispatch", node))
    up = [("node.leave", node) for node in reversed(chain)]
    return down + (inner or []) + up + [("request.end", None)]


def leave_status(events: list[dict]) -> dict[str, tuple[int | None, bool]]:
    """node → (status, short_circuit) of its node.leave."""
    return {
        e["node"]: (e["data"]["status"], e["data"]["short_circuit"])
        for e in events if e["kind"] == "node.leave"
    }


def raised_source(error: dict, module) -> tuple[str, str]:
    """The function and the source line an error event's `raised_in` (`file.py:LINE in
    function`) names, read from `module`'s file, which must be the file named."""
    where, _, function = error["raised_in"].partition(" in ")
    file, _, line = where.partition(":")
    path = Path(module.__file__)
    assert file == path.name, (error["raised_in"], path.name)
    return function, path.read_text().splitlines()[int(line) - 1].strip()


def check_well_formed(events: list[dict]) -> None:
    """One trace, seq 0..n-1, spans that nest: every open is closed, parents are the open span;
    each event's data as its payload class says, whole, as a dashboard checks it on arrival."""
    for event in events:
        assert checked_data(event["kind"], event["data"]) == event["data"], event["kind"]
    assert len({e["trace"] for e in events}) == 1, "events of several traces mixed"
    assert [e["seq"] for e in events] == list(range(len(events)))
    assert events[0]["kind"] == "request.start" and events[-1]["kind"] == "request.end"
    assert all(e["stack"] == events[0]["stack"] for e in events)
    open_spans: list[tuple[int, str]] = []
    closed: set[int] = set()
    timestamps = [e["ts"] for e in events]
    assert timestamps == sorted(timestamps), "timestamps go backwards"
    for event in events[1:-1]:
        kind = event["kind"]
        innermost = open_spans[-1][0] if open_spans else 0
        if kind in OPENS:
            assert event["parent"] == innermost, f"{kind} {event['node']}: wrong parent"
            open_spans.append((event["span"], OPENS[kind]))
        elif kind in CLOSES:
            span, closing = open_spans.pop()
            assert (event["span"], kind) == (span, closing), f"{kind} closes the wrong span"
            assert event["parent"] == (open_spans[-1][0] if open_spans else 0)
            closed.add(span)
        # NOTE: an error a layer's body raised once the layer had returned is on that
        # layer's span, after its node.leave, where it came (`stack.wire_events`)
        elif not (kind == "error" and event["span"] in closed):
            assert event["span"] == innermost, f"{kind} not on the innermost span"
    assert not open_spans, "spans left open"


def send(server, method: str, path: str, headers: dict | None = None, body=None):
    """Send a request, `body` as JSON (bytes as they are; an iterator of bytes as it is:
    chunked); return the response and its complete, well-formed trace."""
    data = body if body is None or isinstance(body, bytes | Iterator) else json.dumps(body)
    response = requests.request(method, server.url + path, headers=headers, data=data,
                                timeout=10)
    events = server.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    return response, events


def named_trace(stack: StackServer, headers: list[tuple[str, str]]) -> list[dict]:
    """The trace the one `X-Pastescope-Trace` of a raw answer's `headers` names, checked."""
    traces = [value for name, value in headers if name == "X-Pastescope-Trace"]
    assert len(traces) == 1, headers
    events = stack.trace(traces[0])
    check_well_formed(events)
    return events
