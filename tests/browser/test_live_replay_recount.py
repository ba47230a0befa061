"""Live's "N more requests arrived meanwhile" under steady traffic: a replay the teacher starts
(a row clicked, a request sent) counts only what arrives while it plays, not what came during
the replays before it; but a request still waiting to play next is counted, so the note says
what plays after the replay clicked."""

from __future__ import annotations

from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import post
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


def clicked_older(page: Page, dashboard, stack: str) -> tuple[Locator, Locator]:
    """Open Live on `stack` at a slow speed, let `STACK-first` play, post `STACK-older` and
    `STACK-newest` while it does, and click the older's row: the player, playing the older,
    and its note of what waits."""
    dashboard.post("/api/stacks", announcement(stack))
    open_live(page, dashboard.url, stack, "0.25")
    player = page.locator("#player")
    waiting = page.locator("#waiting")
    post(dashboard, trace_events(f"{stack}-first", stack=stack))
    expect(player).to_have_attribute("data-trace", f"{stack}-first")
    post(dashboard, trace_events(f"{stack}-older", stack=stack))
    post(dashboard, trace_events(f"{stack}-newest", stack=stack))
    expect(waiting).to_have_text("2 more requests arrived meanwhile; the newest plays next")

    page.locator(f'#rows tr[data-trace="{stack}-older"] td.status').click()
    expect(player).to_have_attribute("data-trace", f"{stack}-older")
    expect(player).to_have_attribute("data-state", "playing")
    # The newest still plays next, and the note still says so.
    expect(waiting).to_have_text("1 more request arrived meanwhile; the newest plays next")
    return player, waiting


def test_a_replay_started_by_a_click_counts_the_arrivals_afresh(page: Page, dashboard):
    stack = "recount-live"
    player, waiting = clicked_older(page, dashboard, stack)
    post(dashboard, trace_events("recount-later", stack=stack))
    expect(page.locator('#rows tr[data-trace="recount-later"]')).to_be_visible()
    expect(waiting).to_have_text("2 more requests arrived meanwhile; the newest plays next")
    expect(player).to_have_attribute("data-trace", f"{stack}-older")


def test_a_request_still_queued_after_a_click_is_said_before_it_plays(page: Page, dashboard):
    stack = "recount-queued"
    player, waiting = clicked_older(page, dashboard, stack)
    page.select_option("#speed", "16")
    expect(player).to_have_attribute("data-trace", f"{stack}-newest")
    expect(waiting).to_be_hidden()
