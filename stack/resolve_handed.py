"""What PasteDeploy hands each factory along a request's way through a graph, as `which`
walks it (`stack.resolve_walk`): the `set`s each section passes down in the global_conf, the
ini's [DEFAULT] and those of the files `config:` leads to, each such file loaded afresh under
the global_conf it is handed, so a well-known filter (`stack.known_filters`) is read with the
settings its factory is really given.

Kept apart from the walk, which says where the request goes: this says with what each layer
on the way was built, which only the size limits and auth filters `known_filters` reads ask.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

from stack import graph_defaults
from stack import known_filters
from stack.choice_words import is_cascade
from stack.explain_words import line_words
from stack.explain_words import name
from stack.graph_defaults import Referred
from stack.graph_json import built_by
from stack.graph_json import sets_of
from stack.graph_json import use_chain
from stack.known_answers import Known
from stack.known_filters import Above

#: The names PasteDeploy skips of a section's own settings (`Handed.skipped`), by NAME: the
#: value the global_conf gives it, where (a `set`'s place in words, as `Above`'s; else the
#: file whose [DEFAULT] writes it, None for the ini's), and whether a `set` gives it.
Skipped = dict[str, tuple[str, str | None, bool]]


def given_words(key: str, value: str, where: str | None, by_set: bool) -> str:
    """Where the global_conf gives a name PasteDeploy skips (`Skipped`), in words: `` `set
    noauth2 = …` of the pipeline `main` (line 2)``, or `` `noauth2 = …` in the ini's
    [DEFAULT]``."""
    if by_set:
        return f"`set {key} = {value}` {where}"
    return f"`{key} = {value}` in the " + (
        "ini's [DEFAULT]" if where is None else f"[DEFAULT] of {where}")


class Handed:
    """What the sections one walk builds are handed: the graph's [DEFAULT]s, and the `set`s
    each section was built with (`built_with`), which the walk (`Walk.handed`) fills as it
    goes, for a file `config:` leads to is loaded under those of the section it enters."""

    def __init__(self, graph: dict, nodes: dict[str, dict[str, Any]],
                 edges: dict[str, list[dict[str, Any]]], keyed: Callable[[str], bool]) -> None:
        self.nodes, self.edges = nodes, edges
        #: Whether a node is a composite with alternatives (`Walk.keyed`): `builds_alone`.
        self.keyed = keyed
        self.defaults = graph_defaults.graph_defaults(graph)  # the ini's [DEFAULT], if carried
        self.file_defaults = graph_defaults.graph_file_defaults(graph)  # other files' [DEFAULT]
        self.file = self.nodes.get(graph["entry"], {}).get("file")  # the ini's own file
        #: The `set`s each section the walk built was handed (`Walk.run`, `Walk._enter`):
        #: what a file `config:` leads to is loaded under (`loaded_under`).
        self.built_with: dict[str, Above] = {}
        #: The edge the walk last took from a section to another, by the pair (`took`): the
        #: one `by_config` reads where a section names another twice.
        self.taken: dict[tuple[str, str], dict[str, Any]] = {}
        #: The pairs of sections some edge between which is a `config:` reference: what
        #: `by_config` reads where the walk took none (asked at every step of every way).
        self.config_pairs = {(source, edge["target"]) for source, out in edges.items()
                             for edge in out if edge.get("config") is True}

    def took(self, edge: dict[str, Any]) -> None:
        """The walk takes `edge` (`Walk._took`): what it enters next is reached by it, not by
        another edge between the same two sections (`by_config`)."""
        self.taken[(edge["source"], edge["target"])] = edge

    def handed_down(self, node: str, above: Above, way: list[str],
                    built_with: dict[str, Above] | None = None) -> Above:
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
        [DEFAULT] writes the name (`pipeline_loader` says those).

        `built_with`: what each section of the way was built with, where not the walk's
        (`resolve_loading.unloadable` goes its own way, before the walk)."""
        if self.builds_alone(node):
            loaded = self.loaded_under([*way, node], self._built_with(built_with))
            if loaded is None:
                return {}
            written = self.written_defaults(self.nodes.get(node, {}).get("file"))
            return {key: value for key, value in loaded[0].items() if key not in written}
        return self.with_sets(node, above)

    def _built_with(self, built_with: dict[str, Above] | None) -> dict[str, Above]:
        """What each section of a way was built with: `built_with` where a caller passes its
        own (`resolve_loading.built` goes its own way, before the walk), else the
        walk's (`handed_down`, `handed_conf`)."""
        return self.built_with if built_with is None else built_with

    def with_sets(self, node: str, above: Above) -> Above:
        """The global_conf's `set`s `node` is built with: `above`, its own `set`s over them."""
        return {**above, **self._sets(node, built_by(self.nodes, self.edges, node)[1])}

    def _sets(self, section: str, conf: dict[str, str]) -> Above:
        """The `set`s `conf` writes, each with where in words, at `section`'s lines: the
        settings `section` is built by (`with_sets`), or its own alone (`_used`)."""
        lines = self.nodes.get(section, {}).get("conf_lines") or {}
        return {setting: (conf[option],
                          f"of {name(section)}{line_words(section, lines.get(option), '')}")
                for setting, option in sets_of(conf).items()}

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
                return {key: (value, file or "")
                        for key, value in self.written_defaults(file).items()
                        if key not in above}
        return {}

    def written_defaults(self, file: str | None) -> dict[str, str]:
        """The [DEFAULT] `file` writes, which its loader hands a `pipeline_factory`'s
        alternative (`handed_down`, `pipeline_loader`): the ini's own, or that of a file
        `config:` led to."""
        return (self.defaults or {}) if file == self.file else self.file_defaults.get(
            file or "", {})

    def loaded_under(self, sections: list[str],
                     built_with: dict[str, Above]) -> tuple[Above, list[str | None]] | None:
        """The `set`s the file of the last of `sections` (a way, outermost first, each built
        with its `built_with`) was loaded under where the way last entered it by `config:`,
        and the files the way passed before that; None where the ini's own load reaches it.
        `loadwsgi._loadconfig` puts that global_conf (those, the ini's [DEFAULT], the
        [DEFAULT]s of the files passed) in the file's [DEFAULT] where it writes no such name,
        so `get_context` skips a section's own setting of any of its names. A `config:` back
        into a file already entered, the ini's own too, is such a load (`Edge.config`): a new
        loader, as for any other file."""
        files = [self.nodes.get(section, {}).get("file") for section in sections]
        return next(((built_with.get(sections[start], {}), files[:start])
                     for start in range(len(sections) - 1, 0, -1)  # the way's length bounds it
                     if files[start] != files[start - 1]
                     or self.by_config(sections[start - 1], sections[start])), None)

    def by_config(self, source: str, target: str) -> bool:
        """Whether `source` names `target` as `config:FILE#NAME` (`Edge.config`): by the edge
        the walk took between them (`took`), as a section may name another twice, once as
        `config:` (a pipeline `config:main.ini#lim lim api`); else by any edge between them
        (the load's check, `resolve_loading.unloadable`, takes none)."""
        taken = self.taken.get((source, target))
        if taken is None:
            return (source, target) in self.config_pairs
        return taken.get("config") is True

    def skipped(self, sections: list[str], built_with: dict[str, Above]) -> Skipped:
        """The names PasteDeploy skips of the own settings (a composite's keys too) of the last
        of `sections` (a way, outermost first, each built with its `built_with`), each with
        where the global_conf gives it (`Skipped`): where a `config:` reference led to its
        file, `loadwsgi._loadconfig` put the global_conf it was loaded under (`loaded_under`:
        the `set`s above, the ini's [DEFAULT], the [DEFAULT]s of the files passed) in the
        file's [DEFAULT], and `get_context` skips a section's setting of any of those names.
        Empty where the ini's own load reaches it (the graph skips that file's [DEFAULT]).
        Not in words: `handed_conf` needs the names alone, `handed_keys` says a few."""
        loaded = self.loaded_under(sections, built_with)
        if loaded is None:
            return {}
        handed, before = loaded
        referred = graph_defaults.referred(before, self.file_defaults)
        return {**{key: (value, file, False) for key, (value, file) in referred.items()},
                **{key: (value, None, False) for key, value in (self.defaults or {}).items()},
                **{key: (value, where, True) for key, (value, where) in handed.items()}}

    def handed_conf(self, node: str, above: Above, way: list[str],
                    built_with: dict[str, Above] | None = None) -> dict[str, str]:
        """The settings the sections `node` is built by (its `use` chain, `built_by`) hand its
        factory, built with `above` under `way` (`handed_keys`, asked of no key): what a known
        filter is read with (`known`)."""
        return self.handed_keys(node, [], above, way, built_with)[0]

    def handed_keys(self, node: str, keys: list[str], above: Above, way: list[str],
                    built_with: dict[str, Above] | None = None
                    ) -> tuple[dict[str, str], dict[str, str]]:
        """What the sections `node` is built by hand its factory, built with `above` under
        `way`, and those of the composite `node`'s `keys` PasteDeploy skips there, in one walk
        of its `use` chain (`_used`). `built_with` as `handed_down`'s.

        The settings: less, for a section of a file `config:` led to, each name of the
        global_conf that file was loaded under (`loaded_under`), which PasteDeploy skips (the
        factory gets the global_conf's value); a section that `use`s it adds its own back
        (`_context_from_use`).

        The keys skipped (`skipped`), each with where the global_conf gives its name, in
        words: those each section of its `use` chain that writes it skips
        (`_context_from_use` puts a section's own key, if not skipped there, over the used
        composite's, whatever that file skipped). A key the graph marks `inherited` a section
        does not write (a graph without the mark has each write its keys)."""
        conf: dict[str, str] = {}
        #: Each key a section writes → where the global_conf gives it, where that section
        #: skips it; None once one writes and keeps it.
        found: dict[str, tuple[str, str | None, bool] | None] = {}
        for section, skipped in self._used(node, above, way, built_with):
            own = self.nodes.get(section, {}).get("conf") or {}
            conf = {**{key: value for key, value in own.items() if key not in skipped}, **conf}
            written = {edge["label"] for edge in self.edges.get(section, [])
                       if not edge.get("inherited")}
            for key in written.intersection(keys):
                if found.get(key, ()) is not None:  # none written and kept before it
                    found[key] = skipped.get(key)
        return conf, {key: given_words(key, *given) for key, given in found.items()
                      if given is not None}

    def _used(self, node: str, above: Above, way: list[str],
              built_with: dict[str, Above] | None) -> Iterator[tuple[str, Skipped]]:
        """Each section of `node`'s `use` chain, `node` first, built with `above` under `way`,
        with the names PasteDeploy skips of its own settings (`skipped`): each is loaded
        under the `set`s of those before it (`_context_from_use`)."""
        built_with = {**self._built_with(built_with), node: above}
        sections = way
        for section in use_chain(self.nodes, self.edges, node):
            sections = [*sections, section]
            built_with.setdefault(section, above)
            yield section, self.skipped(sections, built_with)
            above = {**above, **self._sets(section, self.nodes.get(section, {}).get("conf") or {})}

    def known(self, node: str, factory: str | None, asked: known_filters.Asked, above: Above,
              way: list[str]) -> Known | None:
        """What a well-known filter `node`, built by `factory` (`built_by`'s, which the walk
        asks once for this and `slip_words`) with the `set`s of the sections above it in its
        global_conf (`above`, `handed_down`), does with the request `asked` as it reaches it
        (`stack.known_filters`), read with the settings PasteDeploy hands its factory; None
        for a filter not known, or with nothing known to say.

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
        conf = self.handed_conf(node, above, way)
        further: Referred = {}
        if self.file_defaults:  # else no file `config:` leads to writes a [DEFAULT]
            sections = [*way, *use_chain(self.nodes, self.edges, node)]
            files = [self.nodes.get(section, {}).get("file") for section in sections]
            further = graph_defaults.referred(files, self.file_defaults)
        return known_filters.known(factory, conf, self.defaults, asked, above, further,
                                   self.pipeline_loader(above, way))
