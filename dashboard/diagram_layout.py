"""Lay out a pipeline graph (DESIGN.md's graph JSON): boxes, lanes and wires, placed in pixels.

The layout is a tidy tree over "units" (a node box, or a pipeline lane with its members inside),
so boxes cannot overlap by construction. Two rules keep real files readable: a filter listed by
several pipelines (nova's `faultwrap` is in eight) gets a box in each lane, marked `data-in` (the
pipeline) and `data-pos`; the filters a lane member's `filter-with` wraps it in are drawn in the
lane just before it, in the order a request meets them (marked `data-in`, with no `data-pos`);
any other node reached from several places (the app two alternative pipelines end at, a
composite behind two prefixes) is drawn once, to the right of everything that leads to it, with
one edge from each. The graph is checked, and its holes stood in for, by
`dashboard.diagram_graph`; text is measured by `dashboard.diagram_text`, the shapes placed are
`dashboard.diagram_shapes`'s, and `dashboard.diagram` draws what this module places.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from dashboard.diagram_graph import check_graph
from dashboard.diagram_graph import link_holes
from dashboard.diagram_graph import missing_branches
from dashboard.diagram_graph import more_node
from dashboard.diagram_graph import pipeline_holes
from dashboard.diagram_shapes import BEND
from dashboard.diagram_shapes import BOX_H
from dashboard.diagram_shapes import BOX_MAX_W
from dashboard.diagram_shapes import BOX_MIN_W
from dashboard.diagram_shapes import BOX_PAD
from dashboard.diagram_shapes import CHAIN_GAP
from dashboard.diagram_shapes import CODE_W
from dashboard.diagram_shapes import LANE_HEAD
from dashboard.diagram_shapes import LANE_LEFT
from dashboard.diagram_shapes import LANE_PAD
from dashboard.diagram_shapes import LANE_ROW_W
from dashboard.diagram_shapes import LANE_STAT_W
from dashboard.diagram_shapes import MAX_ROUTES
from dashboard.diagram_shapes import ROUTE_ROW
from dashboard.diagram_shapes import ROW_GAP
from dashboard.diagram_shapes import TIMING_W
from dashboard.diagram_shapes import V_GAP
from dashboard.diagram_shapes import WRAP_ROOM
from dashboard.diagram_shapes import Block
from dashboard.diagram_shapes import Box
from dashboard.diagram_shapes import Extent
from dashboard.diagram_shapes import Lane
from dashboard.diagram_shapes import Wire
from dashboard.diagram_text import CAPTION_PX
from dashboard.diagram_text import LABEL_PX
from dashboard.diagram_text import NAME_PX
from dashboard.diagram_text import SMALL_PX
from dashboard.diagram_text import hole_words
from dashboard.diagram_text import route_text
from dashboard.diagram_text import text_w
from stack.factory_names import short_factory
from stack.graph_json import filter_with_chain
from stack.graph_model import is_position


class Plan:
    """The graph checked and turned into a tree of units, ready to be laid out."""

    def __init__(self, graph: dict[str, Any], routes: dict[str, list[dict[str, Any]]]) -> None:
        self.nodes = check_graph(graph)
        self.routes = routes
        self.out: dict[str, list[dict[str, Any]]] = {n: [] for n in self.nodes}
        self.incoming = dict.fromkeys(self.nodes, 0)
        for edge in graph["edges"]:
            self.out[edge["source"]].append(edge)
            self.incoming[edge["target"]] += 1
        for composite in [node for node in self.nodes.values() if node.get("missing_branches")]:
            drawn = {edge["label"] for edge in self.out[composite["id"]]}
            added, edges = missing_branches(composite, self.nodes, drawn)
            for node in added:
                self.nodes[node["id"]], self.out[node["id"]] = node, []
                self.incoming[node["id"]] = 0
            for edge in edges:
                self.out[edge["source"]].append(edge)
                self.incoming[edge["target"]] += 1
        for pipeline in [node for node in self.nodes.values() if node["kind"] == "pipeline"]:
            for hole in pipeline_holes(pipeline):
                self._add_hole(pipeline["id"], hole, str(hole["missing"]["pos"]))
        for node in [node for node in self.nodes.values() if node.get("missing_links")]:
            for hole in link_holes(node):
                self._add_hole(node["id"], hole, hole["missing"]["label"])
        for folded in [node for node in self.nodes.values() if node.get("folded")]:
            more = more_node(folded)
            # A lane's box stands in its place, among the filters; a composite's, after its
            # last branch drawn.
            label = str(more["more"]["pos"]) if "pos" in more["more"] else "…"
            self._add_hole(folded["id"], more, label, more=True)
        self.entry = graph["entry"]
        self.heads: dict[str, Box | Lane] = {}
        self.wires: list[Wire] = []
        self.referrers: dict[str, list[str]] = {}
        self.parent: dict[str, str | None] = {}
        self.order: list[str] = []
        self.roots: list[str] = []
        self.drawn_in_lanes: set[str] = set()
        self._on_path: set[str] = set()
        self.expanded: set[str] = set()
        for node_id in [self.entry, *self.nodes]:
            if node_id not in self.heads and node_id not in self.drawn_in_lanes:
                self.roots.append(node_id)
                self._walk(node_id)
        self.joined = self._join_shared()
        #: The widest label on the edges into each unit (read once, not once a column: a
        #: urlmap of thousands of prefixes is one column of thousands).
        self.label_w: dict[str, float] = {}
        for wire in self.wires:
            if not wire.chain:
                width = text_w(wire.edge["label"], LABEL_PX)
                self.label_w[wire.target] = max(self.label_w.get(wire.target, 0.0), width)
        self.children: dict[str, list[str]] = {u: [] for u in self.order}
        for unit in self.order:
            if self.parent[unit] is not None:
                self.children[self.parent[unit]].append(unit)
        self.room: dict[str, float] = {}
        #: Laid-out subtrees placed in larger ones: unit → (the larger one, dx, dy).
        self.offset: dict[str, tuple[str, float, float]] = {}

    def _add_hole(self, source: str, hole: dict[str, Any], label: str, **edge_extra: Any) -> None:
        """Put a stand-in node (a hole, `pipeline_holes`, `link_holes`; the branches folded away,
        `more_node`) at the end of `source`'s edge `label`, which has `edge_extra` too."""
        self.nodes[hole["id"]] = hole
        self.out[hole["id"]], self.incoming[hole["id"]] = [], 1
        self.out[source].append({"source": source, "target": hole["id"], "label": label,
                                 **edge_extra})

    def _walk(self, root: str) -> None:
        """Depth-first walk over units: makes heads, wires, and each unit's first parent.

        NOTE: an explicit stack, not recursion: a `filter-app` or composite chain a thousand
        deep (50 KiB of ini) would otherwise stop at Python's recursion limit.
        """
        frames = [(root, self._enter(root, None))]
        while frames:
            unit, edges = frames[-1]
            for edge, source in edges:
                target = edge["target"]
                self.wires.append(Wire(edge, source, target))
                if target in self._on_path:
                    continue
                self.referrers.setdefault(target, []).append(unit)
                if target not in self.heads:
                    frames.append((target, self._enter(target, unit)))
                    break
            else:
                self._on_path.discard(unit)
                frames.pop()

    def _enter(self, unit: str, parent: str | None) -> Iterator[tuple[dict[str, Any], Box | Lane]]:
        """Make the unit's head and record its parent; its edges to walk, in order."""
        self.heads[unit] = self._head(unit)
        self.parent[unit] = parent
        self.order.append(unit)
        self._on_path.add(unit)
        return iter(self._unit_edges(unit))

    def _inside(self, node_id: str) -> bool:
        """Whether a pipeline member is drawn inside the lane rather than as a unit of its own."""
        kind = self.nodes[node_id]["kind"]
        if kind == "filter":
            return True
        return kind != "pipeline" and self.incoming[node_id] == 1 and node_id != self.entry

    def _positions(self, pipeline: str) -> list[dict[str, Any]]:
        edges = [e for e in self.out[pipeline] if is_position(e["label"])]
        return sorted(edges, key=lambda e: int(e["label"]))

    def _head(self, unit: str) -> Box | Lane:
        node = self.nodes[unit]
        if node["kind"] != "pipeline":
            return self._box(node)
        members = self._lane_boxes(unit)
        x, y, row_h, right = LANE_LEFT, float(LANE_HEAD), float(BOX_H), 0.0
        for i, (box, extra) in enumerate(members):
            if i and x + extra + box.w > LANE_ROW_W:
                x, y, row_h = LANE_LEFT, y + row_h + ROW_GAP, BOX_H
            box.move(x + extra, y)
            x += extra + box.w + CHAIN_GAP
            row_h = max(row_h, box.h)
            right = max(right, box.x + box.w)
        head_w = 2 * BOX_PAD + text_w("PIPELINE", CAPTION_PX) + text_w(node["name"], NAME_PX)
        w = max(right + LANE_PAD, head_w + LANE_STAT_W)
        return Lane(node, [box for box, _ in members], w, y + row_h + LANE_PAD)

    def _lane_boxes(self, pipeline: str) -> list[tuple[Box, float]]:
        """The boxes of a lane in request order, each with the room it needs before it beyond
        `CHAIN_GAP`: a member drawn inside comes after the filters its `filter-with` chain wraps
        it in (boxes with no position of their own), and those wires have a longer label."""
        boxes = []
        for edge in self._positions(pipeline):
            member = edge["target"]
            if not self._inside(member):
                continue
            chain = [wrapper["target"] for wrapper in reversed(self._wrappers(member))]
            for i, node_id in enumerate([*chain, member]):
                pos = int(edge["label"]) if i == len(chain) else None
                box = self._box(self.nodes[node_id], pipeline, pos)
                boxes.append((box, WRAP_ROOM if i else 0.0))
            self.drawn_in_lanes.update(chain, [member])
        return boxes

    def _box(self, node: dict[str, Any], lane: str | None = None, pos: int | None = None) -> Box:
        routes = self.routes.get(node["id"], [])
        hole = node.get("missing")
        texts = [
            text_w(node["name"], NAME_PX),
            text_w(short_factory(node.get("factory")), SMALL_PX),
            # A hole's reason, where its factory would be: "no such section (line 12)" was cut.
            text_w(hole_words(hole)[1] if isinstance(hole, dict) else "", SMALL_PX),
            text_w(node["kind"].upper(), CAPTION_PX) + TIMING_W + CODE_W,
            *(text_w(route_text(r), SMALL_PX) for r in routes[:MAX_ROUTES]),
        ]
        w = min(max(max(texts) + 2 * BOX_PAD, BOX_MIN_W), BOX_MAX_W)
        rows = min(len(routes), MAX_ROUTES) + (len(routes) > MAX_ROUTES)
        h = BOX_H + (rows * ROUTE_ROW + 12 if rows else 0)
        return Box(node, w, h, lane, pos, routes)

    def _unit_edges(self, unit: str) -> list[tuple[dict[str, Any], Box | Lane]]:
        """The unit's edges to other units, each with the box it is drawn from.

        A lane's in-lane positions become chain wires here; what leaves the lane is drawn from
        the member box it leaves (or from the frame).
        """
        head = self.heads[unit]
        if isinstance(head, Box):
            return [(edge, head) for edge in self._first_time(unit)]
        boxes = iter(head.members)  # in lane order: each member after its wrappers
        result: list[tuple[dict[str, Any], Box | Lane]] = []
        previous: Box | Lane = head
        for edge in self._positions(unit):
            if not self._inside(edge["target"]):
                result.append((edge, previous))
                continue
            wrappers = self._wrappers(edge["target"])
            in_lane = {id(wrapper) for wrapper in wrappers}
            # In request order: the position's edge into the outermost wrapper, then each
            # `filter-with` edge from its wrapper's box on to the box of the section it wraps.
            for step in (edge, *reversed(wrappers)):
                box = next(boxes)
                self.wires.append(Wire(step, previous, box, chain=True))
                result.extend((out, box) for out in self._first_time(box.node["id"])
                              if id(out) not in in_lane)
                previous = box
        result.extend((e, head) for e in self.out[unit] if not is_position(e["label"]))
        return result

    def _wrappers(self, node_id: str) -> list[dict[str, Any]]:
        """The `filter-with` edges that wrap a lane member, innermost first
        (`filter_with_chain`), as far as they lead to filters: in the lane a request meets the
        outermost first, then the next, then the member."""
        return list(itertools.takewhile(lambda edge: self.nodes[edge["target"]]["kind"] == "filter",
                                        filter_with_chain(self.out, node_id)))

    def _first_time(self, node_id: str) -> list[dict[str, Any]]:
        """The node's edges the first time one of its boxes asks, then none: each edge is drawn
        once, from the node's first box, even when the node has a box in several lanes."""
        if node_id in self.expanded:
            return []
        self.expanded.add(node_id)
        return self.out[node_id]

    def _join_shared(self) -> set[str]:
        """Move each unit reached from several units under their nearest common ancestor."""
        joined = set()
        for unit in self.order:
            referrers = list(dict.fromkeys(self.referrers.get(unit, [])))
            if len(referrers) < 2:
                continue
            chains = [self._ancestors(r) for r in referrers]
            common = [a for a in chains[0] if all(a in chain for chain in chains[1:])]
            if common and common[0] != unit:
                self.parent[unit] = common[0]
                joined.add(unit)
        return joined

    def _ancestors(self, unit: str) -> list[str]:
        chain = [unit]
        while (parent := self.parent[chain[-1]]) is not None:
            chain.append(parent)
        return chain

    def layout(self, root: str) -> Block:
        """Lay out the tree of units under `root`, each box and lane at its place.

        Each unit's subtree is laid out once its children's are, the deepest first; a child's
        subtree is placed by one offset from its parent's, and the boxes move once, at the end.
        NOTE: neither recursion nor moving each subtree's boxes as it is placed: both failed
        on a `filter-app` chain thousands deep (Python's recursion limit; 10,000 deep: 40 s).
        """
        order = [root]
        for unit in order:  # grows as it goes: every unit of the tree, parents before children
            order.extend(self.children[unit])
        extents: dict[str, Extent] = {}
        for unit in reversed(order):
            extents[unit] = self._place(unit, extents)
        items: list[Box | Lane] = []
        stack = [root]
        while stack:  # boxes in the order a depth-first walk meets them: the order drawn
            unit = stack.pop()
            _, dx, dy = self._find(unit)
            head = self.heads[unit]
            head.move(dx, dy)
            items.append(head)
            direct, shared = self._columns(unit)
            stack.extend(reversed(direct + shared))
        top = extents[root]
        return Block(items, top.w, top.h)

    def _place(self, unit: str, extents: dict[str, Extent]) -> Extent:
        """Lay out `unit`'s subtree with its head at the left, its branches in columns to the right.

        Branches stack in one column; units joined here (reached from several branches) sit in
        a second column, each level with the middle of the boxes that lead to it. `extents`
        holds the children's subtrees, laid out; each is taken from it as it is placed.
        """
        head = self.heads[unit]
        direct, shared = self._columns(unit)
        x = head.w + self._gap(direct)
        placed, y = [], 0.0
        for child in direct:
            extent = extents.pop(child)
            placed.append((child, extent, y))
            y += extent.h + V_GAP
        head_port = head.port() - head.y
        head_top = ((placed[0][2] + placed[0][1].anchor + placed[-1][2] + placed[-1][1].anchor)
                    / 2 - head_port if placed else 0.0)
        shift = -head_top if head_top < 0 else 0.0
        head_top = max(head_top, 0.0)
        head.move(0, head_top)
        right, bottom = head.w, head_top + head.h
        for child, extent, top in placed:
            self._join(child, unit, x, top + shift)
            right = max(right, x + extent.w)
            bottom = max(bottom, top + shift + extent.h)
        x2 = right + self._gap(shared)
        floor = 0.0
        for child in shared:
            extent = extents.pop(child)
            ports = []
            for referrer in self.referrers[child]:
                # A referrer laid out in this subtree so far: its port, from this unit's top.
                home, _, dy = self._find(referrer)
                if home == unit:
                    ports.append(self.heads[referrer].port() + dy)
            top = max(sum(ports) / len(ports) - extent.anchor if ports else 0.0, floor)
            self._join(child, unit, x2, top)
            floor = top + extent.h + V_GAP
            right = max(right, x2 + extent.w)
            bottom = max(bottom, top + extent.h)
        return Extent(right, bottom, head_top + head_port)

    def _columns(self, unit: str) -> tuple[list[str], list[str]]:
        """`unit`'s children as laid out: its branches, and the units joined under it."""
        children = self.children[unit]
        return ([c for c in children if c not in self.joined],
                [c for c in children if c in self.joined])

    def _join(self, child: str, unit: str, dx: float, dy: float) -> None:
        """Place `child`'s laid-out subtree in `unit`'s, its top left at (dx, dy) from
        `unit`'s: one offset, however many boxes it holds."""
        self.offset[child] = (unit, dx, dy)

    def _find(self, unit: str) -> tuple[str, float, float]:
        """The outermost subtree laid out so far that holds `unit`, and where `unit`'s top left
        sits in it. Each unit on the way then points there at once (a union-find's path
        compression), so asking costs little however deep the tree."""
        path, home, dx, dy = [], unit, 0.0, 0.0
        while home in self.offset:
            path.append(home)
            home, x, y = self.offset[home]
            dx, dy = dx + x, dy + y
        found = (home, dx, dy)
        for node in path:  # each, with what is left of the way from it
            _, x, y = self.offset[node]
            self.offset[node] = (home, dx, dy)
            dx, dy = dx - x, dy - y
        return found

    def _gap(self, column: list[str]) -> float:
        """Space before a column: room for the edge labels written just before its boxes."""
        room = max((self.label_w.get(unit, 0.0) for unit in column), default=0.0) + 20
        for unit in column:
            self.room[unit] = room
        return room + BEND + 12
