"""A minimal Server-Sent Events reader over http.client, for tests and the benchmark; and the
fields of the text `LiveStream` writes one client at one wake-up, read without a connection."""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlsplit


class SSEReader:
    """One connection to an SSE endpoint; `next()` returns `{"id", "event", "data"}` dicts."""

    def __init__(self, url: str, last_event_id: str | None = None, timeout: float = 10.0):
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.connection.request("GET", target, headers=headers)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = dict(self.response.getheaders())

    def next(self) -> dict[str, str] | None:
        """The next message (comments and retry lines skipped); None when the stream ends."""
        message: dict[str, str] = {}
        data: list[str] = []
        while True:
            raw = self.response.readline()
            if not raw:
                return None
            line = raw.decode("utf-8").rstrip("\n")
            if not line:
                if data or "event" in message:
                    message["data"] = "\n".join(data)
                    return message
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            if name == "data":
                data.append(value)
            elif name in ("id", "event"):
                message[name] = value

    def until(self, check, timeout: float = 10.0) -> list[dict[str, str]]:
        """Messages read until one satisfies `check` (included), within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            message = self.next()
            if message is None:
                break
            seen.append(message)
            if check(message):
                return seen
        raise AssertionError(f"no matching message within {timeout}s; got {seen!r}")

    def close(self) -> None:
        self.connection.close()


def event_names(text: str) -> list[str]:
    """The `event:` names in `text` (one write of `LiveStream.messages`), in order."""
    return [line[len("event: "):] for line in text.split("\n") if line.startswith("event: ")]


def data_lines(text: str) -> list[str]:
    """The `data:` lines in `text` (one write of `LiveStream.messages`), in order."""
    return [line[len("data: "):] for line in text.split("\n") if line.startswith("data: ")]
