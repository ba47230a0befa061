"""`filter-with` inside a pipeline: the wrapping filters are drawn in the pipeline's lane, in the
order a request meets them, joined by the edges it follows.

PasteDeploy builds `filter-with = F` on a section as F around it, so a request enters F first.
The order is taken from a real request: the stack serves the ini and traces it, and the lane must
read left to right as the request went.
"""

from __future__ import annotations

import re

import requests

from dashboard.diagram import render_svg
from stack.graph import load_graph
from tests.dashboard.diagram_checks import SVG
from tests.dashboard.diagram_checks import check_well_drawn
from tests.dashboard.diagram_checks import edge_groups
from tests.dashboard.diagram_checks import inside
from tests.dashboard.diagram_checks import is_lane
from tests.dashboard.diagram_checks import make_graph
from tests.dashboard.diagram_checks import node_groups
from tests.dashboard.diagram_checks import parse
from tests.dashboard.diagram_checks import rect_of
from tests.dashboard.samples import FILTER_WITH_INI
from tests.dashboard.samples import IN_REQUEST_ORDER
from tests.stack.trace_checks import hops


def ends(edge) -> tuple[float, float]:
    """The x where an edge's line starts and the x its arrow points at."""
    line, arrow = (path.get("d") for path in edge.findall(f"{SVG}path"))
    return tuple(float(re.match(r"M([-\d.]+),", d).group(1)) for d in (line, arrow))


def test_a_filter_with_chain_is_drawn_in_its_lane_in_request_order(serve_stack, tmp_path):
    ini = tmp_path / "wrapped.ini"
    ini.write_text(FILTER_WITH_INI)
    stack = serve_stack(ini, "main")
    response = requests.get(stack.url + "/", timeout=10)
    assert response.text == "[first][outer][inner][second][guard]app"
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    entered = [node for kind, node in hops(events) if kind == "node.enter"]
    assert entered == ["pipeline:main", *IN_REQUEST_ORDER]

    root = parse(render_svg(load_graph(str(ini), "main").to_json()))
    groups = node_groups(root)
    (lane,) = [g for g in groups if is_lane(g)]
    boxes = sorted((g for g in groups if not is_lane(g)), key=lambda g: rect_of(g)[1::-1])
    # Every box in the lane's frame, read row by row (it is too long for one) as the request
    # went.
    assert [g.get("data-node") for g in boxes] == IN_REQUEST_ORDER
    assert {g.get("data-in") for g in boxes} == {"pipeline:main"}
    rows = [rect_of(g)[1] for g in boxes]
    assert rows[:5] == [rows[0]] * 5 and rows[5] > rows[0]
    assert all(inside(rect_of(g), rect_of(lane)) for g in boxes)
    # Each step is one edge, from the right side of a box to the left side of the next.
    wires = {ends(g): g.get("data-label") for g in edge_groups(root)}
    steps = []
    for left, right in zip(boxes, boxes[1:], strict=False):
        x, _, w, _ = rect_of(left)
        steps.append(wires.pop((x + w, rect_of(right)[0])))
    assert steps == ["1", "filter-with", "filter-with", "2", "filter-with"]
    assert list(wires.values()) == ["0"]  # from the lane's frame into its first box


def test_a_wrapped_filter_two_pipelines_list_has_its_wrapper_in_both_lanes():
    graph = make_graph("composite:main", {
        "composite:main": [("/a", "pipeline:a"), ("/b", "pipeline:b")],
        "pipeline:a": ["filter:shared", "app:one"],
        "pipeline:b": ["filter:other", "filter:shared", "app:two"],
        "filter:shared": [("filter-with", "filter:wrapper")],
    })
    groups = node_groups(check_well_drawn(graph))
    for pipeline in ("pipeline:a", "pipeline:b"):
        lane = sorted((g for g in groups if g.get("data-in") == pipeline),
                      key=lambda g: rect_of(g)[0])
        names = [g.get("data-node") for g in lane]
        assert names[names.index("filter:wrapper") + 1] == "filter:shared", pipeline
