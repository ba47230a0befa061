"""The graph of an api-paste.ini as data: nodes, edges, one graph per entry, and their JSON.

Plain dataclasses whose `to_json` is DESIGN.md's graph contract, apart from the rules that build
them (`stack.graph`), so the loader, the text tree and the dashboard read one shape. What reads
that JSON back is `stack.graph_json`; the composite factories known by name,
`stack.composite_factories`.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from stack.ini_text import IniError
    from stack.ini_text import Source

#: The section prefixes PasteDeploy loads as apps or filters, and the kind each is shown as.
KINDS = {
    "app": "app",
    "application": "app",
    "composite": "composite",
    "composit": "composite",
    "pipeline": "pipeline",
    "filter-app": "filter-app",
    "filter": "filter",
}
#: Kinds `loadapp` can start from: the candidates for entries.
APP_KINDS = ("app", "composite", "pipeline", "filter-app")
#: What a file with no entry is told (`inspect`, an uploaded file's page). Such a file is most
#: often the service's own config, picked in place of its api-paste.ini.
NO_ENTRIES = ("No [app:…], [composite:…], [pipeline:…] or [filter-app:…] section to load: is "
              "this the service's own config (nova.conf…) rather than its api-paste.ini?")
#: Kinds a section can `use =` and then be built as: `[app:main] use = api` with `api` a
#: pipeline *is* that pipeline. (Using an app or filter section borrows its factory instead.)
BUILT_AS = ("pipeline", "composite", "filter-app")
#: Why a word of a pipeline or of a composite's branch finds nothing (its `cause` in
#: `Node.refused_members` and `Node.refused_targets`): no section answers to the name
#: (`NO_SECTION`), or something does and PasteDeploy still refuses it (`REFUSED`: several
#: sections answer, an `egg:` entry point its package lacks, a scheme it does not load there).
NO_SECTION = "no section"
REFUSED = "refused"


@dataclass
class Node:
    """One box of the graph: a section, an inline pipeline or an `egg:` reference."""

    id: str
    kind: str
    name: str
    factory: str | None
    file: str | None = None
    line: int | None = None
    #: The section's own settings as PasteDeploy reads them (`set NAME` as written, `get`s
    #: resolved), secret values redacted; keys that became edges, `use` and the factory key are
    #: not repeated here.
    conf: dict[str, str] = field(default_factory=dict)
    #: The line of each of `conf`'s settings in the node's file (none for a node of no
    #: section): where a story cites the setting that decided (`auth_strategy = keystone` at
    #: line 20), not the section's header.
    conf_lines: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Why PasteDeploy would refuse this section (empty when it would load it).
    errors: list[str] = field(default_factory=list)
    #: The line of each of `errors`, in the node's file (None where none is known): the line
    #: to mend (a urlmap's `/ = …`), which `which` cites as `inspect` does.
    error_lines: list[int | None] = field(default_factory=list)
    #: A pipeline's members PasteDeploy would not find, which have no edge at their place:
    #: `{"pos", "name", "kind", "error", "cause"}` each (`kind` "filter", or "app" for the
    #: last; `error` one of `errors`, or for an inline pipeline its composite's; `cause`
    #: `NO_SECTION` or `REFUSED`), so what draws the hole need not find it in the error's
    #: wording.
    refused_members: list[dict[str, Any]] = field(default_factory=list)
    #: What PasteDeploy builds the section as where its factory, not its header, decides
    #: (`[app:main] use = egg:Paste#urlmap` is a "composite"); None where the header does.
    built_as: str | None = None
    #: A `pipeline_factory` composite's alternatives it cannot build, by key: `{"line",
    #: "error"}` each, `error` the refusal were that key built. The one its `auth_strategy`
    #: picks is the composite's refusal itself (the same text is in `errors`); the others,
    #: and it, are still offered, for the service's own config may pick another (`which
    #: --choose`), and no edge leads to them.
    refused_alternatives: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: A composite's branches that have no edge, for PasteDeploy would not find what they
    #: name: a urlmap prefix (or `not_found_app`) naming no app section, a `pipeline_factory`
    #: alternative of `refused_alternatives` naming a missing member or one refused as it
    #: loads. `{"label", "line", "members"}` each, `label` the edge's it would be; `members`
    #: the words of its value, `{"pos", "name", "kind", "error", "cause"}` each, `error` the
    #: refusal of that word (one of `errors`, or the word's part of its alternative's) and
    #: `cause` `NO_SECTION` or `REFUSED`, both None where the word names a section: what
    #: draws the branch with its hole need not find it in the error's wording.
    refused_targets: list[dict[str, Any]] = field(default_factory=list)
    #: The section's `use`, `next` and `filter-with` that have no edge, for PasteDeploy would
    #: refuse what they name (no section by that name or of that kind, an unknown scheme…):
    #: `{"label", "line", "name", "kind", "error", "cause"}` each, `label` the edge's it would
    #: be, `kind` "app" or "filter" as it is looked up, `error` one of `errors` and `cause`
    #: `NO_SECTION` or `REFUSED`: what draws the edge with its hole need not find it in the
    #: error's wording.
    refused_links: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {name: _copied(getattr(self, name)) for name in _NODE_FIELDS}


def _copied(value: Any) -> Any:
    """`value` with each list and dict in it copied, as `dataclasses.asdict` copies a field, at
    a fraction of its cost: a file of 3,000 branches spent half its upload in `asdict`."""
    if isinstance(value, dict):
        return {key: item if type(item) in _PLAIN else _copied(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [item if type(item) in _PLAIN else _copied(item) for item in value]
    return value


#: What `_copied` hands back as it is (no copy to make).
_PLAIN = frozenset({str, int, float, bool, type(None)})
#: A node's fields, in the order `to_json` writes them.
_NODE_FIELDS = tuple(f.name for f in dataclasses.fields(Node))


#: Edge labels that are not steps of a request (how a section was written, not where it goes).
STATIC_LABELS = frozenset({"use", "filter-with", "not_found_app"})


@dataclass
class Edge:
    """A hop: a urlmap prefix, a composite key, a pipeline position, `use`, `next`…"""

    source: str
    target: str
    label: str
    #: Written `config:FILE#NAME`: PasteDeploy loads that file afresh for it (a new loader,
    #: `loadwsgi._loadconfig`), even the file the edge starts in, and skips there the settings
    #: named in the global_conf it is handed; where the file changes too, that is said already.
    config: bool = False
    #: A composite's key its section does not write, handed by the composite its `use` names
    #: (`_context_from_use`): where a `set` of its name skips the key in the used composite's
    #: file, a section that writes it again puts it back (`Handed.handed_keys`).
    inherited: bool = False

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"source": self.source, "target": self.target,
                                 "label": self.label}
        return {**found, **({"config": True} if self.config else {}),
                **({"inherited": True} if self.inherited else {})}


@dataclass
class PipelineGraph:
    """What `loadapp(name=…)` builds from one section: the nodes reachable from `entry`."""

    entry: str
    nodes: dict[str, Node]
    edges: list[Edge]
    #: The settings the file's [DEFAULT] writes, redacted as `Node.conf` is: PasteDeploy hands
    #: them to every factory in its global_conf, and the factories that read it (keystone's
    #: auth_token, oslo's sizelimit) take them as their own (`stack.known_filters`).
    defaults: dict[str, str] = field(default_factory=dict)
    #: By file name (as `Node.file`), the settings the [DEFAULT] of each other file whose
    #: sections the graph holds (`config:` refers to it) writes, as `defaults` carries the file
    #: read's: PasteDeploy hands them to that file's factories, under the global_conf of the
    #: section that referred to it (`loadwsgi._loadconfig`). Only the files that write some.
    file_defaults: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "nodes": [node.to_json() for node in self.nodes.values()],
            "edges": [edge.to_json() for edge in self.edges],
            "defaults": dict(self.defaults),
            "file_defaults": {file: dict(written) for file, written in self.file_defaults.items()},
        }

    def edges_from(self, node_id: str) -> list[Edge]:
        return [edge for edge in self.edges if edge.source == node_id]


@dataclass
class IniFile:
    """A whole api-paste.ini: one graph per entry, and the sections PasteDeploy would refuse."""

    file: str
    path: str
    entries: list[str]
    graphs: list[PipelineGraph]
    #: Why PasteDeploy would refuse a section: `{"section", "error", "line"}`, in file order;
    #: then those of the files it refers to, each with its `"file"` too.
    errors: list[dict[str, Any]]
    #: Lines read otherwise than they look, in sections no graph shows (a graph's node carries
    #: its own in `Node.warnings`): `{"section", "line", "warning"}`, in file order; then those
    #: of the files it refers to, each with its `"file"` too.
    warnings: list[dict[str, Any]] = field(default_factory=list)
    #: Every node and edge read from the file; each graph is the part reachable from its entry.
    nodes: dict[str, Node] = field(default_factory=dict, repr=False)
    edges: list[Edge] = field(default_factory=list, repr=False)
    #: The file read, parsed: where a name no section answers to may be explained by a line
    #: read otherwise than it looks (`--name b` beside an indented `  [app:b]`).
    source: Source | None = field(default=None, repr=False)
    #: Each file read, by absolute path → what its sections' ids start with (`other.ini`;
    #: None for the file read): the loader tags what PasteDeploy loads from each by the same.
    prefixes: dict[str, str | None] = field(default_factory=dict, repr=False)
    #: Why PasteDeploy would refuse a section loaded by its own name that loads as the `use =`
    #: of others, which add what it lacks: by node id, `{"section", "error", "line"}`.
    refused_alone: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    #: The file's own sections no graph shows that only what PasteDeploy refuses names (a
    #: `[filter:authtoken]` of a refused `keystone` alternative): by node id, `{"by",
    #: "by_line"}` (`stack.refused_named.named_by_refusals`). Not `unused`: mend the refusal
    #: and they run.
    refused_named: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    #: What hides the secrets of the files read in a text (`stack.redact_settings.hiding`): a
    #: message said once they are read, as a factory's that failed to load, may quote one.
    hide: Callable[[str], str] = field(default=lambda text: text, repr=False)
    #: The settings the [DEFAULT] of the file read writes (`PipelineGraph.defaults`), and by
    #: file name those of each file it refers to (`PipelineGraph.file_defaults`): worked out
    #: once for all the file's graphs (a file of 3,000 sections has as many).
    defaults: dict[str, str] = field(default_factory=dict, repr=False)
    file_defaults: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def unused(self) -> list[Node]:
        """The file's own sections no entry reaches, in file order: PasteDeploy never builds them,
        nor would it were a refusal mended (those are `refused_named`).

        An operator chasing a 401 finds the cause here as often as in the drawing: a
        `[filter:authtoken]` defined and named by no pipeline checks no token. `inspect`'s tree
        lists them, and the JSON (`to_json`), which the upload page draws from.
        """
        shown = {node_id for graph in self.graphs for node_id in graph.nodes}
        return [
            node
            for node in self.nodes.values()
            if node.id not in shown and node.id not in self.refused_named
            and node.line is not None and split_id(node.id)[0] is None
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "entries": list(self.entries),
            "graphs": [graph.to_json() for graph in self.graphs],
            "errors": [dict(error) for error in self.errors],
            "warnings": [dict(warning) for warning in self.warnings],
            "unused": [{"section": node.id, "line": node.line} for node in self.unused()],
            "named_by_refused": [{"section": section, "line": self.nodes[section].line, **by}
                                 for section, by in self.refused_named.items()],
        }

    def refused_json(self, error: IniError) -> dict[str, Any]:
        """`to_json` with no graphs and `error` as the one error, of no section (`{"section":
        null, "error", "line"}`): what `inspect --json` prints for a file it cannot read at
        all, or for a --name no section answers to.

        The error is on stderr too, but a script piping `--json` into `jq` reads stdout alone,
        and found nothing to parse there; in this shape, what reads the `errors` of a file
        with refused sections reads why this one was refused too.
        """
        refusal = {"section": None, "error": error.message, "line": error.line}
        # NOTE: not `dataclasses.replace(self, graphs=[])`: its unused sections are those the
        # file's real graphs leave out, not every section.
        return {**self.to_json(), "graphs": [], "errors": [refusal]}


def unread_json(file: str, error: IniError) -> dict[str, Any]:
    """The document of the file named `file` that cannot be read at all (`error`), nothing
    read: `IniFile.refused_json`. `inspect --json` prints it, and `POST /api/inis` answers
    it in its 400, so that one script reads both."""
    return IniFile(file, file, [], [], []).refused_json(error)


def node_id(kind: str, name: str, file: str | None = None) -> str:
    """`kind:name`, or `file#kind:name` for a section of another file than the one read."""
    return f"{file}#{kind}:{name}" if file else f"{kind}:{name}"


def inline_name(composite: str, key: str) -> str:
    """`COMPOSITE[KEY]`: the name of the inline pipeline a composite's key of several words
    makes (DESIGN.md), which names no section; read back, it says which key of which
    composite the operator edits."""
    return f"{composite}[{key}]"


def split_id(node: str) -> tuple[str | None, str]:
    """`node_id` read back: `other.ini#pipeline:api` → ("other.ini", "pipeline:api");
    `app:main` → (None, "app:main"). The `#` of a name (`filter:egg:Pkg#caps`) comes after its
    kind's `:`, so it is no file's."""
    head, sep, rest = node.partition("#")
    return (head, rest) if sep and ":" not in head else (None, node)


def is_position(label: str) -> bool:
    """Whether an edge label is a pipeline position (`0`, `1`…) rather than a prefix or key.

    ASCII digits only: `str.isdigit` also takes `²` and `٣`, which `int` refuses, and a graph
    announced to the dashboard may carry any label.
    """
    return label.isascii() and label.isdigit()


def section_kind(prefix: str) -> str:
    """The node kind of a section prefix: `application` → `app`, `composit` → `composite`."""
    try:
        return KINDS[prefix]
    except KeyError:
        raise ValueError(f"[{prefix}:…] is not a section PasteDeploy loads") from None


def refusals(
    graph: PipelineGraph, errors: list[dict[str, Any]]
) -> list[tuple[Node, int | None, str]]:
    """Why PasteDeploy would refuse the graph's sections: `(node, line, message)`, nearest the
    entry first. `errors` are the whole file's (`IniFile.errors`): they give each refusal the
    line at fault (the `pipeline =` line rather than the section's header), so `inspect`'s
    tree, its whole-file listing and `serve`'s refusal all cite the same line.
    """
    by_section: dict[str, list[dict[str, Any]]] = {}
    for error in errors:
        by_section.setdefault(error["section"], []).append(error)
    return [
        (node, node.line if error["line"] is None else error["line"], error["error"])
        for node in graph.nodes.values()
        for error in by_section.get(node.id, [])
    ]


def edges_out(edges: list[Edge]) -> dict[str, list[Edge]]:
    """Each node's edges out, in order: what `subgraph` walks, indexed once for all of a
    file's entries (a file of 3,000 entries indexed its edges 3,000 times)."""
    outgoing: dict[str, list[Edge]] = {}
    for edge in edges:
        outgoing.setdefault(edge.source, []).append(edge)
    return outgoing


def subgraph(entry: str, nodes: dict[str, Node],
             outgoing: Mapping[str, list[Edge]]) -> PipelineGraph:
    """The nodes reachable from `entry`, breadth first, with the edges between them
    (`outgoing`: each node's edges out, `edges_out`)."""
    order = {entry: nodes[entry]}
    queue = deque([entry])
    kept: list[Edge] = []
    while queue:
        for edge in outgoing.get(queue.popleft(), []):
            kept.append(edge)
            if edge.target not in order:
                order[edge.target] = nodes[edge.target]
                queue.append(edge.target)
    return PipelineGraph(entry, order, kept)
