"""Values as a `serve --check-wsgi` warning quotes them (`shown`, `typed`), and the bytes of a
layer's body as the checks count them against its Content-Length (`count`, `content_length`,
`length`, `has_no_body`, `bodyless_code`): shared by the checks of what a layer passes up
(`stack.wsgi_checks`, `stack.wsgi_checks_headers`) and of the environ it passes down
(`stack.wsgi_checks_environ`), and `bodyless_code` by the explanation of a trace's answer
(`stack.explain_answer`).

A value a layer passed is quoted only when it is a plain value: any other object's repr may
hold secrets, be huge, or raise, so it is named by its type alone; and a secret's is never
quoted.
"""

from __future__ import annotations

from typing import Any

from stack import redact
from stack import redact_environ
from stack.explain_words import article
from stack.trace_records import status_code

#: Statuses whose response has no body, so no Content-Length to match (1xx too).
BODYLESS = (204, 304)
#: Longest value a message quotes.
MAX_SHOWN = 80
#: Types a message quotes the value of; any other is named by its type alone (its repr may
#: hold secrets, be huge, or raise).
QUOTED_TYPES = (str, bytes, int, float, bool, type(None))


def shown(value: Any, secret: bool = False) -> str:
    """A value as a message quotes it: its repr, cut short; `***` if `secret`; by its type if
    it is no plain value."""
    if secret:
        return redact.REDACTED
    if type(value) not in QUOTED_TYPES:
        return redact_environ.object_text(type(value))
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


def typed(value: Any, secret: bool = False) -> str:
    """`an int (42)`: a value's type, and the value if a message quotes it (`shown`)."""
    if value is None:
        return "None"
    kind = article(type(value).__name__)
    return f"{kind} ({shown(value, secret)})" if type(value) in QUOTED_TYPES else kind


def count(size: int | None, item: Any) -> int | None:
    """`size` plus the length of a body item; None once an item has no length the server
    would send as bytes (eventlet sends a str as ASCII, one byte a character)."""
    if size is None or not isinstance(item, (bytes, bytearray, str)):
        return None
    return size + len(item)


def content_length(headers: Any) -> int | None:
    """The Content-Length `headers` declare, as a number (an int one too); None when there is
    none, or none a number can be read from."""
    if not isinstance(headers, (list, tuple)):
        return None
    for header in headers:
        if (isinstance(header, tuple) and len(header) == 2 and isinstance(header[0], str)
                and header[0].lower() == "content-length"):
            return length(header[1])
    return None


def length(value: Any) -> int | None:
    """The number of bytes a Content-Length header or a `CONTENT_LENGTH` says (an int one
    too); None when no number can be read from it."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    # NOTE: a few digits only: Python refuses to read a number of thousands
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None


def has_no_body(status: Any) -> bool:
    """Whether a response of `status` has no body (1xx, 204, 304): none to match."""
    code = passed_code(status)
    return code is not None and bodyless_code(code)


def passed_code(status: Any) -> int | None:
    """The code of the status a layer passed up; None when it is no string (another check
    says so) or begins with no number."""
    return status_code(status) if isinstance(status, str) else None


def bodyless_code(code: int) -> bool:
    """Whether a response with the status `code` has no body (1xx, 204, 304): HTTP ends it
    with its headers."""
    return code < 200 or code in BODYLESS
