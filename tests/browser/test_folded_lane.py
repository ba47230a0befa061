"""A pipeline of far more filters than any real one, uploaded and drawn in Chromium: its lane
shows the filters a request meets first and the app it ends at, with one box between saying how
many are not drawn, each of them listed in text below; "show all", or an answer through them
all, draws the lane whole, and the list goes."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.diagram_fold import LANE_ENDS
from dashboard.diagram_fold import MAX_LANE
from tests.browser.which_form import ask
from tests.dashboard.many_branches import one_pipeline
from tests.dashboard.uploading import uploaded

#: Filters in the pipeline: the app is its last member.
FILTERS = MAX_LANE + 20
#: The lane's boxes in reading order: each box's node (the folded box: what it says).
LANE = """() => [...document.querySelectorAll('#diagram svg :is(.node[data-in], a.more)')]
  .map(box => ({left: box.getBoundingClientRect().left, top: box.getBoundingClientRect().top,
    name: box.dataset.node || box.getAttribute('aria-label')}))
  .sort((a, b) => a.top - b.top || a.left - b.left).map(box => box.name)"""


def test_a_long_lane_is_drawn_by_its_ends_and_lists_the_rest(page, dashboard):
    page.goto(f"{dashboard.url}/inis/{uploaded(dashboard, 'long.ini', one_pipeline(FILTERS))}")
    more = page.locator("#diagram a.more")
    between = FILTERS + 1 - 2 * LANE_ENDS
    expect(more).to_contain_text(f"and {between} more filters")
    first = [f"filter:f{i}" for i in range(LANE_ENDS)]
    last = [f"filter:f{i}" for i in range(FILTERS + 1 - LANE_ENDS, FILTERS)] + ["app:app"]
    drawn = page.evaluate(LANE)
    assert drawn[:LANE_ENDS] == first and drawn[-LANE_ENDS:] == last, drawn
    assert drawn[LANE_ENDS:-LANE_ENDS] == [f"and {between} more filters (show all)"], drawn
    listed = page.locator("#branches")
    expect(listed.locator("h3")).to_have_text(
        f"The filters not drawn of [pipeline:main]: {between} filters")
    expect(listed.locator("tr")).to_have_count(between)
    expect(listed.locator("tr").first).to_contain_text(f"[filter:f{LANE_ENDS}]")

    more.click()
    expect(page.locator("#diagram .node[data-in]")).to_have_count(FILTERS + 1)
    expect(page.locator("#diagram a.more")).to_have_count(0)


def test_an_answer_that_draws_the_lane_whole_takes_its_list_away(page, dashboard):
    """The list under the diagram named the filters of a lane the answer's drawing drew: it
    goes with the drawing it lists for."""
    page.goto(f"{dashboard.url}/inis/{uploaded(dashboard, 'long.ini', one_pipeline(FILTERS))}")
    listed = page.get_by_role("region", name="Filters not drawn")
    expect(listed).to_contain_text("The filters not drawn of [pipeline:main]")

    ask(page, "GET", "/servers")
    expect(page.locator("#diagram .node[data-in]")).to_have_count(FILTERS + 1)
    expect(page.locator("#branches")).to_be_hidden()
    expect(page.get_by_text("The filters not drawn of")).to_have_count(0)
