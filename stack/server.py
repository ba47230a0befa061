"""Serve an ini's app on eventlet, traced, as `python -m stack serve` does.

eventlet is what OpenStack's API services run on; monkey-patching happens here, before the app
is loaded, so the app's own I/O and the trace sink's green thread cooperate with the server.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Iterator
from typing import Any

import eventlet
import eventlet.hubs
import eventlet.wsgi
from eventlet.greenthread import getcurrent

from stack import graph
from stack import host_url
from stack import redact_url
from stack.batching_sink import FINAL_DELIVERY
from stack.batching_sink import LONGEST_STOP
from stack.batching_sink import BatchingSink
from stack.load_failure import LoadFailed
from stack.loader import LoadedStack
from stack.loader import load_stack
from stack.sinks import make_sink
from stack.stop_before_serving import log_to_console
from stack.stop_before_serving import stop_signals
from stack.stop_before_serving import stopped_before_serving
from stack.trace import NO_START
from stack.trace import SERVER_KEY

#: Pending connections the listening socket holds (eventlet's default, 50, refuses bursts).
BACKLOG = 1024
#: How long a stopping stack waits for the requests under way, from the stop's first signal
#: (seconds): a client that sent part of its request holds its connection as long as it likes,
#: and eventlet would wait. The rest of `LONGEST_STOP` is the sink's last delivery and notice.
STOP_GRACE = LONGEST_STOP - FINAL_DELIVERY

LOG = logging.getLogger(__name__)


def build(path: str, name: str, sink, label: str | None = None,
          check_wsgi: bool = False, ini: graph.IniFile | None = None) -> LoadedStack:
    """Load the stack, turning PasteDeploy's and the app's load errors into an IniError.

    When the graph knows why PasteDeploy failed (a section it would refuse), that is said with
    the section's file and line, as `inspect` says it; PasteDeploy's own message names neither.
    `ini`: the file as read already (`serve`, `which --load`), not read again.
    """
    try:
        return load_stack(path, name, sink.submit if sink is not None else None, label,
                          check_wsgi, ini)
    except LoadFailed as exc:  # a factory's import or construction failed: say which section
        file, line, reason = graph.refusal(path, name, ini) or failed_section(path, exc)
        raise graph.IniError(file, line, f"cannot build [{name}]: {reason}") from exc


def failed_section(path: str, failed: LoadFailed) -> tuple[str, int | None, str]:
    """`(file, line, message)` of the section whose factory failed, as `graph.refusal` says
    a refused one: with nova's twenty filters, "cannot build [main]" alone hides which."""
    node = failed.node
    reason = str(failed)
    if failed.raised_in:
        reason += f", raised at {failed.raised_in}"
    if failed.hint:
        reason += f" ({failed.hint})"
    if node is None:
        return path, None, reason
    file = path if node.file == os.path.basename(path) else node.file
    line = failed.line or node.line
    if failed.setting is not None:
        name, value, setting_line = failed.setting
        reason = f"{name} = {value}: {reason}"
        line = setting_line or line
    return file, line, f"[{node.id}] {reason}"


def serve(
    path: str,
    name: str | None = None,
    host: str = "127.0.0.1",
    port: int = 8090,
    trace_to: str = "off",
    access_log: bool = True,
    label: str | None = None,
    check_wsgi: bool = False,
) -> int:
    """Load `name` from `path` and serve it until interrupted; port 0 picks a free port.
    `label`: the stack's name in its traces and on the dashboard, if not the section's;
    `check_wsgi`: each layer's WSGI rules checked, what it breaks said on the trace."""
    eventlet.monkey_patch()
    log_to_console()
    # NOTE: from the start: loading, or the first announcement to a dashboard that hangs
    # (`stack.batching_sink.BatchingSink.start`), takes a while, and a stop then ends it
    # cleanly too.
    # Listening while loading already, so that no stop comes between the two: until then,
    # one ends the process as it starts (`stack.stop_before_serving.listen`).
    stopping = Stopping()
    sink = None
    try:
        with stopping.while_loading(path):
            stopping.listen(stop_signals())
            sock, stack, sink, url = start(path, name, host, port, trace_to, label, check_wsgi)
        if sink is not None:
            sink.start(stack.app)
    except SystemExit:
        LOG.warning("stopping: stopped before serving")
        # NOTE: stopped while the first announcement waited for its answer, the stack may be
        # listed already: the dashboard is told it stopped, or it shows it online for 75 s.
        stop_sink(sink, stopping)
        return 0
    named = f" as stack {label!r}" if label is not None else ""
    tracing = "not tracing" if sink is None else f"tracing to {trace_to}"
    checking = ", checking each layer's WSGI rules" if check_wsgi else ""
    print(f"pastescope: serving [{stack.name}] of {path}{named} on {url}/ "
          f"({host_url.every_address(host)}{tracing}{checking})", flush=True)
    try:
        # NOTE: minimum_chunk_size=0: each chunk of a streamed body is written as the app
        # yields it, not gathered up to 4 KiB first, so a trace's byte count is what the client
        # got, and a body that fails part way answers as the trace says
        # (`stack.trace.TracedApp.finish`).
        eventlet.wsgi.server(
            sock, stack.app, log_output=access_log, log=ConsoleLog(), log_format=ACCESS_LOG,
            debug=False, minimum_chunk_size=0,
            protocol=RedactingProtocol if sink is None else TracedProtocol,
        )
    except SystemExit:  # stopped again, or the grace over, while requests were under way
        LOG.warning("stopping: requests still under way were cut (a second stop, or %g s "
                    "after the first)", STOP_GRACE)
    stop_sink(sink, stopping)
    return 0


def stop_sink(sink: BatchingSink | None, stopping: Stopping) -> None:
    """Have `sink` deliver what it holds and say the stack stopped, in what is left of the
    stop's `LONGEST_STOP`, with no further stop raised (`Stopping.end`): a second would cut
    that last delivery off unsaid."""
    began = stopping.end()
    if sink is not None:
        sink.stop(began)


def start(path: str, name: str | None, host: str, port: int, trace_to: str,
          label: str | None = None,
          check_wsgi: bool = False) -> tuple[Any, LoadedStack, BatchingSink | None, str]:
    """Listen, load the stack and make its sink, not started: `(listening socket, stack, sink,
    url)`."""
    ini = graph.read_ini(path)  # once, for the entry and the load
    name = graph.pick_entry(path, name, ini)
    try:
        # NOTE: reuse_port=False: eventlet sets SO_REUSEPORT by default, and then a second
        # stack started on a port in use (an old one not stopped after an edit) shares it,
        # the kernel handing each connection to either at random.
        # NOTE: eventlet listens on IPv4 unless told: an IPv6 address is told by its `:`, as
        # werkzeug tells it for the dashboard (`select_address_family`).
        # Brackets are a URL's, not the address's (`--host [::1]`).
        bare = host_url.bare(host)
        family = socket.AF_INET6 if ":" in bare else socket.AF_INET
        sock = eventlet.listen((bare, port), family=family, backlog=BACKLOG, reuse_port=False)
    except (OSError, OverflowError) as exc:  # unknown host, not ours, in use; port out of range
        reason = getattr(exc, "strerror", None) or exc
        raise ValueError(f"cannot listen on {host_url.address(host, port)}: {reason}") from None
    # NOTE: the address a client on this machine reaches, announced and printed: a wildcard
    # (`--host 0.0.0.0`, as a teacher serves a class) is no address to connect to, and the
    # dashboard sends (Send, lessons) to loopback stacks only.
    url = host_url.reachable_url(host, sock.getsockname()[1])
    announcement = {"name": label or name, "url": url, "file": os.path.basename(path),
                    "pid": os.getpid()}
    sink = make_sink(trace_to, announcement)
    stack = build(path, name, sink, label, check_wsgi, ini)
    announcement.update(graph=stack.graph.to_json(), routes=stack.routes)
    return sock, stack, sink, url


class AccessLogFormat(str):
    """eventlet's access log line, its request line's secrets redacted (`redact_url.request_line`)
    as a trace's query string is: the console a class watches is no place for a token.

    eventlet fills its `log_format` with `%` and a dict once a request is done, and only when
    it logs at all: so it costs nothing with `--no-access-log`, traced or not.
    """

    def __mod__(self, values: dict) -> str:
        values["request_line"] = redact_url.request_line(values["request_line"])
        return super().__mod__(values)


#: The line eventlet prints for each request: its own format, redacted.
ACCESS_LOG = AccessLogFormat(eventlet.wsgi.DEFAULT_LOG_FORMAT)


class RedactingProtocol(eventlet.wsgi.HttpProtocol):
    """eventlet's protocol, with what `http.server` prints on its own redacted as the access
    log is (`ACCESS_LOG`): the request line of a request eventlet refuses as it reads it (a
    400 for a line of four words, a 505 for `HTTP/2.0`), which it prints on stderr even with
    `--no-access-log`. Only such a refusal prints through here: a request costs no more."""

    def log_message(self, format: str, *args: Any) -> None:
        super().log_message("%s", redact_url.request_line(format % args))


class TracedProtocol(RedactingProtocol):
    """eventlet's protocol, with what it does for an exception no layer caught offered to the
    traced stack's root (`stack.trace.TracedApp.answer_failure`), which answers the 500 in
    its place with the trace header: eventlet's own 500 is sent with headers of its own."""

    def get_environ(self) -> dict:
        environ = super().get_environ()
        environ[SERVER_KEY] = self
        return environ

    def failed(self) -> None:
        """What eventlet's `handle_one_response` does besides answering, called while the
        exception is handled: log its traceback, and close the connection after the answer."""
        self.close_connection = 1
        self.server.log.info(traceback.format_exc())

    def unstarted(self, said: str) -> None:
        """Have the console say `said` (which layer returned a streamed body no layer called
        start_response for) in place of the traceback of eventlet's refusal of that body,
        which it is about to log (`stack.trace.tell_unstarted`)."""
        if isinstance(self.server.log, ConsoleLog):  # else it logs nothing (--no-access-log)
            self.server.log.instead[getcurrent()] = said


class ConsoleLog(eventlet.wsgi.LoggerFileWrapper):
    """eventlet's log on stderr, which says a layer's mistake in place of the traceback eventlet
    logs of it, when told to (`TracedProtocol.unstarted`): once, for the green thread that
    was told only (another may log first while the body's `finally:` waits), and only that
    traceback (should this thread's next message be another, it goes out as it is)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr, debug=False)
        #: What to say instead, by the green thread that will log it.
        self.instead: dict[Any, str] = {}

    def info(self, msg: str, *args: Any, **kwargs: Any) -> None:
        said = self.instead.pop(getcurrent(), None) if self.instead else None
        if said is not None and msg.rstrip().endswith(f"AssertionError: {NO_START}"):
            msg, args = said, ()
        super().info(msg, *args, **kwargs)


class Stopping:
    """SIGTERM's and Ctrl-C's handler: the first ends `eventlet.wsgi.server`'s accept loop,
    which then waits for the requests under way, so the sink can deliver what it still holds
    before the process exits 0; a second, or `STOP_GRACE` after the first, stops that wait.
    The stop counts from the first (`began`): grace, last delivery and the notice that the
    stack stopped all end within `LONGEST_STOP` of it, before honcho would kill the process.

    Each raises SystemExit in the hub or the main greenlet: eventlet's accept loop ends on
    it, raised in the hub while the loop waits for its requests, it reaches that wait, and
    raised in the main greenlet it cuts short the first announcement (`serve`'s `except
    SystemExit` around `start`). A handler runs in whichever green thread runs when the
    signal comes, and raised in another (a request, the sink mid-delivery) it would end that
    one instead: the hub is then asked to raise it, as soon as that thread yields.

    While the app loads (`loading`), a stop ends the process at once (`stopped_before_serving`):
    the load's own code runs in the main greenlet, and a SystemExit raised there ends it only
    when that code lets it go (a bare `except:` keeps it, a weakref callback drops it), and
    not before the load next yields, seconds away for a factory that imports or reads all it
    needs without yielding.

    NOTE: raised where Python prints an exception and goes on (a weakref callback, as when
    an import cleans up its module lock; a `__del__`; a GC callback), a stop would be lost,
    and the stack would stop only when the grace ran out: `sys.unraisablehook` hands such a
    stop to the hub (`swallowed`), which raises it again as soon as it runs (lost in the main
    greenlet, once that yields: as it announces the stack or serves, never long). Only a
    stop lost so is raised again: one raised twice would be a second stop, cutting the
    requests under way short of their grace.
    """

    def __init__(self) -> None:
        self.began: float | None = None  # `time.monotonic()` of the first signal
        self.signals: list[int] = []
        self.grace = None  # the timer of the wait's end, once stopping
        self.raised: SystemExit | None = None  # the last stop raised: known when swallowed
        self.ended = False  # the server has returned: a stop raised now would cut the sink
        self.unraisablehook = sys.unraisablehook  # the one before `swallowed`
        self.loading: str | None = None  # the ini whose app `serve` is loading

    def listen(self, signals: list[int]) -> None:
        """Handle `signals`, and any stop Python would print and drop (`swallowed`)."""
        self.signals = signals
        for signum in signals:
            signal.signal(signum, self)
        sys.unraisablehook = self.swallowed

    def __call__(self, signum: int, frame: object) -> None:
        if self.loading is not None:
            stopped_before_serving(f"while loading {self.loading}")
        hub = eventlet.hubs.get_hub()
        if self.began is None:
            self.began = time.monotonic()
            self.grace = hub.schedule_call_global(STOP_GRACE, self.stop)
        current = getcurrent()
        if current is not hub.greenlet and current.parent is not None:
            hub.schedule_call_global(0, self.stop)
            return
        self.stop()

    @contextlib.contextmanager
    def while_loading(self, path: str) -> Iterator[None]:
        """A stop that comes while `path` is read and its app built ends the process at once
        (`stopped_before_serving`): nothing is under way to finish, so nothing is lost by not
        waiting for the load to give the stop back."""
        self.loading = path
        try:
            yield
        finally:
            self.loading = None

    def stop(self) -> None:
        """Raise SystemExit, unless the stop has ended (`end`)."""
        if self.ended:
            return
        self.raised = SystemExit(0)
        raise self.raised

    def swallowed(self, unraisable: sys.UnraisableHookArgs) -> None:
        """`sys.unraisablehook`: a stop Python dropped is raised again in the hub; anything
        else is printed as before."""
        if self.raised is not None and unraisable.exc_value is self.raised:
            eventlet.hubs.get_hub().schedule_call_global(0, self.stop)
            return
        self.unraisablehook(unraisable)

    def end(self) -> float:
        """The server has returned, or never served: signals are ignored, and no stop is
        raised any more (the grace's, or one scheduled in the hub). When the stop began (now,
        for a server that returned on its own)."""
        for signum in self.signals:
            signal.signal(signum, signal.SIG_IGN)
        sys.unraisablehook = self.unraisablehook
        self.ended = True
        if self.grace is not None:
            self.grace.cancel()
        return self.began if self.began is not None else time.monotonic()
