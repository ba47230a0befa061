"""Checks of a drawn pipeline diagram: contract graphs written by hand, the SVG read back with
ElementTree (the way a browser test or the live page finds its boxes), and its geometry: every
node and edge drawn, no boxes overlapping, a box inside its lane's frame and the viewBox."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from dashboard.diagram import render_svg

#: The SVG namespace, as ElementTree writes tag names in it.
SVG = "{http://www.w3.org/2000/svg}"


def make_graph(entry: str, tree: dict[str, list[Any]]) -> dict[str, Any]:
    """A contract graph from `{source: [target or (label, target)…]}`; bare targets are positions.

    Node ids are `kind:name`; factories are made up after the id unless the id is a pipeline.
    """
    nodes: dict[str, dict[str, Any]] = {}
    edges = []

    def add(node_id: str) -> None:
        kind, _, name = node_id.partition(":")
        factory = None if kind == "pipeline" else f"pkg.mod.{name}:{name.title()}.factory"
        nodes.setdefault(node_id, {"id": node_id, "kind": kind, "name": name, "factory": factory})

    add(entry)
    for source, targets in tree.items():
        add(source)
        for i, target in enumerate(targets):
            label, target = target if isinstance(target, tuple) else (str(i), target)
            add(target)
            edges.append({"source": source, "target": target, "label": label})
    return {"entry": entry, "nodes": list(nodes.values()), "edges": edges}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]


def edge_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "edge" in g.get("class", "").split()]


def rect_of(g: ET.Element) -> tuple[float, float, float, float]:
    rect = g.find(f"{SVG}rect")
    return tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))


def text_of(g: ET.Element, cls: str) -> ET.Element:
    (text,) = [t for t in g.findall(f"{SVG}text") if t.get("class") == cls]
    return text


def is_lane(g: ET.Element) -> bool:
    return "lane" in g.get("class").split()


def overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def inside(a: tuple, b: tuple) -> bool:
    return overlap(a, b) and b[0] <= a[0] and a[0] + a[2] <= b[0] + b[2] \
        and b[1] <= a[1] and a[1] + a[3] <= b[1] + b[3]


def check_boxes(graph: dict[str, Any], root: ET.Element) -> None:
    """Each node has its box (a filter: one in each lane listing it, one before each lane box
    of a section it wraps with `filter-with`, plus one if reached otherwise; any other node
    exactly one), and nothing else has a box."""
    groups = node_groups(root)
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    for node_id, kind in kinds.items():
        mine = [g for g in groups if g.get("data-node") == node_id]
        assert {g.get("data-kind") for g in mine} == {kind}
        into = [e for e in graph["edges"] if e["target"] == node_id]
        listed_by = {(e["source"], e["label"]) for e in into if kinds[e["source"]] == "pipeline"}
        if kind == "filter":
            in_lanes = {(g.get("data-in"), g.get("data-pos")) for g in mine if g.get("data-pos")}
            assert in_lanes == listed_by
            wraps = {e["source"] for e in into if e["label"] == "filter-with"}
            for box in (g for g in mine if g.get("data-in") and not g.get("data-pos")):
                lane = box.get("data-in")
                assert any(g.get("data-in") == lane for g in groups
                           if g.get("data-node") in wraps), (node_id, lane)
            alone = [g for g in mine if not g.get("data-in")]
            reached_otherwise = any(kinds[e["source"]] != "pipeline" and e["label"] != "filter-with"
                                    for e in into) or node_id == graph["entry"]
            assert len(alone) == 1 if reached_otherwise else len(alone) <= 1, node_id
        else:
            assert len(mine) == 1, node_id
    assert {g.get("data-node") for g in groups} == set(kinds)


def check_edges(graph: dict[str, Any], root: ET.Element) -> None:
    """Each edge of the graph is one `g.edge` with a path and its label written on it; a
    `filter-with` edge may be drawn once from each box of the section it wraps (one per lane)."""
    drawn = [(g.get("data-source"), g.get("data-target"), g.get("data-label"), g)
             for g in edge_groups(root)]
    boxes = Counter(g.get("data-node") for g in node_groups(root))
    keys = {(edge["source"], edge["target"], edge["label"]) for edge in graph["edges"]}
    assert {d[:3] for d in drawn} <= keys
    for edge in graph["edges"]:
        key = (edge["source"], edge["target"], edge["label"])
        same = [d[3] for d in drawn if d[:3] == key]
        count = graph["edges"].count(edge)
        if edge["label"] == "filter-with":
            assert count <= len(same) <= count * boxes[edge["source"]], key
        else:
            assert len(same) == count, key
        for g in same:
            assert g.get("data-edge") == f"{edge['source']}→{edge['target']}"
            assert text_of(g, "label").text == edge["label"]
            assert g.find(f"{SVG}path").get("d").startswith("M")


def check_no_overlap(root: ET.Element) -> None:
    """No two boxes intersect; a box is inside its own lane's frame and clear of other frames."""
    groups = node_groups(root)
    boxes = [(g, rect_of(g)) for g in groups if not is_lane(g)]
    lanes = {g.get("data-node"): rect_of(g) for g in groups if is_lane(g)}
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1:]:
            assert not overlap(ra, rb), (a.get("data-node"), b.get("data-node"))
        for lane, frame in lanes.items():
            if a.get("data-in") == lane:
                assert inside(ra, frame)
            else:
                assert not overlap(ra, frame), (a.get("data-node"), lane)
    frames = list(lanes.items())
    for i, (a, fa) in enumerate(frames):
        for b, fb in frames[i + 1:]:
            assert not overlap(fa, fb), (a, b)


def check_viewbox(root: ET.Element) -> None:
    """The viewBox starts at 0,0, matches width/height, and holds every box with a margin."""
    x0, y0, width, height = (float(v) for v in root.get("viewBox").split())
    assert (x0, y0) == (0, 0)
    assert (float(root.get("width")), float(root.get("height"))) == (width, height)
    for g in node_groups(root):
        x, y, w, h = rect_of(g)
        assert 0 < x and x + w < width and 0 < y and y + h < height


def check_well_drawn(graph: dict[str, Any]) -> ET.Element:
    root = parse(render_svg(graph))
    check_boxes(graph, root)
    check_edges(graph, root)
    check_no_overlap(root)
    check_viewbox(root)
    return root


def holes(svg) -> list:
    """The boxes drawn in the place of a member that is missing or refused."""
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == "hole"]


def texts(g) -> list[str]:
    """The lines of text drawn in `g`, in order."""
    return [t.text for t in g.findall(f"{SVG}text")]
