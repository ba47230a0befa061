"""Read an api-paste.ini into `PipelineGraph`s, importing and running nothing it names.

`inspect`, the tracing loader and the dashboard's upload view share this module, so it is pure:
text in, graph out, no eventlet, no Flask, no factory. It parses the file with PasteDeploy's own
parser (`stack.ini_parse`), reads each section by PasteDeploy's own rules for `[DEFAULT]`,
`set`/`get`, `use`, `next`, `pipeline`, `filter-with` and composites (`ConfigLoader.get_context`,
in `stack.graph_sections`), finds the sections they name as `find_config_section` and
`_loadconfig` do (`stack.section_targets`), and refuses what `loadapp` would refuse, once the
whole file is read (`stack.graph_builder`), so the graph (`stack.graph_model`) is what
`paste.deploy.loadapp` would build. Here is what other code calls: a file read, the section a
name (or none, as `loadapp` given none) loads from it, and why a name loads nothing.

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

from typing import Any

from stack.graph_builder import Builder
from stack.graph_builder import give_defaults
from stack.graph_model import APP_KINDS
from stack.graph_model import KINDS
from stack.graph_model import Edge
from stack.graph_model import IniFile
from stack.graph_model import Node
from stack.graph_model import PipelineGraph
from stack.graph_model import edges_out
from stack.graph_model import inline_name
from stack.graph_model import node_id
from stack.graph_model import refusals
from stack.graph_model import section_kind
from stack.graph_model import subgraph
from stack.ini_parse import read_file
from stack.ini_parse import read_upload
from stack.ini_text import IniError
from stack.near_names import first_and_more
from stack.near_names import nearest
from stack.near_names import said_meant
from stack.section_names import lookup_type
from stack.section_names import missing_note
from stack.urlmap_keys import prefix_label
from stack.urlmap_keys import urlmap_label

#: What other code imports from here; the parts live in the modules named above.
__all__ = [
    "APP_KINDS",
    "Edge",
    "IniError",
    "IniFile",
    "Node",
    "PipelineGraph",
    "load_graph",
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
    return Builder(read_file(path)).build(path)


def read_ini_text(text: str, filename: str) -> IniFile:
    """Read an uploaded api-paste.ini; `config:` references are shown but never opened."""
    return Builder(read_upload(text, filename)).build(filename)


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
    if found is None:
        # NOTE: a filter by its name alone draws as by its id: told "no section named
        # 'authtoken'", a reader looking at its [filter:authtoken] took the file for misread.
        # `serve` and `which` refuse one first (`pick_entry`): PasteDeploy loads no filter alone.
        found = _filter_named(ini, name)
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
        give_defaults(graph, ini)
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
                                   f"{entry_names(entries)}{_refused_entries(ini)}")
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


def _refused_entries(ini: IniFile) -> str:
    """`; PasteDeploy would refuse `neutron` ([composite:neutron] line 4: …)`: the entries
    whose load PasteDeploy refuses, after the list of a file's entries, with the first one's
    first refusal (the message is one line, `ini_text.readable`); "" for none.

    NOTE: a refused section is often why there are several entries at all: a urlmap whose
    `/v2.0` names an app mistyped no longer reaches that app, which stands as an entry beside
    it, and the list alone offers both as if either would load.
    """
    refused = [(entry, problems[0]) for entry, found in zip(ini.entries, ini.graphs, strict=True)
               if (problems := refusals(found, ini.errors))]
    if not refused:
        return ""
    names = [f"`{entry.partition(':')[2]}`" for entry, _ in refused]
    node, line, message = refused[0][1]
    at = f" line {line}" if line is not None else ""
    first = "" if len(refused) == 1 else f"{names[0]}: "
    return (f"; PasteDeploy would refuse {first_and_more(names, MAX_NAMED_ENTRIES)} "
            f"({first}[{node.id}]{at}: {message})")


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
