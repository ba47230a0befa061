"""A section's `use`, `next` or `filter-with` PasteDeploy would refuse: the uploaded file's
drawing shows it at the end of its labelled edge, as a hole named and why, as it does a
pipeline's refused member or a composite's refused branch, rather than only saying it in words
beside a section drawn as if it had none."""

from __future__ import annotations

import pytest

from dashboard.diagram import render_svg
from tests.dashboard.diagram_checks import SVG
from tests.dashboard.diagram_checks import check_no_overlap
from tests.dashboard.diagram_checks import edge_groups
from tests.dashboard.diagram_checks import holes
from tests.dashboard.diagram_checks import rect_of
from tests.dashboard.diagram_checks import texts
from tests.dashboard.refused_inis import LINKS
from tests.dashboard.refused_inis import REFUSED_FILTER
from tests.dashboard.uploading import drawn
from tests.dashboard.uploading import upload


def test_each_refused_use_next_and_filter_with_is_a_hole_on_its_edge(dashboard):
    svg = drawn(dashboard, "links.ini", LINKS)
    found = {(g.get("data-of"), g.get("data-label")): g for g in holes(svg)}
    assert {place: texts(g) for place, g in found.items()} == {
        ("filter:authtoken", "use"): ["MISSING FILTER", "tokenauth", "no such section (line 11)"],
        ("app:app", "use"): ["MISSING APP", "appbase", "no such section (line 14)"],
        ("app:app", "filter-with"): ["MISSING FILTER", "sizelimt", "no such section (line 15)"],
        ("filter-app:fapp", "next"): ["NOT AN APP", "versions", "is a filter (line 24)"],
        ("app:odd", "use"): ["MISSING APP", "foo:bar", "refused (line 28)"],
    }
    # Its tooltip is the graph's own error, with the section likely meant.
    assert found["app:app", "filter-with"].find(f"{SVG}title").text == (
        "sizelimt: 'sizelimt': no such filter section (did you mean [filter:sizelimit] at "
        "line 17?)")
    # A listener hears what is missing, why, and whose `use` it is, as for a branch's hole.
    assert found["app:app", "use"].get("aria-label") == (
        "missing app appbase: no such section (line 14), use of app app")
    assert found["filter-app:fapp", "next"].get("aria-label") == (
        "not an app versions: is a filter (line 24), next of filter-app fapp")
    assert [e.get("aria-label") for e in edge_groups(svg)
            if e.get("data-source") == "app:app" and e.get("data-label") == "use"] == [
        "app:app → missing app appbase (use)"]
    check_no_overlap(svg)


def test_a_lane_member_s_refused_filter_with_is_a_hole_before_it_in_the_lane(dashboard):
    """Where the filter it names would be: a request meets a `filter-with` before the member
    it wraps, so the lane shows the gap there, not elsewhere."""
    svg = drawn(dashboard, "links.ini", LINKS)
    [hole] = [g for g in holes(svg) if g.get("data-label") == "filter-with"]
    assert hole.get("data-in") == "pipeline:api"
    assert hole.get("aria-label") == ("missing filter sizelimt: no such section (line 15), "
                                      "filter-with of app app, in pipeline api")
    [app] = [g for g in svg.iter(f"{SVG}g") if g.get("data-node") == "app:app"]
    [authtoken] = [g for g in svg.iter(f"{SVG}g") if g.get("data-node") == "filter:authtoken"]
    assert rect_of(authtoken)[0] < rect_of(hole)[0] < rect_of(app)[0]
    assert rect_of(hole)[1] == rect_of(app)[1]


def test_a_malformed_missing_links_field_is_refused_naming_it():
    graph = {"entry": "app:a", "nodes": [
        {"id": "app:a", "kind": "app", "name": "a", "factory": None,
         "missing_links": [{"label": "use", "line": 3, "name": "x", "kind": "app"}]}],
        "edges": []}
    with pytest.raises(ValueError, match="graph node 'app:a': field 'missing_links' must list"):
        render_svg(graph)


def test_a_refused_filter_app_is_drawn_with_the_app_its_next_names(dashboard):
    """PasteDeploy finds `next` before the filter: the app a request would have reached is
    drawn at the end of the `next` edge, not as an entry of its own beside the graph."""
    status, _, doc = upload(dashboard, "wrapped.ini", REFUSED_FILTER)
    assert status == 200, doc
    assert doc["entries"] == ["composite:main"]
    svg = drawn(dashboard, "wrapped.ini", REFUSED_FILTER)
    assert [e.get("aria-label") for e in edge_groups(svg)
            if e.get("data-source") == "filter-app:wrapped"] == [
        "filter-app:wrapped → app:versions (next)"]
    assert [g.get("data-node") for g in svg.iter(f"{SVG}g") if g.get("data-node")] == [
        "composite:main", "filter-app:wrapped", "app:versions"]
    assert holes(svg) == []  # the filter is the box's own factory: its ✗ is on the box
    check_no_overlap(svg)
