"""The composite factories known by their names: OpenStack's `pipeline_factory`, and the key
it builds.

Apart from the graph's data (`stack.graph_model`): the reader refuses what such a composite
cannot build (`stack.graph_sections`), `which` follows the key it builds (`stack.resolve_walk`),
a story says why, and `stack.wsgi`'s own copy defaults as they do, all by the one rule here.
Nothing is imported: a factory is known by the `module:object` it is written as (`called`).
"""

from __future__ import annotations

from collections.abc import Mapping

#: The alternative OpenStack's `pipeline_factory` builds when nothing sets `auth_strategy`
#: (nova's and cinder's `auth_strategy` option defaults to keystone; so does `stack.wsgi`'s).
DEFAULT_STRATEGY = "keystone"


#: The composite factories, as OpenStack's api-paste.ini files name them (`module:function`),
#: that build the one key `strategy` names (`local_conf[CONF.auth_strategy]`), and no other:
#: nova's (`pipeline_factory` for the legacy v2 and EC2, `…_v3` and `…_v21` for v2.1),
#: cinder's and manila's (and their deprecated `….api.auth` names, which older inis use: they
#: call the `….api.middleware.auth` one, and return None, which `which` says:
#: `stack.known_pipeline_factories.RETURNS_NONE`),
#: neutron's (quantum's before), designate's, masakari's, ec2-api's, karbor's, congress's,
#: tacker's, and those of rack, TrilioVault's workloadmgr and guts, forks of nova's or
#: cinder's; with Pastescope's own copy, `stack.wsgi`'s.
#: NOTE: by name, not by the words `pipeline_factory`: `mymod:my_pipeline_factory` may pick
#: its key any way its code likes, and what a factory does is not read (nothing is imported).
#: heat's `heat.api:pipeline_factory` is not here: it picks the key its `[paste_deploy]
#: flavor` names (`default` when none), not `auth_strategy`.
PIPELINE_FACTORIES = frozenset({
    "nova.api.auth:pipeline_factory",
    "nova.api.auth:pipeline_factory_v3",
    "nova.api.auth:pipeline_factory_v21",
    "cinder.api.middleware.auth:pipeline_factory",
    "cinder.api.auth:pipeline_factory",
    "manila.api.middleware.auth:pipeline_factory",
    "manila.api.auth:pipeline_factory",
    "neutron.auth:pipeline_factory",
    "quantum.auth:pipeline_factory",
    "designate.api.middleware:auth_pipeline_factory",
    "masakari.api.auth:pipeline_factory_v1",
    "ec2api.api.auth:pipeline_factory",
    "karbor.api.middleware.auth:pipeline_factory",
    "congress.auth:pipeline_factory",
    "tacker.auth:pipeline_factory",
    "rack.api.auth:pipeline_factory",
    "workloadmgr.api.middleware.auth:pipeline_factory",
    "guts.api.middleware.auth:pipeline_factory",
    "stack.wsgi:pipeline_factory",
})


def is_pipeline_factory(factory: str | None) -> bool:
    """Whether a composite's factory is one of OpenStack's `pipeline_factory`s
    (`PIPELINE_FACTORIES`), which builds one of its keys' pipelines, the one `strategy`
    names, and no other: `use = call:M:F` or `paste.composite_factory = M:F`, the scheme in
    any case, as PasteDeploy lowers it (`called`)."""
    return called(factory) in PIPELINE_FACTORIES


def called(factory: str | None) -> str:
    """The `module:object` a composite's factory names, `call:` dropped (`use = call:M:F`), the
    scheme in any case, as PasteDeploy lowers it; `M:F` as written, as Python imports it; ""
    for none. One reading for every factory known by its code (pipeline_factory, nova's
    urlmap, Paste's cascade)."""
    scheme, sep, rest = (factory or "").partition(":")
    return rest if sep and scheme.lower() == "call" else factory or ""


def strategy(keys: Mapping[str, str]) -> tuple[str, str]:
    """The key a `pipeline_factory` builds, and why (`setting auth_strategy` or `default
    auth_strategy`, as `stack.resolve.Resolution.chosen` says it).

    `keys` are all it is given (its `local_conf`), settings too: a key whose value names no
    section is still the one built, and fails (as `stack.wsgi.pipeline_factory` does). With
    no `auth_strategy` it is keystone even where no key has that name: `stack.wsgi`'s factory
    then fails as it loads, and nova's (`local_conf[CONF.api.auth_strategy]`, keystone unless
    nova.conf says otherwise) with a KeyError; never the first key. One rule for `inspect`,
    which refuses what it cannot build, `which`, which follows it, and so `serve`.
    """
    if "auth_strategy" in keys:
        return keys["auth_strategy"], "setting auth_strategy"
    return DEFAULT_STRATEGY, "default auth_strategy"
