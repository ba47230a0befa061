"""What a few well-known filters do to a request on their own, known by the factory an ini names.

`which` reads the ini, not the filters' code, so it takes a filter to pass a request on. For
the filters operators ask about most that hides the answer they came for: swift's healthcheck
answers `/healthcheck` itself (the proxy never sees it), swift's tempauth what its
`auth_prefix` (`/auth/`) leads with (it issues tokens), keystonemiddleware's auth_token
answers 401 to a request with no token (the router never sees it), a noauth filter answers it
204 with a made-up token, and a size limit answers
413 to a body over its limit (given as `-H 'Content-Length: N'`). Each is known here from its
project's code, by the factory names OpenStack's inis give it; nothing is imported.

One is no filter any more: oslo.middleware's healthcheck, which older inis still name as one
(`app_only_words`), is said by `inspect` without importing it and by `serve` when it fails.

The auth filters' table and words are `stack.known_auth`'s (swift's tempauth's
`stack.known_tempauth`'s); what a known filter does with a request (`Answer`, `Known`)
`stack.known_answers` holds; the size limits (`size_limit`, `sized`) `stack.known_size_limits`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from stack.graph_defaults import Referred
from stack.graph_json import set_name
from stack.graph_json import sets_of
from stack.known_answers import Answer
from stack.known_answers import Known
from stack.known_auth import GLANCE_CONTEXT
from stack.known_auth import KEYSTONE_AUTH_TOKEN
from stack.known_auth import auth_words
from stack.known_auth import glance_context
from stack.known_auth import token_headers
from stack.known_size_limits import DEMO_SIZE_LIMIT
from stack.known_size_limits import OSLO_SIZE_LIMIT
from stack.known_size_limits import size_limit
from stack.known_size_limits import sized
from stack.known_tempauth import SWIFT_TEMPAUTH
from stack.known_tempauth import tempauth_answer
from stack.known_tempauth import tempauth_passes
from stack.known_tempauth import tempauth_unbuildable
from stack.near_names import edits
from stack.section_names import looked_up

#: swift's healthcheck filter: `HealthCheckMiddleware` answers a request whose `req.path`
#: (SCRIPT_NAME + PATH_INFO) is `/healthcheck`, whatever its method.
SWIFT_HEALTHCHECK = frozenset({"egg:swift#healthcheck",
                               "swift.common.middleware.healthcheck:filter_factory"})
HEALTHCHECK_PATH = "/healthcheck"
#: oslo.middleware's healthcheck named as a filter's factory (glance-registry's, magnum's and
#: cloudkitty's inis): deprecated as one before oslo.middleware 7.0.0, since then its `factory`
#: raises NotImplementedError ("HealthcheckMiddleware should be deployed as an app, not a
#: filter") when PasteDeploy builds the pipeline; `Healthcheck.app_factory` builds the app.
#: Named by its entry point too (`use = egg:oslo.middleware#healthcheck`, as the graph writes
#: the factory of such a section): where it is still a filter entry point its factory raises
#: as above; oslo.middleware 8.2.0 has it only in `paste.app_factory`, where an [app:…] with
#: the same `use` builds it.
OSLO_HEALTHCHECK_EGG = frozenset({"egg:oslo-middleware#healthcheck"})
OSLO_HEALTHCHECK_FILTER = frozenset({"oslo_middleware:Healthcheck.factory",
                                     "oslo_middleware.healthcheck:Healthcheck.factory",
                                     *OSLO_HEALTHCHECK_EGG})
#: Since when it is no filter, said by `inspect` and `serve` alike.
APP_ONLY_SINCE = "oslo.middleware 7.0.0"
#: The factories that read the global_conf under their settings (keystonemiddleware's
#: `filter_factory`, oslo.middleware's `ConfigurableMiddleware.factory`, swift's healthcheck's
#: `filter_factory`, whose `disable_path` may be swift's [DEFAULT]'s, and tempauth's, whose
#: `auth_prefix` may be: `conf = global_conf.copy(); conf.update(local_conf)`): the ini's
#: [DEFAULT], a `set NAME = v` of a section that builds the filter (a pipeline, a urlmap…,
#: `Above`) over it, and the section's own `set` over both, count as `NAME = v` for them;
#: under the ini's [DEFAULT], that of a file `config:` led to (`Referred`). nova's own size
#: limit reads no ini setting at all.
READ_GLOBAL_CONF = KEYSTONE_AUTH_TOKEN | OSLO_SIZE_LIMIT | SWIFT_HEALTHCHECK | SWIFT_TEMPAUTH
#: The paste factories of the packages `TYPED_BY_HAND` names, as each one's setup.cfg
#: `[entry_points]` gives them (`paste.filter_factory`, and `paste.app_factory` where an
#: [app:…] names one): by entry point, the `module:object` it loads. Read in
#: openstack/keystonemiddleware's setup.cfg (0a2df21), openstack/oslo.middleware's (01cd608)
#: and openstack/swift's (033f89b; later releases add more, none a slip or two from tempauth
#: or healthcheck). A factory any of them names, by `egg:PACKAGE#NAME` or `module:object`,
#: is no slip however near a known filter's (keystonemiddleware's `oauth2_token`, two from
#: `auth_token`).
ENTRY_POINTS = {
    "keystonemiddleware": {
        "auth_token": "keystonemiddleware.auth_token:filter_factory",
        "audit": "keystonemiddleware.audit:filter_factory",
        "ec2_token": "keystonemiddleware.ec2_token:filter_factory",
        "s3_token": "keystonemiddleware.s3_token:filter_factory",
        "oauth2_token": "keystonemiddleware.oauth2_token:filter_factory",
        "oauth2_mtls_token": "keystonemiddleware.oauth2_mtls_token:filter_factory",
        "external_oauth2_token": "keystonemiddleware.external_oauth2_token:filter_factory"},
    "oslo.middleware": {
        "basic_auth": "oslo_middleware:BasicAuthMiddleware.factory",
        "catch_errors": "oslo_middleware:CatchErrors.factory",
        "correlation_id": "oslo_middleware:CorrelationId.factory",
        "cors": "oslo_middleware:CORS.factory",
        "debug": "oslo_middleware:Debug.factory",
        "healthcheck": "oslo_middleware:Healthcheck.factory",
        "http_proxy_to_wsgi": "oslo_middleware:HTTPProxyToWSGI.factory",
        "request_id": "oslo_middleware:RequestId.factory",
        "sizelimit": "oslo_middleware:RequestBodySizeLimiter.factory"},
    "swift": {
        **{name: f"swift.common.middleware.{name}:filter_factory" for name in (
            "healthcheck", "crossdomain", "memcache", "ratelimit", "cname_lookup",
            "catch_errors", "domain_remap", "staticweb", "tempauth", "keystoneauth", "recon",
            "tempurl", "formpost", "name_check", "bulk", "container_quotas", "account_quotas",
            "proxy_logging", "dlo", "slo", "list_endpoints", "gatekeeper", "container_sync",
            "xprofile", "versioned_writes", "copy", "listing_formats", "symlink")},
        "keymaster": "swift.common.middleware.crypto.keymaster:filter_factory",
        "encryption": "swift.common.middleware.crypto:filter_factory",
        "kms_keymaster": "swift.common.middleware.crypto.kms_keymaster:filter_factory"}}
#: The known filters an operator names by a factory most often typed by hand (an entry point,
#: `use = egg:…`, or a module's `filter_factory`), by each of those names: the package that
#: has it and the filter's name there. A name a slip or two from one of them (`slip_words`)
#: is said to be no such factory.
TYPED_BY_HAND = {
    **dict.fromkeys(KEYSTONE_AUTH_TOKEN, ("keystonemiddleware", "auth_token")),
    **dict.fromkeys(SWIFT_TEMPAUTH, ("swift", "tempauth")),
    **dict.fromkeys(SWIFT_HEALTHCHECK, ("swift", "healthcheck")),
    **{factory: ("cinder" if factory.startswith("cinder.") else "oslo.middleware", "sizelimit")
       for factory in OSLO_SIZE_LIMIT}}
#: Every factory `ENTRY_POINTS` names, by entry point (as `looked_up` writes it) and by
#: `module:object`.
REAL_FACTORIES = frozenset({
    *(looked_up(f"egg:{package}#{name}") for package, entries in ENTRY_POINTS.items()
      for name in entries),
    *(target for entries in ENTRY_POINTS.values() for target in entries.values())})
#: Most slips a factory's name may be from one of `TYPED_BY_HAND` to be said to mean it: two
#: (`egg:keystonemiddleware#authtoken`, `egg:swift#tmpauth`), while swift's tempurl, a filter
#: of its own, is three from its tempauth (`egg:swift#tempurl`).
MOST_SLIPS = 2
#: What a setting [DEFAULT] gives a factory that reads the global_conf is said with.
FROM_DEFAULT = "in the ini's [DEFAULT], which PasteDeploy hands every factory"
#: What a `set` of a section above gives one is said with, after where it is written.
FROM_ABOVE = "which PasteDeploy hands the sections it builds"
#: What the [DEFAULT] of a file `config:` led to gives one is said with, after that file.
FROM_REFERRED = ("which PasteDeploy hands that file's factories under the [DEFAULT] and "
                 "`set`s of the sections that lead there")
#: What the [DEFAULT] of the file of the `pipeline_factory` that built a filter gives it is
#: said with, after that file: `loader.get_filter` hands it no global_conf but that file's
#: [DEFAULT], which `loadwsgi._loadconfig` filled with the one it was loaded under, keeping
#: its own settings.
FROM_LOADER = ("which the `pipeline_factory` there builds its alternative under, over the "
               "ini's [DEFAULT] and the `set`s that lead there")
#: The `set`s the sections a filter is built under hand it in their global_conf, by NAME: the
#: value, and where it is written in words (`of the pipeline `main` (line 2)`).
Above = dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Asked:
    """The request as it reaches a filter: its method, its SCRIPT_NAME and PATH_INFO there
    (swift's healthcheck reads the two together, tempauth PATH_INFO alone), its headers."""

    method: str
    script_name: str
    path_info: str
    headers: dict[str, str]
    #: Whether a keystonemiddleware auth_token before it, delaying its decision, marks a
    #: request without a valid token `X-Identity-Status: Invalid` (`Known.marks_unconfirmed`).
    unconfirmed: bool = False

    @functools.cached_property
    def lowered(self) -> dict[str, str]:
        """The headers by lower-case name (header names are case-insensitive): what the auth
        filters read, built once for the filter rather than by each reading."""
        return {name.lower(): value for name, value in self.headers.items()}


def own_settings(factory: str | None, conf: dict[str, str],
                 defaults: dict[str, str]) -> dict[str, str]:
    """The settings a section's `conf` (`graph_json.built_by`'s, which keeps a `set NAME`
    under that key) hands `factory` of its own, in a file whose [DEFAULT] is `defaults`, as
    PasteDeploy hands them (`loadwsgi.ConfigLoader.get_context`): less those [DEFAULT] names
    too, which it skips; for `READ_GLOBAL_CONF`, its `set`s as the names they set, its other
    settings over them. Worked out once for a filter: `read_by` and `_origin` both ask it."""
    kept = {option: value for option, value in conf.items() if option not in defaults}
    if factory not in READ_GLOBAL_CONF:
        return kept
    return {**{name: kept[option] for name, option in sets_of(kept).items()},
            **{option: value for option, value in kept.items() if set_name(option) is None}}


def read_by(factory: str | None, own: dict[str, str], defaults: dict[str, str],
            above: Above, further: Referred, over: Referred) -> dict[str, str]:
    """The settings `factory` reads, given the section's `own` (`own_settings`) in a file
    whose [DEFAULT] is `defaults`, built under sections whose `set`s are `above`, past files
    whose [DEFAULT]s add `further`, by a `pipeline_factory` of a file whose [DEFAULT] wins
    with `over` (`resolve_handed.Handed.pipeline_loader`, none of `above`'s names): its own
    alone; for `READ_GLOBAL_CONF`, over the global_conf: those files' [DEFAULT]s, the ini's
    over them, `over` and the `set`s above over both, the section's own over all."""
    if factory not in READ_GLOBAL_CONF:
        return own
    return {**{name: value for name, (value, _) in further.items()}, **defaults,
            **{name: value for name, (value, _) in {**over, **above}.items()}, **own}


def unbuildable(factory: str | None, conf: dict[str, str],
                defaults: dict[str, str] | None) -> str | None:
    """Why the known filter built by `factory` from a section's `conf`, in a file whose
    [DEFAULT] is `defaults`, cannot be built, so that the stack does not load whatever path a
    request takes: the demo's size limit whose limit is no whole number (`100KB`), which it
    reads with `int()` as it is built; None otherwise. The demo's reads its section's own
    settings alone, not the global_conf: no `set` above it counts. swift's tempauth one of
    whose user settings it cannot read (`tempauth_unbuildable`): judged of its own and the
    ini's [DEFAULT], where operators write them, not the `set`s of a way."""
    written = defaults or {}
    named = looked_up(factory)
    if named in SWIFT_TEMPAUTH:
        own = own_settings(named, conf, written)
        return tempauth_unbuildable(read_by(named, own, written, {}, {}, {}), written)
    if factory != DEMO_SIZE_LIMIT:
        return None
    own = own_settings(factory, conf, written)  # no global_conf: its own are all it reads
    limit = size_limit(factory, own, _origin(factory, own, written, own, {}, {}, {}))
    if limit is None or limit.size is not None:
        return None
    return (f"its limit is no whole number of bytes ({limit.given}): {limit.what} reads it "
            "with `int()` as it is built, which raises ValueError")


def known(factory: str | None, conf: dict[str, str], defaults: dict[str, str] | None,
          asked: Asked, above: Above, further: Referred, over: Referred) -> Known | None:
    """What the known filter built by `factory` from a section's `conf`, in a file whose
    [DEFAULT] is `defaults` (`graph_defaults.graph_defaults`), under sections whose `set`s
    are `above`, past files whose [DEFAULT]s add `further` (`graph_defaults.referred`), or
    win with `over` (`read_by`), does with the request `asked`, as it reaches the filter;
    None for a filter not known, or one that passes this request on with nothing known to
    say. Asked of a filter that can be built (`unbuildable` says None). An `egg:` factory is
    known by its distribution however written (`looked_up`): `egg:Swift#tempauth` is tempauth."""
    factory = looked_up(factory)
    written = defaults or {}
    # NOTE: a section of a file `config:` led to has none of that file's [DEFAULT] names in
    # its `conf` already (the graph reads it as PasteDeploy does), nor those of the
    # global_conf the file was loaded under (the walk's `handed_conf`); one that `use`s it
    # keeps its own settings whatever that file's [DEFAULT] says (`_context_from_use`).
    own = own_settings(factory, conf, written)
    given = read_by(factory, own, written, above, further, over)
    origin = _origin(factory, own, written, given, above, further, over)
    if factory in SWIFT_HEALTHCHECK:
        path = asked.script_name + asked.path_info
        return Known(_healthcheck(given, origin)) if path == HEALTHCHECK_PATH else None
    if factory in SWIFT_TEMPAUTH:
        answer = tempauth_answer(given, asked.method, asked.path_info, asked.lowered, origin)
        return (tempauth_passes(given, asked.path_info, asked.lowered, origin, asked.method)
                if answer is None else Known(answer))
    default_known = defaults is not None
    limit = size_limit(factory, given, origin, default_known)
    if limit is not None:
        return sized(factory, limit, asked.headers)
    tokens = token_headers(asked.lowered)
    if factory == GLANCE_CONTEXT:
        return glance_context(tokens, asked.unconfirmed)
    return auth_words(factory, given, tokens, origin, default_known)


@functools.lru_cache(maxsize=1024)
def slip_words(factory: str | None) -> str | None:
    """What to say of a filter whose `factory` is no known one but a slip or two from one
    (`TYPED_BY_HAND`), in words ending without a full stop; None for any other, and for one
    its package has (`REAL_FACTORIES`: keystonemiddleware's `oauth2_token`), or one only
    written another way (`looked_up`: `egg:KeystoneMiddleware#auth_token` loads).

    Taken for an unknown filter that passes the request on, such a filter was walked past in
    silence, where the factory PasteDeploy looks for is not there (no entry point
    `authtoken` in keystonemiddleware, no module `keystonemiddleware.authtoken`): the stack
    would not load, and the 401 the operator asks about is never answered."""
    named = looked_up(factory)
    if named is None or named in TYPED_BY_HAND or named in REAL_FACTORIES:
        return None
    # NOTE: only names of a length within MOST_SLIPS of it can be as near, and each distance
    # is taken once: asked of every unknown filter a walk passes, the distances to all took
    # 3 ms a filter (9.5 s for `which` on a pipeline of 2,000); a factory many filters share
    # is answered once (the cache).
    near = {known: edits(named, known) for known in TYPED_BY_HAND
            if abs(len(known) - len(named)) <= MOST_SLIPS}
    meant = {known: slips for known, slips in near.items() if slips <= MOST_SLIPS}
    if not meant:
        return None
    nearest = min(meant, key=meant.__getitem__)
    package, filter_name = TYPED_BY_HAND[nearest]
    return (f"is built by `{factory}`, a slip from `{nearest}`, {package}'s {filter_name}: "
            f"{package} has no factory by the name written, so where it is installed "
            "PasteDeploy finds none and the stack does not load (`serve` says why); written "
            "as meant, this walk would say what the filter does, here taken to pass the "
            "request on")


def _origin(factory: str | None, mine: dict[str, str], defaults: dict[str, str],
            given: dict[str, str], above: Above, further: Referred,
            over: Referred) -> Callable[..., str]:
    """How to say where a setting the factory is handed (`given`, `read_by`'s) comes from, by
    its name: `its `NAME = v``; where the section gives it no value of its own (`mine`,
    `own_settings`'s), the `set` of a section above (`FROM_ABOVE`), else the [DEFAULT] of the
    file whose `pipeline_factory` built it (`over`, `FROM_LOADER`), else [DEFAULT]
    (`FROM_DEFAULT`), else the [DEFAULT] of a file `config:` led to (`FROM_REFERRED`)."""

    def origin(name: str, own: bool = True) -> str:
        """Where `name` comes from; with `own` False, "" where it is the section's own."""
        if factory in READ_GLOBAL_CONF and name not in mine:
            if name in over:
                return (f"`{name} = {given[name]}` in the [DEFAULT] of {over[name][1]}, "
                        f"{FROM_LOADER}")
            if name in above:
                return f"`set {name} = {given[name]}` {above[name][1]}, {FROM_ABOVE}"
            if name in defaults:
                return f"`{name} = {given[name]}` {FROM_DEFAULT}"
            if name in further:
                return (f"`{name} = {given[name]}` in the [DEFAULT] of {further[name][1]}, "
                        f"{FROM_REFERRED}")
        return f"its `{name} = {given[name]}`" if own else ""

    return origin


def _healthcheck(conf: dict[str, str], origin: Callable[..., str]) -> Answer:
    """swift's healthcheck's answer to `/healthcheck` (`origin`: where a setting comes from,
    `_origin`)."""
    disabled = (f" while the file its `disable_path` names exists "
                f"({origin('disable_path')})" if conf.get("disable_path") else "")
    words = (f"swift's healthcheck answers `{HEALTHCHECK_PATH}` whatever the method, with 200 "
             f"`OK` (503 `DISABLED BY FILE`{disabled or ' when its `disable_path` file exists'}),"
             " and the layers after it never see the request")
    return Answer(200, words)


def app_only_words(factory: str | None, name: str) -> str | None:
    """How to write the filter `name` whose `factory` builds only an app now
    (`OSLO_HEALTHCHECK_FILTER`), as oslo.middleware's docs have it; None for any other. Short:
    `serve` says it after the factory's own error, in a message of at most 800 characters
    (`stack.ini_text.MAX_ERROR`)."""
    named = None if factory is None else looked_up(factory.strip())
    if named not in OSLO_HEALTHCHECK_FILTER:
        return None
    built = (f"`use = {factory.strip()}`" if named in OSLO_HEALTHCHECK_EGG else
             "`paste.app_factory = oslo_middleware:Healthcheck.app_factory`")
    return (f"make it `[app:{name}]` with {built}, out of the pipeline, routed by a urlmap's "
            f"`/healthcheck = {name}`")
