"""The graph as the layout takes it (`dashboard.diagram_layout`): checked, and with a node
drawn wherever the file has none: a hole where a pipeline's member, a section's link or a
composite's branch finds no section PasteDeploy would build (as `dashboard.upload_places` marks
an upload's graph), and the one "and K more" box standing for what `dashboard.diagram_fold` left
out. A graph comes from outside (an announcement, a loaded file): one that is not as the stack
and those modules write it is refused with a ValueError naming the field, never drawn wrong.
"""

from __future__ import annotations

from typing import Any

from dashboard.diagram_fold import missing_only
from dashboard.text import counted
from dashboard.upload_places import Branch
from dashboard.upload_places import Hole
from dashboard.upload_places import LinkHole
from stack.event_data import DataError
from stack.event_data import check_value
from stack.graph_model import KINDS
from stack.graph_model import node_id as make_id
from stack.graph_model import split_id


def pipeline_holes(pipeline: dict[str, Any]) -> list[dict[str, Any]]:
    """A stand-in node for each member a pipeline names and PasteDeploy would not find
    (`missing`, which `dashboard.upload_places` adds to an upload's pipelines), drawn in its
    place in the lane: with nothing there the lane closed up over the hole, and the operator
    saw no gap between positions 0 and 2.

    Raises ValueError naming the field when `missing` is not as that module writes it.
    """
    holes = pipeline.get("missing") or []
    _check_places(pipeline, "missing", list[Hole], "{pos, name, kind, error} objects (and an "
                  "optional named: {section, kind, line})")
    return [_stand_in(f"{pipeline['id']} missing {hole['pos']}", hole) for hole in holes]


def link_holes(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A stand-in node for each `use`, `next` or `filter-with` of a section that PasteDeploy
    would refuse (`missing_links`, which `dashboard.upload_places` adds to an upload's
    sections), at the end of the edge it would be, labelled so: a `filter-with` naming a
    misspelt filter was only said in words, and the drawing showed the section unwrapped. A
    lane member's `filter-with` hole is drawn in the lane before it, where the filter would be.

    Raises ValueError naming the field when `missing_links` is not as that module writes it.
    """
    _check_places(node, "missing_links", list[LinkHole], "{label, line, name, kind, error} "
                  "objects (and an optional named: {section, kind, line})")
    return [_stand_in(f"{node['id']} missing {link['label']}",
                      {**link, "of": node["id"], "link": True})
            for link in node["missing_links"]]


def _check_places(node: dict[str, Any], field: str, hint: Any, shape: str) -> None:
    """Raise ValueError unless `node`'s `field` (absent: none) is as `dashboard.upload_places`
    types it (`hint`), with what a type does not say: a refused word's `unread` section has a
    kind (`kind:name`), and a branch has words, each refused (`error`) or naming a section
    (`node`), not both. `shape`: the field's items, in the words of the error."""
    try:
        check_value(node.get(field) or [], hint, field)
        words = [word for item in node.get(field) or []
                 for word in item.get("members", [item])]
        if not all(":" in word["unread"]["section"] for word in words if "unread" in word):
            raise DataError("an unread section has no kind")
        if field == "missing_branches" and not all(
                item["members"] and all((word["error"] is None) != (word.get("node") is None)
                                        for word in item["members"])
                for item in node[field]):
            raise DataError("a branch with no word, or a word both refused and found")
    except DataError:
        raise ValueError(f"graph node {node['id']!r}: field '{field}' must list {shape}") from None


def _stand_in(node_id: str, hole: dict[str, Any]) -> dict[str, Any]:
    """The node drawn where a member or link PasteDeploy would not find is: `hole` says why."""
    return {"id": node_id, "kind": hole["kind"], "name": hole["name"], "factory": None,
            "missing": hole}


def missing_branches(composite: dict[str, Any], nodes: dict[str, dict[str, Any]],
                      drawn: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Stand-in nodes, and the edges to them, for each branch of a composite that PasteDeploy
    would not build (`missing_branches`, which `dashboard.upload_places` adds to an upload's
    composites), so the drawing has every branch the file has, not a composite with fewer:

    - one word that finds nothing (`/ = apiversions`): a hole on the edge its label is on;
    - an alternative of several (`keystone = … authtokn … apiv1`): the lane its inline
      pipeline would be, each member in its place, a hole where one finds nothing
      (`pipeline_holes`); a member the graph does not hold (built only by that branch) stands
      in by its id, with the factory and line its section has.

    A branch whose label an edge has (`drawn`) is drawn already. Raises ValueError naming the
    field when `missing_branches` is not as that module writes it.
    """
    _check_places(composite, "missing_branches", list[Branch], "{label, line, members} "
                  "objects, each member {pos, name, kind, error} (and a node, line and factory "
                  "where error is null)")
    added: dict[str, dict[str, Any]] = {}
    edges = []
    for branch in missing_only(composite, drawn):
        label, members = branch["label"], branch["members"]
        stand_in = f"{composite['id']} missing {label}"
        edges.append({"source": composite["id"], "target": stand_in, "label": label})
        if len(members) == 1 and members[0]["error"] is not None:
            hole = {**members[0], "label": label, "of": composite["id"], "line": branch["line"]}
            added[stand_in] = _stand_in(stand_in, hole)
            continue
        # The id its inline pipeline would have (`pipeline:COMPOSITE[KEY]`): the lane is named
        # as in the drawing of the file mended.
        name = f"{composite['name']}[{label}]"
        lane = make_id("pipeline", name, split_id(composite["id"])[0])
        if lane not in nodes and lane not in added:
            stand_in = edges[-1]["target"] = lane
        refusal = (composite.get("refused_alternatives") or {}).get(label) or {}
        added[stand_in] = {
            "id": stand_in, "kind": "pipeline", "name": name,
            "factory": None, "file": composite.get("file"), "line": branch["line"],
            "errors": [refusal["error"]] if isinstance(refusal.get("error"), str) else [],
            "missing": [member for member in members if member["error"] is not None]}
        for member in members:
            if member["error"] is not None:
                continue  # its hole, from the lane's `missing`
            if member["node"] not in nodes and member["node"] not in added:
                kind = split_id(member["node"])[1].partition(":")[0]
                added[member["node"]] = {
                    "id": member["node"], "kind": kind if kind in KINDS.values() else "filter",
                    "name": member["name"], "factory": member.get("factory"),
                    "file": composite.get("file"), "line": member.get("line")}
            edges.append({"source": stand_in, "target": member["node"],
                          "label": str(member["pos"])})
    return [node for node_id, node in added.items() if node_id not in nodes], edges


def more_node(composite: dict[str, Any]) -> dict[str, Any]:
    """A stand-in node for the branches `dashboard.diagram_fold` left out of a composite (its
    `folded`), drawn as its last branch: "and 1,960 more prefixes", linking to where they
    are drawn or listed; or for the filters left out of a pipeline's lane, drawn in their
    place (`pos`): "and 2,994 more filters".

    Raises ValueError naming the field when `folded` is not as that module writes it.
    """
    folded = composite["folded"]
    if not (isinstance(folded, dict) and type(folded.get("count")) is int
            and all(isinstance(folded.get(key), str) for key in ("word", "href", "link"))
            and type(folded.get("pos", 0)) is int):
        raise ValueError(f"graph node {composite['id']!r}: field 'folded' must be a "
                         "{count, word, href, link} object (and pos, an integer, for a lane)")
    return {
        "id": f"{composite['id']} folded",
        "kind": "more",
        "name": f"and {counted(folded['count'], 'more ' + folded['word'])}",
        "factory": folded["link"],
        "more": {**folded, "of": composite["id"]},
    }


def check_graph(graph: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The graph's nodes by id, after checking the fields the layout relies on."""
    if not isinstance(graph, dict):
        raise ValueError("graph: expected an object with entry, nodes and edges")
    for key in ("entry", "nodes", "edges"):
        if key not in graph:
            raise ValueError(f"graph: missing field {key!r}")
    nodes: dict[str, dict[str, Any]] = {}
    for i, node in enumerate(graph["nodes"]):
        for key in ("id", "kind", "name"):
            if not isinstance(node, dict) or not isinstance(node.get(key), str):
                raise ValueError(f"graph nodes[{i}]: field {key!r} must be a string")
        if not isinstance(node.get("factory"), str | None):
            raise ValueError(f"graph nodes[{i}]: field 'factory' must be a string or null")
        if node["id"] in nodes:
            raise ValueError(f"graph nodes[{i}]: duplicate id {node['id']!r}")
        nodes[node["id"]] = node
    for i, edge in enumerate(graph["edges"]):
        for key in ("source", "target", "label"):
            if not isinstance(edge, dict) or not isinstance(edge.get(key), str):
                raise ValueError(f"graph edges[{i}]: field {key!r} must be a string")
            if key != "label" and edge[key] not in nodes:
                raise ValueError(f"graph edges[{i}]: {key} {edge[key]!r} is not a node")
    if graph["entry"] not in nodes:
        raise ValueError(f"graph: entry {graph['entry']!r} is not a node")
    return nodes
