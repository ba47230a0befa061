"""A composite with more branches than are drawn, in Chromium: a path asked in the form through
a branch left out is drawn and marked; a live replay through one says where the request went
instead of throwing or claiming the graph changed; "show all" draws every branch, and keeps
drawing them all when the stack's graph changes."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.diagram_fold import MAX_BRANCHES
from tests.browser.which_form import ask
from tests.browser.which_form import drawn_path
from tests.dashboard.many_branches import announced_with_decoys
from tests.dashboard.many_branches import many_prefixes
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored
from tests.dashboard.uploading import uploaded


def test_a_path_asked_through_a_branch_left_out_is_drawn_and_show_all_draws_all(page,
                                                                                dashboard):
    ini_id = uploaded(dashboard, "many.ini", many_prefixes(MAX_BRANCHES + 10))
    page.goto(f"{dashboard.url}/inis/{ini_id}")
    expect(page.locator("#diagram a.more")).to_contain_text("and 10 more prefixes")
    expect(page.locator('#diagram .node[data-node="pipeline:p45"]')).to_have_count(0)

    ask(page, "GET", "/svc45/servers")
    assert drawn_path(page) == [["composite:main", ""], ["pipeline:p45", ""],
                                ["filter:auth45", "pipeline:p45"],
                                ["filter:limit45", "pipeline:p45"], ["app:app45", "pipeline:p45"]]
    expect(page.locator("#diagram a.more")).to_contain_text("and 9 more prefixes")

    page.locator("#diagram a.more").click()
    expect(page.locator(f'#diagram .node[data-node="pipeline:p{MAX_BRANCHES + 9}"]')) \
        .to_have_count(1)
    expect(page.locator("#diagram a.more")).to_have_count(0)
    # The question is kept, and drawn again.
    expect(page.locator("#diagram svg")).to_have_attribute("data-which-drawn", "GET /svc45/servers")
    assert drawn_path(page)[1] == ["pipeline:p45", ""]


def test_a_live_replay_through_a_branch_left_out_says_so(page, dashboard):
    assert dashboard.post("/api/stacks", announced_with_decoys("folded", MAX_BRANCHES))[0] == 200
    assert dashboard.post("/api/events", trace_events("through-fold", "folded"))[0] == 202
    stored(dashboard, "through-fold")
    page.goto(f"{dashboard.url}/?stack=folded")
    expect(page.locator('#diagram a.more[data-folded="composite:main"]')).to_have_count(1)

    page.click('#rows tr[data-trace="through-fold"] td.status')
    expect(page.locator("#hops")).to_contain_text(
        "(pipeline:api is in a branch of composite:main this diagram leaves out: its “show "
        "all” link draws every branch)", timeout=20_000)
    expect(page.locator("#hops")).not_to_contain_text("graph has changed")
    expect(page.locator('#diagram .node[data-node="composite:main"]')).to_have_class(
        "node visited status-2xx")


def test_a_stack_drawn_whole_stays_whole_when_its_graph_changes(page, dashboard):
    before = announced_with_decoys("whole", MAX_BRANCHES)
    assert dashboard.post("/api/stacks", before)[0] == 200
    page.goto(f"{dashboard.url}/?stack=whole&all=1")
    expect(page.locator('#diagram .node[data-node="pipeline:api"]')).to_have_count(1)

    # Started again with one more prefix, written first: the open page redraws the new graph.
    graph = before["graph"]
    edited = {**graph, "nodes": [*graph["nodes"], {"id": "app:new", "kind": "app", "name": "new",
                                                   "factory": "egg:demo#new"}],
              "edges": [{"source": "composite:main", "target": "app:new", "label": "/new"},
                        *graph["edges"]]}
    assert dashboard.post("/api/stacks", {**before, "graph": edited, "pid": 2})[0] == 200
    expect(page.locator('#diagram .node[data-node="app:new"]')).to_have_count(1, timeout=15_000)
    expect(page.locator('#diagram .node[data-node="pipeline:api"]')).to_have_count(1)
    expect(page.locator("#diagram a.more")).to_have_count(0)
