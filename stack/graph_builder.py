"""A whole api-paste.ini read into an `IniFile`: every section, the entries, their graphs, and
what PasteDeploy would refuse that only the whole file shows.

`stack.graph` asks it to read a file; each section is read by `stack.graph_sections` and what
its names refer to is found by `stack.section_targets`. What needs every section read first is
here: the file's sections read in file order and those they reach after them, cycles refused,
the sections only ever `use`d told apart from those built, each setting given its line, the
entries and their graphs, the [DEFAULT]s they carry, and the warnings no section carries; what
its `pipeline_factory` composites are refused and warned of once the ways its loads take are
known, by `stack.keyed_composites`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stack.graph_model import APP_KINDS
from stack.graph_model import KINDS
from stack.graph_model import IniFile
from stack.graph_model import Node
from stack.graph_model import PipelineGraph
from stack.graph_model import edges_out
from stack.graph_model import node_id
from stack.graph_model import split_id
from stack.graph_model import subgraph
from stack.ini_text import Source
from stack.keyed_composites import KeyedComposites
from stack.near_names import said_meant
from stack.redact_settings import redacted
from stack.refused_named import named_by_refusals
from stack.resolve_loading import KeysBuilt
from stack.resolve_loading import keys_built
from stack.resolve_walk import Walk
from stack.section_names import lookup_type
from stack.section_names import section_id
from stack.section_names import unknown_kind


def _written_defaults(source: Source, hide: Callable[[str], str]) -> dict[str, str]:
    """The settings the [DEFAULT] of `source` writes itself, as a graph carries them
    (`PipelineGraph.defaults`, `file_defaults`), redacted as every section's are (`hide`: the
    file's `IniFile.hide`); not the folder and name PasteDeploy adds to them, which no factory
    `which` knows reads, and which name a path on the machine that read the file, nor what a
    referring file's [DEFAULT] adds to another's. A value naming the file's folder
    (`%(here)s/logs`) is written back as a node's `conf` is (`Source.show`), for the same
    reason."""
    written = {key: source.show(value) for key, value in source.defaults.items()
               if source.line("DEFAULT", key) is not None}
    return {key: hide(value) for key, value in redacted(written)[0].items()}


def give_defaults(graph: PipelineGraph, ini: IniFile) -> None:
    """Give `graph` the file's [DEFAULT] settings and those of the other files its nodes are
    in (a copy each: no graph shares a field)."""
    graph.defaults = dict(ini.defaults)
    files = {node.file for node in graph.nodes.values()}
    graph.file_defaults = {file: dict(written) for file, written in ini.file_defaults.items()
                           if file in files}


def _unknown_kind_words(section: str) -> str:
    """Why no name loads a section whose kind PasteDeploy reads none by (`unknown_kind`)."""
    meant = unknown_kind(section)
    guess = f" ({said_meant(meant)})" if meant else ""
    return (f"[{section}]: `{section.partition(':')[0]}` is no section kind PasteDeploy "
            f"reads{guess}, so no name loads this section")


class Builder(KeyedComposites):
    """Reads every section of a file (and what they reach in others) into nodes and edges."""

    def build(self, path: str) -> IniFile:
        loadable = []
        for section in self.root.parser.sections():
            node = self._read_root_section(section)
            if node is not None:
                loadable.append(node)
        while self.pending:
            self._resolve(*self.pending.popleft())
        self._refuse_cycles()
        self._place_settings()
        used = self._only_used()
        reached = {edge.target for edge in self.edges if edge.source != edge.target}
        entries = [n for n in loadable if n.kind in APP_KINDS and n.id not in reached]
        outgoing = edges_out(self.edges)
        graphs = [subgraph(entry.id, self.nodes, outgoing) for entry in entries]
        shown = {node for graph in graphs for node in graph.nodes}
        for node in loadable:
            # NOTE: each section of a cycle reaches the next, so none is unreached: the first
            # stands for them, refused, rather than the file seeming to hold nothing to load.
            if node.kind in APP_KINDS and node.id not in shown:
                entries.append(node)
                graphs.append(subgraph(node.id, self.nodes, outgoing))
                shown.update(graphs[-1].nodes)
        built = self._keys_built(graphs)
        refused_alone = self._refuse_unbuilt(used, built)
        nodes, out = self._json_nodes(), self._out()
        builds = self._refuse_built(used, built, nodes, out)
        self._warn_not_followed()
        for node, warning in builds:
            node.warnings.append(warning)
        for section, warnings in self.build_warnings.items():
            if section not in used:
                self.nodes[section].warnings += warnings
        self._warn_unauthenticated(used, built, nodes, out)
        for error in self.errors:
            # NOTE: a line of another file is cited with its name: a bare "line 2" reads as
            # the file read's (as `IniFile.warnings` have it).
            file, _ = split_id(error["section"])
            if file is not None:
                error["file"] = file
        self.errors.sort(key=lambda error: (
            "file" in error, error.get("file", ""), error["line"] is None, error["line"] or 0))
        warnings = self._file_warnings(shown)
        hide = self.redact(*refused_alone.values(), *warnings)
        ini = IniFile(
            file=self.root.file,
            path=path,
            entries=[entry.id for entry in entries],
            graphs=graphs,
            errors=self.errors,
            warnings=warnings,
            nodes=self.nodes,
            edges=self.edges,
            source=self.root,
            prefixes={path: source.prefix for path, source in self.sources.items()},
            refused_alone=refused_alone,
            refused_named=named_by_refusals(self.root, self.nodes, self.errors, shown),
            hide=hide,
        )
        ini.defaults = _written_defaults(self.root, hide)
        ini.file_defaults = {source.file: written for source in self._others()
                             if (written := _written_defaults(source, hide))}
        for found in graphs:
            give_defaults(found, ini)
        return ini

    def _others(self) -> list[Source]:
        """The files read besides the one read (those `config:` leads to), in the order
        they were first read."""
        return [source for source in self.sources.values() if source is not self.root]

    def _place_settings(self) -> None:
        """Give each section's node the line of each of its settings (`Node.conf_lines`),
        once its keys that became edges have left its `conf`."""
        for this_id, source in self.section_sources.items():
            node = self.nodes[this_id]
            section = source.sections_at.get(node.line) if node.line is not None else None
            if section is not None:
                lines = source.setting_lines(section)
                node.conf_lines = {key: lines[key] for key in node.conf if key in lines}

    def _keys_built(self, graphs: list[PipelineGraph]) -> dict[str, KeysBuilt]:
        """The keys each keyed composite the entries' loads build is built with, on every
        way to it (`resolve_loading.keys_built`), where the file holds a `config:` reference:
        only then may a way hand a composite other settings than it writes (a `set` above
        skips its own `auth_strategy` in the file the reference leads to). Every entry's load,
        not only those through a reference: a composite one reaches under the `set` may be
        another's as written (`[pipeline:direct] pipeline = f api`), which must not lift the
        refusal that load fails on (`_refuse_unbuilt`). Otherwise none: each is judged by
        its own settings."""
        if not any(edge.config for edge in self.edges):
            return {}
        defaults = {"defaults": _written_defaults(self.root, str),
                    "file_defaults": {source.file: _written_defaults(source, str)
                                      for source in self._others()}}
        found: dict[str, KeysBuilt] = {}
        for graph in graphs:
            shown = {"entry": graph.entry, "nodes": [vars(n) for n in graph.nodes.values()],
                     "edges": [vars(edge) for edge in graph.edges], **defaults}
            for node, keys in keys_built(Walk(shown, {}, None), self.unfollowed).items():
                for key, told in keys.items():
                    found.setdefault(node, {}).setdefault(key, told)
        return found

    def _only_used(self) -> set[str]:
        """The sections only ever the `use =` of others: PasteDeploy builds each user, with
        keys of its own added, never the section alone (unless it is named itself)."""
        used = {edge.target for edge in self.edges if edge.label == "use"}
        return used - {edge.target for edge in self.edges if edge.label != "use"}

    def _file_warnings(self, shown: set[str]) -> list[dict[str, Any]]:
        """The lines read otherwise than they look (misread headers, text after a header's
        `]`) of the sections no graph shows, and the headers of a kind PasteDeploy reads none
        by (`[pipline:api]`), in the file read and in those it refers to (each with its
        `file`), in file order.

        NOTE: such a section ([DEFAULT], [server:main], a refused or unused one) has no node
        to carry its warnings: the file does. Another file's [DEFAULT] is its sections'
        defaults, so what is misread there matters as much as the file's own.
        """
        warnings = []
        for source in [self.root, *self._others()]:
            of = {} if source is self.root else {"file": source.file}
            misread = [
                {**of, "section": section, "line": misread.line, "warning": misread.warning}
                for section, lines in source.read_otherwise.items()
                if not self._shows(source, section, shown)
                for misread in lines
            ]
            unread = [
                {**of, "section": section, "line": source.line(section),
                 "warning": _unknown_kind_words(section)}
                for section in source.parser.sections() if unknown_kind(section) is not None
            ]
            warnings += sorted(misread + unread, key=lambda warning: warning["line"] or 0)
        return warnings

    def _shows(self, source: Source, section: str, shown: set[str]) -> bool:
        """Whether a graph shows this section as a node (one refused unread or never loaded,
        as `[application:x]` beside `[app:x]`, has none of its own, whatever its id)."""
        if section.partition(":")[0] not in KINDS:
            return False
        node = self.nodes.get(section_id(source, section))
        return node is not None and node.id in shown and node.line == source.line(section)

    def _read_root_section(self, section: str) -> Node | None:
        """Resolve a section of the file read, if PasteDeploy can load it by its name at all."""
        prefix, colon, rest = section.partition(":")
        line = self.root.line(section)
        if prefix not in KINDS and prefix.strip() in KINDS and colon:
            # NOTE: PasteDeploy strips the name after `:` (`[app: main]` loads), never the kind.
            message = (
                f"spaces around {prefix.strip()!r}, which PasteDeploy does not strip: no name "
                f"loads this section (write [{prefix.strip()}:{rest.strip()}])"
            )
            self.errors.append({"section": section, "error": message, "line": line})
        if prefix not in KINDS:
            return None  # [server:main], [DEFAULT]-like, logging sections: not part of the graph
        if not colon:
            message = f"no name: loadapp(name=…) only finds [{prefix}:NAME], never [{prefix}]"
            self.errors.append({"section": section, "error": message, "line": line})
            return None
        kind = KINDS[prefix]
        found = self.root.finder.candidates(lookup_type(kind), rest.strip())
        if found == [section]:
            return self.nodes[self._resolve(self.root, section)]
        if section in found:
            listed = ", ".join(f"[{s}]" for s in found)
            answer = "both answer" if len(found) == 2 else "all answer"
            message = f"ambiguous: {listed} {answer} to the name {rest.strip()!r}"
            section = node_id(kind, rest.strip())
            self.errors.append({"section": section, "error": message, "line": line})
        else:
            message = f"never loaded: PasteDeploy finds [{found[0]}] first for {rest.strip()!r}"
            self.errors.append({"section": section, "error": message, "line": line})
        return None

    def _refuse_cycles(self) -> None:
        """Refuse every section on a cycle: PasteDeploy would recurse until RecursionError."""
        targets: dict[str, list[str]] = {}
        for edge in self.edges:
            targets.setdefault(edge.source, []).append(edge.target)
        state: dict[str, int] = {}  # 1 on the current path, 2 done
        for start in list(self.nodes):
            if start in state:
                continue
            path = [start]
            state[start] = 1
            stack = [iter(targets.get(start, []))]
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    state[path.pop()] = 2
                    stack.pop()
                elif state.get(step) == 1:
                    loop = path[path.index(step) :] + [step]
                    node = self.nodes[path[-1]]
                    self._refuse(node, f"cycle: {' → '.join(loop)}", node.line)
                elif step not in state:
                    state[step] = 1
                    path.append(step)
                    stack.append(iter(targets.get(step, [])))
