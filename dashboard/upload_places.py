"""What an uploaded file's text says of its nodes and the graph leaves out: where each setting
is, and which pipeline members are missing, each in its place.

Read from the parsed file (`stack.ini_text.Source`) once, at upload, and kept with the document:
the page that draws it has the document only. An operator with a 200-line file looks for the
line of `auth_strategy = keystone`, not of its section's header; and a pipeline naming a section
that is not there has no edge at that position, so without its name there the drawing closed
up over the hole.
"""

from __future__ import annotations

import configparser
from typing import Any

from stack.graph_model import is_position
from stack.ini_text import Source


def add_places(doc: dict[str, Any], source: Source) -> None:
    """Give each node of the file read `conf_lines` (setting → line), and each pipeline that
    names sections PasteDeploy would not find `missing`: `{"pos", "name", "kind", "error"}` each."""
    done: dict[str, dict[str, Any]] = {}
    for graph in doc["graphs"]:
        for node in graph["nodes"]:
            if node["id"] not in done:
                done[node["id"]] = places(node, graph, doc["file"], source)
            node.update(done[node["id"]])


def places(node: dict[str, Any], graph: dict[str, Any], file: str,
           source: Source) -> dict[str, Any]:
    """The fields `add_places` adds to one node (none for a node of no section of the file)."""
    section = source.sections_at.get(node["line"]) if node.get("file") == file else None
    if section is None:
        return {}
    lines = source.setting_lines(section)
    found: dict[str, Any] = {"conf_lines": {key: lines[key] for key in node["conf"]
                                            if key in lines}}
    if node["kind"] == "pipeline" and node["errors"]:
        found["missing"] = missing_members(node, graph, source, section)
    return found


def missing_members(node: dict[str, Any], graph: dict[str, Any], source: Source,
                    section: str) -> list[dict[str, Any]]:
    """Each word of the pipeline with no edge at its position, and why: a name the graph
    refused (its error starts with the name, quoted or not). A pipeline refused whole (no
    `pipeline` setting, settings it does not take) has no member missing in particular."""
    try:
        words = source.parser.get(section, "pipeline").split()
    except configparser.Error:
        return []
    positions = {int(edge["label"]) for edge in graph["edges"]
                 if edge["source"] == node["id"] and is_position(edge["label"])}
    missing = []
    for position, word in enumerate(words):
        starts = (f"{word!r}:", f"{word!r} ", f"{word}:", f"{word} ")
        error = next((e for e in node["errors"] if e.startswith(starts)), None)
        if position not in positions and error is not None:
            kind = "app" if position == len(words) - 1 else "filter"
            missing.append({"pos": position, "name": word, "kind": kind, "error": error})
    return missing
