"""The pipeline diagram: every node and edge drawn, in order, without overlaps, safely escaped.

Graphs are written by hand after the contract (DESIGN.md "Graph JSON"), modelled on nova's
`osapi_compute` and glance's biggest pipeline, and read by `stack.graph` from every sample file
in tests/data/ini; the SVG is read back with ElementTree, the way a browser test or the live
page finds its boxes.
"""

from __future__ import annotations

import pytest

from dashboard.diagram import render_svg
from stack.graph import IniError
from stack.graph import read_ini
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.dashboard.diagram_checks import SVG
from tests.dashboard.diagram_checks import check_well_drawn
from tests.dashboard.diagram_checks import edge_groups
from tests.dashboard.diagram_checks import is_lane
from tests.dashboard.diagram_checks import make_graph
from tests.dashboard.diagram_checks import node_groups
from tests.dashboard.diagram_checks import parse
from tests.dashboard.diagram_checks import rect_of
from tests.dashboard.diagram_checks import text_of
from tests.dashboard.nova_graph import NOVA_GRAPH

#: glance-api-paste.ini's longest pipeline, ending in the `rootapp` composite.
GLANCE = make_graph("pipeline:glance-api-keystone+cachemanagement", {
    "pipeline:glance-api-keystone+cachemanagement": [
        "filter:versionnegotiation", "filter:authtoken", "filter:context", "filter:cache",
        "filter:cachemanage", "composite:rootapp",
    ],
    "composite:rootapp": [
        ("/", "app:apiversions"), ("/v1", "app:apiv1app"), ("/v2", "app:apiv2app"),
    ],
})

#: PasteDeploy's own odd shapes: filter-app with next, filter-with, use, not_found_app.
ODD = make_graph("composite:main", {
    "composite:main": [
        ("/", "filter-app:filt"), ("/inv", "app:inv"), ("/piped", "pipeline:piped"),
        ("not_found_app", "app:missing"),
    ],
    "filter-app:filt": [("next", "app:normal")],
    "app:inv": [("filter-with", "filter:egg:FakeApp#caps"), ("use", "app:normal")],
    "pipeline:piped": ["filter:egg:FakeApp#caps", "app:normal"],
    "filter:egg:FakeApp#caps": [("filter-with", "filter:filter2")],
})


@pytest.mark.parametrize("graph", [NOVA_GRAPH, GLANCE, ODD], ids=["nova", "glance", "odd"])
def test_every_node_and_edge_drawn_without_overlap(graph):
    check_well_drawn(graph)


@pytest.mark.parametrize("ini", sorted(p.name for p in INI_DATA.iterdir() if p.is_file()))
def test_every_graph_of_the_sample_files_is_well_drawn(ini):
    try:
        graphs = read_ini(str(INI_DATA / ini)).graphs
    except IniError as exc:
        # Nothing to draw: the dashboard shows the reader's error, which names the file.
        assert ini in str(exc)
        return
    for graph in graphs:
        check_well_drawn(graph.to_json())


def test_real_nova_filter_in_eight_pipelines_has_a_box_in_each_lane():
    ini = read_ini(str(NOVA))
    (graph,) = [g.to_json() for g in ini.graphs if g.entry == "composite:osapi_compute"]
    root = check_well_drawn(graph)
    groups = node_groups(root)
    faultwraps = [g for g in groups if g.get("data-node") == "filter:faultwrap"]
    lanes = {g.get("data-in") for g in faultwraps}
    assert len(faultwraps) == len(lanes) == len([g for g in groups if is_lane(g)]) == 8
    assert {g.get("data-pos") for g in faultwraps} == {"0", "1"}


def test_filters_follow_pipeline_positions():
    root = parse(render_svg(NOVA_GRAPH))
    groups = node_groups(root)
    for lane in (g for g in groups if is_lane(g)):
        lane_id = lane.get("data-node")
        members = [g for g in groups if g.get("data-in") == lane_id]
        listed = [e["target"] for e in NOVA_GRAPH["edges"] if e["source"] == lane_id]
        ordered = sorted(members, key=lambda g: rect_of(g)[0])
        # Left to right in position order; a shared app sits after the lane, not in it.
        assert [int(g.get("data-pos")) for g in ordered] == list(range(len(members)))
        assert [g.get("data-node") for g in ordered] == listed[:len(members)]
        assert len({rect_of(g)[1] for g in members}) == 1


def test_glance_pipeline_reads_as_a_chain_ending_at_its_fan_out():
    root = parse(render_svg(GLANCE))
    groups = node_groups(root)
    (lane,) = [g for g in groups if is_lane(g)]
    assert text_of(lane, "name").text == "glance-api-keystone+cachemanagement"
    chain = sorted((g for g in groups if g.get("data-in")), key=lambda g: rect_of(g)[0])
    assert [g.get("data-node") for g in chain] == [
        "filter:versionnegotiation", "filter:authtoken", "filter:context", "filter:cache",
        "filter:cachemanage", "composite:rootapp",
    ]
    apps = sorted((g for g in groups if g.get("data-kind") == "app"), key=lambda g: rect_of(g)[1])
    assert [g.get("data-node") for g in apps] == ["app:apiversions", "app:apiv1app", "app:apiv2app"]
    frame = rect_of(lane)
    assert all(rect_of(g)[0] > frame[0] + frame[2] for g in apps)


def test_two_prefixes_to_one_composite_draw_it_once_with_both_edges():
    root = parse(render_svg(NOVA_GRAPH))
    target = "composite:openstack_compute_api_v2"
    (box,) = [g for g in node_groups(root) if g.get("data-node") == target]
    edges = [g for g in edge_groups(root) if g.get("data-target") == target]
    assert sorted(text_of(g, "label").text for g in edges) == ["/v1.1", "/v2"]
    label_ys = {float(text_of(g, "label").get("y")) for g in edges}
    assert len(label_ys) == 2


def test_alternative_pipelines_converge_on_one_app_after_their_lanes():
    root = parse(render_svg(NOVA_GRAPH))
    groups = node_groups(root)
    (app,) = [g for g in groups if g.get("data-node") == "app:api_v21"]
    lanes = [g for g in groups if g.get("data-in") is None
             and g.get("data-node").startswith("pipeline:openstack_compute_api_v21[")]
    assert len(lanes) == 2
    x = rect_of(app)[0]
    assert all(x > rect_of(lane)[0] + rect_of(lane)[2] for lane in lanes)
    edges = [g for g in edge_groups(root) if g.get("data-target") == "app:api_v21"]
    assert sorted(g.get("data-label") for g in edges) == ["4", "5"]


def test_boxes_carry_names_factories_and_empty_placeholders():
    root = parse(render_svg(NOVA_GRAPH))
    nodes = {n["id"]: n for n in NOVA_GRAPH["nodes"]}
    for g in node_groups(root):
        node = nodes[g.get("data-node")]
        assert text_of(g, "name").text == node["name"]
        assert text_of(g, "stat").get("data-stat") == node["id"]
        assert text_of(g, "timing").get("data-timing") == node["id"]
        assert not text_of(g, "stat").text and not text_of(g, "timing").text
        assert text_of(g, "kind").text == node["kind"].upper()
        title = g.find(f"{SVG}title").text
        assert node["id"] in title
        if node["factory"]:
            assert node["factory"] in title
            # The box shows the class, the tooltip the full reference.
            assert text_of(g, "factory").text == node["name"].title()


def test_a_factory_read_over_several_lines_is_shown_on_one(tmp_path):
    # An indented `  [app:b]` under `use = …` is part of its value: the box says so on one
    # line, as `inspect` does, rather than seeming to name a section.
    ini = tmp_path / "indented.ini"
    ini.write_text("[app:a]\nuse = egg:A#a\n  [app:b]\n")
    [graph] = read_ini(str(ini)).graphs
    [box] = node_groups(parse(render_svg(graph.to_json())))
    assert text_of(box, "factory").text == "egg:A#a [app:b]"


def test_odd_names_are_escaped():
    odd = 'keystone+caching & <b>"quoted" \'x\'\x01'
    graph = make_graph(f"pipeline:{odd}", {
        f"pipeline:{odd}": [f"filter:{odd}", "app:a&b"],
    })
    svg = render_svg(graph)
    assert "<b>" not in svg
    root = parse(svg)
    groups = node_groups(root)
    lane = [g for g in groups if is_lane(g)][0]
    expected = odd.replace("\x01", "\ufffd")
    assert lane.get("data-node") == f"pipeline:{expected}"
    assert text_of(lane, "name").text == expected
    (filt,) = [g for g in groups if g.get("data-kind") == "filter"]
    assert filt.get("data-in") == f"pipeline:{expected}"
    assert text_of(filt, "name").text.startswith("keystone+caching & <b>")
    (edge,) = [g for g in edge_groups(root) if g.get("data-target") == "app:a&b"]
    assert edge.get("data-edge") == f"pipeline:{expected}→app:a&b"
    assert root.get("data-entry") == f"pipeline:{expected}"


def test_a_router_app_lists_its_routes_compactly():
    routes = [{"name": f"r{i}", "template": f"/things/{i}", "methods": ["GET"],
               "controller": "things", "action": "show"} for i in range(11)]
    routes.append({"name": None, "template": "/any", "methods": [], "controller": "c",
                   "action": "a"})
    root = parse(render_svg(GLANCE, {"app:apiv2app": routes}))
    (app,) = [g for g in node_groups(root) if g.get("data-node") == "app:apiv2app"]
    rows = [t for t in app.findall(f"{SVG}text") if t.get("class") == "route"]
    assert [t.get("data-route") for t in rows] == [f"r{i}" for i in range(8)]
    assert rows[0].find(f"{SVG}title").tail == "GET /things/0"
    assert text_of(app, "route-more").text == "+4 more"
    x, y, w, h = rect_of(app)
    assert all(y < float(t.get("y")) < y + h for t in rows)
    test_unnamed = render_svg(GLANCE, {"app:apiv2app": routes[-1:]})
    assert 'data-route="/any"' in test_unnamed


def test_routes_sharing_a_key_are_all_drawn_each_with_the_methods_it_takes():
    """Unnamed `PUT` and `DELETE /servers/{id}` share the key a replay finds them by: each row
    says its methods, which a replay lights only the one taking the request's method by; the
    DELETE summed up in "+N more" is drawn there too, or a DELETE lit the PUT row."""
    def route(name, template, method):
        return {"name": name, "template": template, "methods": [method],
                "controller": "servers", "action": method.lower()}

    routes = [route(f"r{i}", f"/things/{i}", "GET") for i in range(7)]
    routes.insert(2, route(None, "/servers/{id}", "PUT"))
    routes += [route("r7", "/flavors", "GET"), route(None, "/servers/{id}", "DELETE"),
               route(None, "/images", "GET")]
    root = parse(render_svg(GLANCE, {"app:apiv2app": routes}))
    (app,) = [g for g in node_groups(root) if g.get("data-node") == "app:apiv2app"]
    assert text_of(app, "route-more").text == "+3 more"
    shared = [t for t in app.findall(f"{SVG}text") if t.get("data-route") == "/servers/{id}"]
    assert [(t.get("class"), t.get("data-route-methods"), t.find(f"{SVG}title").tail)
            for t in shared] == [("route", "PUT", "PUT /servers/{id}"),
                                 ("route folded", "DELETE", "DELETE /servers/{id}")]
    folded = [t for t in app.findall(f"{SVG}text") if t.get("class") == "route folded"]
    assert [t.find(f"{SVG}title").tail for t in folded] == [
        "GET /flavors", "DELETE /servers/{id}", "GET /images"]


def test_a_long_pipeline_continues_on_rows_in_order():
    filters = [f"filter:f{i:02}" for i in range(22)]
    graph = make_graph("pipeline:main", {"pipeline:main": [*filters, "app:proxy-server"]})
    root = check_well_drawn(graph)
    groups = node_groups(root)
    (lane,) = [g for g in groups if is_lane(g)]
    members = [g for g in groups if g.get("data-in") == "pipeline:main"]
    reading = sorted(members, key=lambda g: (rect_of(g)[1], rect_of(g)[0]))
    assert [g.get("data-node") for g in reading] == [*filters, "app:proxy-server"]
    rows = {rect_of(g)[1] for g in members}
    assert len(rows) >= 3
    assert rect_of(lane)[2] < rect_of(lane)[3] * 5


def test_a_node_with_problems_is_marked_and_explained():
    graph = make_graph("composite:main", {"composite:main": [("/", "app:a"), ("/b", "app:b")]})
    graph["nodes"][1]["warnings"] = ["require = x is not checked here"]
    graph["nodes"][2]["errors"] = ["a pipeline takes no other settings"]
    groups = {g.get("data-node"): g for g in node_groups(parse(render_svg(graph)))}
    assert groups["app:a"].get("data-problems") == "warning"
    assert groups["app:b"].get("data-problems") == "error"
    assert "warning: require = x" in groups["app:a"].find(f"{SVG}title").text
    assert text_of(groups["app:b"], "problem").text == "⚠"
    assert groups["composite:main"].get("data-problems") is None
    assert not [t for t in groups["composite:main"].iter(f"{SVG}text")
                if t.get("class") == "problem"]


def test_rendering_is_deterministic():
    assert render_svg(NOVA_GRAPH) == render_svg(NOVA_GRAPH)


def test_a_cycle_and_an_unreachable_node_still_draw():
    graph = make_graph("composite:a", {"composite:a": [("x", "composite:b")],
                                       "composite:b": [("back", "composite:a")]})
    graph["nodes"].append({"id": "app:alone", "kind": "app", "name": "alone", "factory": None})
    root = parse(render_svg(graph))
    assert sorted(g.get("data-node") for g in node_groups(root)) == [
        "app:alone", "composite:a", "composite:b"]
    assert len(edge_groups(root)) == 2


@pytest.mark.parametrize(("graph", "message"), [
    ({"nodes": [], "edges": []}, "missing field 'entry'"),
    ({"entry": "app:x", "nodes": [], "edges": []}, "entry 'app:x' is not a node"),
    ({"entry": "app:x", "nodes": [{"id": "app:x", "kind": "app"}], "edges": []},
     "nodes[0]: field 'name'"),
    ({"entry": "app:x", "nodes": [{"id": "app:x", "kind": "app", "name": "x"}],
      "edges": [{"source": "app:x", "target": "app:y", "label": "use"}]},
     "edges[0]: target 'app:y' is not a node"),
])
def test_a_graph_off_contract_is_a_clear_error(graph, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        render_svg(graph)
