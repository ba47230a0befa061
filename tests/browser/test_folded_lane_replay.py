"""A Live replay through a long pipeline whose lane is drawn by its ends, in Chromium: the
filters it leaves out are lit nowhere, not in the short pipelines that list some of them too,
which the request never went through; and the hop list says they are among those the lane
folds, and how to see them."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page
from playwright.sync_api import expect

from dashboard.diagram_fold import LANE_ENDS
from dashboard.diagram_fold import MAX_LANE
from tests.browser.live_page import replay_row
from tests.browser.live_page import stored_through
from tests.dashboard.samples import announcement

#: Filters of pipeline `long`, `f0`, `f1`…: more than a lane draws. Its middle ones `f10` and
#: `f20` are members of pipelines `short` (both) and `other` (`f20`), drawn whole.
FILTERS = MAX_LANE + 5
SHORT = {"pipeline:short": ["filter:f10", "filter:f20", "app:s"],
         "pipeline:other": ["filter:f20", "app:o"]}


def graph() -> dict[str, Any]:
    """A urlmap: `/long` → pipeline `long` (the filters, then `app:app`), `/short` and `/other`
    → the pipelines of `SHORT`."""
    long = [f"filter:f{i}" for i in range(FILTERS)] + ["app:app"]
    lanes = {"pipeline:long": long, **SHORT}
    ids = ["composite:main", *lanes, *long, "app:s", "app:o"]
    nodes = [{"id": node, "kind": node.partition(":")[0], "name": node.partition(":")[2],
              "factory": None if node.startswith("pipeline:") else "egg:demo#x"} for node in ids]
    nodes[0]["factory"] = "egg:Paste#urlmap"
    edges = [{"source": "composite:main", "target": lane, "label": "/" + lane.partition(":")[2]}
             for lane in lanes]
    edges += [{"source": lane, "target": member, "label": str(pos)}
              for lane, members in lanes.items() for pos, member in enumerate(members)]
    return {"entry": "composite:main", "nodes": nodes, "edges": edges}


#: The hops of `GET /long/x`: every filter of `long`, to `app:app`.
HOPS = ["composite:main", "pipeline:long", *[f"filter:f{i}" for i in range(FILTERS)], "app:app"]


def replayed(page: Page, dashboard, stack: str) -> None:
    """Announce the stack `stack` of `graph()`, send it a request through `long`, and replay
    that request on Live to its end."""
    trace = stored_through(dashboard, announcement(stack, graph=graph()), HOPS, "/long")
    page.goto(f"{dashboard.url}/?stack={stack}")
    expect(page.locator('#diagram a.more[data-folded="pipeline:long"]')).to_contain_text(
        f"and {FILTERS + 1 - 2 * LANE_ENDS} more filters")
    page.select_option("#speed", "16")
    replay_row(page, trace)


def test_a_replay_through_a_folded_lane_lights_no_box_of_another_lane(page, dashboard):
    replayed(page, dashboard, "folded-lane")
    first = page.locator('#diagram .node[data-node="filter:f0"][data-in="pipeline:long"]')
    expect(first).to_have_class("node visited status-2xx")
    expect(first.locator("[data-timing]")).not_to_have_text("")
    for lane, members in SHORT.items():
        for member in members:
            box = page.locator(f'#diagram .node[data-node="{member}"][data-in="{lane}"]')
            expect(box).to_have_class("node dim")
            expect(box.locator("[data-timing]")).to_have_text("")


def test_a_replay_through_a_folded_lane_says_where_its_filters_are(page, dashboard):
    replayed(page, dashboard, "folded-words")
    hops = page.locator("#hops")
    expect(hops).to_contain_text(
        f"(filter:f{LANE_ENDS} is among the filters of pipeline:long this diagram folds: "
        "its “show all” draws them)")
    expect(hops).not_to_contain_text("is not on this diagram")
