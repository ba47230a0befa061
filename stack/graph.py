"""Read an api-paste.ini into `PipelineGraph`s, importing and running nothing it names.

`inspect`, the tracing loader and the dashboard's upload view share this module, so it is pure:
text in, graph out, no eventlet, no Flask, no factory. It parses the file with PasteDeploy's own
parser (`stack.ini_text`), reads each section by PasteDeploy's own rules for `[DEFAULT]`,
`set`/`get`, `use`, `next`, `pipeline`, `filter-with` and composites (`ConfigLoader.get_context`,
in `stack.graph_sections`), finds the sections they name as `find_config_section` and
`_loadconfig` do (here), and refuses what `loadapp` would refuse, so the graph
(`stack.graph_model`) is what `paste.deploy.loadapp` would build.

Other choices, where PasteDeploy would ask the installed packages:
- an `egg:` entry point is taken to be what the section using it needs (app, composite or
  filter factory); its group and `require =` are installed-package metadata, not read here,
  but for Paste's own (`egg:Paste#urlmap` is a composite, even in an [app:…] section); an
  installed package's metadata is read (never imported) only to refuse an entry point it
  does not have, as `loadapp` would (`egg:Paste#urlmapp`);
- a section reached by `use = othersection` is a node with a `use` edge, although PasteDeploy
  merges the two into one factory call; a composite gets the keys of its whole `use` chain;
- a section of another file is `FILE#kind:name`, FILE its file name (its path relative to the
  file read, if another file already has that name); an upload's `config:` is never opened.
"""

from __future__ import annotations

import configparser
import os
from collections import deque
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from stack.graph_model import APP_KINDS
from stack.graph_model import KINDS
from stack.graph_model import NO_SECTION
from stack.graph_model import Edge
from stack.graph_model import IniFile
from stack.graph_model import Node
from stack.graph_model import PipelineGraph
from stack.graph_model import built_by
from stack.graph_model import edges_out
from stack.graph_model import indexed
from stack.graph_model import inline_name
from stack.graph_model import is_pipeline_factory
from stack.graph_model import node_id
from stack.graph_model import refusals
from stack.graph_model import section_kind
from stack.graph_model import split_id
from stack.graph_model import strategy
from stack.graph_model import strategy_setting
from stack.graph_model import subgraph
from stack.graph_sections import SectionReader
from stack.graph_sections import prefix_label
from stack.graph_sections import urlmap_label
from stack.ini_text import IniError
from stack.ini_text import Source
from stack.ini_text import read_file
from stack.ini_text import read_other
from stack.ini_text import read_upload
from stack.ini_text import readable
from stack.near_names import first_and_more
from stack.near_names import nearest
from stack.near_names import nearest_file
from stack.near_names import said_meant
from stack.redact_settings import redacted
from stack.section_factories import NOT_FOLLOWED
from stack.section_factories import refused_name
from stack.section_names import ABSOLUTE
from stack.section_names import comment_note
from stack.section_names import egg_note
from stack.section_names import lookup_type
from stack.section_names import misplaced_name_note
from stack.section_names import missing_note
from stack.section_names import section_id
from stack.section_names import unknown_kind
from stack.section_names import word_kinds
from stack.section_options import Refused
from stack.section_options import warn

#: What other code imports from here; the parts live in the modules named above.
__all__ = [
    "APP_KINDS",
    "Edge",
    "IniError",
    "IniFile",
    "Node",
    "PipelineGraph",
    "load_graph",
    "named_section",
    "node_id",
    "pick_entry",
    "prefix_label",
    "read_ini",
    "read_ini_text",
    "refusal",
    "section_kind",
    "urlmap_label",
]


def read_ini(path: str) -> IniFile:
    """Read the api-paste.ini at `path`, following `config:` references to files beside it."""
    return _Builder(read_file(path)).build(path)


def read_ini_text(text: str, filename: str) -> IniFile:
    """Read an uploaded api-paste.ini; `config:` references are shown but never opened."""
    return _Builder(read_upload(text, filename)).build(filename)


def load_graph(path: str, name: str, ini: IniFile | None = None) -> PipelineGraph:
    """The graph of one section: a PasteDeploy name (`osapi_compute`) or a node id."""
    ini = ini if ini is not None else read_ini(path)
    found = ini.nodes.get(name)
    for node in ini.nodes.values() if found is None else ():
        # NOTE: a section of this file, by its id: the name itself may hold `#` (PasteDeploy
        # loads `[app:a#b]` by name `a#b`), which in an id also marks another file's section.
        if node.kind in APP_KINDS and node.name == name and node.file == ini.file:
            if node.id == node_id(node.kind, name):
                found = node
    if found is not None and found.id in ini.refused_alone:
        refused = ini.refused_alone[found.id]
        raise IniError(path, refused["line"] or found.line,
                       f"[{found.id}]: {refused['error']}, when loaded by its own name (it "
                       f"loads as the `use =` of a section that adds keys of its own)")
    if found is not None:
        alternative = _alternative_of(ini, found)
        if alternative is not None:  # `serve` would find no such section
            composite = ini.nodes[alternative.source]
            raise IniError(path, found.line, (
                f"{name!r} is no section but the `{alternative.label}` alternative of "
                f"[{composite.id}], and PasteDeploy loads sections: name {composite.name!r} "
                f"(`which` follows this alternative with --choose "
                f"{composite.name}={alternative.label})"))
        graph = subgraph(found.id, ini.nodes, edges_out(ini.edges))
        _give_defaults(graph, ini)
        return graph
    for error in ini.errors:
        # A section refused before it was read (two answering to one name…) has no node; it is
        # named by its name, as PasteDeploy takes it, or by its id, as `inspect` shows it.
        if name in (error["section"], error["section"].partition(":")[2].strip()):
            raise IniError(path, error["line"], f"[{error['section']}]: {error['error']}")
    misread = _misread_header(ini, name)
    if misread is not None:  # the line to mend says why, not the entries
        line, note = misread
        raise IniError(path, line, f"{_NO_ENTRY} named {name!r}{note}")
    meant = _nearest_name(ini, name)
    guess = f": {said_meant(meant)}" if meant else ""
    # NOTE: entries are the sections nothing else reaches; any other such section is a name too.
    message = f"{_NO_ENTRY} named {name!r}{guess} (entries: {_entry_names(ini)}; {_ANY_NAME})"
    raise IniError(path, None, message)


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


def _give_defaults(graph: PipelineGraph, ini: IniFile) -> None:
    """Give `graph` the file's [DEFAULT] settings and those of the other files its nodes are
    in (a copy each: no graph shares a field)."""
    graph.defaults = dict(ini.defaults)
    files = {node.file for node in graph.nodes.values()}
    graph.file_defaults = {file: dict(written) for file, written in ini.file_defaults.items()
                           if file in files}


def _nearest_name(ini: IniFile, name: str) -> list[str]:
    """The names of the app, composite, pipeline or filter-app sections of the file nearest
    `name` (or the name part of an id, `composite:osapi_compte`), if any is near: a typo is
    the common reason `--name` finds none."""
    kind, _, rest = name.partition(":")
    names = sorted({node.name for node in ini.nodes.values()
                    if node.kind in APP_KINDS and node.file == ini.file
                    and _alternative_of(ini, node) is None})
    return nearest(rest.strip() if KINDS.get(kind) in APP_KINDS else name, names)


def _alternative_of(ini: IniFile, node: Node) -> Edge | None:
    """The composite key `node` is the inline pipeline of (`pipeline:COMPOSITE[KEY]`, a name
    `inspect` makes up for the key's words), or None for a section."""
    if node.kind != "pipeline" or node.factory is not None:
        return None
    return next((edge for edge in ini.edges if edge.target == node.id
                 and node.name == inline_name(ini.nodes[edge.source].name, edge.label)), None)


def _misread_header(ini: IniFile, name: str) -> tuple[int, str] | None:
    """The line of the file read that looks like the header of the section `name` (a name, or
    an id as `inspect` shows it) but is read as a setting, and the note saying so; None if
    there is none."""
    if ini.source is None:
        return None
    kind, _, rest = name.partition(":")
    for named in (name, rest.strip()) if KINDS.get(kind) in APP_KINDS else (name,):
        misread = ini.source.misread_as(lookup_type("app"), named)
        if misread is not None:
            return misread.line, missing_note(ini.source, "app", named, None)
    return None


def refusal(path: str, name: str, ini: IniFile | None = None) -> tuple[str, int | None, str] | None:
    """Why PasteDeploy would refuse to build section `name`, the refusal `inspect` lists:
    `(file, line, message)` of the first among the sections it reaches, nearest first, or
    None when the graph knows of none (then the factory's own import or construction
    failed). `ini`: the file as read already, if it is."""
    ini = read_ini(path) if ini is None else ini
    problems = refusals(load_graph(path, name, ini=ini), ini.errors)
    if not problems:
        return None
    node, line, message = problems[0]
    return path if node.file == ini.file else node.file, line, f"[{node.id}] {message}"


def pick_entry(path: str, name: str | None, ini: IniFile | None = None) -> str:
    """The section to start from: `name`, or `main` (which loadapp loads when given none), or
    the file's only entry (IniError if none or several, if `name` is a filter: PasteDeploy
    loads one only around an app, or, with no `name`, if the file's `main` is refused unread
    or another of its app sections is refused where the only entry does not reach it)."""
    ini = ini if ini is not None else read_ini(path)
    if name is not None:
        found = _filter_named(ini, name)
        if found is not None:
            message = (
                f"[{found.id}] is a filter: it needs an app to wrap, so it cannot be served or "
                f"asked about alone; name an app, composite, pipeline or filter-app section "
                f"(entries: {_entry_names(ini)})"
            )
            raise IniError(path, found.line, message)
        # A section's id (`composite:main`), as `inspect` shows it, names it too; PasteDeploy
        # takes its name alone.
        section = ini.nodes.get(name)
        if section is not None and section.kind in APP_KINDS and section.file == ini.file:
            return section.name
        return name
    refused = None if _answers(ini, DEFAULT_NAME) else _refused_app(ini, DEFAULT_NAME)
    if refused is not None:
        # NOTE: not the only other entry: the refused `main` is what the file was written to
        # be loaded as (often around that entry, as a urlmap), and what loadapp would refuse.
        message = (
            f"[{refused['section']}]: {refused['error']}; so PasteDeploy would refuse "
            f"{DEFAULT_NAME!r}, the name it loads when given none: pick the section to start "
            f"from with --name (entries: {_entry_names(ini)})"
        )
        raise IniError(path, refused["line"], message)
    if _answers(ini, DEFAULT_NAME):
        return DEFAULT_NAME  # as loadapp, given none, whatever other entries the file has
    entries = ini.entries
    if not entries:  # empty, only filters, or every section refused: inspect says which
        message = f"no section here can be loaded as an app (see python -m stack inspect {path})"
        raise IniError(path, None, message)
    if len(entries) > 1:
        raise IniError(path, None, f"several entries and none named {DEFAULT_NAME!r} (which "
                                   f"loadapp loads when given no name), pick one with --name: "
                                   f"{entry_names(entries)}")
    only = entries[0].partition(":")[2]
    others = _refused_others(ini, entries[0])
    if others:
        # NOTE: not the only entry, silently: the writer may have meant a refused section
        # (loadapp, given no name and no `main`, would load none), and serving another would
        # answer their requests with what they never asked for.
        listed = ", ".join(f"[{error['section']}] (line {error['line']})" for error in others)
        message = (
            f"no section named {DEFAULT_NAME!r} (which loadapp loads when given no name), and "
            f"{only!r}, the only entry, may not be the one meant: PasteDeploy would refuse "
            f"{listed}, see python -m stack inspect {path}; pick the section to start from "
            f"with --name"
        )
        raise IniError(path, None, message)
    return only


#: The name `loadapp` loads when given none (PasteDeploy's `loadobj` default).
DEFAULT_NAME = "main"
#: What `--name` finds none of: the kinds `loadapp(name=…)` finds a section of.
_NO_ENTRY = "no app, composite, pipeline or filter-app section"
#: What `--name` may be besides an entry.
_ANY_NAME = "any such section may be named too"


def _entry_names(ini: IniFile) -> str:
    return entry_names(ini.entries) or "none"


#: Entries a line names before it counts the rest: every real file's (glance's 8) are named.
MAX_NAMED_ENTRIES = 10


def entry_names(entries: list[str]) -> str:
    """The entries' names for one line, the first `MAX_NAMED_ENTRIES` and how many more
    (`p0, p1, …, p9 and 2,990 more`): a file of 3,000 entries made a first line of 20,000
    characters. Where the rest are is the caller's to say (each tree, `--json`)."""
    return first_and_more([entry.partition(":")[2] for entry in entries], MAX_NAMED_ENTRIES)


def _refused_others(ini: IniFile, entry: str) -> list[dict[str, Any]]:
    """The refusals of the file's own app, composite, pipeline and filter-app sections that
    `entry`'s graph does not reach (one per section, in file order): refused unread
    (`[app :api]`, two sections of one name), so no entry stands for them. None when the
    entry's graph is refused itself: its own refusal (`'a' is ambiguous: [app: a], [app:a]`)
    is what to say, and it may be those very sections."""
    reached = ini.graphs[ini.entries.index(entry)].nodes
    if any(node.errors for node in reached.values()):
        return []
    others: dict[str, dict[str, Any]] = {}
    for error in ini.errors:
        kind = error["section"].partition(":")[0].strip()
        if KINDS.get(kind) in APP_KINDS and "file" not in error and error["section"] not in reached:
            others.setdefault(error["section"], error)
    return list(others.values())


def _filter_named(ini: IniFile, name: str) -> Node | None:
    """The filter `name` means (a node id, or a name no app section of the file has), if any."""
    found = ini.nodes.get(name)
    if found is None and not _app_named(ini, name):
        found = ini.nodes.get(node_id("filter", name))
    return found if found is not None and found.kind == "filter" else None


def _answers(ini: IniFile, name: str) -> bool:
    """Whether an app, composite, pipeline or filter-app section of the file, read, has this
    name."""
    return any(
        node.kind in APP_KINDS and node.name == name and node.file == ini.file
        for node in ini.nodes.values()
    )


def _refused_app(ini: IniFile, name: str) -> dict[str, Any] | None:
    """The first refusal of an app, composite, pipeline or filter-app section of the file by
    this name (`IniFile.errors`)."""
    for error in ini.errors:
        # NOTE: stripped, as a reader would: `[app :main]` was written as `main`, though
        # PasteDeploy finds no section by that header.
        kind, _, rest = error["section"].partition(":")
        if KINDS.get(kind.strip()) in APP_KINDS and rest.strip() == name:
            return error
    return None


def _app_named(ini: IniFile, name: str) -> bool:
    """Whether an app, composite, pipeline or filter-app section of the file has this name,
    read or refused before it was (two such sections of one name are refused, unread)."""
    return _answers(ini, name) or _refused_app(ini, name) is not None


class _ReadFirst(Exception):
    """A `use` names a section not read yet: read that one, then this one again."""

    def __init__(self, source: Source, section: str) -> None:
        super().__init__(section)
        self.source = source
        self.section = section


def _unknown_kind_words(section: str) -> str:
    """Why no name loads a section whose kind PasteDeploy reads none by (`unknown_kind`)."""
    meant = unknown_kind(section)
    guess = f" ({said_meant(meant)})" if meant else ""
    return (f"[{section}]: `{section.partition(':')[0]}` is no section kind PasteDeploy "
            f"reads{guess}, so no name loads this section")


class _Builder(SectionReader):
    """Reads every section of a file (and what they reach in others) into nodes and edges."""

    def __init__(self, root: Source) -> None:
        super().__init__()
        self.root = root
        #: Every file read, by absolute path: each is parsed once.
        self.sources: dict[str, Source] = {}
        if root.path is not None:
            self.sources[root.path] = root
        #: Sections named by an edge but not read yet: read after the file's own, not recursively.
        self.pending: deque[tuple[Source, str]] = deque()

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
        refused_alone = self._refuse_unbuilt(used)
        for section, warnings in self.build_warnings.items():
            if section not in used:
                self.nodes[section].warnings += warnings
        self._warn_unauthenticated(used)
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
        others = [source for source in self.sources.values() if source is not self.root]
        ini.file_defaults = {source.file: written for source in others
                             if (written := _written_defaults(source, hide))}
        for found in graphs:
            _give_defaults(found, ini)
        return ini

    def _place_settings(self) -> None:
        """Give each section's node the line of each of its settings (`Node.conf_lines`),
        once its keys that became edges have left its `conf`."""
        for this_id, source in self.section_sources.items():
            node = self.nodes[this_id]
            section = source.sections_at.get(node.line) if node.line is not None else None
            if section is not None:
                lines = source.setting_lines(section)
                node.conf_lines = {key: lines[key] for key in node.conf if key in lines}

    def _warn_unauthenticated(self, used: set[str]) -> None:
        """Warn on each `pipeline_factory` composite PasteDeploy builds whose `auth_strategy`
        picks a `noauth…` pipeline (nova's `noauth2`, cinder's `noauth`): it serves every
        request unauthenticated, a development setting easily left in a copied file. Said
        where the composite is built (not of a section only `use`d, whose users are warned
        with their own keys) and at the setting's line, the one to edit."""
        # NOTE: a node's and an edge's fields are their JSON's keys: read as they are, not
        # written out (a file of 3,000 sections spent half its upload in `to_json`).
        nodes = {node_id: vars(node) for node_id, node in self.nodes.items()}
        _, out = indexed({"edges": [vars(edge) for edge in self.edges]})
        for node in self.nodes.values():
            if node.kind != "composite" or node.id in used or node.errors:
                continue
            factory, conf = built_by(nodes, out, node.id)
            key, chosen_by = strategy(conf)
            if (not is_pipeline_factory(factory) or chosen_by != "setting auth_strategy"
                    or not key.startswith("noauth")):
                continue
            setting = strategy_setting(nodes, out, node.id)
            if setting is None:
                continue
            holder, line = setting
            via = "" if holder["id"] == node.id else f" (in [{holder['id']}], which it uses)"
            where = f"{holder['file']}:{line}: " if line is not None else ""
            node.warnings.append(
                f"{where}requests are not authenticated: `auth_strategy = {key}`{via} picks "
                f"the `{key}` pipeline, for development only")

    def _only_used(self) -> set[str]:
        """The sections only ever the `use =` of others: PasteDeploy builds each user, with
        keys of its own added, never the section alone (unless it is named itself)."""
        used = {edge.target for edge in self.edges if edge.label == "use"}
        return used - {edge.target for edge in self.edges if edge.label != "use"}

    def _refuse_unbuilt(self, used: set[str]) -> dict[str, dict[str, Any]]:
        """Refuse each `pipeline_factory` section that cannot build its chosen key from its
        own keys (`unbuilt`) where PasteDeploy would build it so: as an entry or as what an
        edge other than `use` leads to. One only ever `use`d is built with its users' keys
        added, and each user is checked with them: PasteDeploy serves `[composite:main]
        use = base` adding the `noauth = …` that `base`'s `auth_strategy = noauth` needs.
        Such a section (`used`) is refused only when named itself (`IniFile.refused_alone`),
        and its node says so."""
        refused_alone = {}
        for section, (message, line, key) in self.unbuilt.items():
            node = self.nodes[section]
            if section not in used:
                self._refuse(node, message, line)
                node.refused_alternatives[key] = {"line": line, "error": node.errors[-1]}
                continue
            message = readable(message)
            refused_alone[section] = {"section": section, "error": message, "line": line}
            users = ", ".join(f"[{edge.source}]" for edge in self.edges
                              if edge.target == section and edge.label == "use")
            where = f"{node.file}:{line}: " if line is not None else ""
            node.warnings.append(f"{where}PasteDeploy would refuse it loaded by its own name: "
                                 f"{message}; as the `use =` of {users} it is built with "
                                 "their keys too")
        return refused_alone

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
        others = [source for source in self.sources.values() if source is not self.root]
        for source in [self.root, *others]:
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

    def _resolve(self, source: Source, section: str) -> str:
        """Read one section into its node and edges (once), and first the ones its `use` names.

        NOTE: not by recursion: PasteDeploy follows `use` chains hundreds of sections long
        (`MAX_USE_HOPS`), past Python's recursion limit for a reader that recursed four frames
        a hop. A section whose `use` names one not read yet is read again once that one is.
        """
        chain = [(source, section)]
        while chain:  # each pass reads a section for good, or adds one never begun to the chain
            try:
                self._read(*chain[-1])
            except _ReadFirst as first:
                chain.append((first.source, first.section))
            else:
                chain.pop()
        return section_id(source, section)

    def _read(self, source: Source, section: str) -> None:
        """Read one section, unless it is read already; _ReadFirst if its `use` must wait."""
        this_id = section_id(source, section)
        if this_id in self.nodes and this_id not in self.resolving:
            return
        prefix, _, rest = section.partition(":")
        node = Node(this_id, KINDS[prefix], rest.strip(), None, source.file, source.line(section))
        self.nodes[this_id] = node  # read again: the new node takes the first one's place
        self.section_sources[this_id] = source
        self.resolving.add(this_id)
        try:
            self._read_section(source, section, node)
        except Refused as exc:
            self._refuse(node, exc.message, exc.line)
        self.resolving.discard(this_id)  # not after _ReadFirst: it is still being read

    def _target(
        self,
        source: Source,
        object_type: str,
        name: str,
        referrer: Node,
        line: int | None,
        now: bool = False,
    ) -> str | None:
        """The node `name` refers to, found as PasteDeploy would; None (refused) if none."""
        refused = refused_name(source, object_type, name)
        if refused is not None:
            self._refuse(referrer, refused, line)
            return None
        if ABSOLUTE.match(name):
            scheme = name.split(":", 1)[0].lower()
            if scheme == "egg":
                return self._reference(source, object_type, name)
            if scheme == "config":
                if source.path is None:
                    warn(referrer, source, line, f"{name}: {NOT_FOLLOWED}")
                    return self._reference(source, object_type, name)
                return self._foreign(source, object_type, name, referrer, line, now)
            message = f"{name}: unknown scheme {scheme!r} (PasteDeploy knows config, egg, call)"
            self._refuse(referrer, message, line)
            return None
        found = source.finder.candidates(lookup_type(object_type), name)
        if not found:
            wanted = (
                "filter" if object_type == "filter" else "app, composite, pipeline or filter-app"
            )
            comment = comment_note(name.split(), [False] * len(name.split()))
            note = (f" ({comment})" if comment else missing_note(source, object_type, name,
                                                                  referrer)
                    or egg_note(name) or misplaced_name_note(source, object_type, name, referrer))
            # Looked up in a file `config:` names, the name is said with that file: the file
            # read may well have a section by that name (its `[composite:main]`).
            where = "" if source.file == referrer.file else f" in {source.file}"
            self._refuse(referrer, f"{name!r}: no such {wanted} section{where}{note}", line,
                         NO_SECTION)
            return None
        target = section_id(source, found[0])
        if now and target not in self.nodes:
            raise _ReadFirst(source, found[0])
        if not now:
            self.pending.append((source, found[0]))
        return target

    def _reference(self, source: Source, object_type: str, reference: str) -> str:
        """A node for an `egg:` (or unfollowed `config:`) reference used in place of a section."""
        name = source.show(reference)
        reference_id = node_id(object_type, name)
        self.nodes.setdefault(reference_id, Node(reference_id, object_type, name, name))
        return reference_id

    def _foreign(
        self,
        source: Source,
        object_type: str,
        uri: str,
        referrer: Node,
        line: int | None,
        now: bool,
    ) -> str | None:
        """A section of another file, `config:PATH#NAME`, found as PasteDeploy's `_loadconfig`."""
        reference = uri
        uri, _, name = uri.partition("#") if "#" in uri else (uri, "", "main")
        path = uri.split(":", 1)[1].replace("\\", "/")
        if not path.strip():  # PasteDeploy would open the folder itself: IsADirectoryError
            self._refuse(referrer, f"{reference} names no file (config:FILE#SECTION)", line)
            return None
        if not os.path.isabs(path):
            path = os.path.dirname(source.path or "") + "/" + path
        if path.startswith("///"):
            path = path[2:]
        path = os.path.abspath(unquote(path).strip())
        try:
            other = self._open(path, source)
        except IniError as exc:
            # NOTE: named as the reference writes it: `sub/other.ini` for `config:sub/othr.ini`.
            written = os.path.dirname(uri.split(":", 1)[1])
            meant = [] if os.path.exists(path) else [
                f"{written}/{name}" if written else name for name in nearest_file(path)]
            guess = f" ({said_meant(meant)})" if meant else ""
            self._refuse(referrer, f"{uri}: {exc}{guess}", line)
            return None
        return self._target(other, object_type, name, referrer, line, now)

    def _open(self, path: str, referrer: Source) -> Source:
        """The file at `path`, parsed once, with the first referrer's [DEFAULT] added to its own."""
        if path in self.sources:
            return self.sources[path]
        label = os.path.basename(path)
        if any(other.file == label for other in self.sources.values()):
            # NOTE: a file named as the one read, or as another it refers to, is told apart by
            # its relative path: its sections' lines must not read as the other file's.
            label = os.path.relpath(path, os.path.dirname(self.root.path or "")).replace(
                os.sep, "/"
            )
        source = read_other(path, label, referrer)
        self.sources[path] = source
        return source

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


def named_by_refusals(source: Source, nodes: dict[str, Node], errors: list[dict[str, Any]],
                      shown: set[str]) -> dict[str, dict[str, Any]]:
    """By node id, the file's own sections no graph shows (`shown`) that a refused branch or
    section names: `{"by": ID, "by_line": N}`, the first that names it (a composite's refused
    alternative or urlmap branch, `Node.refused_targets`; a refused pipeline's members), in
    file order (`IniFile.refused_named`).

    A `[filter:authtoken]` named by nova's `keystone` alternative, refused for a misspelt
    `keystonecontxt` beside it, is in no graph: no edge leads to a branch that cannot be
    built. Listed as reached from no entry, it read as dead configuration, and an operator
    chasing the 401 deleted it; it is the filter the mended alternative runs first.
    """
    named: dict[str, dict[str, Any]] = {}
    for by, line, kind, word in _refused_words(source, nodes, errors):
        target = named_section(source, kind, word)
        if target in nodes and target not in shown:
            named.setdefault(target, {"by": by, "by_line": line})
    return dict(sorted(named.items(), key=lambda item: nodes[item[0]].line or 0))


def named_section(source: Source, kind: str, word: str) -> str | None:
    """The node id of the one section of `source` a word of `kind` ("filter" or "app") names;
    None for a reference (`egg:…`), or a word no section or several answer to."""
    found = [] if ABSOLUTE.match(word) else source.finder.candidates(lookup_type(kind), word)
    return section_id(source, found[0]) if len(found) == 1 else None


def _refused_words(source: Source, nodes: dict[str, Node], errors: list[dict[str, Any]]
                   ) -> Iterator[tuple[str, int | None, str, str]]:
    """`(refused node id, line, kind, word)` for each word of what PasteDeploy refuses that
    may name a section: the words of composites' refused branches, then those of the file's
    refused pipelines (one with a setting too many is refused before its words are linked;
    one two sections answer to is refused unread)."""
    for node in nodes.values():
        for branch in node.refused_targets:
            for member in branch["members"]:
                if member["error"] is None:
                    yield node.id, branch["line"], member["kind"], member["name"]
    sections = {section_id(source, section): section for section in source.parser.sections()
                if section.partition(":")[0] == "pipeline"}
    for refused in dict.fromkeys(error["section"] for error in errors):
        section = sections.get(refused)
        if section is None:
            continue
        try:
            words = source.parser.get(section, "pipeline").split()
        except configparser.Error:  # no `pipeline`, or one PasteDeploy cannot read: refused so
            continue
        line = source.line(section, "pipeline")
        for kind, word in zip(word_kinds(words), words, strict=True):
            yield refused, line, kind, word
