"""What an uploaded file's text says of its nodes and the graph leaves out: where each setting
is, and which pipeline members, composite branches, `use`, `next` and `filter-with` are
missing, each in its place.

Read from the parsed file (`stack.ini_text.Source`) and the nodes read from it (`IniFile.nodes`,
the sections no graph reaches too) once, at upload, and kept with the document: the page that
draws it has the document only. An operator with a 200-line file looks for the line of
`auth_strategy = keystone`, not of its section's header; and a pipeline naming a section that is
not there has no edge at that position, so without its name there the drawing closed up over
the hole.
"""

from __future__ import annotations

from typing import Any
from typing import TypedDict

from stack.graph_model import IniFile
from stack.graph_model import node_id
from stack.graph_model import section_kind
from stack.ini_text import Source
from stack.refused_named import named_section
from stack.section_names import ABSOLUTE
from stack.section_names import misplaced_section
from stack.section_names import unread_section


class Named(TypedDict):
    """A refused word's section of the other kind (`named_otherwise`)."""

    section: str
    kind: str
    line: int | None


class Unread(TypedDict):
    """A refused word's section of no kind PasteDeploy reads (`member_places`)."""

    section: str
    line: int | None


class _Word(TypedDict):
    name: str
    kind: str


class _Placed(_Word, total=False):
    """What a word may carry beyond its name and kind (`member_places`). NOTE: optional keys
    by a class of their own: `NotRequired` is not seen in an annotation kept as text."""

    cause: str | None
    named: Named
    unread: Unread


class Hole(_Placed):
    """A pipeline's member PasteDeploy would not find, placed (`missing`'s items)."""

    pos: int
    error: str


class LinkHole(_Placed):
    """A section's `use`, `next` or `filter-with` PasteDeploy would refuse, placed
    (`missing_links`' items)."""

    label: str
    line: int | None
    error: str


class _Found(_Placed, total=False):
    node: str
    line: int | None
    factory: str | None


class BranchWord(_Found):
    """A word of a composite's refused branch, placed: refused (`error`), or naming a section
    (`node`, `line`, `factory`)."""

    pos: int
    error: str | None


class Branch(TypedDict):
    """A composite's branch PasteDeploy would not build, each word placed
    (`missing_branches`' items)."""

    label: str
    line: int | None
    members: list[BranchWord]


class Places(TypedDict, total=False):
    """The fields `places` adds to a node of the file that say what is missing: only an
    upload's graph has them, and the drawing reads them from any graph it is given (an
    announced one, a saved file's), so `dashboard.ingest` checks them as it checks the graph
    contract's own."""

    missing: list[Hole]
    missing_branches: list[Branch]
    missing_links: list[LinkHole]


def add_places(doc: dict[str, Any], ini: IniFile) -> None:
    """Give each pipeline of the file read that names sections PasteDeploy would not find
    `missing`: `{"pos", "name", "kind", "error"}` each, and `named` where the name is a
    section of the other kind (`named_otherwise`); each composite whose branches name what
    PasteDeploy would not find `missing_branches`: its `refused_targets`, each word placed
    (`member_places`); and each section whose `use`, `next` or `filter-with` PasteDeploy would
    refuse `missing_links`: its `refused_links`, placed so. `ini` is the file `doc` is the
    JSON of, read from an upload's text (so its `source` is there)."""
    done: dict[str, dict[str, Any]] = {}
    for graph in doc["graphs"]:
        for node in graph["nodes"]:
            if node["id"] not in done:
                done[node["id"]] = places(node, doc["file"], ini)
            node.update(done[node["id"]])


def places(node: dict[str, Any], file: str, ini: IniFile) -> dict[str, Any]:
    """The fields `add_places` adds to one node (none for a node of another file).

    A pipeline's missing members are the graph's own record of them (`refused_members`,
    `stack.graph_model.Node`), not found again in its errors' wording.
    """
    if node.get("file") != file:
        return {}
    found: dict[str, Any] = {}
    # NOTE: an inline pipeline (`pipeline:COMPOSITE[KEY]`) is at its key's line, no section's,
    # but its missing members are holes all the same.
    if node.get("refused_members"):
        found["missing"] = [member_places(member, ini) for member in node["refused_members"]]
    if node.get("refused_targets"):
        found["missing_branches"] = [
            {**branch, "members": [member_places(member, ini) for member in branch["members"]]}
            for branch in node["refused_targets"]]
    if node.get("refused_links"):
        found["missing_links"] = [member_places(link, ini) for link in node["refused_links"]]
    return found


def member_places(member: dict[str, Any], ini: IniFile) -> dict[str, Any]:
    """A word of a composite's refused branch (`refused_targets`), a pipeline's refused
    member (`refused_members`) or a section's refused `use`, `next` or `filter-with`
    (`refused_links`), with what draws it: where
    refused, the section of the other kind (`named_otherwise`) or of no kind PasteDeploy reads
    (`unread`: `{"section", "line"}`) its name is; where found, the `node` id of its section,
    that section's `line` and `factory`, for the graph, which has only what is built, may not
    hold it (a `keystonecontext` that only a broken alternative names): its box then shows
    what every other box shows, from the node the file's reading made of it.
    """
    source, name = ini.source, member["name"]
    if member["error"] is not None:
        other = named_otherwise(member, source)
        unread = None if other else unread_section(source, name)
        if unread is not None:
            other = {"unread": {"section": unread, "line": source.line(unread)}}
        return {**member, **other}
    if ABSOLUTE.match(name):
        # A reference, not a section: its name is its factory, as the graph's node for one has.
        shown = source.show(name)
        return {**member, "node": node_id(member["kind"], shown), "line": None, "factory": shown}
    found = named_section(source, member["kind"], name)  # one: none or two would be refused
    read = ini.nodes[found]
    return {**member, "node": found, "line": read.line, "factory": read.factory}


def named_otherwise(member: dict[str, Any], source: Source) -> dict[str, Any]:
    """`{"named": {"section", "kind", "line"}}` where a missing member's name is a section of
    the other kind (`[filter:authtoken]` as a pipeline's last word, which must name an app);
    nothing otherwise. The section is there: drawn "missing, no such section", the operator
    looked at line 37 and doubted the drawing. Found as the graph's own error found it
    (`misplaced_section`), not read back out of that error's wording.
    """
    section = misplaced_section(source, member["kind"], member["name"])
    if section is None:
        return {}
    kind = section_kind(section.partition(":")[0])
    return {"named": {"section": section, "kind": kind, "line": source.line(section)}}
