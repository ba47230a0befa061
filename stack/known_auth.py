"""The auth filters `which` knows (`stack.known_filters`), by the factory names OpenStack's inis
give them, and what each does with a request, given its token headers or not: keystonemiddleware's
auth_token answers 401 to one with no token, the demo's token check too, and to one keystone
does not find valid (which the walk cannot judge, and says both ways), a noauth filter 204
with a made-up token, an S3 token filter gives an S3-signed one keystone's token, glance's
context filter answers the 401 a delaying auth_token before it leaves to it (swift's
tempauth is `stack.known_tempauth`'s). Each is known from its project's code; nothing is
imported.
"""

from __future__ import annotations

from collections.abc import Callable

from stack.known_answers import Known

#: keystonemiddleware's auth_token (and keystoneclient's, its predecessor): with no token in
#: `X-Auth-Token` (or swift's `X-Storage-Token`), or one keystone does not find valid, it
#: answers 401, unless `delay_auth_decision`.
KEYSTONE_AUTH_TOKEN = frozenset({"egg:keystonemiddleware#auth_token",
                                 "keystonemiddleware.auth_token:filter_factory",
                                 "keystoneclient.middleware.auth_token:filter_factory"})
TOKEN_HEADERS = ("X-Auth-Token", "X-Storage-Token")
#: The noauth filters OpenStack's services copied from nova's (`auth_strategy = noauth2`, or
#: `noauth`): a request with no `X-Auth-Token` header gets 204 and a made-up token to send
#: (`X-Auth-Token: USER:PROJECT`, from `X-Auth-User` and `X-Auth-Project-Id`, `admin` unless
#: given) with an `X-Server-Management-Url`; with one, whatever its value, the request goes on
#: as that user and project. Read in nova's `nova/api/openstack/auth.py` (its
#: `NoAuthMiddleware` from Diablo on, `NoAuthMiddlewareOld` and `NoAuthMiddlewareV3` of
#: Kilo, `NoAuthMiddlewareV2_18` since), cinder's and manila's
#: `api/middleware/auth.py`, karbor's, rack's and workloadmgr's; not masakari's, nor
#: designate's `NoAuthContextMiddleware`, which pass every request on. cinder's
#: `NoAuthMiddlewareIncludeProjectID` (`[filter:noauth_include_project_id]`) answers alike:
#: its `__call__`, as its `NoAuthMiddleware`'s, is `NoAuthMiddlewareBase.base_call`, with the
#: project in the `X-Server-Management-Url` (`project_id_in_path=True`).
NOAUTH_FAKE_TOKEN = frozenset({
    *(f"nova.api.openstack.auth:{name}.factory" for name in (
        "NoAuthMiddleware", "NoAuthMiddlewareOld", "NoAuthMiddlewareV3",
        "NoAuthMiddlewareV2_18")),
    *(f"{project}.api.middleware.auth:NoAuthMiddleware.factory"
      for project in ("cinder", "manila", "karbor", "workloadmgr")),
    "cinder.api.middleware.auth:NoAuthMiddlewareIncludeProjectID.factory",
    "rack.api.auth:NoAuthMiddleware.factory"})
#: nova's EC2 noauth filter (`[filter:ec2noauth]`, `NoAuth` of `nova/api/ec2/__init__.py`,
#: Essex to Kilo): a request with no `AWSAccessKeyId` parameter, in its query string or form
#: body, gets 400 (`webob.exc.HTTPBadRequest`); with one it checks no signature and passes the
#: request on as its `USER:PROJECT` (the user's own project where none), an admin. A
#: parameter, which `which` does not read (it leaves the query string out): said, not held.
EC2_NOAUTH = "nova.api.ec2:NoAuth.factory"
#: The compute demo's stand-in for it (`stack.filters.token_auth`): 401 unless the token is
#: one of its `valid_tokens`.
DEMO_TOKEN_AUTH = "stack.filters.token_auth:TokenAuth.factory"
#: The S3 token filters, by factory, with their names: swift3's `s3token`, keystonemiddleware's
#: `s3_token` and keystoneclient's before it, one code (`S3Token.__call__`). A request without
#: an `Authorization` header, or without a token (`req.headers.get('X-Auth-Token',
#: req.headers.get('X-Storage-Token'))`), it passes on untouched; with both, as swift3 before
#: it makes of an S3-signed request (`Authorization: AWS ACCESS:SIGNATURE`, and the string
#: signed as `X-Auth-Token`: swift3's `to_swift_req`), it posts them to keystone's
#: `/v2.0/s3tokens`, answers 401 itself (`AccessDenied`) where keystone refuses, and else
#: passes the request on with `req.headers['X-Auth-Token'] = token_id`, keystone's token.
#: swift's own s3api `s3token` reads what s3api found (`s3api.auth_details`): not this.
S3_TOKEN = {
    **dict.fromkeys(("egg:swift3#s3token", "swift3.s3_token_middleware:filter_factory"),
                    "swift3's s3token"),
    **dict.fromkeys(("egg:keystonemiddleware#s3_token",
                     "keystonemiddleware.s3_token:filter_factory"),
                    "keystonemiddleware's s3_token"),
    "keystoneclient.middleware.s3_token:filter_factory": "keystoneclient's s3_token"}
#: glance's context filter (`glance/api/middleware/context.py`): its `process_request` makes
#: the request's context of the identity headers where `X-Identity-Status` is `Confirmed`,
#: else, unless glance's `allow_anonymous_access` (an option of glance-api.conf's [DEFAULT],
#: not of the ini) is true, raises `webob.exc.HTTPUnauthorized`: the 401 a delaying auth_token
#: before it (`Known.marks_unconfirmed`) leaves to it. Known only there: with no auth_token
#: before it, it reads the identity headers the request came with.
GLANCE_CONTEXT = "glance.api.middleware.context:ContextMiddleware.factory"
#: What may yet keep glance's context filter from answering 401, said after it.
ANONYMOUS = (" (unless `allow_anonymous_access` is true in glance-api.conf, the service's "
             "config, not this ini: it then lets the request on as an anonymous, read-only "
             "user)")
#: The tokens keystonemiddleware's auth_token (not delaying) refuses itself, said after "to"
#: (`Resolution.checked`), and those it lets past, said after "With".
INVALID = "a token keystone does not find valid (expired, revoked, or not its own)"
VALID = "a token keystone finds valid"
#: What oslo.config's Boolean reads as true, as keystonemiddleware reads its settings
#: (`delay_auth_decision = True`, `yes`, `1`): `t` or `y` it refuses, and the filter fails to load.
TRUE = frozenset({"true", "yes", "on", "1"})


def auth_words(factory: str | None, conf: dict[str, str], given: dict[str, str],
               origin: Callable[..., str], default_known: bool) -> Known | None:
    """What a known auth filter handed `conf` does with a request that gives the token headers
    `given` (`token_headers`: name → value), in words ending without a full stop, and whether
    it would answer for want of a token (`Known.tokenless`, with its `unless` and `lacking`),
    which the branch that words it knows (`origin`: where a setting comes from, `_origin`;
    `default_known`: the graph carries the ini's [DEFAULT]); None for a filter not known to
    be one."""
    if factory in KEYSTONE_AUTH_TOKEN:
        if delays(conf):
            given_by = origin("delay_auth_decision", own=False)
            return Known(words=f"is keystonemiddleware's auth_token with `delay_auth_decision` "
                               f"true{f' ({given_by})' if given_by else ''}: it answers no 401 "
                               "itself, but marks a request without a valid token "
                               "`X-Identity-Status: Invalid` and leaves the refusal to the "
                               "layers after it", marks_unconfirmed=True)
        # NOTE: its `user_token` is `X-Auth-Token`'s value where that header is given, even
        # empty, else `X-Storage-Token`'s; `if not request.user_token` refuses an empty one.
        header, token = next(iter(given.items()), (None, None))
        if token:
            # NOTE: `process_request` raises `HTTPUnauthorized` (`process_response` adding
            # `WWW-Authenticate: Keystone uri="…"`; keystoneclient's `_reject_request` alike)
            # where `user_token_valid` is false: keystone refused the token, or
            # `_validate_token` found it expired; `fetch_token` raises `HTTPServiceUnavailable`
            # where keystone cannot be reached. Only keystone tells, so both ways are said
            # first (`Resolution.checked`), not "would go … → the app" as if it got there.
            return Known(words=f"is keystonemiddleware's auth_token: it asks keystone whether "
                               f"the `{header}` token is valid, and answers 401 itself if not "
                               "(an expired or revoked token, or one another keystone issued), "
                               "with a `WWW-Authenticate: Keystone uri=…` header naming where "
                               "to get a new one, and 503 if it cannot reach keystone; a valid "
                               "token of another project it passes on, for the service to "
                               "judge",
                         refuses_status=401, refused=INVALID, passed=VALID)
        where = ("the ini's [DEFAULT] would count too, which this graph, made by an older "
                 "version, does not carry" if not default_known else
                 "the ini sets it true nowhere its factory reads: not in the section, a `set` "
                 "or [DEFAULT]")
        return Known(words=f"is keystonemiddleware's auth_token: {_without(header)} gets its "
                           "401 (`The request you have made requires authentication.`), and "
                           "the layers after it never see it, unless `delay_auth_decision` is "
                           f"true in the service's `[keystone_authtoken]` ({where})",
                     tokenless=True, lacking=lacking_words(header),
                     unless=" (unless the service's `[keystone_authtoken]` delays the decision)")
    if factory == DEMO_TOKEN_AUTH:
        token = given.get("X-Auth-Token")
        if token:
            return Known(words="is the demo's token check: it passes the request on only if "
                               "its `X-Auth-Token` is one of the filter's `valid_tokens`, and "
                               "answers 401 itself if not")
        header = None if token is None else "X-Auth-Token"
        answer = "missing" if token is None else "not valid"
        return Known(words=f"is the demo's token check: {_without(header)} gets its 401 (`The "
                           f"X-Auth-Token header is {answer}.`), and the layers after it never "
                           "see it", tokenless=True, lacking=lacking_words(header))
    if factory in NOAUTH_FAKE_TOKEN:
        return _noauth(factory, given)
    if factory in S3_TOKEN:
        return Known(words=f"is {S3_TOKEN[factory]}: it passes a request on untouched unless "
                           "it has an `Authorization` header and a token, as swift3 before it "
                           "makes of an S3-signed one (`Authorization: AWS ACCESS:SIGNATURE`); "
                           "such a request it has keystone check (`/v2.0/s3tokens`), answering "
                           "401 itself if keystone refuses, and else passes it on with "
                           "keystone's token as its `X-Auth-Token`, so an S3-signed request "
                           "reaches the layers after it with a token, and only a plain one "
                           "comes without")
    if factory == EC2_NOAUTH:
        return Known(words="is nova's EC2 noauth filter: it answers 400 itself to a request "
                           "without an `AWSAccessKeyId` parameter (in its query string or form "
                           "body, which this does not read), and passes one with it on, "
                           "checking no signature, as its `USER:PROJECT`, an admin")
    return None


def glance_context(given: dict[str, str], unconfirmed: bool) -> Known | None:
    """What glance's context filter (`GLANCE_CONTEXT`) does with a request that gives the token
    headers `given`, past a delaying auth_token (`unconfirmed`): with no token, or an empty
    one, auth_token marks it `Invalid` and the context filter answers 401; with one, the walk
    cannot tell whether keystone finds it valid, and says both. None with no such auth_token
    before it (what it reads then is the request's own headers, not said here)."""
    if not unconfirmed:
        return None
    header, token = next(iter(given.items()), (None, None))
    said = ("is glance's context filter: it answers 401 itself (`HTTPUnauthorized`) to a "
            "request whose `X-Identity-Status` is not `Confirmed`, as the delaying auth_token "
            "before it marks one without a valid token")
    if token:
        return Known(words=f"{said}{ANONYMOUS}; with a valid `{header}` it makes the "
                           "request's context of that token's user and passes it on",
                     refuses_status=401, passed="a token keystone finds valid",
                     refused="a token keystone does not find valid, which the auth_token "
                             "before it marks `X-Identity-Status: Invalid`")
    return Known(words=f"{said}{ANONYMOUS}", tokenless=True, unless=ANONYMOUS,
                 lacking=f"{lacking_words(header)}, which the auth_token before it marks "
                         "`X-Identity-Status: Invalid`")


def _without(empty: str | None) -> str:
    """The request an auth filter refuses for want of a token, in words: one with no
    `X-Auth-Token` header, or (`empty`) one whose token header is given empty, which it reads
    as none."""
    if empty is None:
        return "a request with no `X-Auth-Token` header"
    return f"a request whose `{empty}` is empty, as one with none,"


def lacking_words(empty: str | None) -> str:
    """Why the request as asked gets a token filter's refusal (`Resolution.held`'s `lacking`,
    said after "as"): no token header, or the one given (`empty`) empty."""
    if empty is None:
        return "no `X-Auth-Token` is given"
    return f"the `{empty}` given is empty"


def _noauth(factory: str, given: dict[str, str]) -> Known:
    """What a noauth filter (`NOAUTH_FAKE_TOKEN`) does with a request that gives the token
    headers `given`: it asks only whether `X-Auth-Token` is there (`'X-Auth-Token' not in
    req.headers`), so an empty one passes as an empty user and project."""
    what = f"{factory.partition('.')[0]}'s noauth filter"
    token = given.get("X-Auth-Token")
    if token == "":
        return Known(words=f"is {what}: it checks no token and asks only whether an "
                           "`X-Auth-Token` header is there (`'X-Auth-Token' not in "
                           "req.headers`), so the empty one given passes: it reads it as "
                           "`USER:PROJECT` and passes the request on as an empty user and "
                           "project, an admin")
    if token is not None:
        return Known(words=f"is {what}: it checks no token, but takes its `X-Auth-Token` as "
                           "`USER:PROJECT` and passes the request on as that user and project")
    return Known(words=f"is {what}: a request with no `X-Auth-Token` header gets its 204, "
                       "with a made-up token to send (`X-Auth-Token: admin:admin`, or the "
                       "`X-Auth-User` and `X-Auth-Project-Id` given) and an "
                       "`X-Server-Management-Url`, and the layers after it never see it",
                 tokenless=True, held_status=204, lacking=lacking_words(None))


def token_headers(lowered: dict[str, str]) -> dict[str, str]:
    """The `TOKEN_HEADERS` the request gives (`lowered`: its headers by lower-case name, as
    header names are case-insensitive), by their names here, with their values, in
    `TOKEN_HEADERS`' order."""
    return {header: lowered[header.lower()] for header in TOKEN_HEADERS
            if header.lower() in lowered}


def delays(conf: dict[str, str]) -> bool:
    """Whether auth_token's `delay_auth_decision` is set true in the ini."""
    return str(conf.get("delay_auth_decision", "")).lower() in TRUE
