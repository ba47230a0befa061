"""An upload's Settings table lists what each section drawn gives its factory: when a "which"
answer redraws the diagram with a branch it left out, the table follows the new drawing, as the
page at the answer's address (reloaded, or a link sent on) shows it."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.diagram_fold import MAX_BRANCHES
from tests.browser.which_form import ask
from tests.dashboard.many_branches import many_prefixes
from tests.dashboard.uploading import uploaded

#: Prefixes in the uploaded file: five more than are drawn, each with three sections of settings.
PREFIXES = MAX_BRANCHES + 5


def test_an_answer_that_draws_a_branch_lists_its_settings(page, dashboard):
    page.goto(f"{dashboard.url}/inis/{uploaded(dashboard, 'many.ini', many_prefixes(PREFIXES))}")
    table = page.locator("table.ini-settings")
    left_out = page.locator(".settings-left-out")
    expect(table).to_contain_text("realm = r0")
    expect(table).not_to_contain_text("realm = r44")
    expect(left_out).to_contain_text("The settings of 15 more sections")

    ask(page, "GET", "/svc44")
    expect(page.locator("#diagram .node[data-node='filter:auth44']")).to_be_visible()
    expect(table).to_contain_text("[filter:auth44]")
    expect(table).to_contain_text("realm = r44")
    expect(left_out).to_have_text(
        "The settings of 12 more sections, in the branches not drawn, are not listed: show all.")
    # "show all" draws what the redrawn diagram's "and K more" box draws, the answer kept
    expect(left_out.get_by_role("link", name="show all")).to_have_attribute(
        "href", page.locator("#diagram a.more").get_attribute("href"))
    shown = table.inner_text(), left_out.inner_text()

    page.reload()
    expect(page.locator("#diagram svg")).to_have_attribute("data-which-drawn", "GET /svc44")
    assert (table.inner_text(), left_out.inner_text()) == shown
