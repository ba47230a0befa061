"""Route a laid-out diagram's edges: each wire's path, the tip of its arrow, where its label goes.

Apart from `dashboard.diagram_layout`, which places the boxes and lanes, since a wire is routed
around boxes already placed (a run that would cross one takes the nearest free gap); and apart
from `dashboard.diagram`, which writes the paths out as SVG.
"""

from __future__ import annotations

from dashboard.diagram_layout import Plan
from dashboard.diagram_shapes import BEND
from dashboard.diagram_shapes import BOX_H
from dashboard.diagram_shapes import LANE_LEFT
from dashboard.diagram_shapes import MARGIN
from dashboard.diagram_shapes import ROW_GAP
from dashboard.diagram_shapes import V_GAP
from dashboard.diagram_shapes import Box
from dashboard.diagram_shapes import Lane
from dashboard.diagram_shapes import Wire
from dashboard.diagram_text import LABEL_PX
from dashboard.diagram_text import text_w

#: Where an edge's label goes: x, y, text-anchor.
LabelAt = tuple[float, float, str]
#: An edge as drawn: its path, the tip of its arrow (x, y), where its label goes.
WirePath = tuple[str, float, float, LabelAt]


def lay_wires(plan: Plan, boxes: list[Box]) -> list[tuple[Wire, *WirePath]]:
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


def _chain_path(plan: Plan, source: Box | Lane, target: Box) -> WirePath:
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
          ends: tuple[Box | Lane, Box | Lane]) -> WirePath:
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
