"""A composite's branch PasteDeploy would not build: the uploaded file's drawing shows it at the
end of its edge, labelled, as a hole named and why, rather than a composite with fewer branches
than the file has; an alternative of several words as its lane, the hole in its place."""

from __future__ import annotations

import pytest

from dashboard.diagram import render_svg
from tests.dashboard.diagram_checks import SVG
from tests.dashboard.diagram_checks import check_no_overlap
from tests.dashboard.diagram_checks import edge_groups
from tests.dashboard.diagram_checks import holes
from tests.dashboard.diagram_checks import node_groups
from tests.dashboard.diagram_checks import rect_of
from tests.dashboard.diagram_checks import text_of
from tests.dashboard.diagram_checks import texts
from tests.dashboard.refused_inis import CINDER_MISSPELT_ALL
from tests.dashboard.refused_inis import CINDER_MISSPELT_V2
from tests.dashboard.refused_inis import URLMAP
from tests.dashboard.uploading import drawn
from tests.stack.refused_alternatives import REFUSED_WORDS

#: A `pipeline_factory` alternative whose first word is an entry point, not a section.
EGG = b"""\
[composite:main]
use = call:cinder.api.middleware.auth:pipeline_factory
noauth = apiapp
keystone = egg:Nonesuch#ratelimit authtokn apiapp

[app:apiapp]
paste.app_factory = cinder.api.v2.router:APIRouter.factory
"""


def test_each_urlmap_branch_naming_nothing_is_a_hole_on_its_edge(dashboard):
    svg = drawn(dashboard, "a.ini", URLMAP)
    found = {g.get("data-label"): g for g in holes(svg)}
    assert {label: texts(g) for label, g in found.items()} == {
        "/": ["MISSING APP", "apiversions", "is a pipline (line 8)"],
        "/v2": ["MISSING APP", "apiv2", "no such section (line 5)"],
        "/v3": ["NOT AN APP", "authtoken", "is a filter (line 17)"],
    }
    assert {g.get("data-of") for g in found.values()} == {"composite:main"}
    # Each edge to one is named as a listener hears the hole, not by its made-up id.
    assert {e.get("data-label"): e.get("aria-label") for e in edge_groups(svg)
            if e.get("data-target", "").startswith("composite:main missing")} == {
        "/": "composite:main → missing app apiversions (/)",
        "/v2": "composite:main → missing app apiv2 (/v2)",
        "/v3": "composite:main → not an app authtoken (/v3)",
    }
    assert found["/"].get("aria-label") == (
        "missing app apiversions: is a pipline (line 8), branch / of composite main")
    assert "did you mean [pipeline:apiversions]?" in found["/"].find(f"{SVG}title").text
    # Each at the end of its edge, the prefix written on it: four branches, as in the file.
    labels = {e.get("data-label") for e in edge_groups(svg)
              if e.get("data-source") == "composite:main"}
    assert labels == {"/", "/v1", "/v2", "/v3"}
    check_no_overlap(svg)


def test_a_broken_alternative_is_its_lane_with_the_hole_in_its_place(dashboard):
    svg = drawn(dashboard, "cinder.ini", CINDER_MISSPELT_V2)
    lane = "pipeline:openstack_volume_api_v2[keystone]"
    [hole] = [g for g in holes(svg) if g.get("data-in") == lane]
    assert (hole.get("data-missing"), hole.get("data-pos"), texts(hole)) == (
        "authtokn", "5", ["MISSING FILTER", "authtokn", "no such section"])
    assert "did you mean [filter:authtoken] at line 63?" in hole.find(f"{SVG}title").text
    [frame] = [g for g in node_groups(svg) if g.get("data-node") == lane]
    assert frame.get("data-problems") == "error"  # its ⚠, the alternative's refusal in its title
    assert "picks its `keystone` alternative (line 20)" in frame.find(f"{SVG}title").text
    members = {g.get("data-pos"): g.get("data-node") for g in node_groups(svg)
               if g.get("data-in") == lane}
    assert members == {"0": "filter:cors", "1": "filter:request_id", "2": "filter:faultwrap",
                       "3": "filter:sizelimit", "4": "filter:osprofiler",
                       "6": "filter:keystonecontext"}
    # In the lane's reading order (it wraps onto rows): between positions 4 and 6.
    at = {g.get("data-pos"): rect_of(g)[1::-1] for g in node_groups(svg)
          if g.get("data-in") == lane}
    assert at["4"] < rect_of(hole)[1::-1] < at["6"]
    # The alternative built is drawn as before; the v1 composite, unbroken, has no hole.
    assert any(g.get("data-node") == "pipeline:openstack_volume_api_v2[noauth]"
               for g in node_groups(svg))
    assert all("api_v1" not in (g.get("data-in") or "") for g in holes(svg))
    check_no_overlap(svg)


def test_a_member_only_a_broken_alternative_names_has_its_factory_and_line(dashboard):
    svg = drawn(dashboard, "cinder.ini", CINDER_MISSPELT_ALL)
    boxes = {g.get("data-in"): g for g in node_groups(svg)
             if g.get("data-node") == "filter:keystonecontext"}
    assert set(boxes) == {f"pipeline:openstack_volume_api_v{v}[{key}]"
                          for v in (1, 2) for key in ("keystone", "keystone_nolimit")}
    box = boxes["pipeline:openstack_volume_api_v2[keystone]"]
    assert text_of(box, "factory").text == "CinderKeystoneContext"
    assert box.get("aria-label") == ("filter keystonecontext (CinderKeystoneContext), in "
                                     "pipeline openstack_volume_api_v2[keystone]")
    assert box.find(f"{SVG}title").text == (
        "filter:keystonecontext\ncinder.api.middleware.auth:CinderKeystoneContext.factory\n"
        "cinder.ini:60")
    check_no_overlap(svg)


def test_an_entry_point_only_a_broken_alternative_names_has_it_as_its_factory(dashboard):
    svg = drawn(dashboard, "egg.ini", EGG)
    [box] = [g for g in node_groups(svg) if g.get("data-node") == "filter:egg:Nonesuch#ratelimit"]
    assert (box.get("data-in"), text_of(box, "factory").text) == (
        "pipeline:main[keystone]", "egg:Nonesuch#ratelimit")


def test_an_alternative_s_word_refused_as_it_loads_is_a_hole_in_its_place(dashboard):
    """An entry point Paste lacks and a name two sections answer to, in the alternative
    picked: PasteDeploy refuses the composite (the oracle agrees), and the drawing shows the
    lane with a hole at each, in the graph's own words, as for a name no section has."""
    svg = drawn(dashboard, "refused.ini", REFUSED_WORDS.encode())
    lane = "pipeline:main[keystone]"
    found = {g.get("data-pos"): g for g in holes(svg) if g.get("data-in") == lane}
    assert {pos: texts(g) for pos, g in found.items()} == {
        "1": ["MISSING FILTER", "egg:Paste#nonesuch", "refused"],
        "2": ["MISSING FILTER", "twice", "refused"]}
    assert found["1"].find(f"{SVG}title").text.endswith(
        "entry point 'nonesuch' not found in egg 'Paste' (none by that name in "
        "paste.filter_factory, paste.filter_app_factory)")
    assert found["2"].find(f"{SVG}title").text == (
        "twice: 'twice' is ambiguous: [filter:twice], [filter: twice]")
    assert found["2"].get("aria-label") == (
        "missing filter twice: refused, in pipeline main[keystone]")
    members = {g.get("data-pos"): g.get("data-node") for g in node_groups(svg)
               if g.get("data-in") == lane}
    assert members == {"0": "filter:request_id"}  # the app, shared with noauth, is drawn once
    assert [(e.get("data-label"), e.get("data-target")) for e in edge_groups(svg)
            if e.get("data-source") == lane and e.get("data-label") == "3"] == [("3", "app:apiapp")]
    [composite] = [g for g in node_groups(svg) if g.get("data-node") == "composite:main"]
    assert composite.get("data-problems") == "error"
    check_no_overlap(svg)


def test_an_alternative_not_picked_refuses_nothing_and_still_shows_its_hole(dashboard):
    """The same alternative where `auth_strategy` picks another: PasteDeploy never loads it,
    so the composite is not refused (it was, with a lane that closed up over the gap)."""
    text = REFUSED_WORDS.replace("noauth = request_id", "auth_strategy = noauth\nnoauth = "
                                 "request_id")
    svg = drawn(dashboard, "unpicked.ini", text.encode())
    assert [(g.get("data-in"), g.get("data-pos"), texts(g)[2]) for g in holes(svg)] == [
        ("pipeline:main[keystone]", "1", "refused"), ("pipeline:main[keystone]", "2", "refused")]
    [composite] = [g for g in node_groups(svg) if g.get("data-node") == "composite:main"]
    assert composite.get("data-problems") == "warning"


def test_a_malformed_missing_branches_field_is_refused_naming_it():
    graph = {"entry": "composite:c", "nodes": [
        {"id": "composite:c", "kind": "composite", "name": "c", "factory": None,
         "missing_branches": [{"label": "/", "line": 3, "members": [
             {"pos": 0, "name": "x", "kind": "app", "error": None}]}]}], "edges": []}
    with pytest.raises(ValueError, match="graph node 'composite:c': field 'missing_branches'"):
        render_svg(graph)
    member = graph["nodes"][0]["missing_branches"][0]["members"][0]
    member.update(node="app:x", error=None, factory=3)
    with pytest.raises(ValueError, match="and a node, line and factory where error is null"):
        render_svg(graph)
