"""A request path as a WSGI server hands it over, and as its client typed it.

PEP 3333 has the server hand PATH_INFO and SCRIPT_NAME over as the URL's bytes read as Latin-1,
so a path beyond ASCII is recorded in that form: events keep it (Repeat sends its bytes again),
and the pages, the explanations and `which` show it as typed.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote_to_bytes

#: Categories of the characters a path shows %-escaped, as a browser's address bar does:
#: controls, format characters (a right-to-left override, a zero-width space) and spaces
#: other than U+0020, which hide, reorder or pass for other text (`/servers/%E2%80%AEgpj.exe`
#: would read `/servers/exe.jpg`). static/js/player.js `readablePath` escapes the same.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})


def readable_path(path: str | None) -> str | None:
    """A WSGI path (a request's path, SCRIPT_NAME, PATH_INFO) as its client typed it.

    A WSGI server hands a path over as its bytes read as Latin-1 (PEP 3333), so `/servers/é`,
    sent as `/servers/%C3%A9`, arrives as `/servers/Ã©`; read as UTF-8, as clients send it,
    the bytes are the `é` typed again. Bytes that are not UTF-8 (`%FF`) are left as they
    arrived. Characters that would hide or reorder the text (`HIDDEN_CATEGORIES`) are shown
    as the %-escapes of their bytes. For reading only: events keep the path as the stack saw
    it (Repeat sends its bytes again).
    """
    if path is None:
        return None
    try:
        raw = path.encode("latin-1")
    except UnicodeError:  # not Latin-1 text (a path posted to the dashboard as it is)
        return _escape_hidden(path, "utf-8")
    try:
        return _escape_hidden(raw.decode("utf-8"), "utf-8")
    except UnicodeError:  # its bytes are not UTF-8
        return _escape_hidden(path, "latin-1")


def _escape_hidden(text: str, encoding: str) -> str:
    if text.isprintable():  # NOTE: false for every hidden category; most paths end here
        return text
    return "".join(
        "".join(f"%{byte:02X}" for byte in char.encode(encoding, "surrogatepass"))
        if char != " " and unicodedata.category(char) in HIDDEN_CATEGORIES else char
        for char in text
    )


def recorded_path(typed: str) -> str:
    """What a path the user typed (`é`, in a filter) looks like as the stack records it: its
    UTF-8 bytes read as Latin-1 (`Ã©`), the inverse of `readable_path`, %-escapes as the
    pages show them decoded (`%E2%80%AE`); unchanged when it has no UTF-8 bytes (a lone
    surrogate)."""
    try:
        if "%" in typed:
            return unquote_to_bytes(typed).decode("latin-1")
        return typed.encode("utf-8").decode("latin-1")
    except UnicodeError:
        return typed
