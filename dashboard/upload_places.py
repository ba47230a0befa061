"""What an uploaded file's text says of its nodes and the graph leaves out: where each setting
is, and which pipeline members are missing, each in its place.

Read from the parsed file (`stack.ini_text.Source`) once, at upload, and kept with the document:
the page that draws it has the document only. An operator with a 200-line file looks for the
line of `auth_strategy = keystone`, not of its section's header; and a pipeline naming a section
that is not there has no edge at that position, so without its name there the drawing closed
up over the hole.
"""

from __future__ import annotations

from typing import Any

from stack.graph_model import section_kind
from stack.graph_sections import misplaced_section
from stack.ini_text import Source


def add_places(doc: dict[str, Any], source: Source) -> None:
    """Give each node of the file read `conf_lines` (setting → line), and each pipeline that
    names sections PasteDeploy would not find `missing`: `{"pos", "name", "kind", "error"}` each,
    and `named` where the name is a section of the other kind (`named_otherwise`)."""
    done: dict[str, dict[str, Any]] = {}
    for graph in doc["graphs"]:
        for node in graph["nodes"]:
            if node["id"] not in done:
                done[node["id"]] = places(node, doc["file"], source)
            node.update(done[node["id"]])


def places(node: dict[str, Any], file: str, source: Source) -> dict[str, Any]:
    """The fields `add_places` adds to one node (none for a node of another file).

    A pipeline's missing members are the graph's own record of them (`refused_members`,
    `stack.graph_model.Node`), not found again in its errors' wording.
    """
    if node.get("file") != file:
        return {}
    found: dict[str, Any] = {}
    # NOTE: an inline pipeline (`pipeline:COMPOSITE[KEY]`) is at its key's line, no section's:
    # it has no settings of its own, but its missing members are holes all the same.
    section = source.sections_at.get(node["line"])
    if section is not None:
        lines = source.setting_lines(section)
        found["conf_lines"] = {key: lines[key] for key in node["conf"] if key in lines}
    if node.get("refused_members"):
        found["missing"] = [{**member, **named_otherwise(member, source)}
                            for member in node["refused_members"]]
    return found


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
