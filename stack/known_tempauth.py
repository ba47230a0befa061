"""swift's tempauth as `which` knows it (`stack.known_filters`), by the factory names swift's
inis give it: what it answers itself (a request its `auth_prefix` leads, for a token), what it
does with one it passes on (a token of its reseller prefix looked up, the rest left to its
`authorize`), and the user settings it reads, or cannot, as it is built. Known from swift's
`swift/common/middleware/tempauth.py`; nothing is imported.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from stack.known_answers import Answer
from stack.known_answers import Known

#: swift's tempauth (`swift/common/middleware/tempauth.py`): its `__call__` hands a request
#: whose PATH_INFO starts with its `auth_prefix` to its own `handle`, which answers it (the
#: proxy never sees it). `handle` pops one segment off PATH_INFO (`path_info_pop`), however
#: many the prefix has, and `handle_request` reads the next as the version: a GET of
#: `PREFIX/v1.0` or `PREFIX/auth` gets a token, 200 with `X-Auth-Token` and `X-Storage-Url`,
#: where `X-Auth-User: ACCOUNT:USER` (else `X-Storage-User`) and `X-Auth-Key` (else
#: `X-Storage-Pass`) are those of a `user_ACCOUNT_USER = KEY …` of its settings, else 401; a
#: GET of `PREFIX/v1/ACCOUNT/auth` too, where `X-Storage-User: USER` (else an `X-Auth-User`
#: of that ACCOUNT) and `X-Storage-Pass` (else `X-Auth-Key`) are; any other path 400
#: (`handle_get_token`); any other method 405, which `handle_request` answers first (`if
#: req.method != 'GET': … HTTPMethodNotAllowed`; releases before that check answered 400). Its
#: users are its `user_` and `user64_` settings (`tempauth_users`). Its `filter_factory` reads
#: the global_conf under its settings.
SWIFT_TEMPAUTH = frozenset({"egg:swift#tempauth",
                            "swift.common.middleware.tempauth:filter_factory"})
#: tempauth's `reseller_prefix` where none is given (swift's `config_read_reseller_options`
#: reads `AUTH` and appends the `_`): a token it issued begins with it, as an account it
#: answers for does.
DEFAULT_RESELLER_PREFIX = "AUTH"
#: The API versions swift's proxy serves accounts under (its `get_controller`): a path of
#: another it answers itself, asking no auth filter's `authorize`.
PROXY_VERSIONS = ("v1", "v1.0")
#: tempauth's `auth_prefix` where none (or one of slashes alone) is given.
DEFAULT_AUTH_PREFIX = "/auth/"
#: The versions (the segment after the one `handle` pops) under which tempauth's
#: `handle_get_token` issues tokens to the account `X-Auth-User` names; `v1` it takes only as
#: `v1/ACCOUNT/auth` (`V1`).
TOKEN_VERSIONS = ("v1.0", "auth")
#: tempauth's version whose path names the account: `v1/ACCOUNT/auth`.
V1 = "v1"
#: The settings swift's tempauth reads its users from, by how their names begin (its
#: `__init__`: `conf_key.startswith(('user_', 'user64_'))`): `user_ACCOUNT_USER`, or
#: `user64_` with ACCOUNT and USER each in base64, its trailing `=` left off (an ini's name
#: cannot end in one), for names holding a `_` or other characters a setting's name cannot.
USER_SETTINGS = ("user_", "user64_")


def auth_prefix(conf: dict[str, str]) -> str:
    """tempauth's `auth_prefix` as its `__init__` makes it of the `conf` it is handed: the
    default for none, or one of slashes alone; else given a leading and a trailing `/`."""
    prefix = conf.get("auth_prefix") or ""
    if not prefix.strip("/"):
        return DEFAULT_AUTH_PREFIX
    return f"{'' if prefix.startswith('/') else '/'}{prefix}{'' if prefix.endswith('/') else '/'}"


def tempauth_answer(conf: dict[str, str], method: str, path_info: str,
                    lowered: dict[str, str], origin: Callable[..., str]) -> Answer | None:
    """What swift's tempauth (`SWIFT_TEMPAUTH`) handed `conf` answers a `method` request whose
    PATH_INFO is `path_info`, with the headers `lowered` (by lower-case name; `origin`: where
    a setting comes from): None for one its `auth_prefix` does not lead, which it passes on
    (to be authorized further down)."""
    prefix = auth_prefix(conf)
    if not path_info.startswith(prefix):
        return None
    given = origin("auth_prefix") if conf.get("auth_prefix") else "its default"
    said = (f"swift's tempauth answers what its `auth_prefix`, `{prefix}` ({given}), leads "
            "with itself, and the layers after it never see the request")
    popped = path_info.index("/", 1)  # `handle`'s `path_info_pop`: one segment, never more
    first = path_info[:popped]
    issues = (f"it issues tokens to a GET of `{first}/v1.0`, `{first}/auth` or "
              f"`{first}/v1/ACCOUNT/auth` only")
    if method != "GET":
        return Answer(405, f"{said}: {issues}, and answers 405 to a `{method}`, before it reads "
                           "the path (swift releases before that check answered 400)")
    version, *rest = path_info[popped + 1:].split("/", 2)
    if not (version in TOKEN_VERSIONS or version == V1 and rest[1:] == ["auth"]):
        read = ("" if first == prefix[:-1] else f" (it takes `{first}` alone off the path, one "
                f"segment of its `auth_prefix`, and reads the next, `{version}`, as the version)")
        return Answer(400, f"{said}: {issues}, and answers 400 to this `GET` of `{path_info}`"
                           f"{read}")
    sent = {name: value for name, value in lowered.items() if value}
    account, user, key = (_v1_user(rest[0], sent) if version == V1 else
                          (*_account_user(sent.get("x-auth-user") or sent.get("x-storage-user")),
                           sent.get("x-auth-key") or sent.get("x-storage-pass")))
    setting = tempauth_users(conf).get(f"{account}:{user}")
    if account and user and key and setting is not None:
        # NOTE: the key is not compared: a graph keeps a `user_…` setting's value redacted.
        named = ("" if setting.startswith(USER_SETTINGS[0]) else
                 f", the base64 of `{account}` and `{user}`")
        return Answer(200, f"{said}: it issues a token to `{account}:{user}`, a user of its "
                           f"settings (`{setting}`{named}), with an `X-Auth-Token` and the "
                           "`X-Storage-Url` to send it to, where the key given is that user's "
                           "key (else 401)")
    wanted = ("`X-Storage-User: USER` (or `X-Auth-User: ACCOUNT:USER` of the path's ACCOUNT) "
              "and `X-Storage-Pass` (or `X-Auth-Key`)" if version == V1 else
              "`X-Auth-User: ACCOUNT:USER` (or `X-Storage-User`) and `X-Auth-Key` (or "
              "`X-Storage-Pass`)")
    return Answer(401, f"{said}: it issues a token to a GET of `{path_info}` only where {wanted} "
                       "name a user of its `user_ACCOUNT_USER = KEY` (or `user64_`) settings and "
                       "give that key, which this request does not")


def reseller_prefixes(conf: dict[str, str]) -> list[str]:
    """tempauth's reseller prefixes as swift's `config_read_reseller_options` reads its
    `reseller_prefix` of `conf`: comma-separated, each given a trailing `_`, `''` for the empty
    one; the first is the one its tokens begin with."""
    prefixes: list[str] = []
    written = conf.get("reseller_prefix", DEFAULT_RESELLER_PREFIX).split(",")
    for prefix in [part.strip() for part in written if part.strip()]:
        prefix = "" if prefix == "''" else prefix
        prefix = prefix if not prefix or prefix.endswith("_") else f"{prefix}_"
        if prefix not in prefixes:
            prefixes.append(prefix)
    return prefixes or [""]


#: A token tempauth looks up and finds none of its valid ones (`tempauth_passes`).
UNISSUED = "one it did not issue (`GET /auth/v1.0`), or issued over its `token_life` ago,"
#: What becomes of a request with a token tempauth finds valid (`tempauth_passes`).
VALID_TOKEN = ("with a valid one it goes on as that token's user, whom the proxy asks "
               "tempauth's `authorize` about: 403 to a user of another account that no ACL "
               "lets in")


def tempauth_passes(conf: dict[str, str], path_info: str, lowered: dict[str, str],
                    origin: Callable[..., str], method: str = "GET") -> Known | None:
    """What swift's tempauth handed `conf` does with a request its `auth_prefix` does not lead
    (`tempauth_answer` None), whose PATH_INFO is `path_info`, with the headers `lowered` (by
    lower-case name; `origin`: where a setting comes from), as its `__call__` reads it: a token
    of its reseller prefix it looks up, and answers 401 itself where it issued none such, or,
    its prefix empty, has the proxy answer it (every token is of the empty prefix); any other
    request it passes on, leaving the refusal to its `authorize`, which the proxy asks
    (`swift.authorize`); None for a path that names no account of a version the proxy serves
    (`PROXY_VERSIONS`), which it answers without asking (`/info`; a 400 to `/v2/…`). Its
    `authorize` lets an OPTIONS `method` to an account of its prefix through: the proxy's
    answer is then not its 401.

    Said so, as it was taken to pass the request on: a 401 of a swift cluster is tempauth's,
    from one place or the other, and which one only its code tells."""
    prefixes = reseller_prefixes(conf)
    named = (f"its `reseller_prefix` ({origin('reseller_prefix')})" if "reseller_prefix" in conf
             else f"its `reseller_prefix`, `{DEFAULT_RESELLER_PREFIX}_` (its default)")
    token = lowered.get("x-auth-token", lowered.get("x-storage-token"))
    _, version, account, *_ = [*path_info.split("/"), "", ""]
    if token and not prefixes[0]:
        # NOTE: `token.startswith(self.reseller_prefix)` is true of every token for the empty
        # prefix; swift then denies one it did not issue through the proxy, not itself: "not
        # certain if I'm the definitive auth for empty reseller_prefixed tokens".
        return Known(words=f"is swift's tempauth: {named} is empty, so every token is one it "
                           f"looks up in memcache: {UNISSUED} it does not refuse itself, as it "
                           "is not sure it is that token's only auth, but has the proxy deny "
                           "(`swift.authorize` its `denied_response`, unless an auth filter "
                           "before it set one): 401, whatever a container's ACL says; "
                           f"{VALID_TOKEN}")
    if token and token.startswith(prefixes[0]):
        return Known(words=f"is swift's tempauth: a token beginning with `{prefixes[0]}`, "
                           f"{named}, is one of its own, which it looks up in memcache: "
                           f"{UNISSUED} gets its 401 itself, and the layers after it never see "
                           f"the request; {VALID_TOKEN}",
                     # NOTE: whether it issued the token only memcache tells: both said first.
                     refuses_status=401, refused=f"a token of its prefix, `{prefixes[0]}`, "
                     "that it did not issue (or issued over its `token_life` ago)",
                     passed="a token it issued")
    if version not in PROXY_VERSIONS or not account:
        return None  # the proxy answers it unasked (`/info`, 400 to another version)
    held = ("no token is given" if token is None else "the token given is empty, as none"
            if not token else "the token given is none of its own")
    said = (f"is swift's tempauth: the path is not under its `auth_prefix`, and {held}, so "
            "it passes the request on and leaves the decision to its `authorize`, which the "
            "proxy asks (`swift.authorize`) before it answers: ")
    # NOTE: the proxy answers this 401, not tempauth: `Resolution.denied` says so first, as
    # "would go … → the app" read as the request getting past tempauth.
    lacking = (f"{held}, and swift's tempauth leaves the decision to its `authorize`, which the "
               "proxy asks")
    if any(account.startswith(prefix) for prefix in prefixes):
        return Known(words=f"{said}the account `{account}` is one of {named}, so the answer "
                           "is 401, unless a container's ACL lets anyone in (`.r:*` for an "
                           "object GET, `.rlistings` for a listing) or the method is OPTIONS",
                     # its `authorize` lets OPTIONS through, for the proxy to answer
                     denied_status=None if method == "OPTIONS" else 401, lacking=lacking,
                     unless=" (unless a container's ACL lets anyone in)")
    return Known(words=f"{said}the account `{account}` is none of {named}, so it is 401 "
                       "(`denied_response`), unless an auth filter before it set another",
                 denied_status=401, lacking=lacking,
                 unless=" (unless an auth filter before it set another `authorize`)")


def _account_user(given: str | None) -> tuple[str, str]:
    """The account and user of an `ACCOUNT:USER` header, as `handle_get_token` splits it: none
    where there is no `:`."""
    account, colon, user = (given or "").partition(":")
    return (account, user) if colon else ("", "")


def _v1_user(account: str, sent: dict[str, str]) -> tuple[str, str, str | None]:
    """The account, user and key of a GET of `v1/ACCOUNT/auth`, as `handle_get_token` reads
    them (`sent`: the headers, by lower-case name): the path's ACCOUNT; `X-Storage-User`, else
    an `X-Auth-User` whose account is ACCOUNT (none where it is another); `X-Storage-Pass`, else
    `X-Auth-Key`."""
    user = sent.get("x-storage-user")
    if not user:
        account_given, user = _account_user(sent.get("x-auth-user"))
        if account_given != account:
            return account, "", None
    return account, user, sent.get("x-storage-pass") or sent.get("x-auth-key")


def tempauth_users(conf: dict[str, str]) -> dict[str, str]:
    """swift's tempauth's users as its `__init__` reads them of `conf`: each `ACCOUNT:USER`
    (`self.users[account + ':' + username]`), by the setting naming it, a later one over an
    earlier; none of a setting it cannot read, which `tempauth_unbuildable` says."""
    users: dict[str, str] = {}
    for setting in conf:
        try:
            named = _user_named(setting, conf[setting])
        except ValueError:
            continue
        if named is not None:
            users[":".join(named)] = setting
    return users


def tempauth_unbuildable(conf: dict[str, str], defaults: dict[str, str]) -> str | None:
    """Why swift's tempauth handed `conf` (its settings over the ini's [DEFAULT], `defaults`)
    cannot be built, in words: the first of its user settings (`USER_SETTINGS`) its
    `__init__` raises ValueError on, so that the proxy does not load; None where it reads
    them all."""
    for setting in conf:
        try:
            _user_named(setting, conf[setting])
        except ValueError as error:
            where = (" (in the ini's [DEFAULT], which PasteDeploy hands its factory too)"
                     if setting in defaults else "")
            return f"its `{setting}`{where} is no user it can read: {error}"
    return None


def _user_named(setting: str, value: str) -> tuple[str, str] | None:
    """The account and user a setting names, as tempauth's `__init__` reads them (None for a
    setting of another name); ValueError, in words, where it raises as it is built.

    It splits the name after its first `_` at every `_` (`conf_key.split('_', 1)[1]
    .split('_')`) and takes exactly two parts, else raises `key … was provided in an invalid
    format`; a `user64_` name's it pads with `=` (`'=' * (len(account) % 4)`) and decodes
    (`base64.b64decode(account).decode('utf8')`); a setting with no value raises `… has no
    key set`."""
    if not setting.startswith(USER_SETTINGS):
        return None
    parts = setting.split("_", 1)[1].split("_")
    if len(parts) != 2:
        raise ValueError(
            f"its `__init__` splits the name after `{setting.split('_')[0]}_` at every `_` and "
            "takes exactly two parts, an ACCOUNT and a USER, so it raises ValueError (`key "
            f"{setting} was provided in an invalid format`) as it is built, and the proxy does "
            f"not load{_user64_words(setting, parts)}")
    if setting.startswith(USER_SETTINGS[1]):
        try:
            parts = [base64.b64decode(part + "=" * (len(part) % 4)).decode("utf8")
                     for part in parts]
        except (binascii.Error, UnicodeDecodeError) as error:
            raise ValueError(
                f"it reads the ACCOUNT and USER of a `user64_` name as base64, and "
                f"`b64decode` raises on them ({error}) as it is built, so "
                "the proxy does not load: write each as `base64.b64encode` gives it, its "
                "trailing `=` left off") from None
    if not value.split():
        raise ValueError(f"it raises ValueError (`{setting} has no key set`) as it is built, "
                         "as the value holds no key, and the proxy does not load")
    account, user = parts
    return account, user


def _user64_words(setting: str, parts: list[str]) -> str:
    """How to write the user `user_…` `setting` whose name holds a `_` too many (`parts`, at
    every `_`) as a `user64_` setting, which keeps them, in words: the name for each reading
    of it where there are two at most, as only the operator knows which `_` parts ACCOUNT
    from USER; "" for a `user64_` name, or one with no `_` to part them."""
    if setting.startswith(USER_SETTINGS[1]) or len(parts) < 3:
        return ""
    readings = [("_".join(parts[:cut]), "_".join(parts[cut:])) for cut in range(1, len(parts))]
    written = [f"`user64_{_b64(account)}_{_b64(user)}` for the account `{account}` and the "
               f"user `{user}`" for account, user in readings]
    shown = f": {' or '.join(written)}" if len(written) <= 2 else ""
    return (f"; to keep the `_`, name the user `user64_` with the base64 of its ACCOUNT and "
            f"of its USER, without their trailing `=`{shown}")


def _b64(text: str) -> str:
    """`text` in base64 as a `user64_` name holds it: without its trailing `=`."""
    return base64.b64encode(text.encode()).decode().rstrip("=")
