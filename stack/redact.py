"""Redact secrets from event data before it leaves the stack.

Called when a trace is turned into events (off the request path), for every sink alike, so a
token never reaches a file, the network or the dashboard. The header list is DESIGN.md's; query
parameters and JSON fields are matched by name, because OpenStack spreads secrets over many names
(`password`, `adminPass`, `auth_token`, `X-Amz-Signature`…).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl
from urllib.parse import urlencode

#: What a redacted value is replaced with.
REDACTED = "***"
#: Headers whose values are secrets (lower case).
SECRET_HEADERS = frozenset(
    {
        "x-auth-token",
        "x-subject-token",
        "x-service-token",
        "authorization",
        "cookie",
        "set-cookie",
    }
)
#: Query parameter names that carry secrets.
SECRET_QUERY = re.compile(r"token|password|passwd|secret|signature|api_?key|auth", re.I)
#: JSON body field names that carry secrets.
SECRET_FIELD = re.compile(r"password|adminpass|secret|token", re.I)


def header_name(environ_key: str) -> str:
    """`HTTP_X_AUTH_TOKEN` → `X-Auth-Token`."""
    return "-".join(part.capitalize() for part in environ_key[5:].split("_"))


def headers(environ_headers: dict[str, str]) -> dict[str, str]:
    """Request headers from their environ keys, with secret values redacted."""
    result = {}
    for key, value in environ_headers.items():
        name = header_name(key) if key.startswith("HTTP_") else key
        result[name] = REDACTED if name.lower() in SECRET_HEADERS else value
    return result


def query(query_string: str) -> str:
    """The query string with secret parameters' values redacted."""
    if not query_string or not SECRET_QUERY.search(query_string):
        return query_string
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(
        [(name, REDACTED if SECRET_QUERY.search(name) else value) for name, value in pairs],
        safe="*",
    )


def fields(value: Any) -> Any:
    """A JSON value with every secret-named field's value redacted, at any depth."""
    if isinstance(value, dict):
        return {
            key: (REDACTED if SECRET_FIELD.search(str(key)) and not isinstance(item, dict)
                  else fields(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [fields(item) for item in value]
    return value
