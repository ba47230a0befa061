"""The diagram's measures in pixels, and the shapes the layout places with them: boxes,
pipeline lanes, wires, and the blocks they are laid out in.

Shared by `dashboard.diagram_layout`, which sizes and places them, `dashboard.diagram_wires`,
which routes the wires between them, and `dashboard.diagram`, which draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any

BOX_H = 74
BOX_MIN_W = 190
BOX_MAX_W = 300
BOX_PAD = 12
#: Room kept at a box's top right for its timing text.
TIMING_W = 64
#: Room kept left of the timing for the status a hop passed up ("404", so that 4xx and 5xx differ
#: by more than colour), and for the ⚠ that may follow the kind's caption.
CODE_W = 38
ROUTE_ROW = 15
MAX_ROUTES = 8
LANE_HEAD = 28
LANE_LEFT = 34
LANE_PAD = 12
#: A lane wider than this continues on another row below (swift's proxy has 22 filters).
LANE_ROW_W = 1400
ROW_GAP = 30
#: Room kept in a lane's header for its stat text.
LANE_STAT_W = 240
CHAIN_GAP = 40
#: Room added before a lane's box reached by a `filter-with` wire, for that label (75 px).
WRAP_ROOM = 60.0
V_GAP = 18
#: Horizontal run of an edge's bend between columns.
BEND = 44
MARGIN = 20


@dataclass(eq=False)
class Box:
    """A node's box; `lane` is set when it sits inside a pipeline's lane, `pos` too unless it
    is there for a member's `filter-with`."""

    node: dict[str, Any]
    w: float
    h: float
    lane: str | None = None
    pos: int | None = None
    routes: list[dict[str, Any]] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0

    def port(self) -> float:
        return self.y + BOX_H / 2

    def move(self, dx: float, dy: float) -> None:
        self.x += dx
        self.y += dy


@dataclass(eq=False)
class Lane:
    """A pipeline drawn as a frame around the boxes of its members, in order."""

    node: dict[str, Any]
    members: list[Box]
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0

    def port(self) -> float:
        return self.y + LANE_HEAD + BOX_H / 2

    def move(self, dx: float, dy: float) -> None:
        self.x += dx
        self.y += dy
        for box in self.members:
            box.move(dx, dy)


@dataclass(eq=False)
class Wire:
    """One graph edge as drawn: from a box (or a lane's frame) to a box or lane."""

    edge: dict[str, Any]
    source: Box | Lane
    target: str | Box
    chain: bool = False


@dataclass(eq=False)
class Block:
    """A laid-out tree of units: its items, placed, and its size."""

    items: list[Box | Lane]
    w: float
    h: float

    def move(self, dx: float, dy: float) -> None:
        for item in self.items:
            item.move(dx, dy)


@dataclass(eq=False)
class Extent:
    """A unit's subtree once laid out: its size and its entry port, from its own top left.
    Where it sits in the subtree around it is `Plan.offset`'s job, so placing it moves no box.
    """

    w: float
    h: float
    anchor: float
