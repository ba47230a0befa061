"""The rules of the body a checked layer passes up (`serve --check-wsgi`): each item bytes,
start_response called before the first, the Content-Length it declared matched, each body
with a `close()` it took from the layer below closed, and what the layer below wrote through
the layer's own write callable passed on (`stack.wsgi_checks_writes`).

They are said as the body is read or closed, long after the layer's call returned, so they are
methods of that call's `stack.wsgi_checks.Boundary`, which the checked body
(`stack.wsgi_checks_body_wrapper.CheckedBody`) keeps and which mixes them in (`BodyChecks`):
they read what the boundary holds and say through its `say`. What wraps the bodies
(`stack.wsgi_checks_body_wrapper`), and keeps each one taken from below to be closed
(`stack.wsgi_checks.took`), needs the boundary's class, and these none of it, so nothing here
imports `stack.wsgi_checks`.
"""

from __future__ import annotations

from typing import Any

from stack.explain_words import article
from stack.wsgi_checks_values import content_length
from stack.wsgi_checks_values import has_no_body
from stack.wsgi_checks_writes import WRITE_KEPT
from stack.wsgi_checks_writes import never_passed_on
from stack.wsgi_checks_writes import passed_on
from stack.wsgi_places import at
from stack.wsgi_places import body_at
from stack.wsgi_places import made_words
from stack.wsgi_places import returned_at

#: The rules of the body, as a wsgi.warning's `rule` names them.
BODY_TYPE = "body-type"
CONTENT_LENGTH = "content-length"
BODYLESS_BODY = "body-with-bodyless-status"
NO_START = "no-start-response"
NOT_ITERABLE = "body-not-iterable"
UNCLOSED = "body-not-closed"


class BodyChecks:
    """The body's checks of one call of a checked layer (`stack.wsgi_checks.Boundary`, which
    holds what they read: the trace, the node, the status and headers passed up, what was
    written, the warnings said), each said through its `say`."""

    __slots__ = ()

    def check_item(self, item: Any, how: str, body: Any = None) -> None:
        """Say that the layer `how` (passed up, wrote) `item`, if it is no bytes: `body` the
        body that held it, if it was no write. Bytes take back what the layer below wrote
        through the layer's own write callable that they hold (`passed_on`)."""
        passed_on(self.trace, self.node, item)
        if not isinstance(item, bytes):
            # NOTE: by its type alone: a body may hold secrets (the stack keeps only an
            # error's, redacted), and its items' sizes would make one warning a chunk
            self.say(BODY_TYPE, f"{how} a body item as {article(type(item).__name__)}; WSGI "
                                "wants bytes", body)

    def no_start(self, body: Any) -> None:
        """Say that the layer passed up `body` without calling start_response: where from
        (`body_at`), or else the `return` of its own code that returned it (`returned_at`), an
        app that called nothing before."""
        words = ("returned its body without calling start_response (nor write); WSGI wants "
                 "start_response called before the first byte of the body is passed up")
        if words in self.said:
            return
        where = (body_at(self.trace, self.node, self.started_at, body)
                 or at(returned_at(self.app)))
        self.say(NO_START, words, where=where)

    def not_iterable(self, body: Any) -> None:
        """Say that the layer returned `body`, which is no iterable (None, an `int`): where
        from, its code's one `return` (`returned_at`). At the top the server refuses it and
        the stack says so (`stack.trace.NOT_A_BODY`); below a WebOb layer, WebOb took a None
        as an empty body, the client got a 200 with nothing, and nothing was said."""
        shown = "None" if body is None else article(type(body).__name__)
        self.say(NOT_ITERABLE, f"returned {shown}, which is no response body; WSGI wants an "
                               "iterable of bytes", where=at(returned_at(self.app)))

    def closed_below(self) -> None:
        """Say that the layer never closed a body it got from the layer below that has a
        `close()` (`took`), once the layer is done: it returned a list (nothing of its runs
        after), or raised, or its own body was closed, or read to its end when it has no
        `close()` of its own to close the one below from. Each body once: they are taken as
        said, which lets go of them (the trace holds them, and they the trace)."""
        bodies = getattr(self.trace, "bodies_below", None)
        taken = bodies.pop(self.node, None) if bodies else None
        if not taken:
            return
        for checked, made in taken:
            if checked.closed:
                continue
            where = made_words(made)
            self.say(UNCLOSED, f"never called close() of the body the layer below passed up "
                               f"to it ({article(checked.closes)}); WSGI wants a layer that "
                               "takes a body to close it, as the server closes the one it "
                               "gets, or what close() frees stays held",
                     where=f" (it called the layer below at `{where}`)" if where else "")

    def ended(self, size: int | None, body: Any, past: str = "") -> None:
        """The layer's body `body` was read to its end, `size` bytes (None: not countable):
        check its Content-Length, if it declared one a body should match; `past`, the `yield`
        that took the body past it, if it went past and that was told (`CheckedBody`)."""
        declared = content_length(self.headers)
        total = None if size is None or self.written is None else size + self.written
        kept = never_passed_on(self.trace, self.node)
        if self.method == "HEAD":
            return
        if kept is not None:
            self.kept_back(*kept)
        if has_no_body(self.status):
            if total:
                self.bodyless(total, body)
            return
        if declared is None or total is None or declared == total:
            return
        outcome = ("the client waits for bytes that never come" if total < declared
                   else "the client takes the bytes past it for the next response")
        # NOTE: bytes it wrote count first: the `yield` that took the body alone past the
        # header may not be the one that took the response past it
        where = (f" (the `yield` at `{past}` went past it)" if past and total > declared
                 and not self.written
                 else body_at(self.trace, self.node, self.started_at, body))
        self.say(CONTENT_LENGTH, f"passed up `Content-Length: {declared}` with a body of "
                                 f"{total} bytes; WSGI wants the header to say what the body "
                                 f"holds ({outcome})", where=where)

    def kept_back(self, left: int, written: int, made: Any) -> None:
        """Say that the layer never passed on `left` of the `written` bytes the layer below
        wrote through the write callable of its own start_response (`stack.wsgi_checks_writes`),
        its body read to its end: the client never got them, and nothing failed."""
        amount = f"the {written} bytes" if left == written else f"{left} of the {written} bytes"
        where = made_words(made)
        self.say(WRITE_KEPT, f"never passed on {amount} the layer below wrote through the "
                             "write callable of the start_response it handed down, neither "
                             "writing them on nor passing them up in its body: the client "
                             "never got them; WSGI wants a layer that hands down a write "
                             "callable of its own to send on what is written through it",
                 where=f" (it called the layer below at `{where}`)" if where else "")

    def bodyless(self, total: int, body: Any) -> None:
        """Say that the layer passed up `total` bytes of body with a status that has none
        (204, 304, 1xx): eventlet writes them after the headers all the same, where the
        client, reading no body, takes them for the start of the next response over a kept
        connection. request.end's `bytes` counts them, as sent, and its words say the client
        read none (`stack.explain_answer.unread_words`); this says which layer passed them up."""
        self.say(BODYLESS_BODY, f"passed up a body of {total} bytes with `{self.status}`; HTTP "
                                "allows no body with that status, and the client reads none, "
                                "but eventlet sends it after the headers all the same: over a "
                                "kept connection, the client reads it as the start of the next "
                                "response",
                 where=body_at(self.trace, self.node, self.started_at, body))
