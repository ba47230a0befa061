"""What every wrapper of a WSGI body does as the body would unwrapped: pass the server's
`close()` on, and keep the body's length.

The traced root's streamed body (`stack.trace`), a generator layer's (`stack.lazy_body`) and the
WSGI checks' (`stack.wsgi_checks`) each wrap what a layer returned; the server, or a layer above,
must not tell them from it.
"""

from __future__ import annotations

from collections.abc import Iterable


def close_body(body: Iterable[bytes]) -> None:
    """Close a WSGI body that has a `close()`, as PEP 3333 has the server do: the wrappers
    below pass the server's call on to the body they wrap."""
    close = getattr(body, "close", None)
    if close is not None:
        close()


class KeepsLength:
    """What a wrapper of a body with a length adds: that length, as `len()` of the wrapper.

    A layer above, or the server, asks `hasattr(body, "__len__")` and `len()` of the body it
    gets, and must get what it gets unwrapped: eventlet gives a body with a length a
    Content-Length and one without none (sent chunked, or up to the connection's close); a
    filter may count the parts. So each wrapper comes in two classes, this one mixed into the
    second, chosen by the wrapped body's type: a body without a length stays without.
    """

    __slots__ = ()

    def __len__(self) -> int:
        return len(self.body)
