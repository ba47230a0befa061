""""What would this URL hit?" asked twice, in Chromium: an answer through a branch the diagram
leaves out draws that branch, and a later answer through a branch drawn anyway takes it off
again, so the diagram shows what the later answer needs and the page's own branches, not a
lane no request asked of it goes through. On an upload's page (after an answer asked in the
form, and after one its address asked, as a reload or a link sent on opens it), with the
Settings table following; and on Live."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from dashboard.diagram_fold import BRANCH_LIST
from dashboard.diagram_fold import MAX_BRANCHES
from tests.browser.live_page import stored_through
from tests.browser.which_form import ask
from tests.dashboard.many_branches import announced_with_decoys
from tests.dashboard.many_branches import many_prefixes
from tests.dashboard.uploading import uploaded

#: Prefixes in the uploaded file: five more than are drawn (`/svc40` to `/svc44` left out).
PREFIXES = MAX_BRANCHES + 5
#: A branch the page leaves out, and its pipeline's box.
LEFT_OUT = "pipeline:p44"


def drawn_anew(page: Page) -> None:
    """Ask through a branch drawn anyway, after an answer through `LEFT_OUT`: the page as its
    own drawing has it, the later answer's path on it."""
    ask(page, "GET", "/svc0/servers")
    expect(page.locator(f'#diagram .node[data-node="{LEFT_OUT}"]')).to_have_count(0)
    expect(page.locator("#diagram a.more")).to_contain_text("and 5 more prefixes")
    expect(page.locator("#diagram .node.which-hop[data-node='pipeline:p0']")).to_have_count(1)
    expect(page.locator("table.ini-settings")).not_to_contain_text("realm = r44")
    expect(page.locator(".settings-left-out")).to_contain_text("The settings of 15 more sections")


def test_an_upload_answer_through_a_drawn_branch_takes_an_earlier_one_off(page: Page,
                                                                         dashboard):
    page.goto(f"{dashboard.url}/inis/{uploaded(dashboard, 'many.ini', many_prefixes(PREFIXES))}")
    ask(page, "GET", "/svc44/servers")
    expect(page.locator(f'#diagram .node[data-node="{LEFT_OUT}"]')).to_have_count(1)
    expect(page.locator("table.ini-settings")).to_contain_text("realm = r44")
    drawn_anew(page)


def test_an_upload_page_opened_at_an_answer_draws_the_next_anew(page: Page, dashboard):
    ini_id = uploaded(dashboard, "many.ini", many_prefixes(PREFIXES))
    page.goto(f"{dashboard.url}/inis/{ini_id}?method=GET&path=/svc44/servers")
    expect(page.locator(f'#diagram .node[data-node="{LEFT_OUT}"]')).to_have_count(1)
    drawn_anew(page)


def test_an_upload_page_opened_at_an_answer_it_draws_anyway_is_not_drawn_again(page: Page,
                                                                             dashboard):
    """Its next answer, through a branch drawn too, leaves the page as it is: the diagram,
    the left-out list and the Settings table stay the ones the reader was in (their scroll
    and a find in the page kept); it drew them all anew."""
    ini_id = uploaded(dashboard, "many.ini", many_prefixes(PREFIXES))
    page.goto(f"{dashboard.url}/inis/{ini_id}?method=GET&path=/svc1/servers")
    expect(page.locator("#diagram .node.which-hop[data-node='pipeline:p1']")).to_have_count(1)
    # The diagram, the left-out list and the Settings table: each replaced, were it redrawn.
    drawn = ("#diagram svg", f"#{BRANCH_LIST}", "#settings")
    for shown in drawn:
        page.locator(shown).evaluate("element => { element.dataset.first = 'yes'; }")
    ask(page, "GET", "/svc0/servers")
    expect(page.locator("#diagram .node.which-hop[data-node='pipeline:p0']")).to_have_count(1)
    for shown in drawn:
        expect(page.locator(shown)).to_have_attribute("data-first", "yes")


def test_a_live_answer_through_a_drawn_branch_takes_an_earlier_one_off(page: Page, dashboard):
    assert dashboard.post("/api/stacks", announced_with_decoys("decoys", MAX_BRANCHES))[0] == 200
    page.goto(f"{dashboard.url}/?stack=decoys")
    ask(page, "GET", "/v1/items")
    expect(page.locator('#diagram .node[data-node="pipeline:api"]')).to_have_count(1)
    ask(page, "GET", "/d0")
    expect(page.locator('#diagram .node[data-node="pipeline:api"]')).to_have_count(0)
    expect(page.locator("#diagram .node.which-hop[data-node='app:d0']")).to_have_count(1)


def test_a_live_diagram_drawn_anew_keeps_its_figures(page: Page, dashboard):
    """The boxes an answer's redrawing makes say their requests, as the ones it replaced did."""
    stored_through(dashboard, announced_with_decoys("counted", MAX_BRANCHES),
                   ["composite:main", "app:d0"], "/d0")
    page.goto(f"{dashboard.url}/?stack=counted")
    d0 = page.locator('#diagram .node[data-node="app:d0"] [data-stat]')
    expect(d0).to_contain_text("1 req")
    ask(page, "GET", "/v1/items")  # draws pipeline:api, left out
    expect(page.locator('#diagram .node[data-node="pipeline:api"]')).to_have_count(1)
    expect(d0).to_contain_text("1 req")
    ask(page, "GET", "/d0")  # takes it off again
    expect(page.locator('#diagram .node[data-node="pipeline:api"]')).to_have_count(0)
    expect(d0).to_contain_text("1 req")
