"""A request's headers and the environ values layers added, as an event shows them
(`stack.redact`): secret headers by name, a URL a header holds read as a URL, and an environ
value that is not text or a number by its type only. Runs for every traced request.
"""

from __future__ import annotations

import re
from typing import Any

from stack.redact import REDACTED
from stack.redact_settings import SECRET_SETTING
from stack.redact_url import url

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


#: The request headers WSGI keeps without the `HTTP_` prefix (PEP 3333): a request's body's.
BODY_HEADERS = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})


def header_name(environ_key: str) -> str:
    """`HTTP_X_AUTH_TOKEN` → `X-Auth-Token`; `CONTENT_TYPE` → `Content-Type`."""
    name = environ_key[5:] if environ_key[:5] == "HTTP_" else environ_key
    return "-".join(part.capitalize() for part in name.split("_"))


def environ_key(name: str) -> str:
    """`X-Auth-Token` → `HTTP_X_AUTH_TOKEN`: the WSGI environ key of a request header."""
    return "HTTP_" + name.upper().replace("-", "_")


#: The same headers as WSGI environ keys (`HTTP_X_AUTH_TOKEN`).
SECRET_ENVIRON = frozenset(environ_key(name) for name in SECRET_HEADERS)
#: Other request headers whose values are secrets, by name (as environ keys), beyond what
#: `SECRET_SETTING` names already (swift's `X-Auth-Key`, `X-Storage-Pass`, `X-Amz-Security-Token`):
#: `Proxy-Authorization`, a `…-Temp-Url-Key-2`.
SECRET_HEADER_NAME = re.compile(r"authorization|_key_\d+$", re.I)
#: Request headers whose value is a URL (as environ keys): its query and its password are
#: redacted as the request's own are (`url`). A `Referer` holds the whole address of the page
#: the request came from, a login's `?token=` included.
URL_HEADERS = frozenset({"HTTP_REFERER", "HTTP_LOCATION", "HTTP_CONTENT_LOCATION",
                         "HTTP_DESTINATION", "HTTP_X_ORIGINAL_URL", "HTTP_X_REWRITE_URL",
                         "HTTP_X_FORWARDED_URI"})


def environ_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request headers of a WSGI environ, still keyed `HTTP_…`, secret values redacted.

    Names are left as environ keys because turning them into header names (`header_name`)
    can wait until the events are built, which for the dashboard is on the other side.
    Runs for every traced request, so the work is planned once per list of environ keys (a
    client sends the same headers request after request) and then done by C loops; only the
    values of the few headers that carry a URL (`URL_HEADERS`) are read one by one.
    """
    keys = tuple(environ)
    names, secrets, urls = _header_plans.get(keys) or _plan_headers(keys)
    headers = dict(zip(names, map(environ.__getitem__, names), strict=True))
    headers.update(secrets)
    for key in urls:
        headers[key] = url(headers[key])
    return headers


#: Header plans by environ keys: the `HTTP_…` keys, the secret ones with their redaction, and
#: those holding a URL.
_header_plans: dict[tuple[str, ...], tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]] = {}
#: Most plans kept; past this, a new list of keys is planned each time it is met.
MAX_HEADER_PLANS = 256


def _plan_headers(
    keys: tuple[str, ...]
) -> tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]:
    # NOTE: eventlet puts a CONTENT_TYPE in every environ, `text/plain` when none was sent:
    # it is kept for a request with a body only (what its app read it as), not for each GET.
    body = "CONTENT_LENGTH" in keys or "HTTP_TRANSFER_ENCODING" in keys
    names = tuple(key for key in keys
                  if key[:5] == "HTTP_" or (body and key in BODY_HEADERS))
    secrets = {key: REDACTED for key in names if is_secret_environ(key)}
    plan = (names, secrets, tuple(key for key in names if key in URL_HEADERS))
    if len(_header_plans) < MAX_HEADER_PLANS:
        _header_plans[keys] = plan
    return plan


def header_value(key: str, value: str) -> str:
    """A request header's value as an event shows it, the header named by its environ key
    (`environ_key`): redacted if secret, its query and password redacted if a URL."""
    if is_secret_environ(key):
        return REDACTED
    return url(value) if key in URL_HEADERS else value


#: Longest environ value an event shows.
MAX_ENVIRON_VALUE = 200
#: Environ values an event shows as text; anything else is shown by its type.
PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def is_secret_environ(key: str) -> bool:
    """Whether an environ key's value must not leave the stack (a token header, a password)."""
    return (key in SECRET_ENVIRON or SECRET_SETTING.search(key) is not None
            or (key[:5] == "HTTP_" and SECRET_HEADER_NAME.search(key) is not None))


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


def by_type(text: str) -> bool:
    """Whether an event's environ value is an `object_text`: what the value was is not
    recorded."""
    return text[:1] == "<" and text[-1:] == ">"


def headers(environ_headers: dict[str, str]) -> dict[str, str]:
    """Header names for `environ_headers`' keys (`HTTP_X_AUTH_TOKEN` → `X-Auth-Token`)."""
    return {header_name(key): value for key, value in environ_headers.items()}
