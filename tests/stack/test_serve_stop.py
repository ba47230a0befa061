"""A traced stack stopped (SIGTERM, Ctrl-C) delivers the traces it still holds, once, for as
long as its dashboard answers them (a few seconds at most), says what became of them, tells the
dashboard its final count of requests untraced, and exits 0; a dashboard gone or silent never
holds it up more than about a second."""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from honcho.manager import KILL_WAIT

from stack import server
from stack import stop_before_serving
from stack import wire_decode
from stack.batching_sink import ANSWER_WINDOW
from stack.batching_sink import BATCH_TRACES
from stack.batching_sink import FINAL_DELIVERY
from stack.batching_sink import LONGEST_STOP
from stack.batching_sink import STOPPED_NOTICE
from stack.server import STOP_GRACE
from tests.conftest import TOKEN
from tests.conftest import wait_for
from tests.dashboard.servers import STARTUP_S
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import free_port
from tests.dashboard.servers import stack_row
from tests.stack.app_inis import ref
from tests.stack.stand_in_dashboard import QuietHandler
from tests.stack.stand_in_dashboard import serving
from tests.stack.stop_budgets import STOPPED_LOADING_WITHIN

#: Requests sent just before the stop: enough that the sink is busy and holds the last of them
#: back for its next delivery (`stack.batching_sink.BUSY_DELIVERY_INTERVAL`).
REQUESTS = 60


def stopped(stack: Stack, signum: int, within: float) -> int:
    """Send `signum` to `stack` and wait at most `within` seconds for it to exit; its status."""
    started = time.monotonic()
    stack.process.send_signal(signum)
    try:
        status = stack.process.wait(within)
    except Exception:
        raise AssertionError(f"the stack did not stop within {within}s\n{stack.output()}") from None
    stack.reader.join(2)
    assert time.monotonic() - started < within
    return status


@pytest.fixture
def dashboard(tmp_path) -> Iterator[Dashboard]:
    """A real dashboard of the test's own (the stacks it lists are the test's alone)."""
    server = Dashboard(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def slow_ini(tmp_path) -> str:
    """An ini of one app that holds each request until the stop cuts it off."""
    ini = tmp_path / "slow.ini"
    ini.write_text(f"[app:main]\npaste.app_factory = {ref('make_slow_app')}\n")
    return str(ini)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stack_stopped_at_once_delivers_every_requests_trace(dashboard, signum):
    with announced(dashboard) as stack:
        sent = [stack.get_servers()[2] for _ in range(REQUESTS)]
        assert stopped(stack, signum, 5) == 0, stack.output()
        status, _, rows = dashboard.get(f"/api/traces?stack=osapi_compute&limit={REQUESTS}")
        assert status == 200
        assert sorted(row["trace"] for row in rows) == sorted(sent), stack.output()
        said = [line for line in stack.lines if "stopping" in line]
        assert said and said[-1].endswith(", 0 dropped"), stack.output()


@contextlib.contextmanager
def silent_listener():
    """An address that takes connections and never answers: a dashboard hung."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextlib.contextmanager
def gone():
    """An address nothing listens on: a dashboard stopped."""
    yield f"http://127.0.0.1:{free_port()}"


@pytest.mark.parametrize("destination", [gone, silent_listener])
def test_a_stack_whose_dashboard_is_gone_stops_at_once_saying_what_it_dropped(destination):
    with destination() as url:
        stack = Stack(url)
        try:
            stack.wait_for_line("pastescope: serving ")
            for _ in range(5):
                assert stack.get_servers()[0] == 200
            assert stopped(stack, signal.SIGTERM, FINAL_DELIVERY + 1.5) == 0, stack.output()
            [said] = [line for line in stack.lines if "stopping" in line]
            assert " dropped" in said and "traces of 5 requests dropped in all" in said, (
                stack.output())
        finally:
            stack.stop()


def half_sent(stack: Stack) -> socket.socket:
    """A connection whose request never ends (its headers' blank line never comes): eventlet
    waits on it as a request under way."""
    sock = socket.create_connection(("127.0.0.1", stack.port), timeout=10)
    sock.sendall(b"GET /v2.1/servers HTTP/1.1\r\nHost: x\r\n")
    return sock


@pytest.mark.parametrize("again", [False, True])
def test_a_request_never_finished_holds_the_stop_up_for_the_grace_at_most(dashboard, again):
    # Stopped again, it stops at once; else the requests under way get STOP_GRACE. Either way
    # the traces queued are delivered and the console says what became of them.
    with announced(dashboard) as stack, half_sent(stack):
        sent = stack.get_servers()[2]
        if again:  # the second once the first has ended the accept loop
            stack.process.send_signal(signal.SIGTERM)
            wait_for(lambda: any("wsgi exiting" in line for line in stack.lines),
                     what="the accept loop to end")
        assert stopped(stack, signal.SIGTERM, 3 if again else STOP_GRACE + 3) == 0, (
            stack.output())
        said = "\n".join(stack.lines)
        assert "requests still under way were cut" in said, said
        assert "0 dropped" in said, said
        assert dashboard.get(f"/api/traces/{sent}")[0] == 200


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stack_stopped_while_its_dashboard_hangs_on_the_first_answer_stops_cleanly(signum):
    # It asks the dashboard before it serves (`stack.batching_sink.BatchingSink.start`), up to the
    # sink's timeout: a stop then ends that wait too, with no traceback, and exits 0.
    with silent_listener() as url:
        stack = Stack(url)
        try:
            wait_for(stack.listening, STARTUP_S, what="the stack's port")
            assert stopped(stack, signum, 4) == 0, stack.output()
            assert "Traceback" not in stack.output(), stack.output()
            assert any("stopped before serving" in line for line in stack.lines), stack.output()
        finally:
            stack.stop()


def weakref_ini(tmp_path) -> str:
    """An ini of one app that waits in a weakref callback for a signal as a request comes
    (`make_app_waiting_in_a_weakref_callback`)."""
    ini = tmp_path / "weakref.ini"
    ini.write_text(f"[app:main]\npaste.app_factory = "
                   f"{ref('make_app_waiting_in_a_weakref_callback')}\n")
    return str(ini)


@pytest.mark.parametrize("keeps, waiting", [
    ("", "slow factory: waiting for a signal"),
    ("bare except", "slow factory: waiting for a signal"),
    ("weakref", "weakref callback: waiting for a signal"),
], ids=["plain", "bare-except", "weakref"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_while_a_slow_app_loads_ends_the_stack_at_once(tmp_path, dashboard, keeps,
                                                              waiting, signum):
    # The factory takes 30 s without yielding to eventlet, as one that imports or reads for
    # seconds does. The stop waited for the load to yield (kept from it by a weakref callback
    # or a bare `except:`, for all of those 30 s): it ends the process at once, saying so.
    ini = tmp_path / "slow-load.ini"
    ini.write_text(f"[app:main]\npaste.app_factory = {ref('make_app_loading_slowly')}\n"
                   f"keeps = {keeps}\n")
    stack = Stack(dashboard.url, "main", str(ini))
    try:
        stack.wait_for_line(waiting)
        assert stopped(stack, signum, STOPPED_LOADING_WITHIN) == 0, stack.output()
        assert f"WARNING stack.server: stopping: stopped before serving, while loading {ini}" in (
            stack.lines), stack.output()
        assert not any("pastescope: serving" in line for line in stack.lines), stack.output()
        assert "Traceback" not in stack.output(), stack.output()
        assert "Exception ignored" not in stack.output(), stack.output()
    finally:
        stack.stop()


def test_a_stop_raised_where_python_ignores_exceptions_leaves_requests_their_grace(tmp_path,
                                                                                 dashboard):
    # The same in the hub, while a request is under way: the stop, raised again, ends the
    # accept loop, once; the request is still answered and traced, not cut off as by a second
    # stop, and the stack stops as soon as it is.
    with announced(dashboard, "main", weakref_ini(tmp_path)) as stack, \
            ThreadPoolExecutor(1) as client:
        answer = client.submit(requests.get, stack.url + "/", timeout=10)
        stack.wait_for_line("weakref callback: waiting for a signal")
        assert stopped(stack, signal.SIGTERM, STOP_GRACE - 1) == 0, stack.output()
        response = answer.result()
        assert (response.status_code, response.text) == (200, "answered"), stack.output()
        assert dashboard.get(f"/api/traces/{response.headers['X-Pastescope-Trace']}")[0] == 200
        said = [line for line in stack.lines if "stopping" in line]
        assert said and said[-1].endswith(", 0 dropped"), stack.output()
        assert "Exception ignored" not in stack.output(), stack.output()


def ask(url: str) -> None:
    """GET `url`, whatever becomes of it (a stop may cut it off)."""
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, timeout=20).read()


def stop_cutting_a_request_off(stack: Stack) -> None:
    """Stop `stack` (serving the slow app) while a request is under way: a second stop cuts
    it off."""
    threading.Thread(target=ask, args=(stack.url + "/",), daemon=True).start()
    stack.wait_for_line("slow app: a request is under way")
    stack.process.send_signal(signal.SIGTERM)
    wait_for(lambda: any("wsgi exiting" in line for line in stack.lines),
             what="the accept loop to end")
    assert stopped(stack, signal.SIGTERM, 3) == 0, stack.output()


def test_a_request_the_stop_cuts_off_is_counted_dropped(tmp_path, dashboard):
    # Its trace never ends, so it is never sent: the console, and the count, say so.
    with announced(dashboard, "main", slow_ini(tmp_path)) as stack:
        stop_cutting_a_request_off(stack)
        [said] = [line for line in stack.lines if "stopping: " in line and "queued" in line]
        assert said.endswith("0 traces still queued: 0 delivered, 0 dropped; 1 request "
                             "under way cut off, untraced; traces of 1 request dropped in "
                             "all"), stack.output()


def test_a_request_the_stop_cuts_off_is_shown_untraced_on_the_dashboard(tmp_path, dashboard):
    # No batch is left to carry the count: the stack posts it alone, as it stops, and the
    # dashboard shows it without taking the stack for alive again.
    with announced(dashboard, "main", slow_ini(tmp_path)) as stack:
        before = stack_row(dashboard, "main")
        assert before["dropped"] == 0
        stop_cutting_a_request_off(stack)
        after = stack_row(dashboard, "main")
        assert after["dropped"] == 1, stack.output()
        assert after["seen"] == before["seen"], stack.output()
        assert "untraced 1" in dashboard.get("/?stack=main")[2]


def test_a_stopped_stack_is_shown_stopped_at_once(dashboard):
    # Its announcements would stop coming, but the picker would say so only 75 s later.
    with announced(dashboard, "osapi_compute") as stack:
        assert stack_row(dashboard, "osapi_compute")["online"] is True
        assert stopped(stack, signal.SIGTERM, 4) == 0, stack.output()
        row = stack_row(dashboard, "osapi_compute")
        assert (row["online"], row["stopped"] is not None) == (False, True), stack.output()
        picker = dashboard.get("/?stack=osapi_compute")[2]
        assert f"{stack.url} · compute.ini · stopped" in picker


@contextlib.contextmanager
def failing_on_events(delay: float, dashboard: Dashboard | None = None):
    """A dashboard that takes the stack's announcements, and holds each batch of traces for
    `delay` seconds before it closes the connection with no answer; `received` is set once
    a batch came. With a real `dashboard`, what is not a batch of traces (announcements, an
    empty batch) goes on to it, and its answer comes back."""
    received = threading.Event()

    class Handler(QuietHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.path != "/api/events" or (dashboard is not None and body == b"[]"):
                self.answer(*self.forwarded(body, dashboard))
                return
            received.set()
            time.sleep(delay)
            self.close_connection = True  # no answer

    with serving(Handler) as url:
        yield url, received


@contextlib.contextmanager
def batch_on_its_way(delay: float, dashboard: Dashboard | None = None) -> Iterator[Stack]:
    """The compute demo tracing to `failing_on_events(delay, dashboard)`, once the batch of
    its one request has come there (with a real `dashboard`, once that lists the stack)."""
    with failing_on_events(delay, dashboard) as (url, received):
        stack = Stack(url)
        try:
            if dashboard is None:
                stack.wait_for_line("pastescope: serving ")
            else:
                dashboard.wait_for("/api/stacks", lambda stacks: any(
                    s["url"] == stack.url for s in stacks), timeout=STARTUP_S)
            assert stack.get_servers()[0] == 200
            assert received.wait(5), stack.output()
            yield stack
        finally:
            stack.stop()


def test_a_batch_on_its_way_that_fails_as_the_stack_stops_is_said_why():
    # The sender's batch fails inside the last second: the line says why it was dropped.
    with batch_on_its_way(0.5) as stack:
        assert stopped(stack, signal.SIGTERM, 4) == 0, stack.output()
        [said] = [line for line in stack.lines if "stopping: " in line]
        assert said.endswith("1 trace still queued: 0 delivered, 1 dropped (ConnectionError:"
                             " connection closed before an answer); traces of 1 request "
                             "dropped in all"), stack.output()


def test_a_batch_that_fails_as_the_stack_stops_is_shown_untraced_on_the_dashboard(dashboard):
    # The last batch fails once no other is coming: the stack posts the count alone.
    with batch_on_its_way(0.5, dashboard) as stack:
        assert stopped(stack, signal.SIGTERM, 4) == 0, stack.output()
        [said] = [line for line in stack.lines if "stopping: " in line]
        assert said.endswith("traces of 1 request dropped in all"), stack.output()
        assert stack_row(dashboard, "osapi_compute")["dropped"] == 1, stack.output()
        assert "untraced 1" in dashboard.get("/?stack=osapi_compute")[2]


def test_a_batch_that_hangs_through_the_last_second_still_leaves_time_to_say_stopped(dashboard):
    # The sender's batch gets no answer for longer than the stop waits for it: the dashboard
    # is still told the stack stopped, and its count (the wait leaves room for that).
    with batch_on_its_way(FINAL_DELIVERY + 2, dashboard) as stack:
        assert stopped(stack, signal.SIGTERM, FINAL_DELIVERY + 1.5) == 0, stack.output()
        row = stack_row(dashboard, "osapi_compute")
        assert (row["stopped"] is not None, row["dropped"]) == (True, 1), stack.output()
        assert not any("was not told" in line for line in stack.lines), stack.output()


def test_a_stack_stopped_before_it_has_the_answer_to_its_announcement_is_shown_stopped(
        dashboard):
    # The dashboard lists a stack as soon as it has its announcement; the stack serves once it
    # has the answer. Stopped in between, it is still shown stopped at once, not online.
    held = threading.Event()

    class Handler(QuietHandler):
        def do_POST(self):
            answer = self.forwarded(self.rfile.read(int(self.headers["Content-Length"])),
                                    dashboard)
            if self.path == "/api/stacks":
                held.wait(10)  # the dashboard has it; the stack waits
                self.close_connection = True
                return
            self.answer(*answer)

    try:
        with serving(Handler) as url:
            stack = Stack(url)
            try:
                dashboard.wait_for("/api/stacks", lambda stacks: any(
                    s["url"] == stack.url for s in stacks), timeout=STARTUP_S)
                assert stopped(stack, signal.SIGTERM, 4) == 0, stack.output()
                assert any("stopped before serving" in line for line in stack.lines), (
                    stack.output())
                row = stack_row(dashboard, "osapi_compute")
                assert (row["online"], row["stopped"] is not None) == (False, True), (
                    stack.output())
            finally:
                stack.stop()
    finally:
        held.set()


@contextlib.contextmanager
def hanging_on_the_count():
    """A dashboard that takes announcements, refuses batches of traces (503), and never
    answers an empty batch (a stopping stack's count): `counted` is set once one came."""
    counted, done = threading.Event(), threading.Event()

    class Handler(QuietHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if body == b"[]":
                counted.set()
                done.wait(10)  # no answer while the stack stops
                self.close_connection = True
                return
            self.answer(503 if self.path == "/api/events" else 200, b"")

    try:
        with serving(Handler) as url:
            yield url, counted
    finally:
        done.set()


def test_a_dashboard_that_never_takes_the_count_holds_the_stop_up_a_second_at_most():
    with hanging_on_the_count() as (url, counted):
        stack = Stack(url)
        try:
            stack.wait_for_line("pastescope: serving ")
            assert stack.get_servers()[0] == 200
            wait_for(lambda: any("503" in line for line in stack.lines), what="a batch refused")
            assert stopped(stack, signal.SIGTERM, FINAL_DELIVERY + 1.5) == 0, stack.output()
            assert counted.is_set(), stack.output()
            assert "Traceback" not in stack.output(), stack.output()
            assert any("the dashboard was not told this stack stopped, and its count of "
                       "requests untraced stays at 0, not 1 (no answer in time)" in line
                       for line in stack.lines), stack.output()
        finally:
            stack.stop()


#: How long a dashboard that is behind takes to answer each batch (seconds).
BEHIND_DELAY = 0.3
#: Requests whose traces are queued at the stop, a few batches' worth: at `BEHIND_DELAY` a
#: batch, they take the dashboard several times the short wait on a silent one.
BEHIND_REQUESTS = 5 * BATCH_TRACES
#: Clients sending them side by side.
CLIENTS = 8


class BehindDashboard:
    """A dashboard that is behind (its core busy): it takes announcements at once, and answers
    each batch of traces `delay` seconds after it came, `answers` batches at most (then no more:
    it hangs). Until `release` is set it holds the first batch, its answer's header lines
    coming one at a time (the stack waits on while bytes come): the traces of every request
    sent meanwhile are still queued when the stack stops. `taken`: the traces of the batches
    answered; `answered_at`: when the last was (`time.monotonic()`). With `silent_stop`, it
    never answers the stack's notice that it stopped: the stack waits on it as long as it may,
    then gives up and closes the connection, at `given_up_at`; else `told` is the count of
    requests untraced that notice carried."""

    def __init__(self, answers: int | None, delay: float, silent_stop: bool = False) -> None:
        self.answers = answers
        self.delay = delay
        self.silent_stop = silent_stop
        self.given_up_at = 0.0
        self.told: int | None = None
        self.release = threading.Event()
        self.done = threading.Event()
        self.taken: set[str] = set()
        self.batches = 0
        self.answered_at = 0.0

    def take(self, handler: QuietHandler, body: bytes) -> None:
        """Answer a batch of traces as a dashboard behind would (one at a time: the stack
        sends the next only once it has this one's answer)."""
        if self.answers is not None and self.batches >= self.answers:
            self.done.wait(30)  # hung: no answer while the stack stops
            handler.close_connection = True
            return
        held = self.batches == 0
        if held:
            handler.wfile.write(b"HTTP/1.1 202 Accepted\r\n")
            while not self.release.wait(0.5):
                handler.wfile.write(b"X-Behind: 1\r\n")
        came = time.monotonic()  # (the held batch: released)
        self.taken |= {event["trace"] for event in wire_decode.decode_traces(body)}
        time.sleep(max(0.0, came + self.delay - time.monotonic()))
        self.batches += 1
        self.answered_at = time.monotonic()
        if held:
            handler.wfile.write(b"Content-Length: 0\r\n\r\n")
        else:
            handler.answer(202, b"")


@contextlib.contextmanager
def behind(answers: int | None = None, delay: float = BEHIND_DELAY,
           silent_stop: bool = False) -> Iterator[tuple[Stack, BehindDashboard]]:
    """The compute demo tracing to a `BehindDashboard(answers, delay, silent_stop)`, serving."""
    dashboard = BehindDashboard(answers, delay, silent_stop)

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"  # kept alive, as the stack keeps it

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("X-Pastescope-Stopped") and dashboard.silent_stop:
                self.rfile.read(1)  # no answer: until the stack closes the connection
                dashboard.given_up_at = time.monotonic()
                self.close_connection = True
            elif self.path != "/api/events" or body == b"[]":
                if self.headers.get("X-Pastescope-Stopped"):
                    dashboard.told = int(self.headers["X-Pastescope-Dropped"])
                self.answer(200, b"")
            else:
                dashboard.take(self, body)

    try:
        with serving(Handler) as url:
            stack = Stack(url, extra=("--no-access-log",))
            try:
                stack.wait_for_line("pastescope: serving ")
                yield stack, dashboard
            finally:
                stack.stop()
    finally:
        dashboard.release.set()
        dashboard.done.set()


def traced_requests(stack: Stack, count: int) -> list[str]:
    """Send `count` authorised requests from `CLIENTS` clients, each answered 200; the traces
    they name."""
    def send(share: int) -> list[str]:
        with requests.Session() as session:
            traces = []
            for _ in range(share):
                response = session.get(stack.url + "/v2.1/servers", headers=TOKEN, timeout=10)
                assert response.status_code == 200, stack.output()
                traces.append(response.headers["X-Pastescope-Trace"])
            return traces

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [trace for traces in pool.map(send, [count // CLIENTS] * CLIENTS)
                for trace in traces]


def stop_line(stack: Stack) -> re.Match:
    """The console's line on the traces still queued at the stop: queued, delivered, dropped,
    and the rest (why, in all)."""
    [said] = [line for line in stack.lines if "still queued" in line]
    found = re.search(r"stopping: (\d+) traces? still queued: (\d+) delivered, (\d+) dropped"
                      r"(.*)$", said)
    assert found, stack.output()
    return found


def test_a_stack_stopped_while_its_dashboard_is_behind_delivers_every_trace():
    # The dashboard answers every batch, slowly: the stop goes on past its usual second while
    # it does, says so, and drops nothing.
    with behind() as (stack, dashboard):
        sent = traced_requests(stack, BEHIND_REQUESTS)
        dashboard.release.set()
        assert stopped(stack, signal.SIGTERM, LONGEST_STOP + 1.5) == 0, (
            stack.output())
        said = stop_line(stack)
        assert said.group(3, 4) == ("0", ""), stack.output()
        assert dashboard.taken == set(sent), stack.output()
        assert any("answers slowly; delivering the " in line for line in stack.lines), (
            stack.output())


def test_a_dashboard_behind_that_then_hangs_is_given_up_on_within_the_short_wait():
    # It answers 4 batches (more than the short wait holds), then none: the stop delivers
    # those, gives up the short wait after the last answer, and says what it dropped.
    with behind(answers=4) as (stack, dashboard):
        sent = traced_requests(stack, BEHIND_REQUESTS)
        dashboard.release.set()
        assert stopped(stack, signal.SIGTERM, LONGEST_STOP + 1.5) == 0, (
            stack.output())
        given_up = time.monotonic() - dashboard.answered_at
        assert dashboard.batches == 4, stack.output()
        dropped = len(sent) - len(dashboard.taken)
        said = stop_line(stack)
        assert said.group(3, 4) == (
            str(dropped), f" (no answer within {FINAL_DELIVERY - STOPPED_NOTICE:g} s); traces "
            f"of {dropped} requests dropped in all"), stack.output()
        assert given_up < FINAL_DELIVERY + 1, stack.output()


def test_a_dashboard_too_far_behind_is_given_up_on_at_the_longest_stop():
    # Its batches are answered in time, each, but too many are left: the stop goes on no
    # longer than it says, and says why it dropped the rest.
    with behind(delay=0.4) as (stack, dashboard):
        sent = traced_requests(stack, 12 * BATCH_TRACES)  # 12 batches, at 0.4 s: more than 4 s
        dashboard.release.set()
        assert stopped(stack, signal.SIGTERM, LONGEST_STOP + 1.5) == 0, (
            stack.output())
        dropped = len(sent) - len(dashboard.taken)
        said = stop_line(stack)
        assert said.group(3, 4) == (
            str(dropped), " (the destination answers too slowly: a stop lasts "
            f"{LONGEST_STOP:g} s at most); traces of {dropped} requests dropped in all"), (
            stack.output())
        assert dashboard.batches > 3, stack.output()  # more than the short wait allows


#: How long a dashboard far behind takes to answer each batch (seconds): several batches of
#: it fit in the time a stop's last full wait (`ANSWER_WINDOW`) would leave unused.
FAR_BEHIND_DELAY = 0.25
#: Batches queued for it: more than `LONGEST_STOP` holds at that delay.
FAR_BEHIND_BATCHES = 18
#: What a stop's timing, seen from outside, may be off by (seconds): the signal reaching it,
#: a batch's encoding, a timer firing late on a busy machine.
STOP_SLACK = 0.2
#: How long honcho (which runs the Procfile) leaves a process between SIGTERM and SIGKILL.
HONCHO_KILLS_AFTER = float(KILL_WAIT)


def test_a_dashboard_too_far_behind_is_sent_every_batch_that_still_fits():
    # Each batch answered in a quarter of a second: one more is sent as long as that fits
    # before the stop's end, not only while a whole ANSWER_WINDOW does; the console's count
    # is what the dashboard took.
    with behind(delay=FAR_BEHIND_DELAY) as (stack, dashboard):
        sent = traced_requests(stack, FAR_BEHIND_BATCHES * BATCH_TRACES)
        dashboard.release.set()
        signalled = time.monotonic()
        assert stopped(stack, signal.SIGTERM, LONGEST_STOP + 1.5) == 0, (
            stack.output())
        left = signalled + LONGEST_STOP - STOPPED_NOTICE - dashboard.answered_at
        assert left < FAR_BEHIND_DELAY + STOP_SLACK, (left, stack.output())
        dropped = len(sent) - len(dashboard.taken)
        assert dropped > 0, stack.output()
        assert stop_line(stack).group(2, 3) == (
            str(len(dashboard.taken)), str(dropped)), stack.output()


def test_a_stop_lasts_no_longer_than_it_may_when_the_batch_on_its_way_is_answered_late():
    # The sender's batch is answered near the end of the stop's first wait, the waits go on
    # from there, and the dashboard never answers the notice that the stack stopped: the
    # stack still gives up on it LONGEST_STOP after the signal, and exits before
    # honcho would kill it.
    late = ANSWER_WINDOW - FAR_BEHIND_DELAY - 0.1  # released then, answered 0.1 s before
    with behind(delay=FAR_BEHIND_DELAY, silent_stop=True) as (stack, dashboard):
        traced_requests(stack, FAR_BEHIND_BATCHES * BATCH_TRACES)
        release = threading.Timer(late, dashboard.release.set)
        signalled = time.monotonic()
        release.start()
        try:
            assert stopped(stack, signal.SIGTERM, HONCHO_KILLS_AFTER) == 0, stack.output()
        finally:
            release.cancel()
        assert dashboard.batches > 1, stack.output()
        assert any("was not told this stack stopped" in line for line in stack.lines), (
            stack.output())
        took = dashboard.given_up_at - signalled
        assert took < LONGEST_STOP + STOP_SLACK, (took, stack.output())


def test_a_request_under_way_at_the_stop_leaves_time_to_deliver_and_say_stopped():
    # A client that never finishes its request holds the server's wait for the requests under
    # way while the sink delivers to a dashboard behind: that wait, the last delivery and the
    # notice all fit in LONGEST_STOP from the signal, and the stack exits before honcho would
    # kill it, the dashboard told it stopped, with the count the console says.
    with behind(delay=0.5) as (stack, dashboard), half_sent(stack):
        sent = traced_requests(stack, 12 * BATCH_TRACES)  # 12 batches, at 0.5 s: 6 s
        dashboard.release.set()
        assert stopped(stack, signal.SIGTERM, HONCHO_KILLS_AFTER) == 0, stack.output()
        assert any("requests still under way were cut" in line for line in stack.lines), (
            stack.output())
        dropped = len(sent) - len(dashboard.taken)
        assert dropped > 0, stack.output()
        assert stop_line(stack).group(4).endswith(
            f"; traces of {dropped} requests dropped in all"), stack.output()
        assert dashboard.told == dropped, stack.output()


def test_a_stop_while_loading_ends_the_process_even_when_saying_so_fails(monkeypatch):
    # A signal that lands in a write to the console makes the warning a reentrant write, whose
    # RuntimeError logging does not catch: the load's own `except:` would keep it as it kept
    # the SystemExit, and the load would run on. The process ends all the same. (os._exit is
    # stood in for: the real one would end the test run.)

    class Ended(BaseException):
        pass

    def end(status: int) -> None:
        raise Ended(status)

    def reentrant(*args: object) -> None:
        raise RuntimeError("reentrant call inside <_io.BufferedWriter name='<stderr>'>")

    monkeypatch.setattr(stop_before_serving.os, "_exit", end)
    monkeypatch.setattr(stop_before_serving.LOG, "warning", reentrant)
    stopping = server.Stopping()
    with pytest.raises(Ended) as ended, stopping.while_loading("slow.ini"):
        stopping(signal.SIGTERM, None)
    assert ended.value.args == (0,)
