"""The sink that POSTs trace batches to a dashboard and announces the stack to it (`HttpSink`),
on one kept-alive connection it reads the answers of itself.
"""

from __future__ import annotations

import json
import os
import socket
import time
from datetime import UTC
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote
from urllib.parse import urlsplit

import eventlet

from stack import wire
from stack.batching_sink import LOG
from stack.batching_sink import MAX_BACKOFF
from stack.batching_sink import QUEUE_TRACES
from stack.batching_sink import AskedToWait
from stack.batching_sink import BatchingSink
from stack.host_url import address

#: How long delivery waits on a destination before calling it failed (seconds).
TIMEOUT = 2.0
#: Send buffer of the connection to the destination: room for a large batch in one send.
SEND_BUFFER = 4 * 1024 * 1024
#: Longest answer (headers, or a body to read past) the sink reads from a destination.
MAX_ANSWER = 65536
#: How often the stack re-announces itself, so a dashboard started later learns of it.
ANNOUNCE_EVERY = 30.0
#: How often a stack the dashboard refused asks again (each ask is a line of the dashboard's
#: access log).
REFUSED_RETRY = 5.0


class HttpSink(BatchingSink):
    """POSTs trace batches to a dashboard's /api/events and announces the stack on /api/stacks.

    Batches travel as the compact trace records of `stack.wire` (the contract allows it):
    encoding them costs the stack several times less than contract events would, on the core
    it serves from.
    """

    def __init__(self, url: str, announcement: dict[str, Any],
                 capacity: int = QUEUE_TRACES) -> None:
        super().__init__(capacity)
        try:
            parts = urlsplit(url)
            port = parts.port  # read now: a port out of range raises here
        except ValueError as exc:  # "Port out of range 0-65535", "Invalid IPv6 URL"
            raise ValueError(f"--trace-to {url!r} is no http://HOST:PORT: {exc}") from None
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"--trace-to {url!r} is no http://HOST:PORT: it names no host")
        self.destination = url
        self.host = parts.hostname
        self.port = port or 80
        #: `Host:` as RFC 7230 has it, an IPv6 address in brackets (`[::1]:5000`).
        self.host_header = address(self.host, self.port)
        self.announcement = announcement
        # A dashboard serving a class asks for the teacher's token (dashboard/auth.py).
        token = os.environ.get(wire.TOKEN_ENV)
        self.authorization = f"Authorization: Bearer {token}\r\n" if token else ""
        self._announce_due = 0.0
        self._sock: socket.socket | None = None
        #: The dropped count the dashboard last took with a batch (what its badge shows).
        self.reported = 0

    def tick(self) -> None:
        now = time.monotonic()
        if now < max(self._announce_due, self.quiet_until):
            return
        try:
            self.post("/api/stacks", json.dumps(self.announcement).encode())
            self.answered("announced")
            if self.refused is not None:
                LOG.warning("the dashboard took this stack: its requests are traced again")
                self.refuse(None)
            self._announce_due = now + ANNOUNCE_EVERY
        except Refused as exc:
            self._failing_from = None  # it answers: its refusal is said instead
            if self.refused != str(exc):
                LOG.warning("%s; serving on, untraced, until it takes this stack", exc)
            # NOTE: sent, these would be listed and drawn as the other stack's.
            self.dropped += len(self.queue)
            self.queue.clear()
            self.refuse(str(exc))
            self._announce_due = now + REFUSED_RETRY
        except AskedToWait as exc:  # its store is locked: its batches are refused too
            self.wait_as_asked(exc, self.dropped)
        except Exception as exc:
            self._announce_due = now + 1.0
            self.log_failing(f"announce failed: {type(exc).__name__}: {exc}", self.dropped)

    def halt(self) -> None:
        """Stop the sender, and its connection: it may have been cut off mid-answer."""
        super().halt()
        self.disconnect()

    def encode(self, traces: list[bytes]) -> bytes:
        return wire.encode_batch(traces)

    def deliver(self, body: bytes) -> None:
        self.reported = self.post_events(body, wire.CONTENT_TYPE)

    def say_stopped(self, deadline: float) -> None:
        """Post an empty batch saying the stack stopped (`wire.STOPPED_HEADER`), with the final
        dropped count.

        NOTE: not an announcement (`tick`), which would show a stopping stack as online for
        75 s: an empty batch naming the stack (`wire.STACK_HEADER`) sets its count and that it
        stopped, nothing else. Not sent while the dashboard refuses this stack: the name is
        another stack's.
        """
        remaining = deadline - time.monotonic()
        if self.refused is not None or remaining <= 0:
            return
        name = quote(self.announcement["name"], safe="")
        try:
            with eventlet.Timeout(remaining):
                self.reported = self.post_events(
                    b"[]", "application/json",
                    f"{wire.STACK_HEADER}: {name}\r\n{wire.STOPPED_HEADER}: 1\r\n")
        except (Exception, eventlet.Timeout) as exc:  # the console has said the count
            count = (f", and its count of requests untraced stays at {self.reported}, not "
                     f"{self.dropped}" if self.reported != self.dropped else "")
            LOG.info("the dashboard was not told this stack stopped%s (%s)", count,
                     "no answer in time" if isinstance(exc, eventlet.Timeout)
                     else f"{type(exc).__name__}: {exc}")
        finally:
            self.disconnect()

    def post_events(self, body: bytes, content_type: str, extra: str = "") -> int:
        """POST a batch to /api/events with the dropped count so far (`wire.DROPPED_HEADER`),
        which the dashboard has once it answers; returns that count."""
        dropped = self.dropped
        self.post("/api/events", body, content_type,
                  f"{wire.DROPPED_HEADER}: {dropped}\r\n{extra}")
        return dropped

    def post(self, path: str, body: bytes, content_type: str = "application/json",
             extra: str = "") -> None:
        """One HTTP/1.1 POST on a kept-alive connection, with `extra` header lines; raises
        unless answered 2xx.

        NOTE: not http.client: its email-package header parsing of every answer cost the
        serving core about 5% of its throughput in the tracing benchmark. The dashboard's
        answers are small, and only their status, length and keep-alive matter here.
        """
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host_header}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            f"{extra}{self.authorization}\r\n"
        ).encode("latin-1")
        try:
            if self._sock is None:
                self._sock = self.connect()
            self._sock.sendall(head + body)
            status, keep_alive, said, asked = read_answer(self._sock)
        except (OSError, ValueError):
            self.disconnect()
            # A dashboard that comes back may have forgotten us: announce again soon.
            self._announce_due = min(self._announce_due, time.monotonic() + 1.0)
            raise
        if not keep_alive:
            self.disconnect()
        if status in (401, 403):  # a dashboard serving a class (dashboard/auth.py) refused
            given = "is not its token" if self.authorization else "is not set"
            raise Refused(f"the dashboard refused this stack ({status}): it wants the teacher's "
                          f"token in ${wire.TOKEN_ENV}, which {given} (`python -m dashboard` "
                          "printed the command to start a stack with it)")
        if status == 409:
            raise Refused(f"the dashboard refused this stack: {reason_of(said)}")
        if status >= 300:
            why = f"{path} answered {status}" + (f": {reason_of(said)}" if said else "")
            seconds = retry_after(asked) if status in (429, 503) else None
            if seconds is not None:
                raise AskedToWait(why, seconds)
            raise RuntimeError(why)

    def connect(self) -> socket.socket:
        """A connection whose send buffer holds a whole batch.

        NOTE: with the default buffer, a green `sendall` of a large batch to a busy dashboard
        goes out in many partial sends, each a trip through eventlet's hub; measured, that cost
        the serving core more than encoding the batch.
        """
        sock = socket.create_connection((self.host, self.port), timeout=TIMEOUT)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        return sock

    def disconnect(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


class Refused(RuntimeError):
    """The dashboard refused this stack: 409, another stack still serving has its name; 401 or
    403, it serves a class and this stack lacks the teacher's token (`wire.TOKEN_ENV`)."""


def reason_of(body: bytes) -> str:
    """The `error` of a dashboard's JSON answer, or its text."""
    text = body.decode("utf-8", "replace")
    try:
        return str(json.loads(text)["error"])
    except (ValueError, KeyError, TypeError):
        return text.strip() or "no reason given"


def retry_after(value: str | None) -> float | None:
    """The seconds a `Retry-After` header value asks to wait (a number of seconds or an HTTP
    date, RFC 9110), at most `MAX_BACKOFF`; None when there is none to wait: no value, one
    that cannot be read, or a time already past (the sink's own backoff then applies)."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        seconds = float(value)  # a number too long for a float is inf: MAX_BACKOFF below
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):  # an offset past any clock's
            return None
        if when.tzinfo is None:  # `-0000`: UTC, its source unknown
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(seconds, MAX_BACKOFF) if seconds > 0 else None


def read_answer(sock: socket.socket) -> tuple[int, bool, bytes, str | None]:
    """Read one HTTP answer from `sock`: its status, whether the connection stays open, its
    body (empty when its length is not given or too large: it is not read), and its
    `Retry-After` (None without one)."""
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > MAX_ANSWER:
            raise ValueError("answer headers too long")
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed before an answer")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    version, status = status_line.split(" ", 2)[:2]
    headers = dict(line.lower().split(":", 1) for line in lines if ":" in line)
    length = headers.get("content-length")
    asked = headers.get("retry-after")
    if length is None or int(length) > MAX_ANSWER:
        # unknown or large length: read no further, reconnect
        return int(status), False, b"", asked
    while len(body) < int(length):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed inside an answer")
        body += chunk
    keep_alive = version == "HTTP/1.1" and headers.get("connection", "").strip() != "close"
    return int(status), keep_alive, body[:int(length)], asked
