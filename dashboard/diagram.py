"""Draw a laid-out pipeline graph (DESIGN.md's graph JSON) as one `<svg>` element.

Pure functions with no Flask import, so the dashboard's pages, its out-of-band swaps and the
tests share one drawing. The request flows left to right: a composite fans out to its branches
(prefix or key written on the edge), a pipeline is a lane framing its filters in order, ending at
its app. Every box carries `data-node` (the graph node id): the live page toggles classes on it.
To a screen reader the diagram is a group of pictures, one per box and per composite's edge,
each named in words (boxes.js adds what a replay did at a box), read in the order a request
goes (`dashboard.diagram_reading`, through the group's `aria-owns`); boxes are not tab stops: a
stack's dozens of boxes would put dozens of stops between the page's controls, and a screen
reader's own browsing reaches them. Where the boxes go is `dashboard.diagram_layout`'s job,
where the edges run `dashboard.diagram_wires`'s; this module writes them out, and
`dashboard.diagram_stand_ins` the boxes standing in for what is not drawn.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from typing import Any

from dashboard.diagram_layout import Plan
from dashboard.diagram_reading import reading_order
from dashboard.diagram_shapes import BOX_H
from dashboard.diagram_shapes import BOX_PAD
from dashboard.diagram_shapes import CODE_W
from dashboard.diagram_shapes import MARGIN
from dashboard.diagram_shapes import MAX_ROUTES
from dashboard.diagram_shapes import ROUTE_ROW
from dashboard.diagram_shapes import TIMING_W
from dashboard.diagram_shapes import V_GAP
from dashboard.diagram_shapes import Box
from dashboard.diagram_shapes import Lane
from dashboard.diagram_shapes import Wire
from dashboard.diagram_stand_ins import draw_hole
from dashboard.diagram_stand_ins import draw_more
from dashboard.diagram_text import CAPTION_PX
from dashboard.diagram_text import FONT_FAMILY
from dashboard.diagram_text import LABEL_PX
from dashboard.diagram_text import NAME_PX
from dashboard.diagram_text import SMALL_PX
from dashboard.diagram_text import fit
from dashboard.diagram_text import hole_words
from dashboard.diagram_text import route_text
from dashboard.diagram_text import svg_text
from dashboard.diagram_text import text_w
from dashboard.diagram_text import xml_safe
from dashboard.diagram_wires import LabelAt
from dashboard.diagram_wires import lay_wires
from stack.factory_names import short_factory

#: What stands for the drawing's id prefix until it is known: a character `xml_safe` replaces.
_ID_MARK = "\x01"


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


def _draw(plan: Plan, items: list[Box | Lane], width: float, height: float, entry: str) -> str:
    """Serialise the laid-out items: lanes at the back, then edges, then boxes on top; the
    group owns them, for a screen reader, in the order they are read."""
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "class": "diagram",
        "viewBox": f"0 0 {width:.0f} {height:.0f}",
        "width": f"{width:.0f}",
        "height": f"{height:.0f}",
        "font-family": FONT_FAMILY,
        "role": "group",
        "aria-label": xml_safe(f"Pipeline graph of {entry}"),
        "data-entry": xml_safe(entry),
    })
    lanes = [i for i in items if isinstance(i, Lane)]
    boxes = [i for i in items if isinstance(i, Box)]
    boxes += [b for lane in lanes for b in lane.members]
    layers = {n: ET.SubElement(svg, "g", {"class": n}) for n in ("lanes", "edges", "boxes")}
    drawn: dict[Box | Lane | Wire, ET.Element] = {
        lane: _draw_lane(layers["lanes"], lane) for lane in lanes}
    named = []
    for wire, *route in lay_wires(plan, boxes):
        g = _draw_wire(layers["edges"], wire, plan.nodes[wire.edge["target"]], *route)
        if g.get("role"):
            drawn[wire] = g
            named.append(wire)
    for box in sorted(boxes, key=lambda b: (b.y, b.x)):
        drawn[box] = _draw_box(layers["boxes"], box)
    owned = [drawn[thing] for thing in reading_order(plan, items, named)]
    # NOTE: ids of this drawing's own: htmx settles an element swapped in with the attributes
    # of the one it replaces that has its id, so a box of another stack's diagram once took the
    # class of a lane (`diagram-3` in both), and Live's figures found no box for its text.
    # The ids are written with a mark no text holds (`xml_safe` replaces it), and the mark
    # replaced by the hash of what was written: one serialisation, not one to hash and one to
    # return (a drawing of 12,000 boxes spent half its time serialising).
    for n, element in enumerate(owned):
        element.set("id", f"{_ID_MARK}-{n}")
    svg.set("aria-owns", " ".join(element.get("id") for element in owned))
    text = ET.tostring(svg, encoding="unicode")
    prefix = "diagram-" + hashlib.blake2s(text.encode(), digest_size=4).hexdigest()
    return text.replace(_ID_MARK, prefix)


def _draw_wire(parent: ET.Element, wire: Wire, target: dict[str, Any], d: str, tx: float,
               ty: float, label_at: LabelAt) -> ET.Element:
    edge = wire.edge
    label = xml_safe(edge["label"])
    title = xml_safe(f"{edge['source']} → {_wire_end(target)} ({label})")
    g = ET.SubElement(parent, "g", {
        "class": "edge chain" if wire.chain else "edge",
        "data-edge": xml_safe(f"{edge['source']}→{edge['target']}"),
        "data-source": xml_safe(edge["source"]),
        "data-target": xml_safe(edge["target"]),
        "data-label": label,
        # A step along a lane is drawn in each lane listing its member (a `filter-with` wire
        # too): the lane it is drawn in, as a box's, so that a request lights its own lane's.
        **({"data-in": xml_safe(wire.target.lane)} if wire.chain and wire.target.lane else {}),
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
    svg_text(g, "label", x, y, px, label, **{"text-anchor": anchor})
    return g


def _wire_end(node: dict[str, Any]) -> str:
    """What an edge leads to, as its name says it: the node's id, or for a composite's branch
    that ends in a hole, the hole's own words ("missing app apiversions"): the hole's id is
    made up (`composite:main missing /`), and read out it told a listener nothing."""
    hole = node.get("missing")
    if not isinstance(hole, dict):  # a lane's `missing` lists its holes: it has a real id
        return node["id"]
    caption, _ = hole_words(hole)
    return f"{caption.lower()} {hole['name']}"


def _node_group(parent: ET.Element, node: dict[str, Any], extra: dict[str, str],
                lane: str | None = None) -> ET.Element:
    """The `g.node` of a box or lane (a box drawn in pipeline `lane`), named for a screen reader
    (`_spoken`), with its tooltip: id, full factory, where it is defined, and the graph's
    errors and warnings about it (`data-problems` says which there are).

    `data-kind` is the section's header; `data-built-as` what PasteDeploy builds it as (the
    graph's `built_as` where its factory decides, else the kind): an `[app:main] use =
    egg:Paste#urlmap` dispatches as a composite, and which.js reads that, not the header."""
    problems = [f"error: {m}" for m in node.get("errors") or []]
    problems += [f"warning: {m}" for m in node.get("warnings") or []]
    if problems:
        extra = {**extra, "data-problems": "error" if node.get("errors") else "warning"}
    g = ET.SubElement(parent, "g", {
        "class": "node",
        "data-node": xml_safe(node["id"]),
        "data-kind": xml_safe(node["kind"]),
        "data-built-as": xml_safe(node.get("built_as") or node["kind"]),
        "role": "img",
        "aria-label": xml_safe(_spoken(node, lane)),
        **extra,
    })
    lines = [node["id"]]
    if node.get("factory"):
        lines.append(node["factory"])
    if node.get("file"):
        lines.append(f"{node['file']}:{node['line']}" if node.get("line") else node["file"])
    ET.SubElement(g, "title").text = xml_safe("\n".join(lines + problems))
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
        svg_text(g, "problem", x, y, NAME_PX, "⚠")


def _placeholders(g: ET.Element, node_id: str, stat_x: float, stat_y: float, timing_x: float,
                  timing_y: float, room: float) -> None:
    """The empty texts the live page fills: figures (`data-stat`), hop time (`data-timing`) and,
    left of it, the status the hop passed up (`data-code`: 4xx and 5xx differ by more than
    colour).

    The figures get the width they may take (`data-room`): the live page words and sizes them
    to fit, as only it knows how long they are.
    """
    svg_text(g, "stat", stat_x, stat_y, SMALL_PX, **{"data-stat": xml_safe(node_id),
                                                      "data-room": f"{room:.1f}"})
    svg_text(g, "code", timing_x - TIMING_W, timing_y, SMALL_PX,
             **{"data-code": xml_safe(node_id), "text-anchor": "end"})
    svg_text(g, "timing", timing_x, timing_y, SMALL_PX,
             **{"data-timing": xml_safe(node_id), "text-anchor": "end"})


def _draw_lane(parent: ET.Element, lane: Lane) -> ET.Element:
    node = lane.node
    g = _node_group(parent, node, {"class": "node lane"})
    ET.SubElement(g, "rect", {
        "class": "frame", "x": f"{lane.x:.1f}", "y": f"{lane.y:.1f}",
        "width": f"{lane.w:.1f}", "height": f"{lane.h:.1f}", "rx": "10",
    })
    baseline = lane.y + 19
    svg_text(g, "kind", lane.x + BOX_PAD, baseline, CAPTION_PX, "PIPELINE")
    name_x = lane.x + BOX_PAD + text_w("PIPELINE ", CAPTION_PX) + 4
    svg_text(g, "name", name_x, baseline, NAME_PX, node["name"])
    name_end = name_x + text_w(node["name"], NAME_PX)
    _problem_mark(g, name_end + 8, baseline)
    stat_x = name_end + 30
    timing_x = lane.x + lane.w - BOX_PAD
    _placeholders(g, node["id"], stat_x, baseline, timing_x, baseline,
                  room=timing_x - TIMING_W - CODE_W - stat_x)
    _marker(g, lane.x + lane.w, lane.port())
    return g


def _draw_box(parent: ET.Element, box: Box) -> ET.Element:
    node = box.node
    if "missing" in node:
        return draw_hole(parent, box)
    if "more" in node:
        return draw_more(parent, box)
    extra = {} if box.lane is None else {"data-in": xml_safe(box.lane)}
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
    svg_text(g, "kind", left, box.y + 16, CAPTION_PX, node["kind"].upper())
    _problem_mark(g, left + text_w(node["kind"].upper(), CAPTION_PX) + 8, box.y + 17)
    svg_text(g, "name", left, box.y + 35, NAME_PX, fit(node["name"], NAME_PX, inner))
    factory = short_factory(node.get("factory"))
    svg_text(g, "factory", left, box.y + 51, SMALL_PX, fit(factory, SMALL_PX, inner))
    _placeholders(g, node["id"], left, box.y + 66, box.x + box.w - BOX_PAD, box.y + 16,
                  room=inner)
    if box.routes:
        _draw_routes(g, box, left, inner)
    _marker(g, box.x + box.w, box.port())
    return g


def _draw_routes(g: ET.Element, box: Box, left: float, inner: float) -> None:
    """A router app's routes, one row each (`data-route`), the rest summed up as "+N more".

    The routes summed up are drawn too, hidden, on the "+N more" row (`route folded`): the one
    a request matches is shown there while it is lit (diagram.css), so a class watching
    `GET /v2.1/flavors` sees its route light up wherever it stands in the table. Every route is
    drawn, in matching order, with its index in the router's table: routes may share a key
    (unnamed `PUT` and `DELETE /servers/{id}`, or two of GET told apart by their requirements),
    and a replay or an answer lights only the row the server found the request matched
    (boxes.js's `matchedRoute`)."""
    y = box.y + BOX_H
    ET.SubElement(g, "line", {
        "class": "rule", "x1": f"{left:.1f}", "x2": f"{left + inner:.1f}",
        "y1": f"{y:.1f}", "y2": f"{y:.1f}",
    })
    for index, route in enumerate(box.routes[:MAX_ROUTES]):
        y += ROUTE_ROW
        _route_row(g, "route", route, index, left, y, inner)
    if len(box.routes) > MAX_ROUTES:
        y += ROUTE_ROW
        svg_text(g, "route-more", left, y, SMALL_PX, f"+{len(box.routes) - MAX_ROUTES} more")
        for index, route in enumerate(box.routes[MAX_ROUTES:], MAX_ROUTES):
            _route_row(g, "route folded", route, index, left, y, inner)


def _route_key(route: dict[str, Any]) -> str:
    """The `data-route` a replay or an answer finds a route's row by: its name, else its
    template (`_route_row`'s other attributes tell apart unnamed routes sharing one)."""
    return xml_safe(route.get("name") or route.get("template", ""))


def _route_row(g: ET.Element, cls: str, route: dict[str, Any], index: int, left: float,
               y: float, inner: float) -> None:
    """One route's row, found by its key (`_route_key`) as a replay lights it, and told from
    others of that key by `index`, its place in the router's table (`data-route-row`, as the
    route table's rows number it: `dashboard.views.route_table`), which the server says a
    request matched (`stack.routing.matched_row`); and by the methods it takes (space
    separated, none for any, as the route table's rows say them), where no index is known."""
    name = route.get("name") or route.get("template", "")
    row = svg_text(g, cls, left, y, SMALL_PX, **{
        "data-route": _route_key(route),
        "data-route-row": str(index),
        "data-route-methods": xml_safe(" ".join(route.get("methods") or [])),
    })
    ET.SubElement(row, "title").text = xml_safe(
        f"{name}: {route.get('controller', '?')}.{route.get('action', '?')}")
    row[0].tail = xml_safe(fit(route_text(route), SMALL_PX, inner))


def _marker(g: ET.Element, x: float, y: float) -> None:
    """The short-circuit badge at the box's exit: hidden until the live page marks the node."""
    marker = ET.SubElement(g, "g", {"class": "marker"})
    ET.SubElement(marker, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "11"})
    svg_text(marker, "marker-glyph", x, y + 5, NAME_PX, "↩", **{"text-anchor": "middle"})
