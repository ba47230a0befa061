"""Whether `loadapp` would fail on a graph's entry, for `which` (`stack.resolve_walk`): a
section it reaches that PasteDeploy refuses, but the alternatives a composite does not pick,
said where and why before any step of the request, as no request is served then. And the
keys the entry's load builds of each keyed composite, which `inspect`'s graph refuses and
warns by (`keys_built`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from stack import known_filters
from stack.choice_words import DROPPED
from stack.choice_words import cascade_words
from stack.choice_words import is_cascade
from stack.choice_words import through_words
from stack.composite_factories import is_pipeline_factory
from stack.explain_words import line_words
from stack.explain_words import name
from stack.graph_json import built_by
from stack.graph_json import use_chain
from stack.graph_model import STATIC_LABELS
from stack.known_filters import Above

if TYPE_CHECKING:
    from stack.resolve import Resolution
    from stack.resolve_walk import Walk


@dataclass(frozen=True)
class Reached:
    """A section `unloadable` reaches, by one way: the sections it is built under (`way`,
    outermost first), the `set`s each of them and it were built with (`built_with`,
    `Handed.handed_down`), and the keyed composite and key it was reached through (`via`)."""

    node: str
    way: list[str]
    built_with: dict[str, Above]
    via: tuple[str, str] | None


@dataclass(frozen=True)
class Built:
    """A section as the entry's load builds it along one way (`built`): where a keyed
    composite, the keys it offers, the one it builds there and why (`Walk.choose`), and the
    one it builds where none is chosen (what the dashboard's Ask form sends as no choice)."""

    reached: Reached
    keys: list[str] | None = None
    chosen: tuple[str, str] | None = None
    unchosen: str | None = None
    #: Of a keyed composite, the keys PasteDeploy skips on this way, not in `keys`, each
    #: with where the global_conf holding its name gives it (`skipped_keys`).
    skipped: dict[str, str] = field(default_factory=dict)


def built(walk: Walk) -> Iterator[Built]:
    """Each section `loadapp` builds as it loads the entry, once for each distinct set of
    settings a way hands it (`handed`), breadth first: every urlmap branch, `use`,
    `filter-with`, `next` and `not_found_app`, but of a keyed composite only the alternative
    it builds on that way, from its settings as PasteDeploy hands them there
    (`Handed.handed_keys`): a `set` above one way to a `config:` reference skips its own
    `auth_strategy` there and not on another. The one reader of the ways for the load check
    (`unloadable`), the Ask form's defaults and the graph's refusals (`keys_built`)."""
    read = keyed_reads(walk)
    queue = deque([Reached(walk.entry, [], {walk.entry: {}}, None)])
    judged = {handed(walk, queue[0], read)}
    while queue:  # each (section, settings) once, along ways no longer than the graph
        reached = queue.popleft()
        node, way = reached.node, reached.way
        above = reached.built_with[node]
        out = walk.edges.get(node, [])
        found = Built(reached)
        if walk.keyed(node):
            conf, keys, skipped = skipped_keys(walk, node, above, way, reached.built_with)
            found = Built(reached, keys, walk.choose(node, keys, conf),
                          walk.choose(node, keys, conf, chosen=False)[0], skipped)
            out = [e for e in out if e["label"] in STATIC_LABELS or e["label"] == found.chosen[0]]
        yield found
        below = walk.handed.handed_down(node, above, way, reached.built_with)
        for edge in out if len(way) < len(walk.nodes) else []:  # a longer way is a cycle
            target = edge["target"]
            nxt = Reached(target, [*way, node], {**reached.built_with, target: below},
                          (node, found.chosen[0]) if found.chosen is not None else reached.via)
            state = handed(walk, nxt, read)
            if state not in judged:
                judged.add(state)
                queue.append(nxt)


def unloadable(walk: Walk, result: Resolution) -> bool:
    """Whether `loadapp` would fail on the entry; if so, say where and why.

    PasteDeploy builds, as it loads, every section the entry reaches (each urlmap branch,
    each `use`, `filter-with`, `next`, `not_found_app`), except the alternatives a
    composite does not pick: one refused section anywhere there and no request is served.
    A section is built once for each way to it, with the settings that way hands it: a
    keyed composite is judged for each distinct set of them (`built`).
    """
    #: A keyed composite passed → its keys, the one followed with why, and the one built
    #: where none is chosen.
    offered: dict[str, tuple[list[str], tuple[str, str], str]] = {}
    #: The sections whose refusal whatever the way (`refusal`, a known filter's) is judged:
    #: it depends on the section alone, and one found stops the load, so a later visit
    #: (another way's settings) goes straight to the key its way builds.
    judged: set[str] = set()
    for found in built(walk):
        node, way, via = found.reached.node, found.reached.way, found.reached.via
        reason, line = None, None
        if node not in judged:
            judged.add(node)
            reason, line = refusal(walk, node)
            if reason is None:  # a known filter whose settings its factory refuses
                reason = known_filters.unbuildable(*built_by(walk.nodes, walk.edges, node),
                                                   walk.handed.defaults)
                line = walk.nodes.get(node, {}).get("line")
        keyed = reason is None and found.chosen is not None
        if keyed:
            keys, (key, why) = found.keys, found.chosen
            offered.setdefault(node, (keys, found.chosen, found.unchosen))
            # The key its auth_strategy or the choice picks refused, or, its own
            # `auth_strategy` skipped, one it does not offer.
            if (key in found.skipped or key in walk.refused.get(node, {})
                    or key not in keys and why == DROPPED):
                reason, line, own = key_refusal(walk, node, keys, key, why, way, found.skipped)
                via = own or via
        if reason is not None:
            if keyed:  # what this way picks, which the failure is said with
                offered[node] = (found.keys, found.chosen, found.unchosen)
            for composite, (keys, picked, unchosen) in offered.items():  # offer the others
                result.alternatives[composite], result.chosen[composite] = keys, picked
                result.defaults[composite] = unchosen
            cannot_load(walk, result, node, reason, line, via)
            return True
    return False


def keyed_reads(walk: Walk) -> frozenset[str]:
    """The names a keyed composite's choice can read of its global_conf: its sections' own
    settings and keys, which a `set` of that name above a `config:` reference skips
    (`skipped_keys`), and `auth_strategy`. No other check of `unloadable` reads the way:
    a filter's settings are judged as written (`known_filters.unbuildable`)."""
    keyed = [node for node in walk.nodes if walk.keyed(node)]
    return frozenset({"auth_strategy"}).union(*(
        walk.nodes.get(section, {}).get("conf") or {}
        for node in keyed for section in use_chain(walk.nodes, walk.edges, node)),
        *(walk.offers(node) for node in keyed))


def handed(walk: Walk, reached: Reached, read: frozenset[str]) -> tuple[Any, ...]:
    """What a section is built with along a way (`Reached`), as far as `unloadable` judges it
    and the sections below it by it (`read`, `keyed_reads`): the `set`s of those names in its
    global_conf, and where a `config:` reference led to its file, those the file was loaded
    under and the files passed before (`Handed.loaded_under`). Two ways that hand it the same
    are judged once, so a graph is judged in as many steps as the values of those few names
    make, not one for every way (a chain of urlmaps whose branches each `set` a name of its
    own would double them at each)."""
    loaded = walk.handed.loaded_under([*reached.way, reached.node], reached.built_with)
    return (reached.node, _of(reached.built_with[reached.node], read),
            None if loaded is None else (_of(loaded[0], read), tuple(dict.fromkeys(loaded[1]))))


def _of(sets: Above, read: frozenset[str]) -> frozenset[tuple[str, str]]:
    """The values `sets` gives the names in `read`, without where each was set."""
    return frozenset((key, value) for key, (value, _) in sets.items() if key in read)


def no_pipeline(walk: Walk, node: str, keys: list[str], key: str, why: str,
                way: list[str], skipped: Mapping[str, str]) -> tuple[str, int | None]:
    """Why a keyed composite reached by `way` (outermost first) cannot be built, and its
    line, where the key it picks (`Walk.choose`, `why`) is none it offers there (`keys`): a
    `pipeline_factory` whose own `auth_strategy` is skipped there builds OpenStack's default,
    or one whose key its `auth_strategy` names PasteDeploy skips there (`skipped`,
    `skipped_keys`), and `stack.wsgi.pipeline_factory` raises LookupError (nova's
    `pipeline_factory_v21` KeyError)."""
    offers = ", ".join(f"`{offered}`" for offered in keys) or "none"
    builds = f"it builds its `{key}` alternative ({walk.chosen_words(node, why)})"
    if key in skipped:
        return (f"{builds}, a key PasteDeploy skips there, as {SKIPPED_WHY} `{key}` "
                f"({skipped[key]}), so it has no pipeline to build (it offers {offers})"
                f"{way_words(way)}", walk.nodes.get(node, {}).get("line"))
    return (f"{builds}, which it does not offer (it offers {offers}), so it has no pipeline "
            f"to build{way_words(way)}", walk.nodes.get(node, {}).get("line"))


#: Why PasteDeploy skips a composite's key on a way (`no_pipeline`, `skipped_words`), said
#: before the key's name: `get_context` skips a section's own setting of a name its file's
#: [DEFAULT] holds, where `loadwsgi._loadconfig` put the global_conf it was loaded under.
SKIPPED_WHY = "it loads its file under a global_conf holding"


def skipped_words(node: str, skipped: Mapping[str, str]) -> str:
    """What the walk says of the keys of `node` PasteDeploy skips on its way (`skipped`,
    `skipped_keys`), where it picks another: not offered there, and a service's config
    that picks one fails to load."""
    keys = " and ".join(f"`{key}` ({where})" for key, where in skipped.items())
    many = len(skipped) > 1
    return (f"PasteDeploy skips its key{'s' if many else ''} {keys} on this way, as "
            f"{SKIPPED_WHY} {'those names' if many else 'that name'}: {name(node)} is never "
            f"handed {'those pipelines' if many else 'that pipeline'}, and a service's config "
            f"that picks {'one' if many else 'it'} fails to load.")


def skipped_keys(walk: Walk, node: str, above: Above, way: list[str],
                 built_with: dict[str, Above] | None = None
                 ) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """The keys of the `pipeline_factory` composite `node`, built with `above` under the
    sections `way`, that PasteDeploy skips there (`Handed.handed_keys`), each with where the
    global_conf holding its name gives it: a `set noauth2 = …` above the `config:` reference
    that leads to its file, so its factory is never handed that pipeline and fails to load
    where its `auth_strategy` picks it. `built_with` as `Handed.handed_down`'s. Of another
    composite nothing is said: what its factory does without a key is not known. After the
    settings it is handed there, which it picks its key from (`Walk.choose`), and the keys
    it offers there, the others, read in the same walk of its `use` chain."""
    offers = walk.offers(node)
    asked = offers if is_pipeline_factory(built_by(walk.nodes, walk.edges, node)[0]) else []
    conf, skipped = walk.handed.handed_keys(node, asked, above, way, built_with)
    return conf, [key for key in offers if key not in skipped], skipped


def alternative_words(walk: Walk, node: str, keys: list[str], key: str, why: str,
                      skipped: Mapping[str, str]) -> list[str]:
    """What the walk says of the alternative a keyed composite follows (`key`, for `why`) of
    those it offers on its way (`keys`), the keys PasteDeploy skips there (`skipped`) said
    first: those count among the alternatives the file writes, so one key left is still
    said to be followed for its reason, beside the others."""
    said = [skipped_words(node, skipped)] if skipped else []
    refused = walk.refused.get(node, {})
    others = ", ".join([*(f"`{k}`" + (" (which cannot be built)" if k in refused else "")
                          for k in keys if k != key),
                        *(f"`{k}` (which PasteDeploy skips on this way)" for k in skipped)])
    factory, conf = built_by(walk.nodes, walk.edges, node)
    if is_cascade(factory):
        said.append(cascade_words(node, keys, key, why, conf))
    elif others:
        said.append(f"{name(node)} offers {len(walk.offers(node))} alternatives; `{key}` is "
                    f"followed ({walk.chosen_words(node, why, key)}); the others: {others}.")
    else:
        said.append(f"{name(node)} names one section, by its key `{key}`, and that is "
                    "followed.")
    return said


def key_refusal(walk: Walk, node: str, keys: list[str], key: str, why: str,
                way: list[str], skipped: Mapping[str, str]
                ) -> tuple[str, int | None, tuple[str, str] | None]:
    """Why a keyed composite reached by `way` cannot build the key it picks (`key`, for
    `why`) of those it offers there (`keys`; `skipped`: those PasteDeploy skips there), its
    line, and the alternative the refusal is through: that key's refusal
    (`refused_alternatives`), through it, but where the key is skipped there, else
    `no_pipeline`'s, through none of its own. Said alike by the load check (`unloadable`)
    and the walk."""
    refused = walk.refused.get(node, {}).get(key)
    if refused is not None and key not in skipped:
        return refused["error"], refused.get("line"), (node, key)
    return (*no_pipeline(walk, node, keys, key, why, way, skipped), None)


#: A keyed composite's key built on some way (`keys_built`), with why → that in words, with
#: the first such way, and why it cannot build it there with the line, or None.
KeysBuilt = dict[tuple[str, str], tuple[str, tuple[str, int | None] | None]]


def keys_built(walk: Walk, unfollowed: Mapping[tuple[str, str], tuple[int | None, str]]
               ) -> dict[str, KeysBuilt]:
    """The keys each keyed composite of `walk`'s graph builds as `loadapp` loads its entry,
    with why, on every way to it (`built`, none chosen): a `pipeline_factory` of a file a
    `config:` reference leads to under a `set auth_strategy` builds OpenStack's default
    there, its own `auth_strategy` skipped; under a `set` of one of its keys, that key is
    skipped there (`skipped_keys`), not offered on that way. With each, what it builds in
    words, and why it cannot build that key, with the way: an alternative it cannot build
    (`unfollowed`, by (section, key): its line and why, as
    `graph_sections.SectionReader.not_followed` keeps them, not read back from its refusal,
    which is cut to a readable length) is refused with why it is built there, not `as
    chosen`, a key it lacks or PasteDeploy skips on that way with `no_pipeline`'s words; or
    None. What `stack.graph_builder` refuses and warns of a composite by."""
    found: dict[str, KeysBuilt] = {}
    for way in built(walk):
        if way.chosen is None:
            continue
        node, (key, why) = way.reached.node, way.chosen
        keys = found.setdefault(node, {})
        if (key, why) in keys:
            continue
        # NOTE: a key PasteDeploy skips on this way is said skipped, not refused, as
        # `key_refusal` says it
        refused = unfollowed.get((node, key)) if key not in way.skipped else None
        builds = f"it builds its `{key}` alternative ({walk.chosen_words(node, why)})"
        on_way = way_words(way.reached.way)
        keys[(key, why)] = (
            builds + on_way,
            (f"{builds}, where {refused[1]}{on_way}", refused[0]) if refused is not None else
            None if key in way.keys else
            no_pipeline(walk, node, way.keys, key, why, way.reached.way, way.skipped))
    return found


def way_words(way: list[str]) -> str:
    """`, on the way the composite `main` → … leads to it`: the sections a section is built
    under (outermost first), where it is not the entry."""
    return f", on the way {' → '.join(name(section) for section in way)} leads to it" if way else ""


def cannot_load(walk: Walk, result: Resolution, node: str, reason: str, line: int | None,
                via: tuple[str, str] | None) -> None:
    """Stop at `node`, which PasteDeploy refuses (`reason`, at `line`), reached through the
    alternative `via` of a keyed composite, if any: no request is answered
    (`Resolution.stopped`, status None)."""
    result.stopped = {"node": node, "status": None, "reason": reason}
    how = ("Loading fails" if node == walk.entry else f"PasteDeploy builds "
           f"every section {name(walk.entry)} reaches as it loads it, so loading "
           f"fails")
    result.say(f"{name(node)} cannot be built{line_words(node, line, reason)}: "
               f"{reason}. {how}, and no request is answered."
               f"{through_words(via, result, walk.page)}")


def refusal(walk: Walk, node: str) -> tuple[str | None, int | None]:
    """Why PasteDeploy would refuse `node` whatever alternative is chosen, and the line
    (`Node.error_lines`), or (None, None). The refusal of a composite's default
    alternative is not one of these: a choice of another lifts it (`unloadable`)."""
    found = walk.nodes.get(node, {})
    errors = found.get("errors") or []
    lines = found.get("error_lines")
    lines = lines if isinstance(lines, list) else []
    chosen_only = {alt["error"] for alt in walk.refused.get(node, {}).values()}
    for index, error in enumerate(errors):
        if error not in chosen_only:
            line = lines[index] if index < len(lines) else None
            return error, line if isinstance(line, int) else None
    return None, None


def refused_alternatives(node: dict) -> dict[str, dict[str, Any]]:
    """The alternatives of a `pipeline_factory` composite (the graph JSON's `node`) it cannot
    build, by key (`Node.refused_alternatives`): no edge leads to them, but they are offered.
    A running stack announces its graph: what is not in that shape is not taken."""
    found = node.get("refused_alternatives")
    return {key: alternative for key, alternative in found.items()
            if isinstance(alternative, dict) and isinstance(alternative.get("error"), str)
            } if isinstance(found, dict) else {}
