"""What changed between two api-paste.ini files, in the terms of the pipeline they build.

An operator upgrading OpenStack (nova's api-paste.ini of 2013 against today's), or who edited
theirs, and whose API then answered 401 or 404, asks what the two files build differently: an
entry gone, a urlmap prefix pointing elsewhere, a pipeline that gained `authtoken` or put it
after `keystonecontext`, a factory or a setting changed. A text diff of the files answers in
lines moved about; this compares the graphs (`stack.graph`), node by node id, so a section
moved in the file or a comment changed is no difference, and a pipeline's order is told as its
filters' order. Pure, as `stack.graph`: nothing either file names is imported or run, and no
secret's value is kept in a change (`Change.secret`). The words are `stack.graph_diff_words`'.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Callable
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace

from stack.graph_diff_kept import kept_in_order
from stack.graph_model import Edge
from stack.graph_model import IniFile
from stack.graph_model import Node
from stack.graph_model import PipelineGraph
from stack.graph_model import is_position
from stack.graph_model import split_id
from stack.redact import REDACTED

#: The kinds of change, in the order they are told: what a reader follows a request through
#: first (its entry, the composite's keys, the pipeline's order), then what builds each layer.
KINDS = ("entry", "key", "pipeline", "section", "link", "factory", "setting")
#: Edge labels that say how a section is built, not where a composite sends a request.
LINK_LABELS = ("use", "next", "filter-with")
#: The section [DEFAULT]'s settings are told of.
DEFAULT = "DEFAULT"

#: What finds a setting's value as the file writes it, unredacted, by section id (or
#: `DEFAULT`) and name; None where it is not known (a section of a file `config:` refers to).
RawValue = Callable[[str, str], "str | None"]


@dataclass(frozen=True)
class Change:
    """One difference between what the old file and the new one build.

    `kind` one of `KINDS`; `change` "added", "removed", "changed" or "moved"; `section` the
    node id it is a change of (`DEFAULT` for [DEFAULT]); `name` what in it changed: a key or
    prefix (as its edge's label), a pipeline member's or a link's (`use`…) label, a setting's
    name; `old` and `new` what it was and is (a target id, a factory, a setting's value as
    `inspect` shows it, a pipeline position), None where there is none or it is a secret;
    `file` and `line` where to look: the new file's, or the old one's for what it alone has.
    """

    kind: str
    change: str
    section: str
    file: str
    line: int | None
    name: str | None = None
    old: str | None = None
    new: str | None = None
    #: Of a pipeline member: where it is now (`before filter:keystonecontext`), or was, if
    #: removed; `was` what it was beside before (`after it`), of one moved.
    where: str | None = None
    was: str | None = None
    #: A setting whose value is redacted in both files and differs: neither value is kept.
    secret: bool = False

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Built:
    """What one file builds, as compared: its entries and the nodes and edges they reach."""

    path: str  # the file as the user named it, where its lines are cited
    file: str  # its name, as its nodes' `file` says it
    entries: list[str]
    nodes: dict[str, Node]
    edges: list[Edge]
    defaults: dict[str, str]
    default_lines: dict[str, int]
    raw: RawValue
    #: `edges` by source, in order: what each section's keys and members are read from (a
    #: scan of every edge per section took seconds of a pipeline of thousands).
    out: dict[str, list[Edge]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.out = {}
        for edge in self.edges:
            self.out.setdefault(edge.source, []).append(edge)

    def place(self, node: Node) -> str:
        """The path of the file `node` is in: a section of a file `config:` refers to is
        cited in that file, beside this one."""
        if node.file is None or node.file == self.file:
            return self.path
        return os.path.join(os.path.dirname(self.path), node.file)


def built_by_file(path: str, ini: IniFile) -> Built:
    """What every entry of the file read builds."""
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    for graph in ini.graphs:
        nodes.update(graph.nodes)
        edges.update({(e.source, e.label, e.target): e for e in graph.edges})
    return _built(path, ini, list(ini.entries), nodes, list(edges.values()))


def built_by_section(path: str, ini: IniFile, graph: PipelineGraph) -> Built:
    """What one section of the file read builds (`graph.load_graph`)."""
    return _built(path, ini, [graph.entry], graph.nodes, graph.edges)


def _built(path: str, ini: IniFile, entries: list[str], nodes: dict[str, Node],
           edges: list[Edge]) -> Built:
    source = ini.source
    default_lines = {}
    if source is not None:
        default_lines = {key: line for key in ini.defaults
                         if (line := source.line(DEFAULT, key)) is not None}

    def raw(section: str, key: str) -> str | None:
        # NOTE: only to tell two redacted values apart; never shown, never in a Change.
        if source is None:
            return None
        if section == DEFAULT:
            return source.defaults.get(key)
        node = nodes.get(section)
        if node is None or node.line is None or split_id(node.id)[0] is not None:
            return None
        name = source.sections_at.get(node.line)
        try:
            return source.parser.get(name, key) if name is not None else None
        except configparser.Error:  # a value it cannot interpolate, or a `get` copy's name
            return None

    return Built(path, ini.file, entries, nodes, edges, dict(ini.defaults), default_lines, raw)


def compare(old: Built, new: Built) -> list[Change]:
    """The changes from `old` to `new`, in `KINDS` order; within a kind, [DEFAULT] first,
    then the new file's sections in file order (those of files it refers to after), then the
    sections only the old file has, in its order; a section's own changes in their order."""
    changes = _entries(old, new)
    for section in [*new.nodes, *(s for s in old.nodes if s not in new.nodes)]:
        was, now = old.nodes.get(section), new.nodes.get(section)
        if was is None or now is None:
            changes.append(_section(old, new, section))
            continue
        file, line = new.place(now), now.line
        changes += _keys(old, new, section, file, line)
        changes += _pipeline(_members(old, was), _members(new, now), section, file, line)
        if was.factory != now.factory:
            changes.append(Change("factory", "changed", section, file, line,
                                  old=was.factory, new=now.factory))
        changes += _settings(section, was.conf, now.conf, old, new, file,
                             was.conf_lines, now.conf_lines, old.place(was))
    changes += _settings(DEFAULT, old.defaults, new.defaults, old, new, new.path,
                         old.default_lines, new.default_lines, old.path)
    order = {section: (1, old.place(node) != old.path, node.line or 0)
             for section, node in old.nodes.items()}
    order.update({section: (0, new.place(node) != new.path, node.line or 0)
                  for section, node in new.nodes.items()})
    return sorted(changes, key=lambda change: (KINDS.index(change.kind),
                                               order.get(change.section, (-1,))))


def _entries(old: Built, new: Built) -> list[Change]:
    added = [Change("entry", "added", entry, new.place(new.nodes[entry]),
                    new.nodes[entry].line) for entry in new.entries if entry not in old.entries]
    removed = [Change("entry", "removed", entry, old.place(old.nodes[entry]),
                      old.nodes[entry].line) for entry in old.entries if entry not in new.entries]
    return added + removed


def _section(old: Built, new: Built, section: str) -> Change:
    """A section one file builds and the other does not, with what builds it."""
    if section in new.nodes:
        node = new.nodes[section]
        return Change("section", "added", section, new.place(node), node.line,
                      new=_built_with(new, node))
    node = old.nodes[section]
    return Change("section", "removed", section, old.place(node), node.line,
                  old=_built_with(old, node))


def _built_with(built: Built, node: Node) -> str | None:
    """A pipeline's members, else the section's factory."""
    members = _members(built, node)
    return " ".join(members) if members else node.factory


def _targets(built: Built, node: Node) -> dict[str, str]:
    """A node's edges that are no pipeline positions, by label → what each leads to; a
    composite's branch PasteDeploy would not find as its words, marked so."""
    found: dict[str, str] = {}
    for edge in built.out.get(node.id, []):
        if not is_position(edge.label):
            found[edge.label] = edge.target
    for refused in node.refused_targets:
        found.setdefault(refused["label"], " ".join(
            member["name"] for member in refused["members"]) + " (refused)")
    for refused in node.refused_links:
        found.setdefault(refused["label"], f"{refused['kind']}:{refused['name']} (refused)")
    return found


def _keys(old: Built, new: Built, section: str, file: str, line: int | None) -> list[Change]:
    """A composite's keys (urlmap prefixes…) and a section's links (`use`, `next`,
    `filter-with`) added, removed or leading elsewhere."""
    was, now = _targets(old, old.nodes[section]), _targets(new, new.nodes[section])
    changes = []
    for label in [*now, *(label for label in was if label not in now)]:
        kind = "link" if label in LINK_LABELS else "key"
        before, after = was.get(label), now.get(label)
        if before == after:
            continue
        change = "added" if before is None else "removed" if after is None else "changed"
        changes.append(Change(kind, change, section, file, line, name=label, old=before,
                              new=after))
    return changes


def _members(built: Built, node: Node) -> list[str]:
    """A pipeline's members in order, by node id; one PasteDeploy would not find as its
    word, marked so (`filter:authtokn (no section)`)."""
    at = {int(edge.label): edge.target for edge in built.out.get(node.id, [])
          if is_position(edge.label)}
    for member in node.refused_members:
        at.setdefault(member["pos"], f"{member['kind']}:{member['name']} "
                                     f"({member['cause'] or 'refused'})")
    return [at[pos] for pos in sorted(at)]


def _pipeline(was: list[str], now: list[str], section: str, file: str,
              line: int | None) -> list[Change]:
    """A pipeline's members added, removed or moved, each said beside a neighbour.

    The members both keep in the same order are their longest common subsequence
    (`stack.graph_diff_kept`); one outside it that both hold moved."""
    if was == now:
        return []
    kept = kept_in_order(was, now)
    kept_now = set(kept.values())
    first: dict[str, int] = {}  # each old member's first position
    for pos, member in enumerate(was):
        first.setdefault(member, pos)
    changes = []
    for pos, member in enumerate(now):
        if pos in kept_now:
            continue
        if member in first:
            changes.append(_moved(first, now, member, pos, section, file, line))
        else:
            changes.append(Change("pipeline", "added", section, file, line, name=member,
                                  new=str(pos), where=_beside(now, pos)))
    held = set(now)
    for pos, member in enumerate(was):
        if pos not in kept and member not in held:
            changes.append(Change("pipeline", "removed", section, file, line, name=member,
                                  old=str(pos), where=_beside(was, pos)))
    return changes


def _moved(first: dict[str, int], now: list[str], member: str, pos: int, section: str,
           file: str, line: int | None) -> Change:
    """A member both pipelines hold, in another order: said by the neighbour it passed
    (`first`: each old member's first position)."""
    old_pos = first[member]
    moved = Change("pipeline", "moved", section, file, line, name=member, old=str(old_pos),
                   new=str(pos))
    after = now[pos + 1] if pos + 1 < len(now) else None
    if after in first and first[after] < old_pos:
        return replace(moved, where=f"before {after}", was="after it")
    before = now[pos - 1] if pos else None
    if before in first and first[before] > old_pos:
        return replace(moved, where=f"after {before}", was="before it")
    return moved


def _beside(members: list[str], pos: int) -> str | None:
    """Where `members[pos]` is: before the next member, or after the one before it."""
    if pos + 1 < len(members):
        return f"before {members[pos + 1]}"
    return f"after {members[pos - 1]}" if pos else None


def _settings(section: str, was: dict[str, str], now: dict[str, str], old: Built, new: Built,
              file: str, was_lines: dict[str, int], now_lines: dict[str, int],
              old_file: str) -> list[Change]:
    """A section's settings added, removed or changed, as `inspect` shows them (redacted).

    Two values redacted alike (`admin_password = ***`) are told apart by what the files
    write, which is compared here and kept nowhere: the change says only that it is one."""
    changes = []
    for name in [*now, *(name for name in was if name not in now)]:
        before, after = was.get(name), now.get(name)
        if before is None:
            changes.append(Change("setting", "added", section, file, now_lines.get(name),
                                  name=name, new=after))
        elif after is None:
            changes.append(Change("setting", "removed", section, old_file,
                                  was_lines.get(name), name=name, old=before))
        elif before != after:
            changes.append(Change("setting", "changed", section, file, now_lines.get(name),
                                  name=name, old=before, new=after))
        elif REDACTED in after and _raw_differs(old, new, section, name):
            changes.append(Change("setting", "changed", section, file, now_lines.get(name),
                                  name=name, secret=True))
    return changes


def _raw_differs(old: Built, new: Built, section: str, name: str) -> bool:
    was, now = old.raw(section, name), new.raw(section, name)
    return was is not None and now is not None and was != now
