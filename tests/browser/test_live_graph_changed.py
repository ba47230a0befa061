"""A stack started again with an edited ini: the Live page open on it draws the new graph
without a reload, and an earlier request replayed there says which box is no longer drawn."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.dashboard.edited_stack import served_before_edit
from tests.dashboard.edited_stack import started_again_edited


def test_the_live_page_follows_an_edited_stack_and_says_what_it_no_longer_draws(page,
                                                                                dashboard):
    before = served_before_edit(dashboard)
    page.goto(f"{dashboard.url}/?stack=edited")
    expect(page.locator('#diagram svg .node[data-node="filter:auth"]')).to_have_count(1)

    # Started again on its port with the edited ini: its announcement reaches the open page.
    started_again_edited(dashboard, before)
    expect(page.locator('#diagram svg .node[data-node="filter:keystone"]')).to_have_count(
        1, timeout=15_000)
    expect(page.locator('#diagram svg .node[data-node="filter:auth"]')).to_have_count(0)

    page.click('#rows tr[data-trace="before-edit"] td.status')
    expect(page.locator("#hops")).to_contain_text(
        "(filter:auth is not on this diagram: the stack's graph has changed since this "
        "request; its Steps page draws the graph it went through)", timeout=20_000)
