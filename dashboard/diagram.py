"""Draw a laid-out pipeline graph (DESIGN.md's graph JSON) as one `<svg>` element.

Pure functions with no Flask import, so the dashboard's pages, its out-of-band swaps and the
tests share one drawing. The request flows left to right: a composite fans out to its branches
(prefix or key written on the edge), a pipeline is a lane framing its filters in order, ending at
its app. Every box carries `data-node` (the graph node id): the live page toggles classes on it.
To a screen reader the diagram is a group of pictures, one per box and per composite's edge,
each named in words (boxes.js adds what a replay did at a box); boxes are not tab stops: a
stack's dozens of boxes would put dozens of stops between the page's controls, and a screen
reader's own browsing reaches them. Where the boxes go is `dashboard.diagram_layout`'s job;
this module writes them out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from dashboard.diagram_layout import Plan
from dashboard.diagram_shapes import BEND
from dashboard.diagram_shapes import BOX_H
from dashboard.diagram_shapes import BOX_PAD
from dashboard.diagram_shapes import CODE_W
from dashboard.diagram_shapes import LANE_LEFT
from dashboard.diagram_shapes import MARGIN
from dashboard.diagram_shapes import MAX_ROUTES
from dashboard.diagram_shapes import ROUTE_ROW
from dashboard.diagram_shapes import ROW_GAP
from dashboard.diagram_shapes import TIMING_W
from dashboard.diagram_shapes import V_GAP
from dashboard.diagram_shapes import Box
from dashboard.diagram_shapes import Lane
from dashboard.diagram_shapes import Wire
from dashboard.diagram_text import CAPTION_PX
from dashboard.diagram_text import FONT_FAMILY
from dashboard.diagram_text import LABEL_PX
from dashboard.diagram_text import NAME_PX
from dashboard.diagram_text import SMALL_PX
from dashboard.diagram_text import fit
from dashboard.diagram_text import route_text
from dashboard.diagram_text import short_factory
from dashboard.diagram_text import text_w

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_svg(graph: dict[str, Any], routes: dict[str, list[dict[str, Any]]] | None = None) -> str:
    """The whole `<svg>` element drawing `graph`; `routes` lists each router app's routes.

    Raises ValueError naming the field when the graph does not follow the contract.
    """
    plan = Plan(graph, routes or {})
    blocks = []
    top = float(MARGIN)
    for root in plan.roots:
        block = plan.layout(root)
        block.move(MARGIN, top)
        blocks.append(block)
        top += block.h + V_GAP * 2
    width = max((b.w for b in blocks), default=0.0) + 2 * MARGIN
    height = top - V_GAP * 2 + MARGIN
    return _draw(plan, [i for b in blocks for i in b.items], width, height, graph["entry"])


def _clean(text: Any) -> str:
    """`text` as a string XML can hold (control characters replaced)."""
    return _INVALID_XML.sub("\ufffd", str(text))


def _draw(plan: Plan, items: list[Box | Lane], width: float, height: float, entry: str) -> str:
    """Serialise the laid-out items: lanes at the back, then edges, then boxes on top."""
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "class": "diagram",
        "viewBox": f"0 0 {width:.0f} {height:.0f}",
        "width": f"{width:.0f}",
        "height": f"{height:.0f}",
        "font-family": FONT_FAMILY,
        "role": "group",
        "aria-label": _clean(f"Pipeline graph of {entry}"),
        "data-entry": _clean(entry),
    })
    lanes = [i for i in items if isinstance(i, Lane)]
    boxes = [i for i in items if isinstance(i, Box)]
    boxes += [b for lane in lanes for b in lane.members]
    layers = {n: ET.SubElement(svg, "g", {"class": n}) for n in ("lanes", "edges", "boxes")}
    for lane in lanes:
        _draw_lane(layers["lanes"], lane)
    for route in _lay_wires(plan, boxes):
        _draw_wire(layers["edges"], *route)
    for box in sorted(boxes, key=lambda b: (b.y, b.x)):
        _draw_box(layers["boxes"], box)
    return ET.tostring(svg, encoding="unicode")


#: Where an edge's label goes: x, y, text-anchor.
_LabelAt = tuple[float, float, str]
#: An edge as drawn: its path, the tip of its arrow (x, y), where its label goes.
_WirePath = tuple[str, float, float, _LabelAt]


def _lay_wires(plan: Plan, boxes: list[Box]) -> list[tuple[Wire, *_WirePath]]:
    """Each wire with its path, the tip of its arrow and where its label goes.

    Edges into one box are spread over its left side, ordered by where they come from, so
    their labels stack instead of overlapping.
    """
    into: dict[int, list[tuple[Wire, float, float]]] = {}
    routed = []
    for wire in plan.wires:
        source = wire.source
        if wire.chain:
            routed.append((wire, *_chain_path(plan, source, wire.target)))
            continue
        target = plan.heads[wire.target]
        into.setdefault(id(target), []).append((wire, source.x + source.w, source.port()))
    for fans in into.values():
        fans.sort(key=lambda fan: (fan[2], fan[1]))
        target = plan.heads[fans[0][0].target]
        step = min(20.0, (BOX_H - 14) / max(len(fans) - 1, 1))
        for i, (wire, sx, sy) in enumerate(fans):
            ty = target.port() + (i - (len(fans) - 1) / 2) * step
            room = plan.room.get(wire.target, text_w(wire.edge["label"], LABEL_PX) + 20)
            ends = (wire.source, target)
            routed.append((wire, *_path(sx, sy, target.x, ty, room, boxes, ends)))
    return routed


def _chain_path(plan: Plan, source: Box | Lane, target: Box) -> _WirePath:
    """A step along a lane: straight on, or from the end of a row round to the next row."""
    tx, ty = target.x, target.port()
    if isinstance(source, Lane) or source.y == target.y:
        sx = source.x if isinstance(source, Lane) else source.x + source.w
        return f"M{sx:.1f},{ty:.1f} H{tx - 7:.1f}", tx, ty, ((sx + tx) / 2, ty - 6, "middle")
    sx, sy = source.x + source.w, source.port()
    back = plan.heads[target.lane].x + LANE_LEFT / 2 - 4
    gap = target.y - ROW_GAP / 2
    d = f"M{sx:.1f},{sy:.1f} H{sx + 7:.1f} V{gap:.1f} H{back:.1f} V{ty:.1f} H{tx - 7:.1f}"
    return d, tx, ty, ((back + tx) / 2, ty - 6, "middle")


def _path(sx: float, sy: float, tx: float, ty: float, room: float, boxes: list[Box],
          ends: tuple[Box | Lane, Box | Lane]) -> _WirePath:
    """An edge's path: right from the source, a bend just before the target's column, then
    straight in under its label. A run that would cross a box (but its `ends`) takes the
    nearest free gap."""
    run_end = tx - room - BEND
    if run_end < sx - 0.5:
        # Back to an earlier column (a cycle): a plain curve, labelled where it starts.
        reach = max(60.0, abs(tx - sx) / 2)
        d = (f"M{sx:.1f},{sy:.1f} C{sx + reach:.1f},{sy:.1f} {tx - MARGIN:.1f},{ty:.1f} "
             f"{tx - 7:.1f},{ty:.1f}")
        return d, tx, ty, (sx + 10, sy - 5, "start")
    d = f"M{sx:.1f},{sy:.1f}"
    run = _free_height(sx + 24, run_end, sy, boxes, ends) if run_end > sx + 40 else sy
    if run != sy:
        turn = 8 if run > sy else -8
        d += (f" H{sx + 8:.1f} Q{sx + 16:.1f},{sy:.1f} {sx + 16:.1f},{sy + turn:.1f}"
              f" V{run - turn:.1f} Q{sx + 16:.1f},{run:.1f} {sx + 24:.1f},{run:.1f}")
    if abs(run - ty) >= 0.5:
        mid = run_end + BEND / 2
        d += (f" H{run_end:.1f} C{mid:.1f},{run:.1f} {mid:.1f},{ty:.1f} "
              f"{run_end + BEND:.1f},{ty:.1f}")
    return d + f" H{tx - 7:.1f}", tx, ty, (tx - 10, ty - 5, "end")


def _free_height(x0: float, x1: float, y: float, boxes: list[Box],
                 ends: tuple[Box | Lane, Box | Lane]) -> float:
    """`y` if a horizontal run from x0 to x1 at `y` meets no box but its `ends`, else the
    nearest height that does not (just above or below some box).

    NOTE: only a run this long reads the boxes: a list of the others made for every wire
    took a urlmap of 20,000 prefixes 19 s.
    """
    near = [b for b in boxes if b.x < x1 and x0 < b.x + b.w and b not in ends]

    def free(height: float) -> bool:
        return not any(b.y - 2 < height < b.y + b.h + 2 for b in near)

    edges = {b.y - V_GAP / 2 for b in near} | {b.y + b.h + V_GAP / 2 for b in near}
    candidates = sorted({y} | edges, key=lambda c: abs(c - y))
    return next((c for c in candidates if free(c)), y)


def _draw_wire(
    parent: ET.Element, wire: Wire, d: str, tx: float, ty: float, label_at: _LabelAt
) -> None:
    edge = wire.edge
    label = _clean(edge["label"])
    title = _clean(f"{edge['source']} → {edge['target']} ({label})")
    g = ET.SubElement(parent, "g", {
        "class": "edge chain" if wire.chain else "edge",
        "data-edge": _clean(f"{edge['source']}→{edge['target']}"),
        "data-source": _clean(edge["source"]),
        "data-target": _clean(edge["target"]),
        "data-label": label,
        # A step along a lane says nothing its boxes' names ("…, in pipeline p", in order) do not,
        # nor the wire to the branches left out their link's.
        **({"aria-hidden": "true"} if wire.chain or edge.get("more")
           else {"role": "img", "aria-label": title}),
    })
    ET.SubElement(g, "title").text = title
    ET.SubElement(g, "path", {"class": "line", "d": d})
    ET.SubElement(g, "path", {"class": "arrow", "d": f"M{tx:.1f},{ty:.1f} l-9,-5 v10 z"})
    x, y, anchor = label_at
    px = SMALL_PX if wire.chain else LABEL_PX
    _text(g, "label", x, y, px, label, **{"text-anchor": anchor})


def _node_group(parent: ET.Element, node: dict[str, Any], extra: dict[str, str],
                lane: str | None = None) -> ET.Element:
    """The `g.node` of a box or lane (a box drawn in pipeline `lane`), named for a screen reader
    (`_spoken`), with its tooltip: id, full factory, where it is defined, and the graph's
    errors and warnings about it (`data-problems` says which there are)."""
    problems = [f"error: {m}" for m in node.get("errors") or []]
    problems += [f"warning: {m}" for m in node.get("warnings") or []]
    if problems:
        extra = {**extra, "data-problems": "error" if node.get("errors") else "warning"}
    g = ET.SubElement(parent, "g", {
        "class": "node",
        "data-node": _clean(node["id"]),
        "data-kind": _clean(node["kind"]),
        "role": "img",
        "aria-label": _clean(_spoken(node, lane)),
        **extra,
    })
    lines = [node["id"]]
    if node.get("factory"):
        lines.append(node["factory"])
    if node.get("file"):
        lines.append(f"{node['file']}:{node['line']}" if node.get("line") else node["file"])
    ET.SubElement(g, "title").text = _clean("\n".join(lines + problems))
    return g


def _spoken(node: dict[str, Any], lane: str | None) -> str:
    """A box as a screen reader says it: what the box shows (kind, name, short factory), the
    pipeline it is drawn in (a filter may be drawn in several) and whether the ⚠ is on it.

    `filter authtoken (auth_token:filter_factory), in pipeline openstack_compute_api_v21`
    """
    words = f"{node['kind']} {node['name']}"
    factory = short_factory(node.get("factory"))
    if factory:
        words += f" ({factory})"
    if lane:
        kind, _, name = lane.partition(":")
        words += f", in {kind} {name}"
    if node.get("errors"):
        words += ", with errors"
    elif node.get("warnings"):
        words += ", with warnings"
    return words


def _problem_mark(g: ET.Element, x: float, y: float) -> None:
    """A ⚠ beside the caption of a node the graph has errors or warnings about."""
    if g.get("data-problems"):
        _text(g, "problem", x, y, NAME_PX, "⚠")


def _text(parent: ET.Element, cls: str, x: float, y: float, px: int, text: str = "",
          **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, "text", {
        "class": cls, "x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": str(px), **attrs,
    })
    element.text = _clean(text)
    return element


def _placeholders(g: ET.Element, node_id: str, stat_x: float, stat_y: float, timing_x: float,
                  timing_y: float, room: float) -> None:
    """The empty texts the live page fills: figures (`data-stat`), hop time (`data-timing`) and,
    left of it, the status the hop passed up (`data-code`: 4xx and 5xx differ by more than
    colour).

    The figures get the width they may take (`data-room`): the live page words and sizes them
    to fit, as only it knows how long they are.
    """
    _text(g, "stat", stat_x, stat_y, SMALL_PX, **{"data-stat": _clean(node_id),
                                                   "data-room": f"{room:.1f}"})
    _text(g, "code", timing_x - TIMING_W, timing_y, SMALL_PX, **{"data-code": _clean(node_id),
                                                                "text-anchor": "end"})
    _text(g, "timing", timing_x, timing_y, SMALL_PX, **{"data-timing": _clean(node_id),
                                                       "text-anchor": "end"})


def _draw_lane(parent: ET.Element, lane: Lane) -> None:
    node = lane.node
    g = _node_group(parent, node, {"class": "node lane"})
    ET.SubElement(g, "rect", {
        "class": "frame", "x": f"{lane.x:.1f}", "y": f"{lane.y:.1f}",
        "width": f"{lane.w:.1f}", "height": f"{lane.h:.1f}", "rx": "10",
    })
    baseline = lane.y + 19
    _text(g, "kind", lane.x + BOX_PAD, baseline, CAPTION_PX, "PIPELINE")
    name_x = lane.x + BOX_PAD + text_w("PIPELINE ", CAPTION_PX) + 4
    _text(g, "name", name_x, baseline, NAME_PX, node["name"])
    name_end = name_x + text_w(node["name"], NAME_PX)
    _problem_mark(g, name_end + 8, baseline)
    stat_x = name_end + 30
    timing_x = lane.x + lane.w - BOX_PAD
    _placeholders(g, node["id"], stat_x, baseline, timing_x, baseline,
                  room=timing_x - TIMING_W - CODE_W - stat_x)
    _marker(g, lane.x + lane.w, lane.port())


def _draw_hole(parent: ET.Element, box: Box) -> None:
    """A member the pipeline names and PasteDeploy would not find, in its place: a dashed
    outline with its name and why, the graph's error in its tooltip. Not a `.node`: it has
    no `data-node`, since no request ever reaches it; `data-missing` names it."""
    hole = box.node["missing"]
    reason = "no such section" if "no such" in hole["error"] else "refused"
    lane_kind, _, lane_name = (box.lane or "").partition(":")
    g = ET.SubElement(parent, "g", {
        "class": "hole",
        "data-missing": _clean(hole["name"]),
        "data-in": _clean(box.lane or ""),
        "data-pos": str(hole["pos"]),
        "role": "img",
        "aria-label": _clean(f"missing {hole['kind']} {hole['name']}: {reason}, in "
                             f"{lane_kind} {lane_name}"),
    })
    ET.SubElement(g, "title").text = _clean(f"{hole['name']}: {hole['error']}")
    ET.SubElement(g, "rect", {
        "class": "box", "x": f"{box.x:.1f}", "y": f"{box.y:.1f}",
        "width": f"{box.w:.1f}", "height": f"{box.h:.1f}", "rx": "7",
    })
    left = box.x + BOX_PAD
    inner = box.w - 2 * BOX_PAD
    _text(g, "kind", left, box.y + 16, CAPTION_PX, f"MISSING {hole['kind'].upper()}")
    _text(g, "name", left, box.y + 35, NAME_PX, fit(hole["name"], NAME_PX, inner))
    _text(g, "reason", left, box.y + 51, SMALL_PX, reason)


def _draw_more(parent: ET.Element, box: Box) -> None:
    """The branches a composite's drawing leaves out (`dashboard.diagram_fold`), after the last
    one drawn: how many, and the address of the same page drawing them all. A link, not a
    `.node`: no request is ever lit there, and a keyboard reaches it as any other link."""
    more = box.node["more"]
    a = ET.SubElement(parent, "a", {
        "class": "more",
        "href": _clean(more["href"]),
        "data-folded": _clean(more["of"]),
        "data-count": str(more["count"]),
        "aria-label": _clean(f"{box.node['name']} (show all)"),
    })
    ET.SubElement(a, "title").text = _clean(
        f"{more['count']:,} more {more['word']} of {more['of']} are not drawn here; show all "
        "draws every one (a page that big takes a while)")
    ET.SubElement(a, "rect", {
        "class": "box", "x": f"{box.x:.1f}", "y": f"{box.y:.1f}",
        "width": f"{box.w:.1f}", "height": f"{box.h:.1f}", "rx": "7",
    })
    left = box.x + BOX_PAD
    _text(a, "kind", left, box.y + 16, CAPTION_PX, "NOT DRAWN")
    _text(a, "name", left, box.y + 35, NAME_PX, box.node["name"])
    _text(a, "show-all", left, box.y + 53, SMALL_PX, "show all")


def _draw_box(parent: ET.Element, box: Box) -> None:
    node = box.node
    if "missing" in node:
        _draw_hole(parent, box)
        return
    if "more" in node:
        _draw_more(parent, box)
        return
    extra = {} if box.lane is None else {"data-in": _clean(box.lane)}
    if box.pos is not None:
        extra["data-pos"] = str(box.pos)
    g = _node_group(parent, node, extra, box.lane)
    ET.SubElement(g, "rect", {
        "class": "box", "x": f"{box.x:.1f}", "y": f"{box.y:.1f}",
        "width": f"{box.w:.1f}", "height": f"{box.h:.1f}", "rx": "7",
    })
    ET.SubElement(g, "rect", {
        "class": "stripe", "x": f"{box.x:.1f}", "y": f"{box.y:.1f}",
        "width": "6", "height": f"{box.h:.1f}", "rx": "3",
    })
    left = box.x + BOX_PAD
    inner = box.w - 2 * BOX_PAD
    _text(g, "kind", left, box.y + 16, CAPTION_PX, node["kind"].upper())
    _problem_mark(g, left + text_w(node["kind"].upper(), CAPTION_PX) + 8, box.y + 17)
    _text(g, "name", left, box.y + 35, NAME_PX, fit(node["name"], NAME_PX, inner))
    factory = short_factory(node.get("factory"))
    _text(g, "factory", left, box.y + 51, SMALL_PX, fit(factory, SMALL_PX, inner))
    _placeholders(g, node["id"], left, box.y + 66, box.x + box.w - BOX_PAD, box.y + 16,
                  room=inner)
    if box.routes:
        _draw_routes(g, box, left, inner)
    _marker(g, box.x + box.w, box.port())


def _draw_routes(g: ET.Element, box: Box, left: float, inner: float) -> None:
    """A router app's routes, one row each (`data-route`), the rest summed up as "+N more"."""
    y = box.y + BOX_H
    ET.SubElement(g, "line", {
        "class": "rule", "x1": f"{left:.1f}", "x2": f"{left + inner:.1f}",
        "y1": f"{y:.1f}", "y2": f"{y:.1f}",
    })
    for route in box.routes[:MAX_ROUTES]:
        y += ROUTE_ROW
        name = route.get("name") or route.get("template", "")
        row = _text(g, "route", left, y, SMALL_PX, **{"data-route": _clean(name)})
        ET.SubElement(row, "title").text = _clean(
            f"{name}: {route.get('controller', '?')}.{route.get('action', '?')}")
        row[0].tail = _clean(fit(route_text(route), SMALL_PX, inner))
    if len(box.routes) > MAX_ROUTES:
        _text(g, "route-more", left, y + ROUTE_ROW, SMALL_PX,
              f"+{len(box.routes) - MAX_ROUTES} more")


def _marker(g: ET.Element, x: float, y: float) -> None:
    """The short-circuit badge at the box's exit: hidden until the live page marks the node."""
    marker = ET.SubElement(g, "g", {"class": "marker"})
    ET.SubElement(marker, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "11"})
    _text(marker, "marker-glyph", x, y + 5, NAME_PX, "↩", **{"text-anchor": "middle"})
