"""What a few well-known filters do to a request on their own, known by the factory an ini names.

`which` reads the ini, not the filters' code, so it takes a filter to pass a request on. For
the filters operators ask about most that hides the answer they came for: swift's healthcheck
answers `/healthcheck` itself (the proxy never sees it), keystonemiddleware's auth_token
answers 401 to a request with no token (the router never sees it), and a size limit answers
413 to a body over its limit (given as `-H 'Content-Length: N'`). Each is known here from its
project's code, by the factory names OpenStack's inis give it; nothing is imported.

One is no filter any more: oslo.middleware's healthcheck, which older inis still name as one
(`app_only_words`), is said by `inspect` without importing it and by `serve` when it fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from stack.http_token import CONTENT_LENGTH
from stack.section_options import set_name

#: swift's healthcheck filter: `HealthCheckMiddleware` answers a request whose `req.path`
#: (SCRIPT_NAME + PATH_INFO) is `/healthcheck`, whatever its method.
SWIFT_HEALTHCHECK = frozenset({"egg:swift#healthcheck",
                               "swift.common.middleware.healthcheck:filter_factory"})
HEALTHCHECK_PATH = "/healthcheck"
#: keystonemiddleware's auth_token (and keystoneclient's, its predecessor): with no token in
#: `X-Auth-Token` (or swift's `X-Storage-Token`) it answers 401, unless `delay_auth_decision`.
KEYSTONE_AUTH_TOKEN = frozenset({"egg:keystonemiddleware#auth_token",
                                 "keystonemiddleware.auth_token:filter_factory",
                                 "keystoneclient.middleware.auth_token:filter_factory"})
TOKEN_HEADERS = ("X-Auth-Token", "X-Storage-Token")
#: The compute demo's stand-in for it (`stack.filters.token_auth`): 401 unless the token is
#: one of its `valid_tokens`.
DEMO_TOKEN_AUTH = "stack.filters.token_auth:TokenAuth.factory"
#: oslo.middleware's healthcheck named as a filter's factory (glance-registry's, magnum's and
#: cloudkitty's inis): deprecated as one before oslo.middleware 7.0.0, since then its `factory`
#: raises NotImplementedError ("HealthcheckMiddleware should be deployed as an app, not a
#: filter") when PasteDeploy builds the pipeline; `Healthcheck.app_factory` builds the app.
#: Named by its entry point too (`use = egg:oslo.middleware#healthcheck`, as the graph writes
#: the factory of such a section): where it is still a filter entry point its factory raises
#: as above; oslo.middleware 8.2.0 has it only in `paste.app_factory`, where an [app:…] with
#: the same `use` builds it.
OSLO_HEALTHCHECK_EGG = frozenset({"egg:oslo.middleware#healthcheck",
                                  "egg:oslo_middleware#healthcheck"})
OSLO_HEALTHCHECK_FILTER = frozenset({"oslo_middleware:Healthcheck.factory",
                                     "oslo_middleware.healthcheck:Healthcheck.factory",
                                     *OSLO_HEALTHCHECK_EGG})
#: Since when it is no filter, said by `inspect` and `serve` alike.
APP_ONLY_SINCE = "oslo.middleware 7.0.0"
#: What oslo.config's Boolean reads as true, as keystonemiddleware reads its settings
#: (`delay_auth_decision = True`, `yes`, `1`): `t` or `y` it refuses, and the filter fails to load.
TRUE = frozenset({"true", "yes", "on", "1"})
#: oslo.middleware's sizelimit: 413 to a Content-Length over `max_request_body_size`, read from
#: the ini's settings, else from the service's config (`[oslo_middleware]`), else its default.
#: cinder's own is a subclass of it since Kilo, built by the same `factory`, so read alike.
OSLO_SIZE_LIMIT = frozenset({"egg:oslo.middleware#sizelimit", "egg:oslo_middleware#sizelimit",
                             "oslo_middleware:RequestBodySizeLimiter.factory",
                             "oslo_middleware.sizelimit:RequestBodySizeLimiter.factory",
                             "cinder.api.middleware.sizelimit:RequestBodySizeLimiter.factory"})
#: nova's own, before oslo's: the limit is the service config's `osapi_max_request_body_size`;
#: the ini's settings are not read.
OSAPI_SIZE_LIMIT = frozenset({"nova.api.sizelimit:RequestBodySizeLimiter.factory"})
#: The factories that read the global_conf under their settings (keystonemiddleware's
#: `filter_factory`, oslo.middleware's `ConfigurableMiddleware.factory`: `conf =
#: global_conf.copy(); conf.update(local_conf)`): a section's `set NAME = v` counts as
#: `NAME = v` for them. [DEFAULT] would too, but the graph carries no [DEFAULT].
READ_GLOBAL_CONF = KEYSTONE_AUTH_TOKEN | OSLO_SIZE_LIMIT
#: The compute demo's (`stack.filters.size_limit`): the ini's `max_request_body_size`, else the
#: default, and a Content-Length only (a body sent without one is not limited).
DEMO_SIZE_LIMIT = "stack.filters.size_limit:RequestBodySizeLimiter.factory"
#: oslo.middleware's default `max_request_body_size` (112 KiB), which nova's had too.
DEFAULT_MAX_BODY = 114688


@dataclass(frozen=True)
class Answer:
    """A filter answering the request itself: the status and why, in words."""

    status: int
    words: str


def handed(factory: str | None, conf: dict[str, str]) -> dict[str, str]:
    """The settings `factory` reads, from a section's `conf` (`graph_model.built_by`'s, which
    keeps a `set NAME` under that key): for `READ_GLOBAL_CONF`, its `set`s as the names they
    set, the section's own settings over them, as PasteDeploy hands them; else `conf`."""
    if factory not in READ_GLOBAL_CONF:
        return conf
    sets = {name: value for option, value in conf.items()
            if (name := set_name(option)) is not None}
    return {**sets, **{option: value for option, value in conf.items()
                       if set_name(option) is None}}


def answers(factory: str | None, conf: dict[str, str], path: str,
            headers: dict[str, str]) -> Answer | None:
    """The answer a known filter gives itself to a request for `path` (SCRIPT_NAME + PATH_INFO
    as it reaches the filter) with `headers`, or None: it passes the request on, as far as is
    known."""
    limit = size_limit(factory, conf)
    size = content_length(headers)
    if limit is not None and size is not None and size > limit[0]:
        return Answer(413, f"{limit[1]} takes a body of at most {limit[2]}, and this "
                           f"request's Content-Length, {size:,} bytes, is over it; the layers "
                           "after it never see the request")
    if factory in SWIFT_HEALTHCHECK and path == HEALTHCHECK_PATH:
        disabled = (f" while the file its `disable_path` names (`{conf['disable_path']}`) exists"
                    if conf.get("disable_path") else "")
        return Answer(200, f"swift's healthcheck answers `{HEALTHCHECK_PATH}` whatever the "
                           f"method, with 200 `OK` (503 `DISABLED BY FILE`"
                           f"{disabled or ' when its `disable_path` file exists'}), and the "
                           "layers after it never see the request")
    return None


def app_only_words(factory: str | None, name: str) -> str | None:
    """How to write the filter `name` whose `factory` builds only an app now
    (`OSLO_HEALTHCHECK_FILTER`), as oslo.middleware's docs have it; None for any other. Short:
    `serve` says it after the factory's own error, in a message of at most 400 characters
    (`stack.ini_text.readable`)."""
    if factory is None or factory.strip() not in OSLO_HEALTHCHECK_FILTER:
        return None
    built = (f"`use = {factory.strip()}`" if factory.strip() in OSLO_HEALTHCHECK_EGG else
             "`paste.app_factory = oslo_middleware:Healthcheck.app_factory`")
    return (f"make it `[app:{name}]` with {built}, out of the pipeline, routed by a urlmap's "
            f"`/healthcheck = {name}`")


def auth_words(factory: str | None, conf: dict[str, str], headers: dict[str, str]) -> str | None:
    """What a known auth filter does with a request with `headers`, in words ending without a
    full stop; None for a filter not known to be one."""
    given = token_headers(headers)
    if factory in KEYSTONE_AUTH_TOKEN:
        if delays(conf):
            return ("is keystonemiddleware's auth_token with `delay_auth_decision` true: it "
                    "answers no 401 itself, but marks a request without a valid token "
                    "`X-Identity-Status: Invalid` and leaves the refusal to the layers after it")
        if given:
            return (f"is keystonemiddleware's auth_token: it asks keystone whether the "
                    f"`{given[0]}` token is valid, and answers 401 itself if not")
        return ("is keystonemiddleware's auth_token: a request with no `X-Auth-Token` header "
                "gets its 401 (`The request you have made requires authentication.`), and the "
                "layers after it never see it, unless `delay_auth_decision` is true in the "
                "service's `[keystone_authtoken]` or the ini's [DEFAULT] or a `set` (its "
                "factory takes the global_conf too)")
    if factory == DEMO_TOKEN_AUTH:
        if given[:1] == ["X-Auth-Token"]:
            return ("is the demo's token check: it passes the request on only if its "
                    "`X-Auth-Token` is one of the filter's `valid_tokens`, and answers 401 "
                    "itself if not")
        return ("is the demo's token check: a request with no `X-Auth-Token` header gets its "
                "401 (`The X-Auth-Token header is missing.`), and the layers after it never see "
                "it")
    return None


def refuses_tokenless(factory: str | None, conf: dict[str, str],
                      headers: dict[str, str]) -> bool:
    """Whether the filter answers 401 itself to this request for its want of a token header."""
    if factory == DEMO_TOKEN_AUTH:
        return token_headers(headers)[:1] != ["X-Auth-Token"]
    return factory in KEYSTONE_AUTH_TOKEN and not token_headers(headers) and not delays(conf)


def token_headers(headers: dict[str, str]) -> list[str]:
    """The `TOKEN_HEADERS` the request gives (header names are case-insensitive)."""
    given = {name.lower() for name in headers}
    return [header for header in TOKEN_HEADERS if header.lower() in given]


def delays(conf: dict[str, str]) -> bool:
    """Whether auth_token's `delay_auth_decision` is set true in the ini."""
    return str(conf.get("delay_auth_decision", "")).lower() in TRUE


def size_words(factory: str | None, conf: dict[str, str], headers: dict[str, str]) -> str | None:
    """What a known size limit does with a request with `headers` it passes on (`answers` says
    the 413), in words ending without a full stop; None for a filter not known to be one, or
    a request that gives neither a Content-Length nor a Transfer-Encoding (no body)."""
    limit = size_limit(factory, conf)
    if limit is None:
        return None
    _, what, within = limit
    size = content_length(headers)
    if size is not None:
        return (f"is {what}: this request's Content-Length, {size:,} bytes, is within its limit, "
                f"{within}, so it passes the request on (a larger one gets 413)")
    if not any(name.lower() == "transfer-encoding" for name in headers):
        return None
    if factory == DEMO_SIZE_LIMIT:
        return (f"is {what}: it reads the Content-Length only, so a body sent without one, as "
                "this request's is, passes whatever its size")
    return (f"is {what}: a body sent without a Content-Length, as this request's is, is read "
            f"through a reader that answers 413 once it has read more than {within}")


def size_limit(factory: str | None, conf: dict[str, str]) -> tuple[int, str, str] | None:
    """`(limit in bytes, the filter in words, the limit in words)` of a known size limit, or
    None; None too where its limit in the ini is no whole number (the filter then fails on
    its own, which only serving shows)."""
    setting = conf.get("max_request_body_size")
    if factory in OSAPI_SIZE_LIMIT:
        project = factory.partition(".")[0]
        return (DEFAULT_MAX_BODY, f"{project}'s size limit",
                f"{DEFAULT_MAX_BODY:,} bytes (the default of `osapi_max_request_body_size` in "
                f"{project}'s config; the ini's settings are not read)")
    if factory not in OSLO_SIZE_LIMIT and factory != DEMO_SIZE_LIMIT:
        return None
    what = ("the demo's size limit" if factory == DEMO_SIZE_LIMIT else
            "cinder's size limit (oslo.middleware's sizelimit)" if factory.startswith("cinder.")
            else "oslo.middleware's sizelimit")
    if setting is None and factory in OSLO_SIZE_LIMIT:
        return (DEFAULT_MAX_BODY, what,
                f"{DEFAULT_MAX_BODY:,} bytes (oslo's default: the section sets no "
                "`max_request_body_size` (nor a `set`); one in the ini's [DEFAULT] would "
                "count too, which this does not read, and so would the service's config's "
                "`[oslo_middleware] max_request_body_size`)")
    if setting is None:
        return (DEFAULT_MAX_BODY, what,
                f"{DEFAULT_MAX_BODY:,} bytes (oslo's default: the section sets no "
                "`max_request_body_size`)")
    try:
        limit = int(setting)
    except ValueError:
        return None
    return limit, what, f"{limit:,} bytes (its `max_request_body_size = {setting}`)"


def content_length(headers: dict[str, str]) -> int | None:
    """The request's Content-Length (header names are case-insensitive), or None where it
    gives none, or none a server reads as a size."""
    value = next((value for name, value in headers.items()
                  if name.lower() == "content-length"), None)
    return int(value) if value is not None and CONTENT_LENGTH.fullmatch(value) else None
