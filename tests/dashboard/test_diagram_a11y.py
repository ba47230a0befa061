"""The diagram as a screen reader meets it, and room for a lit box's status number.

The SVG is a group, not one image: every box (and every composite's edge) is a picture named
in words; a step along a lane is left out (its boxes' names say the lane, in order). Each box
keeps room on its top line for the status number beside the hop's time.
"""

from __future__ import annotations

import pytest

from dashboard.diagram import render_svg
from dashboard.diagram_shapes import TIMING_W
from dashboard.diagram_text import CAPTION_PX
from dashboard.diagram_text import NAME_PX
from dashboard.diagram_text import SMALL_PX
from dashboard.diagram_text import text_w
from tests.dashboard.diagram_checks import edge_groups
from tests.dashboard.diagram_checks import is_lane
from tests.dashboard.diagram_checks import node_groups
from tests.dashboard.diagram_checks import parse
from tests.dashboard.diagram_checks import text_of
from tests.dashboard.nova_graph import NOVA_GRAPH


def test_the_diagram_is_a_group_of_named_boxes():
    svg = parse(render_svg(NOVA_GRAPH))
    assert svg.get("role") == "group"
    assert svg.get("aria-label") == "Pipeline graph of composite:osapi_compute"
    labels = {}
    for g in node_groups(svg):
        assert g.get("role") == "img"
        assert "tabindex" not in g.attrib  # not tab stops: a screen reader browses to them
        labels.setdefault(g.get("data-node"), []).append(g.get("aria-label"))
    assert labels["composite:osapi_compute"] == ["composite osapi_compute (Osapi_Compute)"]
    assert labels["pipeline:openstack_compute_api_v21[keystone]"] == [
        "pipeline openstack_compute_api_v21[keystone]"]
    # A filter several pipelines list: which lane each box is in.
    assert "filter authtoken (Authtoken), in pipeline openstack_compute_api_v21[keystone]" \
        in labels["filter:authtoken"]
    assert len(set(labels["filter:authtoken"])) == len(labels["filter:authtoken"]) > 1


def test_a_composites_edges_are_named_and_a_lanes_steps_are_left_out():
    svg = parse(render_svg(NOVA_GRAPH))
    for g in edge_groups(svg):
        if "chain" in g.get("class").split():
            assert g.get("aria-hidden") == "true"
        else:
            assert g.get("role") == "img"
            assert g.get("aria-label") == (
                f"{g.get('data-source')} → {g.get('data-target')} ({g.get('data-label')})")


def test_a_node_with_problems_says_so():
    graph = {**NOVA_GRAPH, "nodes": [
        {**n, "warnings": ["unused option"]} if n["id"] == "filter:sizelimit" else n
        for n in NOVA_GRAPH["nodes"]]}
    svg = parse(render_svg(graph))
    sizelimit = [g for g in node_groups(svg) if g.get("data-node") == "filter:sizelimit"]
    assert all(g.get("aria-label").endswith(", with warnings") for g in sizelimit)


def test_each_box_has_room_for_its_status_beside_its_timing():
    warned = {**NOVA_GRAPH, "nodes": [{**n, "warnings": ["w"]} for n in NOVA_GRAPH["nodes"]]}
    svg = parse(render_svg(warned))
    for g in node_groups(svg):
        code, timing = text_of(g, "code"), text_of(g, "timing")
        assert code.get("data-code") == g.get("data-node") and not code.text
        assert code.get("text-anchor") == timing.get("text-anchor") == "end"
        assert code.get("y") == timing.get("y")
        assert float(timing.get("x")) - float(code.get("x")) == pytest.approx(TIMING_W, abs=0.2)
        if is_lane(g):
            continue
        # Left of a status ("500"): the kind's caption, and its ⚠ (8 px after it, 0.62 em wide).
        kind, problem = text_of(g, "kind"), text_of(g, "problem")
        assert float(problem.get("x")) >= float(kind.get("x")) + text_w(kind.text, CAPTION_PX)
        assert float(problem.get("x")) + text_w("⚠", NAME_PX) \
            <= float(code.get("x")) - text_w("500", SMALL_PX), g.get("data-node")
