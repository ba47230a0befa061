"""Render a `PipelineGraph` or a whole `IniFile` as a text tree a person can read.

This is what `python -m stack inspect FILE` prints: the path a request can take, top to bottom
(composite → prefix or key → pipeline → its filters in order → the app; a section's
`filter-with` filters before it, outermost first), each section with its factory and its line
(swift's filters are defined in another order than the pipeline runs them), and what
PasteDeploy would refuse. A section reached twice is drawn once; later
mentions say `(shown above)`, so nova's shared pipelines do not repeat.
"""

from __future__ import annotations

from stack.factory_names import short_factory
from stack.graph import MAX_NAMED_ENTRIES
from stack.graph import Edge
from stack.graph import IniFile
from stack.graph import Node
from stack.graph import PipelineGraph
from stack.graph import entry_names
from stack.graph_json import filter_with_chain
from stack.graph_model import NO_ENTRIES
from stack.graph_model import is_position
from stack.graph_model import refusals
from stack.graph_model import split_id
from stack.ini_text import readable
from stack.near_names import and_more
from stack.near_names import first_and_more
from stack.refused_named import named_section

_BRANCH = "├── "
_LAST = "└── "
_PIPE = "│   "
_BLANK = "    "
#: What a file with no `[section]` header is told: empty, or only blank lines and comments.
EMPTY_FILE = "The file is empty: it has no [section] at all (at most comments), so nothing to load."
#: The settings of a service's own config that name its api-paste.ini, by section:
#: oslo.service's `api_paste_config` (neutron's and cinder's [DEFAULT], nova's [wsgi]), heat's
#: and glance's [paste_deploy].
PASTE_CONFIG_OPTIONS = {"DEFAULT": ("api_paste_config",), "wsgi": ("api_paste_config",),
                        "paste_deploy": ("api_paste_config", "config_file")}
#: Deeper levels are summarised, not drawn (and the drawing stays within Python's recursion limit).
_MAX_DEPTH = 100
#: Refusals listed under a section, and in the summary after the tree, before the rest are
#: counted, as entries are named (`MAX_NAMED_ENTRIES`): a pipeline naming 20,000 missing
#: filters printed each refusal twice, 40,009 lines. No real file has more than two.
MAX_REFUSALS = 10
#: Factories that build what another setting of the section names, by that setting: heat's
#: `heat.common.wsgi` imports the section's `heat.filter_factory` (`heat.app_factory`) and
#: builds it, so the factory alone drew every heat filter the same.
HANDED_ON = {"heat.common.wsgi:filter_factory": "heat.filter_factory",
             "heat.common.wsgi:app_factory": "heat.app_factory"}


def render_graph(graph: PipelineGraph, ini: IniFile) -> str:
    """The tree of one graph of `ini`, the file's warnings about lines no graph shows, then
    why PasteDeploy would refuse its sections (the file's `errors` give each refusal its line:
    see `refusals`)."""
    lines = _tree(graph, ini) + render_file_warnings(ini)
    errors = ini.errors
    problems = refusals(graph, errors)
    if problems:
        lines += ["", "PasteDeploy would refuse to load this:"]
        said = []
        for node, line, message in problems[:MAX_REFUSALS]:
            where = f"{node.file}:{line} " if line is not None else ""
            said.append(f"  {where}[{node.id}]: {message}")
        lines += _counted(said, len(problems), "  ")
    return "\n".join(lines)


def render_ini(ini: IniFile) -> str:
    """Every entry's tree, the sections no entry reaches, the warnings about lines no tree
    shows, and the errors, for a whole file."""
    names = entry_names(ini.entries)
    if len(ini.entries) > MAX_NAMED_ENTRIES:
        names += ", each drawn below (--json lists them all)"
    count = f"{len(ini.entries):,} entr{'y' if len(ini.entries) == 1 else 'ies'}"
    lines = [f"{ini.file}: {count}{' — ' + names if names else ''}"]
    if ini.entries:
        lines += [
            f'Each entry is a name for loadapp("config:{ini.file}", name=NAME). A request walks',
            "down from it: urlmap prefix or composite key, then a pipeline's filters 0, 1, …,",
            "then its app.",
        ]
    else:
        lines.append(no_entries_words(ini))
    for graph in ini.graphs:
        lines += ["", *_tree(graph, ini)]
    unused = [node.id for node in ini.unused()]
    if unused:
        # NOTE: named as the entries are: a generated file's 3,000 unused filters made a line
        # of tens of thousands of characters, which no one reads.
        named = first_and_more(unused, MAX_NAMED_ENTRIES)
        if len(unused) > MAX_NAMED_ENTRIES:
            named += " (--json lists them all, each with its line)"
        lines += ["", f"Sections no entry uses: {named}"]
    if ini.refused_named:
        named = ", ".join(f"{section} (by [{by['by']}]{_at(by['by_line'])})"
                          for section, by in ini.refused_named.items())
        lines += ["", f"Sections named only by what PasteDeploy refuses: {named}"]
    lines += render_file_warnings(ini)
    if ini.errors:
        # NOTE: counted by section: one pipeline naming three missing sections is one refused.
        count = len({(error.get("file"), error["section"]) for error in ini.errors})
        which = "this section" if count == 1 else f"these sections ({count:,})"
        reasons = "" if len(ini.errors) == count else f", for {len(ini.errors):,} reasons"
        lines += ["", f"PasteDeploy would refuse {which}{reasons}:"]
        said = []
        for error in ini.errors[:MAX_REFUSALS]:
            file = error.get("file")
            if error["line"] is None:
                where = file or ini.file
            else:
                where = f"{file}:{error['line']}" if file else f"line {error['line']}"
            said.append(f"  {where}: [{error['section']}] {error['error']}")
        lines += _counted(said, len(ini.errors), "  ")
    return "\n".join(lines)


def no_entries_words(ini: IniFile) -> str:
    """Why `ini` has no entry: it has no section at all, or none PasteDeploy loads as an app
    (`NO_ENTRIES`). Asking a 0-byte file whether it was the service's own config sent its
    reader looking for sections in a file that had none."""
    if ini.source is not None and not ini.source.section_lines:
        return EMPTY_FILE
    return NO_ENTRIES + _paste_config_named(ini)


def _paste_config_named(ini: IniFile) -> str:
    """The setting of a service's own config that names the api-paste.ini it loads, said with
    its line (" Its [DEFAULT] api_paste_config = … (line 3) names …"), or "": the file an
    operator who picked the service's config meant is often named in it. An empty one
    (`api_paste_config =`) names no file, and is passed over."""
    source = ini.source
    if source is None:
        return ""
    for (section, option), line in sorted(source.option_lines.items(), key=lambda item: item[1]):
        if option in PASTE_CONFIG_OPTIONS.get(section, ()):
            value = source.parser.get(section, option, raw=True)
            if not value:
                continue
            return readable(f" Its [{section}] {option} = {value} (line {line}) names the "
                            "api-paste.ini the service loads.")
    return ""


def render_file_warnings(ini: IniFile) -> list[str]:
    """The file's warnings (`IniFile.warnings`: lines no graph shows, in it and in the files it
    refers to), under a heading after a blank line; none if it has none."""
    if not ini.warnings:
        return []
    lines = ["", f"Lines read otherwise than they look ({len(ini.warnings)}):"]
    for warning in ini.warnings:
        where = f"{warning.get('file', ini.file)}:{warning['line']}"
        lines.append(f"  ! {where}: {_one_line(warning['warning'])}")
    return lines


def render_path_warnings(graph: PipelineGraph, path: list[str]) -> list[str]:
    """The warnings of the sections a request passes through (`which`'s path, node ids), under
    a heading after a blank line; none if they have none.

    `which` answers by what PasteDeploy reads, and a warning says where a file does not read as
    it looks: `auth_strategy = noauth2` in [DEFAULT], which no `pipeline_factory` reads, leaves
    the answer following keystone, and without the warning beside it that reads as a mistake
    of the answer's. A warning with no line of its own is placed at its section's header."""
    found = []
    for node_id in dict.fromkeys(path):
        node = graph.nodes[node_id]
        for warning in node.warnings:
            placed = node.line is None or warning.startswith(f"{node.file}:")
            found.append(warning if placed else f"{node.file}:{node.line}: [{node.id}] {warning}")
    if not found:
        return []
    lines = ["", f"Warnings on the sections this request passes through ({len(found)}):"]
    return lines + [f"  ! {_one_line(warning)}" for warning in found]


def _one_line(text: str) -> str:
    """`text` on one line, its lines joined by spaces as `stack.ini_text.readable` joins them
    (the warning under it says which they are): a value with continuation lines would read as
    lines of the tree (a `[app:b]` under a factory looks like a section). Not `readable`
    itself, which cuts a message over 400 characters: a warning here is said whole."""
    return " ".join(text.split("\n"))


def _tree(graph: PipelineGraph, ini: IniFile) -> list[str]:
    drawing = _Drawing(graph, ini)
    drawing.node("", graph.entry, "")
    return drawing.lines


class _Drawing:
    """One graph's tree, drawn line by line, each node with children expanded once only.

    A section's `filter-with` is drawn where the section is, as the request meets it: the
    filters of its chain, outermost first, then the section itself, as a pipeline's filters
    are drawn before its app. Drawn as its edge, the filter hung below the section, which read
    as if the section called it, when PasteDeploy builds the filter around the section.
    """

    def __init__(self, graph: PipelineGraph, ini: IniFile) -> None:
        self.graph, self.ini = graph, ini
        #: Each node's edges out but `filter-with`, in order: the edges drawn as edges.
        self.outgoing: dict[str, list[Edge]] = {}
        #: Each node's `filter-with` edge, as `filter_with_chain` reads them.
        self.wrapped_by: dict[str, list[dict[str, str]]] = {}
        for edge in graph.edges:
            if edge.label == "filter-with":
                self.wrapped_by[edge.source] = [edge.to_json()]
            else:
                self.outgoing.setdefault(edge.source, []).append(edge)
        self.seen: set[str] = set()
        self.lines: list[str] = []

    def node(self, lead: str, node_id: str, inner: str) -> None:
        """Draw `node_id` after `lead` (the entry's is "", an edge's `├── 0 → `), its lines
        below at `inner`: with its `filter-with` chain, when it has one, around it."""
        node = self.graph.nodes[node_id]
        chain = [edge["target"] for edge in filter_with_chain(self.wrapped_by, node_id)]
        if node_id in self.seen and (node_id in self.outgoing or chain):
            self.lines.append(f"{lead}{_describe(node, whole=False)}  (shown above)")
            return
        self.seen.add(node_id)
        if not chain:
            self._expand(lead, node, inner)
            return
        self.lines.append(f"{lead}{node_id}, wrapped by filter-with; a request meets, in order:")
        wrapped = [node_id, *chain]
        for index in reversed(range(len(chain))):  # outermost first
            lead = f"{inner}{_BRANCH}[filter-with] → "
            self._wrapper(lead, chain[index], wrapped[index], inner + _PIPE)
        self._expand(f"{inner}{_LAST}[itself] → ", node, inner + _BLANK)

    def _wrapper(self, lead: str, node_id: str, wrapped: str, inner: str) -> None:
        """A filter of a `filter-with` chain, saying what it wraps; its own `filter-with` is
        the chain's next filter, drawn above it."""
        node = self.graph.nodes[node_id]
        if node_id in self.seen and node_id in self.outgoing:
            self.lines.append(f"{lead}{_describe(node, whole=False)}, wrapping {wrapped}"
                              "  (shown above)")
            return
        self.seen.add(node_id)
        self._expand(lead, node, inner, f", wrapping {wrapped}")

    def _expand(self, lead: str, node: Node, inner: str, after: str = "") -> None:
        """`node`'s line, its notes, then its edges below it."""
        self.lines.append(f"{lead}{_describe(node, whole=True)}{after}")
        self.lines += _notes(node, inner)
        self._children(node.id, inner)

    def _children(self, node_id: str, indent: str) -> None:
        """Draw the edges of `node_id`, then its refused branches."""
        edges = self.outgoing.get(node_id, [])
        branches = self.graph.nodes[node_id].refused_targets
        if (edges or branches) and len(indent) >= _MAX_DEPTH * len(_PIPE):
            self.lines.append(f"{indent}└── … {len(edges) + len(branches)} more edge(s), "
                              f"deeper than {_MAX_DEPTH} levels")
            return
        positions = all(is_position(edge.label) for edge in edges)  # a pipeline: align 0…N
        width = max((len(edge.label) for edge in edges), default=0) if positions else 0
        for index, edge in enumerate(edges):
            last = index == len(edges) - 1 and not branches
            label = _label(edge.label).ljust(width)
            self.node(f"{indent}{_LAST if last else _BRANCH}{label} → ", edge.target,
                      indent + (_BLANK if last else _PIPE))
        for index, branch in enumerate(branches):
            last = index == len(branches) - 1
            self.lines += _refused_branch(branch, self.ini, indent, _LAST if last else _BRANCH,
                                          indent + (_BLANK if last else _PIPE))


def _refused_branch(branch: dict, ini: IniFile, indent: str, mark: str, inner: str
                    ) -> list[str]:
    """A composite's branch PasteDeploy would not build (`Node.refused_targets`), where its
    edge would be: one word, its refusal; several (a `pipeline_factory` alternative), each
    word at its position, with the hole where it breaks. Without it the tree showed `noauth`
    alone, and the `keystone` that the default picks, and fails, was nowhere."""
    label, members = _label(branch["label"]), branch["members"]
    if len(members) == 1:
        return [f"{indent}{mark}{label} ✗ {members[0]['error']}"]
    where = "" if branch["line"] is None else f"   (line {branch['line']})"
    lines = [f"{indent}{mark}{label} ✗ not built: PasteDeploy would refuse it{where}"]
    width = len(str(len(members) - 1))
    for member in members:
        last = member["pos"] == len(members) - 1
        position = str(member["pos"]).ljust(width)
        if member["error"] is not None:
            text = f"✗ {member['error']}"
        else:
            found = ini.nodes.get(named_section(ini.source, member["kind"], member["name"]) or "")
            text = f"→ {member['name'] if found is None else _describe(found, whole=True)}"
        lines.append(f"{inner}{_LAST if last else _BRANCH}{position} {text}")
    return lines


def _at(line: int | None) -> str:
    return "" if line is None else f" at line {line}"


def _describe(node: Node, whole: bool) -> str:
    """`node`'s id and factory. `whole` where the tree names it first: the factory as the file
    writes it (with the setting a `HANDED_ON` factory builds) and its line. Named again
    ("shown above"), the factory as the diagram's box names it (`short_factory`), the whole
    above it: the box and the tree named a `call:` factory two ways."""
    text = node.id
    if node.factory is not None and node.factory != node.name:
        if not whole:
            return f"{text} = {short_factory(node.factory)}"
        text += f" = {_one_line(node.factory)}"
        key = HANDED_ON.get(node.factory)
        if key in node.conf:
            text += f" via {key} = {_one_line(node.conf[key])}"
    if whole and node.line is not None:
        file = split_id(node.id)[0]
        text += f"   ({file}:{node.line})" if file else f"   (line {node.line})"
    return text


def _notes(node: Node, indent: str) -> list[str]:
    notes = [f"{indent}  ! {_one_line(warning)}" for warning in node.warnings]
    refused = [f"{indent}  ✗ {error}{_refusal_line(node, index)}"
               for index, error in enumerate(node.errors[:MAX_REFUSALS])]
    return notes + _counted(refused, len(node.errors), f"{indent}  ✗ ")


def _refusal_line(node: Node, index: int) -> str:
    """Where the `index`th refusal of `node` is, where that is not its header's line (a bad
    `%(…)s` value, a pipeline's word): the line the summary after the tree gives it, so the
    tree's ✗, drawn under the header's line, does not send the reader there instead. Not
    where the refusal says that line itself (a `pipeline_factory`'s key: `(line 22)`)."""
    lines = node.error_lines
    line = lines[index] if index < len(lines) else None
    if line is None or line == node.line:
        return ""
    file = split_id(node.id)[0]
    cited = f"({file}:{line})" if file else f"(line {line})"
    return "" if cited in node.errors[index] else f"   {cited}"


def _counted(said: list[str], count: int, lead: str) -> list[str]:
    """The lines of the first `MAX_REFUSALS` of `count` refusals, then one after `lead`
    counting the rest (`… and 19,990 more refusals`), which `--json` lists."""
    if count <= MAX_REFUSALS:
        return said
    return [*said, f"{lead}…{and_more(count, MAX_REFUSALS)} refusals (--json lists them all)"]


def _label(label: str) -> str:
    return label if is_position(label) else f"[{label}]"
