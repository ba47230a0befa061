"""A request path as a WSGI server hands it over, and as its client typed it.

PEP 3333 has the server hand PATH_INFO and SCRIPT_NAME over as the URL's bytes read as Latin-1,
so a path beyond ASCII is recorded in that form: events keep it (Repeat sends its bytes again),
and the pages, the explanations and `which` show it as typed. Routes matches that form too, so
a controller's arguments are in it: they are shown as the controller got them, with what the
client typed beside them.

A shown path is a URL path: every `%` in it begins a %-escape. The server decoded the escapes
the client sent, so a `%` the path holds was sent as `%25` and is shown so: `/a%25FF` (the
three characters `%FF`) never reads as `/a%FF` (the byte 0xFF).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

#: Categories of the characters a path shows %-escaped, as a browser's address bar does:
#: controls, format characters (a right-to-left override, a zero-width space) and spaces
#: other than U+0020, which hide, reorder or pass for other text (`/servers/%E2%80%AEgpj.exe`
#: would read `/servers/exe.jpg`).
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})


def readable_path(path: str | None) -> str | None:
    """A WSGI path (a request's path, SCRIPT_NAME, PATH_INFO) as its client typed it.

    A WSGI server hands a path over as its bytes read as Latin-1 (PEP 3333), so `/servers/é`,
    sent as `/servers/%C3%A9`, arrives as `/servers/Ã©`; read as UTF-8, as clients send it,
    the bytes are the `é` typed again. Each byte that is not part of UTF-8 shows as its
    %-escape (`/caf%E9`), not as the Latin-1 character it arrived as (`café`), which a
    client typing `é` would have sent as UTF-8. Characters that would hide or reorder the
    text (`HIDDEN_CATEGORIES`) are shown as the %-escapes of their bytes too, and so is `%`
    itself (`%25`), which would otherwise make a shown escape ambiguous. For reading only:
    events keep the path as the stack saw it (Repeat sends its bytes again).
    """
    if path is None:
        return None
    try:
        raw = path.encode("latin-1")
    except UnicodeError:  # not Latin-1 text (a path posted to the dashboard as it is)
        return _escape_unclear(path)
    # NOTE: surrogateescape reads each byte that is not part of UTF-8 as a lone surrogate
    # (U+DC80-U+DCFF), which `_escape_unclear` turns back into that byte's %-escape.
    return _escape_unclear(raw.decode("utf-8", "surrogateescape"))


def named_path(key: str, path: str) -> str:
    """`SCRIPT_NAME `/v2.1`` as a sentence says it, or "an empty SCRIPT_NAME": two backticks
    with nothing between them read as a slip of the text, not as the empty string."""
    return f"{key} `{readable_path(path)}`" if path else f"an empty {key}"


def quoted_path(path: str) -> str:
    """A path in backticks as a sentence says it, or "an empty path" (see `named_path`)."""
    return f"`{readable_path(path)}`" if path else "an empty path"


def _escape_unclear(text: str) -> str:
    """`text` with what would hide, reorder or read ambiguously (`%`) as %-escapes."""
    # NOTE: isprintable is false for every hidden category and surrogate; most paths end here.
    if text.isprintable() and "%" not in text:
        return text
    return "".join(
        "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogateescape"))
        if char == "%" or "\udc80" <= char <= "\udcff"
        or char != " " and unicodedata.category(char) in HIDDEN_CATEGORIES else char
        for char in text
    )


def typed_note(value: Any) -> str:
    """` (the client typed 'é'; …)` after a route argument that came from a path beyond ASCII,
    or that holds a `%`.

    Routes matches PATH_INFO as the server hands it over, so for `/servers/%C3%A9` the
    controller really gets `id='Ã©'`, and for `/servers/%25FF` `id='%FF'`: that is shown,
    being the truth of what an app gets, and this says what the client typed
    (`readable_path`). Empty for anything else (`_why_unlike`).
    """
    why = _why_unlike(value)
    return f" (the client typed {readable_path(value)!r}; {why})" if why else ""


def held_note(path: str | None) -> str:
    """` (the environ holds '/servers/Ã©'; …)` after a path shown as typed (`readable_path`)
    where the environ holds it otherwise: the step view's environ table shows SCRIPT_NAME and
    PATH_INFO as typed, and a reader learning WSGI must not take that for what an app gets."""
    why = _why_unlike(path)
    return f" (the environ holds {path!r}; {why})" if why else ""


def lookalike_note(path: str, prefixes: list[str]) -> str:
    """`; `/café` only looks like one: …` after "no prefix matches PATH", when one of a
    urlmap's `prefixes` reads as a prefix of the path as typed, not of the path the server
    handed over, which is what urlmap compares (`/café` is no prefix of `/cafÃ©/x`, nor `/%25`
    of `/%/x`): the 404 is right, and this says why. Empty otherwise."""
    why = _why_unlike(path)
    if not why:
        return ""
    typed = readable_path(path)
    for prefix in prefixes:
        if (prefix.startswith("/") and prefix != "/" and starts_with_prefix(typed, prefix)
                and not starts_with_prefix(path, prefix)):
            return (f"; `{prefix}` only looks like one: urlmap compares the path the server "
                    f"handed over, {path!r} ({why})")
    return ""


def starts_with_prefix(path: str, prefix: str) -> bool:
    """Whether `prefix` is a urlmap prefix of `path`: all of it, or up to a `/`."""
    return path == prefix or path.startswith(prefix + "/")


def _why_unlike(value: Any) -> str:
    """Why a recorded path reads otherwise than its client typed it; empty when it does not:
    other ASCII reads the same either way, and text beyond Latin-1 is no path's bytes."""
    if not isinstance(value, str) or max(value, default="") > "\xff":
        return ""
    if not value.isascii():
        return "WSGI reads a path's bytes as Latin-1"
    if "%" in value:
        return "the server decodes a path's %-escapes"
    return ""


def shown_args(args: Mapping[str, Any]) -> str:
    """Route or action arguments as `id='Ã©' (the client typed 'é'; …), format='json'`."""
    return ", ".join(f"{key}={value!r}{typed_note(value)}" for key, value in args.items())


def route_args(match: Mapping[str, Any]) -> str:
    """The arguments a route's match passes its controller's action, as `shown_args` says
    them (for `id='Ã©'`, what its client typed too)."""
    return shown_args({k: v for k, v in match.items() if k not in ("controller", "action")})
