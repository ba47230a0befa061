"""The order a screen reader reads a drawn diagram in: the way a request goes, not the way it
is painted.

The SVG paints lanes at the back, then edges, then boxes (`dashboard.diagram`), and a screen
reader read it in that order: every lane's name, then every edge, then the boxes row by row,
so the entry came after the boxes of the top branch and an edge was read long before the boxes
it joins. Read in this order, each unit comes after the edge that leads to it, a lane's boxes
follow its name in pipeline order, and an edge into a unit already read (an app two pipelines
share) follows the unit it comes from.
"""

from __future__ import annotations

from dashboard.diagram_layout import Plan
from dashboard.diagram_shapes import Box
from dashboard.diagram_shapes import Lane
from dashboard.diagram_shapes import Wire


def reading_order(plan: Plan, items: list[Box | Lane],
                  wires: list[Wire]) -> list[Box | Lane | Wire]:
    """`items` (units, depth first, as laid out) with their lanes' members and the `wires`
    (edges between units) in the order they are read."""
    into: dict[Box | Lane, list[Wire]] = {}
    out: dict[Box | Lane, list[Wire]] = {}
    for wire in wires:
        into.setdefault(plan.heads[wire.target], []).append(wire)
        out.setdefault(wire.source, []).append(wire)
    order: list[Box | Lane | Wire] = []
    read: set[Box | Lane | Wire] = set()

    def add(thing: Box | Lane | Wire) -> None:
        order.append(thing)
        read.add(thing)

    for item in items:
        for wire in into.get(item, []):
            if wire.source in read and wire not in read:
                add(wire)
        shown = [item, *item.members] if isinstance(item, Lane) else [item]
        for thing in shown:
            add(thing)
        for thing in shown:
            for wire in out.get(thing, []):
                if plan.heads[wire.target] in read and wire not in read:
                    add(wire)
    return order + [wire for wire in wires if wire not in read]
