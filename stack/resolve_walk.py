"""The walk of one request through a graph, node by node, as each layer would send it on.

`Walk` reads the graph JSON only: a keyed composite follows the alternative chosen or the one
its factory picks, a urlmap dispatches as Paste's does (`stack.resolve_urlmap`), a pipeline
enters its filters in order (saying what a well-known one does, `stack.known_filters`), and an
app's router is asked where its route table is known (`stack.resolve_router`). What it finds
goes into a `stack.resolve.Resolution`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from stack import graph_defaults
from stack import known_filters
from stack import nova_urlmap
from stack.choice_words import cascade_words
from stack.choice_words import chosen_words
from stack.choice_words import is_cascade
from stack.choice_words import strategy_place
from stack.choice_words import through_words
from stack.explain_words import name
from stack.graph_defaults import Referred
from stack.graph_model import built_by
from stack.graph_model import filter_with_chain
from stack.graph_model import indexed
from stack.graph_model import is_pipeline_factory
from stack.graph_model import is_position
from stack.graph_model import node_id
from stack.graph_model import sets_of
from stack.graph_model import split_id
from stack.graph_model import strategy
from stack.graph_model import use_chain
from stack.graph_model import used_section
from stack.known_filters import Above
from stack.request_target import is_prefix
from stack.request_target import request_notes
from stack.request_target import too_long
from stack.resolve_router import routed
from stack.resolve_urlmap import urlmap_step
from stack.wsgi_path import readable_path

if TYPE_CHECKING:
    from stack.resolve import Resolution

#: Edge labels that are not steps of a request (how a section was written, not where it goes).
STATIC_LABELS = frozenset({"use", "filter-with", "not_found_app"})


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


class Walk:
    """The state of one resolution: the graph's nodes and out-edges by id."""

    def __init__(self, graph: dict, choices: dict[str, str], tables: dict | None,
                 page: bool = False, built: Collection[str] | None = None) -> None:
        self.entry = graph["entry"]
        self.nodes, self.edges = indexed(graph)
        #: The alternatives each `pipeline_factory` composite cannot build, by key
        #: (`refused_alternatives`): asked of a node at every step of the walk.
        self.refused = {node: refused for node, found in self.nodes.items()
                        if (refused := refused_alternatives(found))}
        choices = {self.chosen_node(composite): key for composite, key in choices.items()}
        for composite, key in choices.items():
            if composite not in self.nodes:
                raise ValueError(f"{composite}={key}: no {composite} in this graph")
            keys = self.offers(composite)
            if not self.keyed(composite):
                how = ("a urlmap: it picks by prefix" if self.kind(composite) == "composite"
                       and keys else "not a composite with alternatives")
                raise ValueError(f"{composite}={key}: {composite} is {how}")
            if key not in keys:
                raise ValueError(f"{composite} has no alternative {key!r} (it offers "
                                 f"{', '.join(keys) or 'none'})")
        self.choices = choices
        self.loaded = tables is not None  # whether a running stack or a load lent route tables
        self.page = page  # see `resolve`
        self.built = built  # see `resolve`
        self.tables = tables or {}
        self.read_headers = False  # whether a layer passed picks its way by the headers
        self.defaults = graph_defaults.graph_defaults(graph)  # the ini's [DEFAULT], if carried
        self.file_defaults = graph_defaults.graph_file_defaults(graph)  # other files' [DEFAULT]
        self.file = self.nodes.get(self.entry, {}).get("file")  # the ini's own file
        #: The `set`s each section the walk built was handed (`run`, `_enter`): what a file
        #: `config:` leads to is loaded under (`loaded_under`).
        self.built_with: dict[str, Above] = {}
        #: What any stop is read with, said before it (`_note`): `Resolution.stopped`'s `said`.
        self.notes: list[str] = []

    def _note(self, result: Resolution, words: str) -> None:
        """Say what the answer at any stop is read with: the request is not what it looks
        (`get`, `%2F` decoded), or a filter on the way answers first for its want of a token."""
        result.say(words)
        self.notes.append(result.story[-1])

    def chosen_node(self, composite: str) -> str:
        """The node a choice names: `composite:NAME` (what a bare NAME is, `parse_choices`)
        names an [app:NAME] PasteDeploy builds as a composite (`built_as`) too."""
        file, section = split_id(composite)
        kind, _, rest = section.partition(":")
        app = node_id("app", rest, file)
        if (composite not in self.nodes and kind == "composite"
                and self.nodes.get(app, {}).get("built_as") == "composite"):
            return app
        return composite

    def kind(self, node: str) -> str:
        """The node's kind, or what PasteDeploy builds it as where its factory decides
        (`built_as`: `[app:main] use = egg:Paste#urlmap` is a urlmap), or, for a section
        that `use`s a composite and adds keys of its own (its edges), that composite's
        kind: it dispatches as one."""
        for _ in range(len(self.nodes)):  # `use` chains have no cycles; bound it anyway
            used = self.used(node)
            if used is None or not self.steps(node):
                break
            node = used
        found = self.nodes.get(node, {})
        return found.get("built_as") or found.get("kind", node.partition(":")[0])

    def used(self, node: str) -> str | None:
        """The pipeline, composite or filter-app section `node` is built as (`use =`), if any."""
        return used_section(self.nodes, self.edges, node)

    def steps(self, node: str) -> list[dict]:
        """The edges a request can take from `node` (not how its section was written)."""
        return [e for e in self.edges.get(node, []) if e["label"] not in STATIC_LABELS]

    def keyed(self, node: str) -> bool:
        """A composite with alternatives (keys that are not urlmap prefixes)."""
        out = self.steps(node)
        return self.kind(node) == "composite" and (
            node in self.refused
            or bool(out) and not all(is_prefix(e["label"]) for e in out))

    def offers(self, node: str) -> list[str]:
        """The keys a keyed composite offers: those it can build (its edges), then those
        it cannot, which a service's config may pick all the same."""
        keys = [e["label"] for e in self.steps(node)]
        return keys + [key for key in self.refused.get(node, {}) if key not in keys]

    def run(self, result: Resolution, path_info: str) -> None:
        if self._unloadable(result) or too_long(result):  # no stack, or refused before it
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
            self.built_with.setdefault(node, above)
            above = self.handed_down(node, above, way)
            way = [*way, node]
            if self.keyed(node):
                label, node = self._alternative(node, out, result)
            elif kind == "composite" and out:
                step = self._urlmap(node, out, result, script_name, path_info)
                if step is None:
                    return
                label, node, script_name, path_info, by = step
            elif kind == "pipeline" and out:
                positions = sorted((e for e in out if is_position(e["label"])),
                                   key=lambda e: int(e["label"]))
                names = ", ".join(name(e["target"]) for e in positions)
                result.say(f"{name(node)} runs its positions in order: {names}.")
                for edge in positions[:-1]:
                    if (self._enter(result, edge["target"], edge["label"], script_name, path_info,
                                    above=above, way=way)
                            or self._known_filter(edge["target"], result,
                                                  script_name + path_info, above, way)):
                        return
                label, node = positions[-1]["label"], positions[-1]["target"]
            elif kind == "filter-app" and any(e["label"] == "next" for e in out):
                nxt = next(e for e in out if e["label"] == "next")
                result.say(f"{name(node)} wraps {name(nxt['target'])}, its `next`.")
                label, node = "next", nxt["target"]
            elif built_as is not None and not out:
                # One object, one hop: PasteDeploy builds the section as the one it uses.
                result.say(f"{name(node)} uses {name(built_as)} (`use =`), so it is built "
                           f"as that {self.kind(built_as)}.")
                node, entered = built_as, True
            else:
                self._app(node, result, path_info)
                return

    def _unloadable(self, result: Resolution) -> bool:
        """Whether `loadapp` would fail on the entry; if so, say where and why.

        PasteDeploy builds, as it loads, every section the entry reaches (each urlmap branch,
        each `use`, `filter-with`, `next`, `not_found_app`), except the alternatives a
        composite does not pick: one refused section anywhere there and no request is served.
        """
        seen, queue = {self.entry}, deque([self.entry])
        #: A node → the keyed composite, and the alternative, it was reached through.
        through: dict[str, tuple[str, str]] = {}
        #: A keyed composite passed → its keys, and the one followed with why.
        offered: dict[str, tuple[list[str], tuple[str, str]]] = {}
        while queue:
            node = queue.popleft()
            out = self.edges.get(node, [])
            reason, line = self.refusal(node)
            if reason is None:  # a known filter whose settings its factory refuses
                reason = known_filters.unbuildable(*built_by(self.nodes, self.edges, node),
                                                   self.defaults)
                line = self.nodes.get(node, {}).get("line")
            if reason is None and self.keyed(node):
                keys = self.offers(node)
                key, why = self.choose(node, keys)
                offered[node] = keys, (key, why)
                refused = self.refused.get(node, {}).get(key)
                if refused is not None:  # the key its auth_strategy or the choice picks
                    reason, line = refused["error"], refused.get("line")
                    through[node] = (node, key)
                out = [e for e in out if e["label"] in STATIC_LABELS or e["label"] == key]
                for edge in out:
                    through.setdefault(edge["target"], (node, key))
            if reason is not None:
                result.stopped = {"node": node, "status": None, "reason": reason}
                for composite, (keys, chosen) in offered.items():  # the page offers the others
                    result.alternatives[composite], result.chosen[composite] = keys, chosen
                how = ("Loading fails" if node == self.entry else f"PasteDeploy builds "
                       f"every section {name(self.entry)} reaches as it loads it, so loading "
                       f"fails")
                result.say(f"{name(node)} cannot be built{_line_words(node, line, reason)}: "
                           f"{reason}. {how}, and no request is answered."
                           f"{through_words(through.get(node), result, self.page)}")
                return True
            for edge in out:
                if edge["target"] not in seen:
                    seen.add(edge["target"])
                    queue.append(edge["target"])
                    if node in through:
                        through.setdefault(edge["target"], through[node])
        return False

    def refusal(self, node: str) -> tuple[str | None, int | None]:
        """Why PasteDeploy would refuse `node` whatever alternative is chosen, and the line
        (`Node.error_lines`), or (None, None). The refusal of a composite's default
        alternative is not one of these: a choice of another lifts it (`_unloadable`)."""
        found = self.nodes.get(node, {})
        errors = found.get("errors") or []
        lines = found.get("error_lines")
        lines = lines if isinstance(lines, list) else []
        chosen_only = {alt["error"] for alt in self.refused.get(node, {}).values()}
        for index, error in enumerate(errors):
            if error not in chosen_only:
                line = lines[index] if index < len(lines) else None
                return error, line if isinstance(line, int) else None
        return None, None

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
        self.built_with[node] = above
        chain = filter_with_chain(self.edges, node)
        if chain:
            names = " → ".join(name(edge["target"]) for edge in reversed(chain))
            result.say(f"{name(node)} is wrapped by its `filter-with` chain, so the request "
                       f"enters {names} before it.")
        handed = [above]  # innermost first, as `chain`: what each filter is built with
        for edge in chain:
            self.built_with[edge["source"]] = handed[-1]
            handed.append(self.with_sets(edge["source"], handed[-1]))
        wrapped = [edge["source"] for edge in chain]  # what each wrapper is built under, too
        for index, (edge, given) in reversed(list(enumerate(zip(chain, handed[1:],
                                                                strict=True)))):
            wrapper = edge["target"]
            self.built_with[wrapper] = given
            result.hops.append(Hop(wrapper, label, script_name, path_info, by))
            if self._known_filter(wrapper, result, script_name + path_info, given,
                                  [*way, *wrapped[:index + 1]]):
                return True
            label, by = "filter-with", None
        result.hops.append(Hop(node, label, script_name, path_info, by))
        return False

    def _urlmap(
        self, node: str, out: list[dict], result: Resolution, script_name: str, path_info: str
    ) -> tuple[str, str, str, str, str | None] | None:
        """The branch of urlmap `node` the request takes (`resolve_urlmap.urlmap_step`), as
        Paste's URLMap takes it, or nova's where it built `node` (which reads the headers)."""
        copy = nova_urlmap.urlmap_copy(built_by(self.nodes, self.edges, node)[0])
        if copy:
            self.read_headers = True
        fallback = next((e["target"] for e in self.edges.get(node, [])
                         if e["label"] == "not_found_app"), None)
        return urlmap_step(node, out, fallback, copy, result, script_name, path_info)

    def handed_down(self, node: str, above: Above, way: list[str]) -> Above:
        """The `set`s `node`, built with `above` in its global_conf under the sections `way`,
        hands the sections it builds below it, in theirs (PasteDeploy's
        `ConfigLoader.get_context`): its own over `above`, from a pipeline to its filters and
        app, a filter-app to its `next`, a section to the `use`d one it is built as and to its
        `filter-with`, a urlmap (Paste's, nova's copies) or a cascade to its branches.

        A `pipeline_factory` hands none of its own: it builds its alternative with
        `loader.get_filter(name)`, no global_conf, so its loader's [DEFAULT] alone reaches it
        (nor, as far as is known, does another composite with alternatives). In the ini's own
        file that is the ini's [DEFAULT]; in a file `config:` led to, that file's, which
        `loadwsgi._loadconfig` filled with the global_conf the file was loaded under, its own
        settings kept: the `set`s that led there reach the alternative but where that
        [DEFAULT] writes the name (`pipeline_loader` says those)."""
        if self.builds_alone(node):
            file = self.nodes.get(node, {}).get("file")
            if file == self.file:
                return {}
            written = self.file_defaults.get(file or "", {})
            handed = (self.loaded_under([*way, node], self.built_with) or ({}, []))[0]
            return {key: value for key, value in handed.items() if key not in written}
        return self.with_sets(node, above)

    def with_sets(self, node: str, above: Above) -> Above:
        """The global_conf's `set`s `node` is built with: `above`, its own `set`s over them."""
        conf = built_by(self.nodes, self.edges, node)[1]
        lines = self.nodes.get(node, {}).get("conf_lines") or {}
        sets = {setting: (conf[option],
                          f"of {name(node)}{_line_words(node, lines.get(option), '')}")
                for setting, option in sets_of(conf).items()}
        return {**above, **sets}

    def builds_alone(self, node: str) -> bool:
        """Whether `node` builds its alternative with its loader alone, no global_conf
        (`handed_down`): a keyed composite, but a cascade."""
        return self.keyed(node) and not is_cascade(built_by(self.nodes, self.edges, node)[0])

    def pipeline_loader(self, above: Above, way: list[str]) -> Referred:
        """The settings of the [DEFAULT] of a file `config:` led to that win over the ini's
        [DEFAULT] and the `set`s that led there, for a filter built with `above` under `way`,
        by name: where the nearest composite of the way that builds alone (`builds_alone`) is
        in that file, its loader hands the alternative that file's [DEFAULT], filled with the
        global_conf it was loaded under where it writes no such name (`handed_down`); the
        `set`s below it (`above`'s) win over it."""
        for section in reversed(way):  # bounded by the way's length
            if self.builds_alone(section):
                file = self.nodes.get(section, {}).get("file")
                if file == self.file:
                    return {}
                written = self.file_defaults.get(file or "", {})
                return {key: (value, file or "") for key, value in written.items()
                        if key not in above}
        return {}

    def loaded_under(self, sections: list[str],
                     built_with: dict[str, Above]) -> tuple[Above, list[str | None]] | None:
        """The `set`s the file of the last of `sections` (a way, outermost first, each built
        with its `built_with`) was loaded under where the way last entered it by `config:`,
        and the files the way passed before that; None in the ini's own file.
        `loadwsgi._loadconfig` puts that global_conf (those, the ini's [DEFAULT], the
        [DEFAULT]s of the files passed) in the file's [DEFAULT] where it writes no such name,
        so `get_context` skips a section's own setting of any of its names."""
        files = [self.nodes.get(section, {}).get("file") for section in sections]
        if files[-1] == self.file:
            return None
        start = len(files) - 1
        while start > 0 and files[start - 1] == files[-1]:  # bounded by the way's length
            start -= 1
        return built_with.get(sections[start], {}), files[:start]

    def handed_conf(self, node: str, above: Above, way: list[str]) -> dict[str, str]:
        """The settings the sections `node` is built by (its `use` chain, `built_by`) hand its
        factory, built with `above` under `way`: less, for a section of a file `config:` led
        to, each name of the global_conf that file was loaded under (`loaded_under`), which
        PasteDeploy skips (the factory gets the global_conf's value); a section that `use`s
        it adds its own back (`_context_from_use`)."""
        conf: dict[str, str] = {}
        built_with = {**self.built_with, node: above}
        sections = way
        for section in use_chain(self.nodes, self.edges, node):
            sections = [*sections, section]
            built_with.setdefault(section, above)
            own = self.nodes.get(section, {}).get("conf") or {}
            loaded = self.loaded_under(sections, built_with)
            if loaded is not None:
                handed, before = loaded
                skipped = {*handed, *(self.defaults or {}),
                           *graph_defaults.referred(before, self.file_defaults)}
                own = {key: value for key, value in own.items() if key not in skipped}
            conf = {**own, **conf}
            above = {**above, **{key: (own[option], f"of {name(section)}")
                                 for key, option in sets_of(own).items()}}
        return conf

    def _known_filter(self, node: str, result: Resolution, path: str, above: Above,
                      way: list[str]) -> bool:
        """Say what a well-known filter, built with the `set`s of the sections above it in
        its global_conf (`above`, `handed_down`), does with the request
        (`stack.known_filters`); True when it answers the request itself, which ends the walk
        there.

        `way`: the sections it is built under, outermost first. Where they, or the sections
        it `use`s, are in a file `config:` leads to, PasteDeploy loads that file with its own
        [DEFAULT] under the global_conf it is handed (`graph_defaults.referred`), and skips
        the settings of its sections named in that global_conf (`handed_conf`); where a
        `pipeline_factory` of such a file builds the way, that file's [DEFAULT] wins over the
        global_conf (`pipeline_loader`). Not the files the sections of the way `use`: a
        section's `filter-with` is built with the section's own global_conf, and a
        `pipeline_factory` a section `use`s builds its alternatives with that section's
        loader, none of them under the used file's [DEFAULT].
        """
        factory = built_by(self.nodes, self.edges, node)[0]
        conf = self.handed_conf(node, above, way)
        further: Referred = {}
        if self.file_defaults:  # else no file `config:` leads to writes a [DEFAULT]
            sections = [*way, *use_chain(self.nodes, self.edges, node)]
            files = [self.nodes.get(section, {}).get("file") for section in sections]
            further = graph_defaults.referred(files, self.file_defaults)
        found = known_filters.known(factory, conf, self.defaults, path, result.headers, above,
                                    further, self.pipeline_loader(above, way))
        if found is None:
            return False
        at = _line_words(node, self.nodes.get(node, {}).get("line"), "")
        if found.answer is not None:
            answer = found.answer
            result.stopped = {"node": node, "status": answer.status, "reason": answer.words}
            result.say(f"{name(node)}{at} {answer.said}.")
            return True
        self.read_headers = True  # it reads the token header, given or not, or the body's size
        if found.tokenless:
            if result.held is None:  # the first: the request as asked stops there
                result.held = {"node": node, "status": 401, "reason": found.words}
            give = "an `X-Auth-Token` header above" if self.page else "`-H 'X-Auth-Token: …'`"
            self._note(result, f"{name(node)}{at} {found.words}; below, the walk goes on as for "
                               f"a request with a valid one (give {give} to ask about one).")
        else:
            result.say(f"{name(node)}{at} {found.words}.")
        result.known.append(node)
        return False

    def _alternative(self, node: str, out: list[dict], result: Resolution) -> tuple[str, str]:
        """Follow a keyed composite's chosen alternative; record what else it offers."""
        keys = self.offers(node)
        result.alternatives[node] = keys
        key, why = self.choose(node, keys)  # one it builds, or `_unloadable` stopped the walk
        result.chosen[node] = (key, why)
        refused = self.refused.get(node, {})
        others = ", ".join(f"`{k}`" + (" (which cannot be built)" if k in refused else "")
                           for k in keys if k != key)
        factory, conf = built_by(self.nodes, self.edges, node)
        if is_cascade(factory):
            result.say(cascade_words(node, keys, key, why, conf))
        elif others:
            place = (strategy_place(self.nodes, self.edges, node)
                     if why == "setting auth_strategy" else
                     strategy_place(self.nodes, self.edges, node, unread=True)
                     if why == "default auth_strategy" else "")
            result.say(f"{name(node)} offers {len(keys)} alternatives; `{key}` is "
                       f"followed ({chosen_words(why, place)}); the others: {others}.")
        else:
            result.say(f"{name(node)} names one section, by its key `{key}`, and that is "
                       "followed.")
        target = next(e["target"] for e in out if e["label"] == key)
        return key, target

    def choose(self, node: str, keys: list[str]) -> tuple[str, str]:
        """The key a keyed composite would follow, and why (see `Resolution.chosen`).

        A `pipeline_factory` builds the pipeline its `auth_strategy` names (OpenStack's
        default: keystone), and nothing else decides (`stack.graph_model.strategy`); a key it
        cannot build is the graph's refusal of the composite, which `_unloadable` reports
        first. Of another composite nothing is known, so a setting naming a key is taken as
        the choice, else the first key.
        """
        factory, conf = built_by(self.nodes, self.edges, node)
        if node in self.choices:  # checked against `keys` when the walk began
            return self.choices[node], "chosen"
        if is_pipeline_factory(factory):
            return strategy({**dict.fromkeys(keys, ""), **conf})
        if is_cascade(factory):
            return min(keys), "first"  # Paste's cascade asks its apps by their keys, sorted
        setting = next((name for name, value in conf.items() if value in keys), None)
        if setting:
            return conf[setting], f"setting {setting}"
        return keys[0], "first"

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
            result.say(f"{name(node)} is handed {asked}. {why}, so this cannot tell whether "
                       "it answers 200, 404 or another status: only sending the request "
                       "shows.")
            return
        routed(node, result, table, path_info)


def refused_alternatives(node: dict) -> dict[str, dict[str, Any]]:
    """The alternatives of a `pipeline_factory` composite (the graph JSON's `node`) it cannot
    build, by key (`Node.refused_alternatives`): no edge leads to them, but they are offered.
    A running stack announces its graph: what is not in that shape is not taken."""
    found = node.get("refused_alternatives")
    return {key: alternative for key, alternative in found.items()
            if isinstance(alternative, dict) and isinstance(alternative.get("error"), str)
            } if isinstance(found, dict) else {}


def _line_words(node: str, line: int | None, reason: str) -> str:
    """` (line N)`, where `node`'s refusal is, as `inspect` cites it (`FILE:N` in another
    file); "" where no line is known or the reason says it already."""
    if not isinstance(line, int) or f"(line {line})" in reason:
        return ""
    file = split_id(node)[0]
    return f" ({file}:{line})" if file else f" (line {line})"
