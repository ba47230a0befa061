"""Redact secrets from event data before it leaves the stack.

Called when a trace is turned into events (off the request path), for every sink alike, so a
token never reaches a file, the network or the dashboard. The header list is DESIGN.md's; query
parameters and JSON fields are matched by name, because OpenStack spreads secrets over many names
(`password`, `adminPass`, `auth_token`, `X-Amz-Signature`…). A graph's settings (`conf`) are
redacted where the graph is built, as the graph leaves the stack too (announcement, `inspect`).
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
#: Ini setting names that carry secrets: swift's `encryption_root_secret`, cinder's `hmac_keys`,
#: keystone's old `admin_password`, anything ending in `key` or `keys`.
SECRET_SETTING = re.compile(r"password|passwd|secret|token|credential|keys?$", re.I)
#: Deepest nesting of a JSON value (a request body) that `fields` keeps; an object or list
#: deeper is shown as `TOO_DEEP`. JSON nested a thousand deep is valid, and walking it must
#: not end the request in a RecursionError; the dashboard takes twice this
#: (`stack.event_data.MAX_DEPTH`).
MAX_DEPTH = 32
TOO_DEEP = "…"


def header_name(environ_key: str) -> str:
    """`HTTP_X_AUTH_TOKEN` → `X-Auth-Token`."""
    return "-".join(part.capitalize() for part in environ_key[5:].split("_"))


#: The same headers as WSGI environ keys (`HTTP_X_AUTH_TOKEN`).
SECRET_ENVIRON = frozenset("HTTP_" + name.upper().replace("-", "_") for name in SECRET_HEADERS)


def environ_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request headers of a WSGI environ, still keyed `HTTP_…`, secret values redacted.

    Names are left as environ keys because turning them into header names (`header_name`)
    can wait until the events are built, which for the dashboard is on the other side.
    Runs for every traced request, so the work is planned once per list of environ keys (a
    client sends the same headers request after request) and then done by C loops.
    """
    keys = tuple(environ)
    plan = _header_plans.get(keys) or _plan_headers(keys)
    headers = dict(zip(plan[0], map(environ.__getitem__, plan[0]), strict=True))
    headers.update(plan[1])
    return headers


#: Header plans by environ keys: the `HTTP_…` keys, and the secret ones with their redaction.
_header_plans: dict[tuple[str, ...], tuple[tuple[str, ...], dict[str, str]]] = {}
#: Most plans kept; past this, a new list of keys is planned each time it is met.
MAX_HEADER_PLANS = 256


def _plan_headers(keys: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    names = tuple(key for key in keys if key[:5] == "HTTP_")
    plan = (names, {key: REDACTED for key in names if key in SECRET_ENVIRON})
    if len(_header_plans) < MAX_HEADER_PLANS:
        _header_plans[keys] = plan
    return plan


#: Longest environ value an event shows.
MAX_ENVIRON_VALUE = 200
#: Environ values an event shows as text; anything else is shown by its type.
PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def is_secret_environ(key: str) -> bool:
    """Whether an environ key's value must not leave the stack (a token header, a password)."""
    return key in SECRET_ENVIRON or SECRET_SETTING.search(key) is not None


def environ_value(value: Any) -> str:
    """How an event shows an environ value a layer added (its key not secret).

    Text and numbers are shown, cut at `MAX_ENVIRON_VALUE`; anything else — a request
    context, a token's data — by its type only, since its repr may hold secrets or be huge.
    """
    if type(value) in PLAIN_TYPES:
        return plain_text(value)
    return object_text(type(value))


def plain_text(value: Any) -> str:
    """A value of `PLAIN_TYPES` as an event shows it."""
    return str(value)[:MAX_ENVIRON_VALUE]


def object_text(kind: type) -> str:
    """Any other value as an event shows it: by its type."""
    return f"<{kind.__name__}>"


def headers(environ_headers: dict[str, str]) -> dict[str, str]:
    """Header names for `environ_headers`' keys (`HTTP_X_AUTH_TOKEN` → `X-Auth-Token`)."""
    return {header_name(key): value for key, value in environ_headers.items()}


def query(query_string: str) -> str:
    """The query string with secret parameters' values redacted."""
    if not query_string or not SECRET_QUERY.search(query_string):
        return query_string
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(
        [(name, REDACTED if SECRET_QUERY.search(name) else value) for name, value in pairs],
        safe="*",
    )


def fields(value: Any, depth: int = 0) -> Any:
    """A JSON value with every secret-named field's value redacted, cut at `MAX_DEPTH`."""
    if isinstance(value, (dict, list)) and depth >= MAX_DEPTH:
        return TOO_DEEP
    if isinstance(value, dict):
        return {
            key: (REDACTED if SECRET_FIELD.search(str(key)) and not isinstance(item, dict)
                  else fields(item, depth + 1))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [fields(item, depth + 1) for item in value]
    return value


#: A JSON member with a string value, in text: `"adminPass": "…"`, the value cut short or not
#: (a body's start may end inside it). Possessive, so that no text makes it backtrack.
STRING_MEMBER = re.compile(r'"((?:[^"\\]|\\.)*+)"(\s*+:\s*+)"(?:[^"\\]|\\.)*+(?:"|$)')


def body_text(text: str) -> str:
    """A response body's text with the values of secret-named JSON members redacted.

    Matched in the text rather than parsed, because what is kept is the body's start, which
    may end in the middle of the JSON, and a body may be JSON whatever its Content-Type says.
    """
    return STRING_MEMBER.sub(_redact_member, text)


def _redact_member(member: re.Match) -> str:
    name, colon = member.group(1, 2)
    if SECRET_FIELD.search(name) is None:
        return member.group(0)
    return f'"{name}"{colon}"{REDACTED}"'


def settings(conf: dict[str, str]) -> dict[str, str]:
    """A copy of an ini section's settings with every secret-named setting's value redacted."""
    return {
        name: REDACTED if SECRET_SETTING.search(name) else value for name, value in conf.items()
    }
