"""What some of OpenStack's `pipeline_factory`s do besides building the key `auth_strategy`
names (`stack.composite_factories.strategy`), known from their code: the `<key>_nolimit` alternative
nova's, cinder's and manila's build in its place where the service's `api_rate_limit` is
false, and the deprecated aliases that build the pipeline and return None instead of it.

Both are read from the service's own config or its code, never from the ini, so `which` says
them beside the key it follows; `inspect`'s graph keeps every key as PasteDeploy composes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stack.composite_factories import called
from stack.explain_words import name

if TYPE_CHECKING:
    from stack.resolve import Resolution


@dataclass(frozen=True)
class RateLimited:
    """A `pipeline_factory` that builds `<key>_nolimit`, where it has one, in place of the
    key its `auth_strategy` names when the service's `api_rate_limit` is false: its project,
    and that option's default there (`limited`: true rate-limits, so the key itself is built)."""

    project: str
    limited: bool
    #: What else is known of the default, said after it (`" (it was true in Grizzly)"`: the
    #: release the default changed in is not known to us); "" where it always was what it is.
    since: str = ""


_NOVA = RateLimited("nova", limited=False, since=" (it was true in Grizzly)")
_CINDER = RateLimited("cinder", limited=True)
_MANILA = RateLimited("manila", limited=True)

#: The factories that read `api_rate_limit`, by the `module:function` an ini names:
#: `pipeline = local_conf[CONF.auth_strategy]`, then, `if not CONF.api_rate_limit`,
#: `local_conf.get(CONF.auth_strategy + '_nolimit', pipeline)` (nova's `nova/api/auth.py`
#: until its legacy v2 API was removed in Newton; cinder's and manila's
#: `….api.middleware.auth`, which their deprecated `….api.auth` aliases call). nova's
#: `pipeline_factory_v21` (and `_v3`) reads no `api_rate_limit`: rate limiting is not in v2.1.
RATE_LIMITED = {
    "nova.api.auth:pipeline_factory": _NOVA,
    "cinder.api.middleware.auth:pipeline_factory": _CINDER,
    "cinder.api.auth:pipeline_factory": _CINDER,
    "manila.api.middleware.auth:pipeline_factory": _MANILA,
    "manila.api.auth:pipeline_factory": _MANILA,
}

#: The deprecated aliases that call the real `pipeline_factory` and drop what it returns:
#: `auth.pipeline_factory(loader, global_conf, **local_conf)` with no `return` (the
#: `….api.auth` that cinder and manila kept for older inis once the factory moved to
#: `….api.middleware.auth`), each with the one it calls. So the
#: composite PasteDeploy builds is None: it loads (the pipeline is built, then dropped), and
#: whatever calls it (Paste's URLMap, a filter, the server) raises TypeError.
RETURNS_NONE = {
    "cinder.api.auth:pipeline_factory": "cinder.api.middleware.auth:pipeline_factory",
    "manila.api.auth:pipeline_factory": "manila.api.middleware.auth:pipeline_factory",
}


def nolimit_key(factory: str | None, key: str, built: list[str]) -> str:
    """The key `factory` builds where the service's `api_rate_limit` is at its default, in
    place of `key`, the one its `auth_strategy` names: `key_nolimit` where its default is
    false and it is one of the keys it can build (`built`), else `key`."""
    known = RATE_LIMITED.get(called(factory))
    if known is None or known.limited or key.endswith("_nolimit"):
        return key
    return f"{key}_nolimit" if f"{key}_nolimit" in built else key


def nolimit_words(factory: str | None, key: str, keys: list[str]) -> str:
    """`; nova builds `keystone_nolimit` in `keystone`'s place, …`: how `api_rate_limit` in
    the service's config picks between the key `factory` follows (`key`) and its `_nolimit`
    twin, where it reads it and `keys` holds both; "" otherwise."""
    known = RATE_LIMITED.get(called(factory))
    base = key.removesuffix("_nolimit")
    twin = f"{base}_nolimit"
    if known is None or base not in keys or twin not in keys:
        return ""
    since = known.since
    default = "true" if known.limited else "false"
    option = f"{known.project}.conf's `api_rate_limit`"
    if key == twin:
        return (f"; {known.project} builds `{twin}` in `{base}`'s place, as {option} is "
                f"{default} by default{since}: `api_rate_limit = true` builds `{base}`")
    return (f"; {known.project} builds `{twin}` in its place where {option} is false, "
            f"{default} by default{since}")


def returns_none_words(factory: str | None, node: str, key: str) -> str | None:
    """That the composite `node` built by `factory` is None, not the `key` pipeline it
    builds, and what a request sent to it gets (`RETURNS_NONE`); None for any other."""
    calls = RETURNS_NONE.get(called(factory))
    if calls is None:
        return None
    return (f"{name(node)} is built by `{called(factory)}`, a deprecated alias that calls "
            f"`{calls}`, which builds the `{key}` pipeline, and returns None, not it: "
            "PasteDeploy hands None on as the composite, so whatever calls it (Paste's "
            "URLMap, a filter above, the server) raises `TypeError: 'NoneType' object is not "
            f"callable`, and the request ends in a 500. Write `use = call:{calls}`.")


def stop_where_none(factory: str | None, node: str, key: str, result: Resolution) -> bool:
    """Stop `which`'s walk at keyed composite `node` where `factory` returns None, not the
    `key` pipeline it builds (`returns_none_words`): the request ends in a 500 there."""
    words = returns_none_words(factory, node, key)
    if words is None:
        return False
    result.stopped = {"node": node, "status": 500,
                      "reason": "its factory returns None, not the pipeline it builds"}
    result.say(words)
    return True
