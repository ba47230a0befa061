"""A pipeline naming a section that is not there: the uploaded file's drawing shows the hole in
its place, named, rather than closing up over it (positions 0 and 2 and nothing between)."""

from __future__ import annotations

import pytest

from dashboard.diagram import render_svg
from tests.dashboard.diagram_checks import SVG
from tests.dashboard.diagram_checks import node_groups
from tests.dashboard.diagram_checks import parse
from tests.dashboard.diagram_checks import rect_of
from tests.dashboard.uploading import upload

HOLE = b"""\
[composite:main]
use = egg:Paste#urlmap
/: api

[pipeline:api]
pipeline = request_id sizelimit authtoken apiapp

[filter:request_id]
paste.filter_factory = x:y

[filter:authtoken]
paste.filter_factory = x:y

[app:apiapp]
paste.app_factory = x:z
"""


def holes(svg) -> list:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == "hole"]


def texts(g) -> list[str]:
    return [t.text for t in g.findall(f"{SVG}text")]


def test_a_missing_filter_is_drawn_in_its_place_named_and_why(dashboard):
    status, _, doc = upload(dashboard, "hole.ini", HOLE)
    assert status == 200, doc
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    svg = parse(page.split('<div id="diagram" class="diagram-frame">')[1].split("</div>")[0])
    [hole] = holes(svg)
    assert (hole.get("data-missing"), hole.get("data-pos"), hole.get("data-in")) == (
        "sizelimit", "1", "pipeline:api")
    assert texts(hole) == ["MISSING FILTER", "sizelimit", "no such section"]
    assert hole.find(f"{SVG}title").text == "sizelimit: 'sizelimit': no such filter section"
    assert hole.get("aria-label") == ("missing filter sizelimit: no such section, in pipeline "
                                      "api")
    # Between the boxes at positions 0 and 2, in the lane's order.
    lane = {g.get("data-pos"): rect_of(g)[0] for g in node_groups(svg) if g.get("data-pos")}
    assert lane["0"] < rect_of(hole)[0] < lane["2"] < lane["3"]


def test_every_missing_member_has_its_place_the_app_last(dashboard):
    """PasteDeploy refuses the app first; the drawing keeps the file's order all the same."""
    status, _, doc = upload(dashboard, "many.ini",
                            b"[pipeline:api]\npipeline = request_id faultwrap apiv1app\n")
    assert status == 200, doc
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    svg = parse(page.split('<div id="diagram" class="diagram-frame">')[1].split("</div>")[0])
    found = sorted(holes(svg), key=lambda g: rect_of(g)[0])
    assert [(g.get("data-pos"), texts(g)[:2]) for g in found] == [
        ("0", ["MISSING FILTER", "request_id"]), ("1", ["MISSING FILTER", "faultwrap"]),
        ("2", ["MISSING APP", "apiv1app"])]


def test_a_pipeline_refused_whole_has_no_member_missing(dashboard):
    """Settings a pipeline does not take refuse it before any name is looked up."""
    text = b"[app:main]\nuse = egg:demo#app\n\n[pipeline:api]\npipeline = main\nextra = 1\n"
    status, _, doc = upload(dashboard, "whole.ini", text)
    assert status == 200 and doc["errors"], doc
    page = dashboard.get(f"/inis/{doc['id']}?entry=pipeline:api")[2]
    assert 'class="hole"' not in page


def test_a_malformed_missing_field_is_refused_naming_it():
    graph = {"entry": "pipeline:p", "nodes": [
        {"id": "pipeline:p", "kind": "pipeline", "name": "p", "factory": None,
         "missing": [{"pos": "1", "name": "x", "kind": "filter", "error": "no"}]}], "edges": []}
    with pytest.raises(ValueError, match="graph node 'pipeline:p': field 'missing'"):
        render_svg(graph)


def test_the_hole_is_the_graph_s_record_of_the_member(dashboard):
    """The upload's graph carries each missing member as fields (`refused_members`), the
    hole's source: a reworded error must not take the hole away."""
    status, _, doc = upload(dashboard, "hole.ini", HOLE)
    assert status == 200, doc
    [api] = [n for g in doc["graphs"] for n in g["nodes"] if n["id"] == "pipeline:api"]
    assert api["refused_members"] == [{"pos": 1, "name": "sizelimit", "kind": "filter",
                                       "error": "'sizelimit': no such filter section"}]
