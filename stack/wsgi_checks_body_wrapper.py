"""The checks' wrapper of a layer's iterable body (`CheckedBody`), and how to tell whether a
body a layer got from below has a `close()` it must call (`closable`).

Split from `stack.wsgi_checks`, whose `Boundary` makes one for each iterable body a checked
layer passes up and reads `closable` of each it got: what the wrapper checks is
`stack.wsgi_checks_body`'s `BodyChecks`, mixed into the boundary it is handed.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from types import GeneratorType
from typing import TYPE_CHECKING
from typing import Any

from stack.body_wrapping import KeepsLength
from stack.body_wrapping import close_body
from stack.lazy_body import LazyBody
from stack.wsgi_checks_values import content_length
from stack.wsgi_checks_values import count
from stack.wsgi_places import yielded_at

if TYPE_CHECKING:
    from stack.wsgi_checks import Boundary


def closable(body: Any) -> CheckedBody | None:
    """The checks' wrapper of `body` (`CheckedBody`), whose `close()` notes it was called,
    when the body a layer below returned under it has a `close()` (`CheckedBody.closes`);
    None when it has none, or is a generator.

    A body passes up through the wrappers of each layer it crosses: a probe's (`LazyBody`),
    the checks' (`CheckedBody`); the first of the checks' is the one the layer must close.
    """
    checked = lazy_unwrapped(body)
    if isinstance(checked, CheckedBody) and checked.closes:
        return checked
    return None


def lazy_unwrapped(body: Any) -> Any:
    """`body` without the probes' wrappers (`LazyBody`) over it: a probe wraps its checked
    layer (`stack.loader`), so what is under them is that layer's `CheckedBody`, if any."""
    while isinstance(body, LazyBody):  # bounded: each wraps a body made before it
        body = body.body
    return body


class CheckedBody:
    """A layer's iterable body, each chunk checked as the layer above reads it; the whole
    checked (`Boundary.ended`) only when read to its end."""

    __slots__ = ("body", "boundary", "closed", "closes")

    def __init__(self, body: Iterable[Any], boundary: Boundary) -> None:
        self.body = body
        self.boundary = boundary
        #: Whether its `close()` was called: a layer above that takes it must (`closable`).
        self.closed = False
        #: The type of the body a layer below returned under the wrappers of the layers it
        #: crossed, when it has a `close()` a layer above that takes this one must call; ""
        #: when it has none, or is a generator: a generator closes itself as its last reference
        #: goes (PEP 342), which CPython does at once, so a layer that drops one unclosed holds
        #: nothing (`for chunk in app_iter: yield chunk` is the most common filter of all).
        #: Told once, here, of the body right below: a layer passing a body on wraps it
        #: again, and `closable` reads this at each layer, which would else walk them all.
        self.closes = closable_kind(body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.body, name)

    def __iter__(self) -> Iterator[Any]:
        """Each chunk checked as it passes; and, when the body goes past the Content-Length
        its layer passed up, the `yield` that took it past noted then, while the generator
        waits at it (`yielded_at`), for the warning `Boundary.ended` makes at the end."""
        boundary = self.boundary
        size: int | None = 0
        starts, declared = 0, None
        past: str | None = None  # not looked for yet: "" is looked for and not found
        for chunk in self.body:
            boundary.check_item(chunk, "passed up", self.body)
            if not boundary.starts and isinstance(chunk, (bytes, bytearray, str)) and chunk:
                boundary.no_start(self.body)
            size = count(size, chunk)
            if starts != boundary.starts:  # headers passed up, or replaced: read once each
                starts, declared = boundary.starts, content_length(boundary.headers)
            if (declared is not None and size is not None and size > declared
                    and past is None):
                past = yielded_at(self.body)
            yield chunk
        if not boundary.starts:
            boundary.no_start(self.body)
        boundary.ended(size, self.body, past or "")
        if getattr(self.body, "close", None) is None:  # no close() to close the one below
            boundary.closed_below()

    def close(self) -> None:
        self.closed = True
        close_body(self.body)
        self.boundary.closed_below()


def closable_kind(body: Any) -> str:
    """`CheckedBody.closes` of a checked body over `body`: that of the checked body under it,
    if any, or else the type of `body` when it has a `close()` and is no generator."""
    body = lazy_unwrapped(body)
    if isinstance(body, CheckedBody):
        return body.closes
    if isinstance(body, GeneratorType) or getattr(body, "close", None) is None:
        return ""
    return type(body).__name__


class SizedCheckedBody(KeepsLength, CheckedBody):
    """A checked body whose body has a length (`KeepsLength`): a layer above gets what it gets
    unchecked."""

    __slots__ = ()
