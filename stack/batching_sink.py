"""The sink every trace destination shares (`BatchingSink`): a bounded deque of encoded traces,
delivered in batches by a green thread, never in the request's way; and how a stopping stack
delivers what is left.
"""

from __future__ import annotations

import logging
import time
from collections import deque

import eventlet

from stack import wire
from stack.request_trace import Trace
from stack.trace import TracedApp

#: What the console calls the sinks (`stack.sinks`, `stack.http_sink` too), as it always has.
LOG = logging.getLogger("stack.sinks")

#: Traces held while the destination is slow or down; older ones are dropped past this.
QUEUE_TRACES = 5000
#: Traces sent in one batch.
BATCH_TRACES = 200
#: How often an idle sender looks for new traces (seconds): the floor of a trace's latency.
POLL_INTERVAL = 0.005
#: Least time between two deliveries (seconds). An idle stack's trace goes out at once; under
#: load, traces coalesce into fewer, larger batches, each costing the serving core a connection.
MIN_DELIVERY_INTERVAL = 0.025
#: A batch at least this large means the stack is busy: the next delivery then waits
#: `BUSY_DELIVERY_INTERVAL` instead. At that rate a viewer sees requests go by in bursts
#: anyway, and a tenth of a second of delay buys the serving core ~1.5% of its throughput
#: (`tests/bench/bench_tracing.py`).
BUSY_BATCH = 20
BUSY_DELIVERY_INTERVAL = 0.1
#: Longest pause between retries of a failing destination (seconds); and the longest a
#: destination that asks for a pause (`AskedToWait`) is sent nothing: the dashboard asks for
#: 5 s (DESIGN.md), and a longer ask, or one that never ends, must not hold delivery up.
MAX_BACKOFF = 5.0
#: Least time between two log lines about dropped traces (seconds).
LOG_DROPS_EVERY = 10.0
#: Longest a stopping stack waits on a destination that answers nothing (seconds): the traces
#: still queued are worth that wait, and no more, when it is gone or hung.
FINAL_DELIVERY = 1.0
#: Of that, what is kept for telling the destination the stack stopped (`say_stopped`): a
#: batch that hung through the whole of it left the dashboard showing the stack running.
STOPPED_NOTICE = 0.25
#: The rest: how long each batch of the last delivery may wait for its answer (seconds).
ANSWER_WINDOW = FINAL_DELIVERY - STOPPED_NOTICE
#: Longest a stop takes, counted from its first signal (seconds): the server's wait for the
#: requests under way (`stack.server.STOP_GRACE`), the last delivery to a destination that
#: answers each batch in time but is behind, and the notice that the stack stopped. Under the
#: 5 s honcho (which runs the Procfile) leaves a process between SIGTERM and SIGKILL
#: (`honcho.manager.KILL_WAIT`), so that the stack still says what it dropped, and the
#: dashboard that it stopped; at one batch a third of a second, the traces of some 2,000
#: requests.
LONGEST_STOP = 4.0


class BatchingSink:
    """Holds traces in a bounded deque; a green thread delivers them in batches."""

    def __init__(self, capacity: int = QUEUE_TRACES) -> None:
        self.queue: deque[bytes] = deque(maxlen=capacity)
        self.dropped = 0
        #: Where traces go, as `--trace-to` names it (set by each kind of sink): log lines say it.
        self.destination = ""
        #: The dropped count before the destination began failing, once that was logged; None
        #: while it answers. A newcomer who read "failing" is then told when it answers again
        #: (`answered`): a stack started before its dashboard fails at first, then works.
        self._failing_from: int | None = None
        #: Why the destination refused this stack (`stack.http_sink.Refused`), while it does:
        #: its requests then go untraced (`refuse`), and a trace of one begun before is
        #: dropped, counted.
        self.refused: str | None = None
        #: The stack's root (`stack.trace.TracedApp`), told when to stop and resume tracing.
        self.root: TracedApp | None = None
        self._logged_drops_at = 0.0
        self._thread = None
        #: Traces in the batch being delivered now, taken from the queue (0 between batches).
        self._sending = 0
        #: Why the sender's last delivery failed: a stopping stack says it of the batch the
        #: sender had on its way (`stop` clears it first).
        self._failure = ""
        #: Until when (`time.monotonic()`) the destination asked to be sent nothing
        #: (`wait_as_asked`): the sender holds the queue meanwhile, its oldest traces dropped
        #: and counted past its bound, as while the destination is down.
        self.quiet_until = 0.0
        #: Whether the console was told the destination asked for a pause, since it last
        #: answered: it asks again at each post while its store is locked.
        self._pause_said = False

    def submit(self, trace: Trace) -> None:
        """Queue a finished trace, encoded (request path: never raises into the request)."""
        if self.refused is not None:
            self.dropped += 1
            return
        try:
            encoded = wire.encode_trace(trace)
        except Exception as exc:  # a trace that cannot be encoded is dropped, not the request
            self.dropped += 1
            self.log_drops(f"cannot encode a trace: {type(exc).__name__}: {exc}")
            return
        queue = self.queue
        if len(queue) == queue.maxlen:
            self.dropped += 1
        queue.append(encoded)

    def start(self, root: TracedApp) -> None:
        """Start delivering the traces of the stack whose root is `root`.

        NOTE: the first announcement is answered before the stack serves (at most `TIMEOUT`
        when the destination hangs): a stack the dashboard refuses would otherwise trace its
        first requests, and answer with the ids of traces that will never exist.
        """
        self.root = root
        self.tick()
        self._thread = eventlet.spawn(self._run)

    def refuse(self, reason: str | None) -> None:
        """Say why the destination refuses this stack, or that it takes it again (None): while
        it refuses, the root lets requests through untraced, each counted dropped."""
        self.refused = reason
        if self.root is not None:
            self.root.untraced = self.count_untraced if reason is not None else None

    def count_untraced(self) -> None:
        """Count a request served untraced while the destination refuses this stack."""
        self.dropped += 1

    def _run(self) -> None:
        backoff = 0.0
        next_delivery = 0.0
        while True:
            self.tick()
            wait = max(next_delivery, self.quiet_until) - time.monotonic()
            if not self.queue or wait > 0:
                eventlet.sleep(max(POLL_INTERVAL, wait))
                continue
            count = min(BATCH_TRACES, len(self.queue))
            dropped_before = self.dropped
            next_delivery = time.monotonic() + (
                BUSY_DELIVERY_INTERVAL if count >= BUSY_BATCH else MIN_DELIVERY_INTERVAL)
            try:
                self.deliver_next(count)
            except Exception as exc:  # any failure of the destination: count, back off, go on
                self.dropped += count
                self._sending = 0
                self._failure = f"{type(exc).__name__}: {exc}"
                if isinstance(exc, AskedToWait):  # its pause, not ours: the loop waits it out
                    self.wait_as_asked(exc, dropped_before)
                    continue
                backoff = min(MAX_BACKOFF, backoff * 2 or 0.1)
                self.log_failing(self._failure, dropped_before)
                eventlet.sleep(backoff)
                continue
            backoff = 0.0
            self.answered("delivered")

    def deliver_next(self, count: int) -> None:
        """Deliver the `count` oldest traces queued. `_sending` counts them until delivered,
        and still does when delivery failed or was cut short: the caller counts them dropped."""
        batch = [self.queue.popleft() for _ in range(count)]
        self._sending = count
        self.deliver(self.encode(batch))
        self._sending = 0

    def stop(self, began: float) -> None:
        """Deliver the traces still queued, while the destination answers, and log what became
        of them; by `LONGEST_STOP` after `began` (`time.monotonic()`: the stop's first signal)
        at the latest.

        Called once the server has stopped (SIGTERM, Ctrl-C): the sender holds back up to a
        tenth of a second of requests under load, and they would be lost uncounted. A batch
        the sender has on its way is left to finish first (cut off before its answer, it
        would be neither known delivered nor safe to send again), then the sender is stopped,
        so that one green thread at a time uses the connection. An answer is waited for
        `ANSWER_WINDOW` after the one before (the first, after this call): a destination gone
        or hung is given up on that soon, as a user pressing Ctrl-C expects. One that answers
        each batch in time is behind, not gone (a dashboard whose core is busy), and is given
        more, until `LONGEST_STOP` after `began`: stopping at the first second would drop
        traces it was taking. Requests still under way (the server cut them off,
        `stack.server.STOP_GRACE`, which leaves this call `FINAL_DELIVERY` of the stop) send no
        trace: they are counted dropped too. The destination is then told the stack stopped,
        with what was dropped (`say_stopped`), in what is left of `FINAL_DELIVERY`:
        `STOPPED_NOTICE` at least.
        """
        started = time.monotonic()
        end = began + LONGEST_STOP - STOPPED_NOTICE  # of the deliveries: the notice's is after
        # what the sender has on its way counts as queued: delivered, or dropped here or by it
        queued, dropped_before, reason = len(self.queue) + self._sending, self.dropped, ""
        self._failure = ""
        # NOTE: the sender is left an empty queue: it ends with the batch it has on its way,
        # where it would take the next as soon as that one was answered, each in turn, and be
        # cut off, its batch dropped, when the wait for "its" batch ran out.
        held, self.queue = self.queue, deque(maxlen=self.queue.maxlen)
        try:
            try:
                with eventlet.Timeout(max(0.0, min(ANSWER_WINDOW, end - started))):
                    while self._sending and self._thread is not None and not self._thread.dead:
                        eventlet.sleep(POLL_INTERVAL)
            finally:
                # the traces of requests that ended meanwhile; past the bound, as `submit`
                # counts them, the oldest dropped
                self.dropped += max(0, len(held) + len(self.queue) - held.maxlen)
                held.extend(self.queue)
                self.queue = held
            self.halt()
            answered = started if self._failure else time.monotonic()
            reason = self.deliver_queued(started, answered, end)
        except eventlet.Timeout:
            reason = f" (no answer within {ANSWER_WINDOW:g} s)"
        except Exception as exc:
            reason = f" ({type(exc).__name__}: {exc})"
        finally:
            self.halt()
        if reason and end <= started:  # no answer was waited for: the grace ran late
            reason = (f" (the stop's time, {LONGEST_STOP:g} s in all, was spent before delivery "
                      "began)")
        if self._failure and not reason:  # the batch the sender had on its way failed
            reason = f" ({self._failure})"
        self.dropped += self._sending + len(self.queue)
        lost = self.dropped - dropped_before
        cut = self.root.open if self.root is not None else 0
        self.dropped += cut
        self._sending = 0
        self.queue.clear()
        LOG.log(logging.WARNING if self.dropped else logging.INFO,
                "stopping: %d trace%s still queued: %d delivered, %d dropped%s%s%s",
                queued, "" if queued == 1 else "s", queued - lost, lost, reason,
                f"; {_requests(cut)} under way cut off, untraced" if cut else "",
                f"; traces of {_requests(self.dropped)} dropped in all" if self.dropped else "")
        self.say_stopped(max(min(started + FINAL_DELIVERY, began + LONGEST_STOP),
                             time.monotonic() + STOPPED_NOTICE))

    def deliver_queued(self, started: float, answered: float, end: float) -> str:
        """Deliver the queue batch by batch, each answered within `ANSWER_WINDOW` of the answer
        before (the first, of `answered`; else `eventlet.Timeout`) and by `end`, as long as
        what is left until `end` holds what the batch before took to be answered; why some are
        left, "" when none are. `started`: when the stop's delivery began.

        NOTE: not only while a whole `ANSWER_WINDOW` is left: a destination behind, answering
        each batch in a quarter of a second, would be sent none in the last half second it had.
        Nor whenever some time is left: a batch cut off before its answer is counted dropped,
        though the destination, answering as it did, would most likely take it (and show its
        traces, the "untraced" count with them).

        NOTE: says once, as the stop outlasts its usual second, that it goes on delivering:
        signals are ignored meanwhile (`stack.server.stop_sink`), and a user whose Ctrl-C
        seems to do nothing is told why, and for how long at most.
        """
        too_slowly = (f" (the destination answers too slowly: a stop lasts {LONGEST_STOP:g} s "
                      "at most)")
        said = False
        took = 0.0  # none before the first, which comes within `ANSWER_WINDOW` of the stop
        while self.queue:
            now = time.monotonic()
            if now + took >= end:
                return too_slowly
            if not said and now > started + ANSWER_WINDOW:
                said = True
                LOG.info("stopping: the trace destination (%s) answers slowly; delivering the "
                         "%d trace%s left, for %.1f s at most", self.destination,
                         len(self.queue), "" if len(self.queue) == 1 else "s", end - now)
            cut_at = min(answered + ANSWER_WINDOW, end)
            with eventlet.Timeout(cut_at - now) as timer:
                try:
                    self.deliver_next(min(BATCH_TRACES, len(self.queue)))
                except eventlet.Timeout as exc:
                    if exc is timer and cut_at == end:
                        return too_slowly
                    raise
            answered = time.monotonic()
            took = answered - now
        return ""

    def say_stopped(self, deadline: float) -> None:
        """Tell the destination the stack stopped, with its final dropped count, by `deadline`
        (`time.monotonic()`) at the latest, never raising; nothing by default (a file has
        nowhere to show it)."""

    def halt(self) -> None:
        """Stop the sender thread where it waits."""
        if self._thread is not None:
            self._thread.kill()
            self._thread = None

    def tick(self) -> None:
        """Periodic work besides delivery (announcing); nothing by default."""

    def encode(self, traces: list[bytes]) -> bytes:
        """A batch of encoded traces as the destination takes it."""
        raise NotImplementedError

    def deliver(self, body: bytes) -> None:
        raise NotImplementedError

    def log_drops(self, reason: str) -> bool:
        """Say why traces are dropped, and how many so far, once in `LOG_DROPS_EVERY` at most;
        whether it was said now."""
        now = time.monotonic()
        if now - self._logged_drops_at < LOG_DROPS_EVERY:
            return False
        self._logged_drops_at = now
        LOG.warning("trace destination failing (%s); traces of %s dropped so far",
                    reason, _requests(self.dropped))
        return True

    def log_failing(self, reason: str, dropped_before: int) -> None:
        """`log_drops` for a failure of the destination itself, whose recovery is then said
        (`answered`); `dropped_before` is the dropped count before this failure."""
        if self.log_drops(reason) and self._failing_from is None:
            self._failing_from = dropped_before

    def wait_as_asked(self, exc: AskedToWait, dropped_before: int) -> None:
        """Send the destination nothing for the pause it asked for (`exc.seconds`), and say so
        once until it answers again (`answered`), not at each refusal; `dropped_before`: the
        dropped count before this refusal, which `answered` counts from."""
        self.quiet_until = time.monotonic() + exc.seconds
        if self._pause_said:
            return
        self._pause_said = True
        if self._failing_from is None:
            self._failing_from = dropped_before
        LOG.warning("trace destination asks for a pause (%s): sending it nothing for %g s "
                    "each time it asks, traces held meanwhile (the oldest dropped past %d); "
                    "traces of %s dropped so far", exc, exc.seconds, self.queue.maxlen,
                    _requests(self.dropped))

    def answered(self, how: str) -> None:
        """Say once that the destination answers again (`how`: what got through), after a
        failure of it was logged: without this line the last word was "failing"."""
        self._pause_said = False
        if self._failing_from is not None:
            LOG.info("trace destination reachable again (%s): %s; traces of %s dropped while "
                     "it was not", self.destination, how,
                     _requests(self.dropped - self._failing_from))
            self._failing_from = None


class AskedToWait(RuntimeError):
    """The destination refused a delivery and asked to be sent nothing for `seconds` (HTTP 429
    or 503 with `Retry-After`, `stack.http_sink.retry_after`)."""

    def __init__(self, reason: str, seconds: float) -> None:
        super().__init__(reason)
        self.seconds = seconds


def _requests(count: int) -> str:
    """`1 request`, `2 requests`: the console's count of requests left untraced."""
    return f"{count} request{'' if count == 1 else 's'}"
