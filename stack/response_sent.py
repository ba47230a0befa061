"""What a traced response sent, and how it ended when not as it should.

Kept by the Trace for what an app wrote (`stack.request_trace.Trace.counted_write`) and by the
root's streamed body (`stack.trace.ClosingBody`), and read as request.end is recorded
(`stack.trace.TracedApp.finish`).
"""

from __future__ import annotations

from typing import NamedTuple

from stack.body_preview import BODY_PREVIEW
from stack.recorded_errors import SERVER_ERROR


class Sent:
    """How many bytes of a response were sent so far, and the chunks of its first
    `BODY_PREVIEW` bytes, for request.end to show the start of an error's body; `gone`,
    whether writing failed because the client went away."""

    __slots__ = ("sent", "head", "gone")

    def __init__(self) -> None:
        self.sent = 0
        self.head: list[bytes] = []
        self.gone = False

    def add(self, chunk: bytes) -> None:
        """Count a chunk the server has written."""
        if self.sent < BODY_PREVIEW:
            self.head.append(chunk[:BODY_PREVIEW])
        self.sent += len(chunk)


class Ending(NamedTuple):
    """How a response ended, when not as it should (a streamed body that raised or lost its
    client, a write() that failed, a body that is no WSGI body): what `stack.wire` carries as
    request.end's `client_gone` and the body's `error` events.

    `errors`: `(id, type, message, raised_in, closing)` of each exception the body raised, as
    the server iterated it (`closing` false) or in its `close()` (true, once the body was done).
    `client_gone`: the server stopped asking for the body before its end with no error from
    it: writing to the client failed, so the client went away (or its connection broke).
    `answer`: what the server answered when the body failed before any byte was sent
    (`stack.recorded_errors.server_answer`).
    """

    errors: tuple[tuple[int, str, str, str, bool], ...]
    client_gone: bool
    answer: str | None = SERVER_ERROR

    def failed_before(self, sent: int) -> bool:
        """Whether the body failed as it was iterated before any byte was sent: then the
        client got the server's own answer (`answer`), not the app's status."""
        return not sent and any(not closing for *_, closing in self.errors)
