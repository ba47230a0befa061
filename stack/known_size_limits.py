"""What the well-known size limits do with a request, known by the factory an ini names:
oslo.middleware's (cinder's too), nova's own, the compute demo's.

Split from `stack.known_filters`, which asks `size_limit` for a filter's limit and `sized`
for what it does with the request; nothing is imported of the filters themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stack.known_answers import Answer
from stack.known_answers import Known
from stack.wsgi_checks_values import content_length

#: oslo.middleware's sizelimit: 413 to a Content-Length over `max_request_body_size`, read from
#: the ini's settings, else from the service's config (`[oslo_middleware]`), else its default.
#: cinder's own is a subclass of it since Kilo, built by the same `factory`, so read alike.
OSLO_SIZE_LIMIT = frozenset({"egg:oslo-middleware#sizelimit",
                             "oslo_middleware:RequestBodySizeLimiter.factory",
                             "oslo_middleware.sizelimit:RequestBodySizeLimiter.factory",
                             "cinder.api.middleware.sizelimit:RequestBodySizeLimiter.factory"})
#: nova's own, before oslo's: the limit is the service config's `osapi_max_request_body_size`;
#: the ini's settings are not read.
OSAPI_SIZE_LIMIT = frozenset({"nova.api.sizelimit:RequestBodySizeLimiter.factory"})
#: The compute demo's (`stack.filters.size_limit`): the ini's `max_request_body_size`, else the
#: default, and a Content-Length only (a body sent without one is not limited).
DEMO_SIZE_LIMIT = "stack.filters.size_limit:RequestBodySizeLimiter.factory"
#: oslo.middleware's default `max_request_body_size` (112 KiB), which nova's had too.
DEFAULT_MAX_BODY = 114688


@dataclass(frozen=True)
class Limit:
    """A known size limit: in bytes (None where the ini's value is no whole number, `given`
    then says it), the filter in words, the limit in words."""

    size: int | None
    what: str
    within: str
    given: str = ""


def sized(factory: str | None, limit: Limit, headers: dict[str, str]) -> Known | None:
    """What the size limit `limit` does with a request with `headers`."""
    if limit.size is None:
        return Known(unread_limit(limit))
    size = content_length(list(headers.items()))
    if size is not None and size > limit.size:
        words = (f"{limit.what} takes a body of at most {limit.within}, and this request's "
                 f"Content-Length, {size:,} bytes, is over it; the layers after it never see "
                 "the request")
        return Known(Answer(413, words))
    if size is not None:
        return Known(words=f"is {limit.what}: this request's Content-Length, {size:,} bytes, is "
                           f"within its limit, {limit.within}, so it passes the request on (a "
                           "larger one gets 413)")
    if not any(name.lower() == "transfer-encoding" for name in headers):
        return None
    if factory == DEMO_SIZE_LIMIT:
        return Known(words=f"is {limit.what}: it reads the Content-Length only, so a body sent "
                           "without one, as this request's is, passes whatever its size")
    return Known(words=f"is {limit.what}: a body sent without a Content-Length, as this "
                       f"request's is, is read through a reader that answers 413 once it has "
                       f"read more than {limit.within}")


def unread_limit(limit: Limit) -> Answer:
    """What oslo.middleware's size limit (cinder's too) whose `max_request_body_size` is no
    whole number (`100KB`) does: it hands it to oslo.config, an IntOpt, on every request,
    which then ends in a 500 (oslo.middleware 8.2.0's `ConfigurableMiddleware._conf_get`:
    `set_override`). The demo's cannot be built (`stack.known_filters.unbuildable`)."""
    whose = f"its limit is no whole number of bytes ({limit.given})"
    reason = (f"{whose}: oslo.config reads `max_request_body_size` as an integer (an IntOpt) "
              "and raises ValueError on every request")
    return Answer(500, reason, (
        f"is {limit.what}, and {whose}: on every request it is handed, it passes the value to "
        "oslo.config, which reads `max_request_body_size` as an integer (an IntOpt: bytes, no "
        "unit) and raises ValueError, so the request ends in a 500 and the layers after it "
        "never see it. The stack loads all the same, as the value is read per request, not as "
        "the filter is built: write the limit in bytes"))


def size_limit(factory: str | None, conf: dict[str, str], origin: Callable[..., str],
               default_known: bool = True) -> Limit | None:
    """The limit of a known size limit handed `conf` (`origin`: where a setting comes from,
    `stack.known_filters._origin`; `default_known`: the graph carries the ini's [DEFAULT]), or
    None for a filter not known to be one."""
    setting = conf.get("max_request_body_size")
    if factory in OSAPI_SIZE_LIMIT:
        project = factory.partition(".")[0]
        return Limit(DEFAULT_MAX_BODY, f"{project}'s size limit",
                     f"{DEFAULT_MAX_BODY:,} bytes (the default of `osapi_max_request_body_size` "
                     f"in {project}'s config; the ini's settings are not read)")
    if factory not in OSLO_SIZE_LIMIT and factory != DEMO_SIZE_LIMIT:
        return None
    what = ("the demo's size limit" if factory == DEMO_SIZE_LIMIT else
            "cinder's size limit (oslo.middleware's sizelimit)" if factory.startswith("cinder.")
            else "oslo.middleware's sizelimit")
    if setting is None and factory in OSLO_SIZE_LIMIT:
        unset = ("the ini sets no `max_request_body_size`, in the section, a `set` or "
                 "[DEFAULT]" if default_known else
                 "the section sets no `max_request_body_size`, nor a `set`; the ini's "
                 "[DEFAULT] would count too, which this graph, made by an older "
                 "version, does not carry")
        return Limit(DEFAULT_MAX_BODY, what,
                     f"{DEFAULT_MAX_BODY:,} bytes (oslo's default: {unset}; the service's "
                     "config's `[oslo_middleware] max_request_body_size` would count too, "
                     "which is not read here)")
    if setting is None:
        return Limit(DEFAULT_MAX_BODY, what,
                     f"{DEFAULT_MAX_BODY:,} bytes (oslo's default: PasteDeploy hands its factory "
                     "no `max_request_body_size` of the section's, and it reads no [DEFAULT])")
    try:
        limit = int(setting)
    except ValueError:
        return Limit(None, what, "", origin("max_request_body_size"))
    return Limit(limit, what, f"{limit:,} bytes ({origin('max_request_body_size')})")
