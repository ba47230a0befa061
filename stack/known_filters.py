"""What a few well-known filters do to a request on their own, known by the factory an ini names.

`which` reads the ini, not the filters' code, so it takes a filter to pass a request on. For
the filters operators ask about most that hides the answer they came for: swift's healthcheck
answers `/healthcheck` itself (the proxy never sees it), and keystonemiddleware's auth_token
answers 401 to a request with no token (the router never sees it). Each is known here from its
project's code, by the factory names OpenStack's inis give it; nothing is imported.

One is no filter any more: oslo.middleware's healthcheck, which older inis still name as one
(`app_only_words`), is said by `inspect` without importing it and by `serve` when it fails.
"""

from __future__ import annotations

from dataclasses import dataclass

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
OSLO_HEALTHCHECK_FILTER = frozenset({"oslo_middleware:Healthcheck.factory",
                                     "oslo_middleware.healthcheck:Healthcheck.factory"})
#: Since when it is no filter, said by `inspect` and `serve` alike.
APP_ONLY_SINCE = "oslo.middleware 7.0.0"
#: What WebOb, swift and oslo.config read as true (`delay_auth_decision = True`, `yes`, `1`).
TRUE = frozenset({"true", "yes", "on", "1", "t", "y"})


@dataclass(frozen=True)
class Answer:
    """A filter answering the request itself: the status and why, in words."""

    status: int
    words: str


def answers(factory: str | None, conf: dict[str, str], path: str) -> Answer | None:
    """The answer a known filter gives itself to a request for `path` (SCRIPT_NAME + PATH_INFO
    as it reaches the filter), or None: it passes the request on, as far as is known."""
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
    return (f"make it `[app:{name}]` with `paste.app_factory = oslo_middleware:Healthcheck."
            f"app_factory`, out of the pipeline, routed by a urlmap's `/healthcheck = {name}`")


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
                "service's `[keystone_authtoken]`")
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
