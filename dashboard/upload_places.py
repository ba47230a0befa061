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

from stack.ini_text import Source


def add_places(doc: dict[str, Any], source: Source) -> None:
    """Give each node of the file read `conf_lines` (setting → line), and each pipeline that
    names sections PasteDeploy would not find `missing`: `{"pos", "name", "kind", "error"}` each."""
    done: dict[str, dict[str, Any]] = {}
    for graph in doc["graphs"]:
        for node in graph["nodes"]:
            if node["id"] not in done:
                done[node["id"]] = places(node, doc["file"], source)
            node.update(done[node["id"]])


def places(node: dict[str, Any], file: str, source: Source) -> dict[str, Any]:
    """The fields `add_places` adds to one node (none for a node of no section of the file).

    A pipeline's missing members are the graph's own record of them (`refused_members`,
    `stack.graph_model.Node`), not found again in its errors' wording.
    """
    section = source.sections_at.get(node["line"]) if node.get("file") == file else None
    if section is None:
        return {}
    lines = source.setting_lines(section)
    found: dict[str, Any] = {"conf_lines": {key: lines[key] for key in node["conf"]
                                            if key in lines}}
    if node.get("refused_members"):
        found["missing"] = node["refused_members"]
    return found
