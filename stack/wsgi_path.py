"""A request path as a WSGI server hands it over, and as its client typed it.

PEP 3333 has the server hand PATH_INFO and SCRIPT_NAME over as the URL's bytes read as Latin-1,
so a path beyond ASCII is recorded in that form: events keep it (Repeat sends its bytes again),
and the pages, the explanations and `which` show it as typed.
"""

from __future__ import annotations


def readable_path(path: str | None) -> str | None:
    """A WSGI path (a request's path, SCRIPT_NAME, PATH_INFO) as its client typed it.

    A WSGI server hands a path over as its bytes read as Latin-1 (PEP 3333), so `/servers/é`,
    sent as `/servers/%C3%A9`, arrives as `/servers/Ã©`; read as UTF-8, as clients send it,
    the bytes are the `é` typed again. Bytes that are not UTF-8 (`%FF`) are left as they
    arrived. For reading only: events keep the path as the stack saw it (Repeat sends its
    bytes again).
    """
    if path is None:
        return None
    try:
        return path.encode("latin-1").decode("utf-8")
    except UnicodeError:  # not Latin-1 text, or its bytes are not UTF-8
        return path


def recorded_path(typed: str) -> str:
    """What a path the user typed (`é`, in a filter) looks like as the stack records it: its
    UTF-8 bytes read as Latin-1 (`Ã©`), the inverse of `readable_path`; unchanged when it has
    no UTF-8 bytes (a lone surrogate)."""
    try:
        return typed.encode("utf-8").decode("latin-1")
    except UnicodeError:
        return typed
