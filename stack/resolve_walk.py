"""The walk of one request through a graph, node by node, as each layer would send it on.

`Walk` reads the graph JSON only (as `stack.resolve_graph.WalkedGraph` reads it): a keyed
composite follows the alternative chosen or the one its factory picks, a urlmap dispatches as
Paste's does (`stack.resolve_urlmap`), a pipeline enters its filters in order (saying what a
well-known one does, `stack.known_filters`, read with what PasteDeploy hands its factory,
`stack.resolve_handed`), and an app's router is asked where its route table is known
(`stack.resolve_router`). Before a step, whether the stack
loads at all (`stack.resolve_loading`). What it finds goes into a `stack.resolve.Resolution`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stack import known_filters
from stack import nova_urlmap
from stack.composite_factories import is_pipeline_factory
from stack.explain_words import line_words
from stack.explain_words import name
from stack.graph_json import built_by
from stack.graph_json import filter_with_chain
from stack.graph_model import is_position
from stack.known_filters import Above
from stack.known_pipeline_factories import nolimit_key
from stack.known_pipeline_factories import stop_where_none
from stack.request_target import request_notes
from stack.request_target import too_long
from stack.resolve_graph import WalkedGraph
from stack.resolve_handed import Handed
from stack.resolve_loading import alternative_words
from stack.resolve_loading import cannot_load
from stack.resolve_loading import key_refusal
from stack.resolve_loading import skipped_keys
from stack.resolve_loading import unloadable
from stack.resolve_router import routed
from stack.resolve_urlmap import pruned_words
from stack.resolve_urlmap import urlmap_step
from stack.wsgi_path import readable_path

if TYPE_CHECKING:
    from stack.resolve import Resolution


@dataclass
class Hop:
    """One node the request would enter, the edge label that led there, and its environ."""

    node: str
    label: str | None
    script_name: str
    path_info: str
    #: What chose the label where the path did not: nova's urlmap (or a copy) reads the API
    #: version from a header (`the Accept header's `version=2.1``).
    by: str | None = None


class Walk(WalkedGraph):
    """The state of one resolution: the graph's nodes and out-edges by id (`WalkedGraph`), the
    route tables lent, and what the request meets on the way."""

    def __init__(self, graph: dict, choices: dict[str, str], tables: dict | None,
                 page: bool = False, built: Collection[str] | None = None) -> None:
        super().__init__(graph, choices)
        self.loaded = tables is not None  # whether a running stack or a load lent route tables
        self.page = page  # see `resolve`
        self.built = built  # see `resolve`
        self.tables = tables or {}
        self.read_headers = False  # whether a layer passed picks its way by the headers
        #: What PasteDeploy hands each section the walk builds (the `set`s on the way, the
        #: [DEFAULT]s): what a known filter on the way is read with (`_known_filter`).
        self.handed = Handed(graph, self.nodes, self.edges, self.keyed)
        #: Whether a delaying auth_token passed marks a request without a valid token
        #: `X-Identity-Status: Invalid` for a filter after it (`known_filters.Asked`).
        self.unconfirmed = False
        #: What any stop is read with, said before it (`_note`): `Resolution.stopped`'s `said`.
        self.notes: list[str] = []

    def _note(self, result: Resolution, words: str) -> None:
        """Say what the answer at any stop is read with: the request is not what it looks
        (`get`, `%2F` decoded), or a filter on the way answers first for its want of a token."""
        result.say(words)
        self.notes.append(result.story[-1])

    def run(self, result: Resolution, path_info: str) -> None:
        if unloadable(self, result) or too_long(result):  # no stack, or refused before it
            return
        for words in request_notes(result.method, result.path, path_info):
            self._note(result, words)
        node, label, by = self.entry, None, None
        script_name = ""
        entered = False  # whether `node` is a hop already
        above: Above = {}  # the `set`s the sections passed hand `node` (`handed_down`)
        way: list[str] = []  # the sections `node` is built under, outermost first
        for _ in range(len(self.nodes) + 1):  # a graph has no cycles; bound the walk anyway
            if not entered and self._enter(result, node, label, script_name, path_info, by,
                                           above=above, way=way):
                return
            entered, by = False, None
            kind = self.kind(node)
            out = self.steps(node)
            built_as = self.used(node)
            self.handed.built_with.setdefault(node, above)
            # what it picks its key from: its settings as PasteDeploy hands them (`choose`),
            # the keys it offers there and those PasteDeploy skips
            keyed = skipped_keys(self, node, above, way) if self.keyed(node) else None
            above = self.handed.handed_down(node, above, way)
            way = [*way, node]
            if keyed is not None:
                step = self._alternative(node, out, result, *keyed, way[:-1])
                if step is None or stop_where_none(built_by(self.nodes, self.edges, node)[0],
                                                   node, step[0], result):
                    return
                label, node = self._took(node, *step)
            elif kind == "composite" and out:
                step = self._urlmap(node, out, result, script_name, path_info)
                if step is None:
                    return
                label, target, script_name, path_info, by = step
                label, node = self._took(node, label, target)
            elif kind == "pipeline" and out:
                positions = sorted((e for e in out if is_position(e["label"])),
                                   key=lambda e: int(e["label"]))
                names = ", ".join(name(e["target"]) for e in positions)
                result.say(f"{name(node)} runs its positions in order: {names}.")
                for edge in positions[:-1]:
                    self.handed.took(edge)
                    if (self._enter(result, edge["target"], edge["label"], script_name, path_info,
                                    above=above, way=way)
                            or self._known_filter(edge["target"], result, script_name,
                                                  path_info, above, way)):
                        return
                self.handed.took(positions[-1])
                label, node = positions[-1]["label"], positions[-1]["target"]
            elif kind == "filter-app" and any(e["label"] == "next" for e in out):
                nxt = next(e for e in out if e["label"] == "next")
                result.say(f"{name(node)} wraps {name(nxt['target'])}, its `next`.")
                label, node = self._took(node, "next", nxt["target"])
            elif built_as is not None and not out:
                # One object, one hop: PasteDeploy builds the section as the one it uses.
                result.say(f"{name(node)} uses {name(built_as)} (`use =`), so it is built "
                           f"as that {self.kind(built_as)}.")
                node, entered = self._took(node, "use", built_as)[1], True
            else:
                self._app(node, result, path_info)
                return

    def _took(self, source: str, label: str, target: str) -> tuple[str, str]:
        """Take the edge `label` from `source` to `target` (`Handed.took`); its label and
        target, where the walk goes next."""
        edge = next((e for e in self.edges.get(source, [])
                     if e["label"] == label and e["target"] == target), None)
        if edge is not None:
            self.handed.took(edge)
        return label, target

    def _enter(
        self, result: Resolution, node: str, label: str | None, script_name: str, path_info: str,
        by: str | None = None, *, above: Above, way: list[str],
    ) -> bool:
        """Add `node` as a hop, after the filters its `filter-with` chain wraps it in; True
        when one of those answers the request itself (`_known_filter`), ending the walk there.

        PasteDeploy builds `filter-with = F` as F wrapping the section (and F's own
        `filter-with = G` as G wrapping F), so the outermost filter is entered first; it
        hands F the global_conf it built the section with (`above`, and the section's `set`s),
        and F hands G its own. `way`: the sections `node` is built under (`_known_filter`).
        """
        self.handed.built_with[node] = above
        chain = filter_with_chain(self.edges, node)
        if chain:
            names = " → ".join(name(edge["target"]) for edge in reversed(chain))
            result.say(f"{name(node)} is wrapped by its `filter-with` chain, so the request "
                       f"enters {names} before it.")
        handed = [above]  # innermost first, as `chain`: what each filter is built with
        for edge in chain:  # each wrapper is built with what the section it wraps hands it
            self.handed.took(edge)
            handed.append(self.handed.with_sets(edge["source"], handed[-1]))
            self.handed.built_with[edge["target"]] = handed[-1]
        wrapped = [edge["source"] for edge in chain]  # what each wrapper is built under, too
        for index, (edge, given) in reversed(list(enumerate(zip(chain, handed[1:],
                                                                strict=True)))):
            wrapper = edge["target"]
            result.hops.append(Hop(wrapper, label, script_name, path_info, by))
            if self._known_filter(wrapper, result, script_name, path_info, given,
                                  [*way, *wrapped[:index + 1]]):
                return True
            label, by = "filter-with", None
        result.hops.append(Hop(node, label, script_name, path_info, by))
        return False

    def _urlmap(
        self, node: str, out: list[dict], result: Resolution, script_name: str, path_info: str
    ) -> tuple[str, str, str, str, str | None] | None:
        """The branch of urlmap `node` the request takes (`resolve_urlmap.urlmap_step`), as
        Paste's URLMap takes it, or nova's where it built `node` (which reads the headers);
        said to be one its factory may delete by the service's config (`pruned_words`)."""
        factory = built_by(self.nodes, self.edges, node)[0]
        copy = nova_urlmap.urlmap_copy(factory)
        if copy:
            self.read_headers = True
        fallback = next((e["target"] for e in self.edges.get(node, [])
                         if e["label"] == "not_found_app"), None)
        step = urlmap_step(node, out, fallback, copy, result, script_name, path_info)
        if step is not None and (pruned := pruned_words(factory, node, step[0])):
            result.say(pruned)
        return step

    def _known_filter(self, node: str, result: Resolution, script_name: str, path_info: str,
                      above: Above, way: list[str]) -> bool:
        """Say what a well-known filter, built with the `set`s of the sections above it in
        its global_conf (`above`) under the sections `way`, does with the request as it
        reaches it (`script_name`, `path_info`), as `Handed.known` reads it with what
        PasteDeploy hands its factory; True when it answers the request itself, which ends
        the walk there."""
        asked = known_filters.Asked(result.method, script_name, path_info, result.headers,
                                    self.unconfirmed)
        factory = built_by(self.nodes, self.edges, node)[0]
        found = self.handed.known(node, factory, asked, above, way)
        at = line_words(node, self.nodes.get(node, {}).get("line"), "")
        if found is None:
            slip = known_filters.slip_words(factory)
            if slip is not None:
                result.say(f"{name(node)}{at} {slip}.")
            return False
        if found.answer is not None:
            answer = found.answer
            result.stopped = {"node": node, "status": answer.status, "reason": answer.words}
            result.say(f"{name(node)}{at} {answer.said}.")
            return True
        self.read_headers = True  # it reads the token header, given or not, or the body's size
        self.unconfirmed = self.unconfirmed or found.marks_unconfirmed
        if found.tokenless:
            if result.held is None:  # the first: the request as asked stops there
                result.held = {"node": node, "status": found.held_status,
                               "reason": found.words, "unless": found.unless,
                               "any_token": found.any_token, "lacking": found.lacking}
            give = "an `X-Auth-Token` header above" if self.page else "`-H 'X-Auth-Token: …'`"
            one = "one, whatever its value" if found.any_token else "a valid one"
            self._note(result, f"{name(node)}{at} {found.words}; below, the walk goes on as for "
                               f"a request with {one} (give {give} to ask about one).")
        else:
            result.say(f"{name(node)}{at} {found.words}.")
            if found.denied_status is not None and result.held is result.denied is None:
                result.denied = {"node": node, "status": found.denied_status,
                                 "lacking": found.lacking, "unless": found.unless}
            if found.refuses_status is not None and result.held is result.checked is None:
                result.checked = {"node": node, "status": found.refuses_status,
                                  "refused": found.refused, "passed": found.passed}
        result.known.append(node)
        return False

    def _alternative(self, node: str, out: list[dict], result: Resolution,
                     handed: dict[str, str], keys: list[str], skipped: dict[str, str],
                     way: list[str]) -> tuple[str, str] | None:
        """Follow a keyed composite's chosen alternative, picked from the settings it is
        `handed` under the sections `way` (`choose`) of the `keys` it offers there, less
        those PasteDeploy skips (`skipped`, `skipped_keys`); record and say what else it
        offers (`alternative_words`). None where
        that key names no section it builds, the walk stopped as the load check stops it
        (`cannot_load`, with that alternative's refusal where the graph has one): that check
        (`unloadable`) judges every way to it first, so only one it read otherwise gets here,
        and PasteDeploy refuses it all the same."""
        result.alternatives[node] = keys
        key, why = self.choose(node, keys, handed)  # one it builds, or `unloadable` stopped
        # NOTE: where the service's `api_rate_limit` is false by default (nova's), its
        # `_nolimit` twin is built instead; only one it can build, as the load check judged
        # the key itself (`unloadable`), and `inspect`'s graph is PasteDeploy's either way.
        factory = built_by(self.nodes, self.edges, node)[0]
        built = [e["label"] for e in out if e["label"] in keys]
        key = key if why == "chosen" else nolimit_key(factory, key, built)
        result.chosen[node] = (key, why)
        result.defaults[node] = nolimit_key(
            factory, self.choose(node, keys, handed, chosen=False)[0], built)
        target = next((e["target"] for e in out if e["label"] == key), None)
        if target is None or key in skipped:
            cannot_load(self, result, node,
                        *key_refusal(self, node, keys, key, why, way, skipped))
            return None
        for said in alternative_words(self, node, keys, key, why, skipped):
            result.say(said)
        return key, target

    def _unbuilt(self, node: str, result: Resolution) -> str:
        """Why a load here (`which --load`) has no route table for app `node`: it holds no
        Routes mapper, or the load never built it, as a `pipeline_factory` builds only the
        alternative its auth_strategy names, not one `--choose` follows."""
        if node in self.built:
            return ("Loaded (`--load`), it has no route table (it holds no Routes mapper "
                    "Pastescope could read)")
        builder = next((composite for composite in reversed(result.chosen)
                        if is_pipeline_factory(built_by(self.nodes, self.edges, composite)[0])),
                       None)
        because = (f": {name(builder)} builds only the alternative its auth_strategy names"
                   if builder else "")
        return f"Loaded (`--load`), this load did not build it{because}"

    def _app(self, node: str, result: Resolution, path_info: str) -> None:
        """At an app: the route its router would match, if its route table is known
        (`resolve_router.routed`).

        Without a table nothing says what the app answers (a 404 as well as a 200), so the
        words say it is handed the request, never that it answers it.
        """
        table = self.tables.get(node)
        typed = readable_path(path_info)
        if not table:
            asked = f"`{result.method} {typed}`" if typed else (
                f"`{result.method}` with an empty PATH_INFO (the path is all SCRIPT_NAME)")
            why = (self._unbuilt(node, result) if self.built is not None else
                   "The stack announced no route table for it (it has no Routes mapper the "
                   "stack could read)" if self.loaded else
                   "Nothing here loads its code (its factory is only named)")
            denied = result.denied
            if denied:  # it asks that filter first: only what it lets in is not known here
                result.say(f"{name(node)} is handed {asked}, and answers it "
                           f"{denied['status']}, as said of {name(denied['node'])} above. "
                           f"{why}, so this cannot tell what it answers a request "
                           f"{name(denied['node'])} lets in: only sending that request shows.")
                return
            result.say(f"{name(node)} is handed {asked}. {why}, so this cannot tell whether "
                       "it answers 200, 404 or another status: only sending the request "
                       "shows.")
            return
        routed(node, result, table, path_info)
