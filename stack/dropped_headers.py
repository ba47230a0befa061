"""The request headers a client sent that eventlet passed on to no app.

request.start lists the headers as the app got them (the environ's `HTTP_…` keys), which is
not all the client sent: eventlet drops a header whose name holds `_` (`X_Auth_Token`, which
an environ could not tell from `X-Auth-Token`), and of two Content-Length or Content-Type
headers passes on the first only. An operator chasing a 401 ("The X-Auth-Token header is
missing.") must be told, so the lines the client sent (which eventlet keeps in the environ,
`RAW_HEADERS`) are compared with what went on.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from stack import redact_environ
from stack.events import DroppedHeader
from stack.http_token import UNDERSCORE

#: The environ key where eventlet keeps the request's header lines as sent: `((name, value), …)`.
RAW_HEADERS = "headers_raw"
#: Why eventlet passed on to no app the second of a header it takes one of
#: (`redact_environ.BODY_HEADERS`).
FIRST_ONLY = "eventlet passes on the first {} only"


def dropped_headers(environ: dict[str, Any], headers: dict[str, str]) -> list[DroppedHeader]:
    """The headers the client sent that no app got, each with why, values redacted as
    request.start's (`redact_environ.header_value`); `headers` are that environ's request
    headers (`redact_environ.environ_headers`).

    Runs for every traced request, so a request that lost nothing costs a count: each line
    sent is then one of `headers`, but for a Content-Type, there whether sent or not. Lines
    that do not add up (a header sent twice, a Content-Type, one dropped) are read by name,
    planned once per list of names.
    """
    sent = environ.get(RAW_HEADERS)
    if type(sent) is not tuple or len(sent) == len(headers) - ("CONTENT_TYPE" in headers):
        return []
    names = tuple(map(itemgetter(0), sent))
    plan = _plans.get(names)
    if plan is None:  # NOTE: not `or`: most plans are empty, nothing dropped
        plan = _plan(names)
    return [{"name": names[index], "value": redact_environ.header_value(key, sent[index][1]),
             "why": why} for index, key, why in plan]


#: What is dropped of a list of header names sent: `(index, environ key, why)` each.
_plans: dict[tuple[str, ...], tuple[tuple[int, str, str], ...]] = {}
#: Most plans kept; past this, a new list of names is planned each time it is met.
MAX_PLANS = 256


def _plan(names: tuple[str, ...]) -> tuple[tuple[int, str, str], ...]:
    plan, seen = [], set()
    for index, name in enumerate(names):
        key = redact_environ.environ_key(name)
        if "_" in name:
            plan.append((index, key, UNDERSCORE.format(name.replace("_", "-"))))
        # `HTTP_CONTENT_TYPE`: `CONTENT_TYPE` in an environ
        elif key[5:] in redact_environ.BODY_HEADERS:
            if key in seen:
                plan.append((index, key, FIRST_ONLY.format(redact_environ.header_name(key))))
            seen.add(key)
    planned = tuple(plan)
    if len(_plans) < MAX_PLANS:
        _plans[names] = planned
    return planned
