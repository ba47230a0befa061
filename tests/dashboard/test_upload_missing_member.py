"""A pipeline naming a section that is not there: the uploaded file's drawing shows the hole in
its place, named, rather than closing up over it (positions 0 and 2 and nothing between)."""

from __future__ import annotations

import pytest

from dashboard.diagram import render_svg
from dashboard.upload_places import add_places
from stack import graph
from tests.dashboard.diagram_checks import SVG
from tests.dashboard.diagram_checks import holes
from tests.dashboard.diagram_checks import node_groups
from tests.dashboard.diagram_checks import parse
from tests.dashboard.diagram_checks import rect_of
from tests.dashboard.diagram_checks import texts
from tests.dashboard.uploading import upload
from tests.dashboard.uploading import uploaded

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


def test_a_missing_filter_is_drawn_in_its_place_named_and_why(dashboard):
    ini_id = uploaded(dashboard, "hole.ini", HOLE)
    page = dashboard.get(f"/inis/{ini_id}")[2]
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
    ini_id = uploaded(dashboard, "many.ini",
                      b"[pipeline:api]\npipeline = request_id faultwrap apiv1app\n")
    page = dashboard.get(f"/inis/{ini_id}")[2]
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
                                       "error": "'sizelimit': no such filter section",
                                       "cause": "no section"}]


def test_a_filter_named_as_the_app_is_drawn_not_an_app_not_missing(dashboard):
    """A pipeline's last word naming a `[filter:…]` that is there: the hole says what the
    graph's error says ("is a filter"), and where that filter is."""
    text = HOLE.replace(b"authtoken apiapp", b"authtoken") + b"\n[app:other]\nuse = x:y\n"
    ini_id = uploaded(dashboard, "not-app.ini", text)
    page = dashboard.get(f"/inis/{ini_id}")[2]
    svg = parse(page.split('<div id="diagram" class="diagram-frame">')[1].split("</div>")[0])
    [hole] = [g for g in holes(svg) if g.get("data-missing") == "authtoken"]
    assert hole.get("data-pos") == "2"
    assert texts(hole) == ["NOT AN APP", "authtoken", "is a filter (line 11)"]
    assert hole.get("aria-label") == ("not an app authtoken: is a filter (line 11), in "
                                      "pipeline api")
    assert "[filter:authtoken] is a filter" in hole.find(f"{SVG}title").text


def test_an_app_named_as_a_filter_is_drawn_not_a_filter():
    graph = {"entry": "pipeline:p", "nodes": [
        {"id": "pipeline:p", "kind": "pipeline", "name": "p", "factory": None,
         "missing": [{"pos": 0, "name": "main", "kind": "filter", "error": "no",
                      "named": {"section": "app:main", "kind": "app", "line": 1}}]}],
        "edges": []}
    [hole] = holes(parse(render_svg(graph)))
    assert texts(hole) == ["NOT A FILTER", "main", "is an app (line 1)"]
    graph["nodes"][0]["missing"][0]["named"] = {"kind": 1}
    with pytest.raises(ValueError, match="optional named"):
        render_svg(graph)


def test_an_inline_pipeline_s_missing_member_is_a_hole_too():
    """A `pipeline_factory` key's inline pipeline is at the key's line, no section's: its
    refused members (as the graph records a section pipeline's) are drawn in their place."""
    text = ("[composite:api]\nuse = call:cinder.api.middleware.auth:pipeline_factory\n"
            "keystone = request_id authtoken apiapp\n\n[filter:request_id]\n"
            "paste.filter_factory = a:b\n\n[app:apiapp]\npaste.app_factory = a:c\n")
    ini = graph.read_ini_text(text, "inline.ini")
    doc = ini.to_json()
    [api] = [g for g in doc["graphs"] if g["entry"] == "composite:api"]
    inline = {"id": "pipeline:api[keystone]", "kind": "pipeline", "name": "api[keystone]",
              "factory": None, "file": "inline.ini", "line": 3, "conf": {},
              "refused_members": [{"pos": 1, "name": "authtoken", "kind": "filter",
                                   "error": "'authtoken': no such filter section",
                                   "cause": "no section"}]}
    api["nodes"].append(inline)
    api["edges"].append({"source": "composite:api", "target": inline["id"], "label": "keystone"})
    add_places(doc, ini)
    [hole] = holes(parse(render_svg(api)))
    assert (hole.get("data-in"), texts(hole)) == (
        "pipeline:api[keystone]", ["MISSING FILTER", "authtoken", "no such section"])


def test_a_long_name_no_section_has_is_drawn_no_such_section(dashboard):
    """The hole says why from the graph's record (`cause`), not from its error's wording: the
    error of a long misspelt name, cut to a readable length, has lost its "no such" (it was
    drawn "refused")."""
    long = b"keystone_token_validation_" * 12
    text = HOLE.replace(b"sizelimit", long + b"x")
    text += b"\n[filter:" + long + b"y]\npaste.filter_factory = x:y\n"
    ini_id = uploaded(dashboard, "long.ini", text)
    page = dashboard.get(f"/inis/{ini_id}")[2]
    svg = parse(page.split('<div id="diagram" class="diagram-frame">')[1].split("</div>")[0])
    [hole] = holes(svg)
    assert "characters cut" in hole.find(f"{SVG}title").text
    assert (texts(hole)[0], texts(hole)[2]) == ("MISSING FILTER", "no such section")
    assert hole.get("aria-label").endswith(": no such section, in pipeline api")
