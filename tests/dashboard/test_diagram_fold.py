"""A composite with many branches draws its first `MAX_BRANCHES` and one "and K more" box
linking to everything: an uploaded ini of 2,000 prefixes made a 12.9 MB page. A "which" answer
or a request's steps through a branch left out still draw that branch; the Settings table
follows the drawing. A long pipeline's lane is folded likewise, keeping every filter a request
met."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from dashboard.diagram_fold import LANE_ENDS
from dashboard.diagram_fold import MAX_BRANCHES
from dashboard.diagram_fold import MAX_LANE
from dashboard.diagram_fold import fold_graph
from dashboard.diagram_fold import fold_lanes
from stack import graph as ini_graph
from tests.conftest import INI_DATA
from tests.dashboard.edited_stack import boxes
from tests.dashboard.many_branches import announced_with_decoys
from tests.dashboard.many_branches import many_prefixes
from tests.dashboard.many_branches import one_pipeline
from tests.dashboard.page_text import more_link
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import stored
from tests.dashboard.uploading import uploaded

#: Every real file the tests keep (PROVENANCE.md says where each comes from).
REAL = sorted(path for path in INI_DATA.iterdir() if path.name != "PROVENANCE.md")
#: Prefixes in the uploaded file: more than are drawn.
PREFIXES = MAX_BRANCHES + 25


@pytest.fixture(scope="module")
def many(dashboard) -> str:
    return uploaded(dashboard, "many.ini", many_prefixes(PREFIXES))


def test_the_first_branches_are_drawn_and_the_rest_said_with_a_link_to_all(dashboard, many):
    _, _, page = dashboard.get(f"/inis/{many}")
    drawn = boxes(page)
    assert {f"pipeline:p{i}" for i in range(MAX_BRANCHES)} <= drawn
    assert not {f"pipeline:p{i}" for i in range(MAX_BRANCHES, PREFIXES)} & drawn
    assert more_link(page) == ("NOT DRAWN and 25 more prefixes show all",
                               f"/inis/{many}?all=1")
    assert ("The settings of 75 more sections, in the branches not drawn, are not listed: "
            "show all.") in " ".join(shown(page).split())
    assert "realm = r39" in page and "realm = r40" not in page


def test_a_query_word_flask_reads_as_its_own_is_kept_in_the_link_to_all(dashboard, many):
    """`_external` and `endpoint` are names of `url_for`'s own arguments: read from the query
    into it, the page failed with a 500."""
    status, _, page = dashboard.get(f"/inis/{many}?_external=1&endpoint=x")
    assert status == 200
    assert more_link(page)[1] == f"/inis/{many}?_external=1&endpoint=x&all=1"


def test_show_all_draws_every_branch_and_every_setting(dashboard, many):
    _, _, page = dashboard.get(more_link(dashboard.get(f"/inis/{many}")[2])[1])
    assert {f"pipeline:p{i}" for i in range(PREFIXES)} <= boxes(page)
    assert 'class="more"' not in page and "more sections" not in page
    assert f"realm = r{PREFIXES - 1}" in page


def test_a_which_in_the_address_through_a_branch_left_out_draws_that_branch(dashboard, many):
    question = urlencode({"method": "GET", "path": "/svc60/servers"})
    _, _, page = dashboard.get(f"/inis/{many}?{question}")
    assert "the pipeline p60 via /svc60" in " ".join(shown(part(page, '<ol class="which-hops"',
                                                           "</ol>")).split())
    assert {"pipeline:p60", "filter:auth60", "filter:limit60", "app:app60"} <= boxes(page)
    assert "pipeline:p61" not in boxes(page)
    assert more_link(page) == ("NOT DRAWN and 24 more prefixes show all",
                               f"/inis/{many}?method=GET&path=/svc60/servers&all=1")


def test_an_answer_asked_in_the_form_through_a_branch_left_out_redraws_the_diagram(dashboard,
                                                                                  many):
    ask = {"ini": many, "method": "GET", "path": "/svc50/x"}
    _, _, answer = dashboard.get("/api/which?" + urlencode(ask), headers=HTMX)
    redrawn = part(answer, '<div hx-swap-oob="innerHTML:#diagram">', "</svg>")
    assert "pipeline:p50" in boxes(redrawn)
    assert more_link(redrawn)[0] == "NOT DRAWN and 24 more prefixes show all"
    # A path through a branch drawn already leaves the diagram as it is.
    ask["path"] = "/svc5/x"
    _, _, answer = dashboard.get("/api/which?" + urlencode(ask), headers=HTMX)
    assert "hx-swap-oob" not in answer and "pipeline:p5" in answer


def test_an_app_section_paste_builds_as_a_urlmap_is_folded_too(dashboard):
    text = many_prefixes(PREFIXES).replace("[composite:main]", "[app:main]", 1)
    ini_id = uploaded(dashboard, "app-urlmap.ini", text)
    _, _, page = dashboard.get(f"/inis/{ini_id}")
    assert "pipeline:p0" in boxes(page) and f"pipeline:p{MAX_BRANCHES}" not in boxes(page)
    assert more_link(page) == ("NOT DRAWN and 25 more prefixes show all",
                               f"/inis/{ini_id}?all=1")


def test_a_live_stack_with_many_prefixes_is_folded_the_same_way(dashboard):
    assert dashboard.post("/api/stacks", announced_with_decoys("many", MAX_BRANCHES + 3))[0] == 200
    _, _, page = dashboard.get("/?stack=many")
    assert "app:d0" in boxes(page) and "pipeline:api" not in boxes(page)
    assert more_link(page) == ("NOT DRAWN and 4 more prefixes show all", "/?stack=many&all=1")
    assert "pipeline:api" in boxes(dashboard.get("/?stack=many&all=1")[2])


def test_a_requests_steps_are_folded_with_the_branch_it_took_drawn(dashboard):
    decoys = MAX_BRANCHES + 3
    assert dashboard.post("/api/stacks", announced_with_decoys("stepped", decoys))[0] == 200
    assert dashboard.post("/api/events", trace_events("folded-steps", "stepped"))[0] == 202
    stored(dashboard, "folded-steps")
    _, _, page = dashboard.get("/requests/folded-steps/steps")
    assert {"app:d0", "pipeline:api", "filter:auth", "app:router"} <= boxes(page)
    assert f"app:d{MAX_BRANCHES}" not in boxes(page)
    assert more_link(page) == ("NOT DRAWN and 3 more prefixes show all",
                               "/requests/folded-steps/steps?all=1")
    _, _, whole = dashboard.get(more_link(page)[1])
    assert f"app:d{decoys - 1}" in boxes(whole) and 'class="more"' not in whole


@pytest.mark.parametrize("path", REAL, ids=lambda path: path.name)
def test_every_real_file_is_drawn_whole(path):
    doc = ini_graph.read_ini_text(path.read_text(), path.name).to_json()
    for graph in doc["graphs"]:
        assert fold_graph(graph, "/all") is graph
        assert fold_lanes(graph, "/all") is graph


def test_a_step_view_through_a_long_lane_draws_every_filter_the_request_met(dashboard):
    doc = ini_graph.read_ini_text(one_pipeline(MAX_LANE + 10), "long.ini").to_json()
    graph = doc["graphs"][0]
    # A filter answered on its own at the 40th: the lane's ends are drawn too, the 8 between not.
    met = {"pipeline:main", *(f"filter:f{i}" for i in range(MAX_LANE))}
    drawn = fold_lanes(graph, "/all", met)
    ends = {f"filter:f{MAX_LANE + 8}", f"filter:f{MAX_LANE + 9}", "app:app"}
    assert {node["id"] for node in drawn["nodes"]} == met | ends
    lane = next(node for node in drawn["nodes"] if node["id"] == "pipeline:main")
    assert lane["folded"] == {"count": 8, "word": "filters", "href": "/all", "link": "show all",
                              "pos": MAX_LANE}


#: Filters in the long lane of `shared_lane`: its app is its last member.
LONG = MAX_LANE + 10


def shared_lane() -> str:
    """A urlmap: `/long` a pipeline of `LONG` filters, `/a` and `/b` short pipelines that
    between them list every filter the long lane folds (as nova's `faultwrap` is in eight)."""
    middle = [f"f{i}" for i in range(LANE_ENDS, LONG + 1 - LANE_ENDS)]
    half = len(middle) // 2
    lines = ["[composite:main]", "use = egg:Paste#urlmap", "/long = long", "/a = a", "/b = b",
             "", "[pipeline:long]", f"pipeline = {' '.join(f'f{i}' for i in range(LONG))} app",
             "", "[pipeline:a]", f"pipeline = {' '.join(middle[:half])} app_a",
             "", "[pipeline:b]", f"pipeline = {' '.join(middle[half:])} app_b"]
    for i in range(LONG):
        lines += ["", f"[filter:f{i}]", "paste.filter_factory = demo.f:factory"]
    for app in ["app", "app_a", "app_b"]:
        lines += ["", f"[app:{app}]", "paste.app_factory = demo.app:factory"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def shared(dashboard) -> str:
    return uploaded(dashboard, "shared.ini", shared_lane())


def lane_of(svg: str, pipeline: str) -> set[str]:
    """The boxes the diagram draws in `pipeline`'s lane."""
    return set(re.findall(rf'<g class="node[^"]*"[^>]*data-node="([^"]+)"[^>]*'
                          rf'data-in="{re.escape(pipeline)}"', svg))


def test_a_long_lane_is_folded_past_filters_a_request_met_only_in_a_short_one(dashboard,
                                                                            shared):
    _, _, page = dashboard.get(f"/inis/{shared}?method=GET&path=/a/x")
    folded = LONG + 1 - 2 * LANE_ENDS
    assert more_link(page)[0] == f"NOT DRAWN and {folded} more filters show all"
    assert lane_of(part(page, "<svg", "</svg>"), "pipeline:long") == {
        *(f"filter:f{i}" for i in [*range(LANE_ENDS), *range(LONG + 1 - LANE_ENDS, LONG)]),
        "app:app"}


def test_an_answer_through_a_folded_lane_whose_filters_short_lanes_draw_redraws_it(dashboard,
                                                                                  shared):
    ask = {"ini": shared, "method": "GET", "path": "/long/x"}
    _, _, answer = dashboard.get("/api/which?" + urlencode(ask), headers=HTMX)
    redrawn = part(answer, '<div hx-swap-oob="innerHTML:#diagram">', "</svg>")
    assert lane_of(redrawn, "pipeline:long") == {*(f"filter:f{i}" for i in range(LONG)),
                                                 "app:app"}
    assert 'class="more"' not in redrawn
    # The list under the diagram goes with it: the lane drawn whole, nothing is left to list.
    listed = part(answer, '<section id="branches"', "</section>")
    assert 'hx-swap-oob="true"' in listed and " hidden>" in listed
    assert "The filters not drawn of" not in listed


def test_the_list_under_an_upload_is_named_by_what_it_holds(dashboard, shared):
    _, _, page = dashboard.get(f"/inis/{shared}")
    listed = part(page, '<section id="branches"', "</section>")
    assert 'aria-label="Filters not drawn"' in listed
    assert "The filters not drawn of [pipeline:long]: 45 filters" in " ".join(
        shown(listed).split())
