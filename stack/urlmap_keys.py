"""A urlmap composite's keys read as Paste's `urlmap_factory` reads them: the label each
prefix is stored under (`/v2/` → `/v2`, `domain d port p /x` → `http://d:p/x`), and why a key
an ini reader cut at its first `:` or `=` is no prefix.

Apart from `stack.graph_sections`, which reads a whole section and calls these for each key
of a urlmap: they read one key alone, and `stack.graph` hands them on to its callers.
"""

from __future__ import annotations

import re

from paste.urlmap import URLMap
from paste.urlmap import parse_path_expression

#: The rest of a urlmap line `http://HOST[:PORT][/PATH] SIGN APP` after the key `http` an ini
#: reader ends at its first `:`: host, port, path, the separator (`:` or `=`) and the app.
_URL_KEY = re.compile(r"//([^/:=\s]+)(?::(\d+))?(/[^:=\s]*)?\s*([:=])?(.*)", re.DOTALL)


def split_key(key: str, value: str) -> str | None:
    """Why a urlmap key `domain`, `port` or `http` is no prefix when its value holds the rest
    of it (`domain:example.com / = app`, `http://example.com/v2 = app`: an ini key ends at its
    first `:` or `=`), or None.

    NOTE: Paste's own words ("'domain' must be followed with a domain name") would deny what
    the line plainly shows; what it was read as is the reason.
    """
    url = _URL_KEY.match(value) if key in ("http", "https") else None
    if url is not None:
        # `http://api.example.com:8080/v2 = app`, a whole URL: Paste's words for it instead,
        # with the line's own separator (`/v3: b` is a key `/v3` and the value `b` as written).
        host, port, path, sign, app = url.groups()
        separator = ": " if sign == ":" else " = "
        written = (f"`domain {host}{f' port {port}' if port else ''} {path or '/'}{separator}"
                   f"{app.strip() or 'APP'}`, the URL in Paste's words")
    elif key not in ("domain", "port") or not any(sign in value for sign in ":="):
        return None
    else:  # Paste takes a port only after a domain: `domain example.com port 8080 /`.
        written = (f"`{key} {value}`" if key == "domain" else f"`domain HOST {key} {value}`")
        written += f", with a space after {key!r}"
    return (f"{key!r} is not a URL prefix: the line is read as the key {key!r} and the value "
            f"{value!r}, as a key ends at its first ':' or '='; write {written}")


def urlmap_label(domain: str | None, path: str) -> str:
    """The label of a prefix as Paste's `URLMap` stores it: `(domain, path)` → `http://d/x`, `/`."""
    return f"http://{domain}{path or '/'}" if domain else path or "/"


def prefix_label(key: str) -> str:
    """Normalise a urlmap key as Paste's `urlmap_factory` does (`/v2/` → `/v2`), or ValueError."""
    try:
        domain, path = URLMap().normalize_url(parse_path_expression(key))
    except (AssertionError, ValueError) as exc:
        raise ValueError(f"{key!r} is not a URL prefix ({exc})") from None
    return urlmap_label(domain, path)
