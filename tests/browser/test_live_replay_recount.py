"""Live's "N more requests arrived meanwhile" under steady traffic: a replay the teacher starts
(a row clicked, a request sent) counts only what arrives while it plays, not what came during
the replays before it; but a request still waiting to play next is counted, so the note says
what plays after the replay clicked."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


def post(dashboard, name: str, stack: str) -> None:
    assert dashboard.post("/api/events", trace_events(name, stack=stack))[0] == 202


def test_a_replay_started_by_a_click_counts_the_arrivals_afresh(page: Page, dashboard):
    stack = "recount-live"
    dashboard.post("/api/stacks", announcement(stack))
    open_live(page, dashboard.url, stack, "0.25")
    player = page.locator("#player")
    waiting = page.locator("#waiting")
    post(dashboard, "recount-first", stack)
    expect(player).to_have_attribute("data-trace", "recount-first")
    for n in range(2):
        post(dashboard, f"recount-{n}", stack)
    expect(waiting).to_have_text("2 more requests arrived meanwhile; the newest plays next")

    page.locator('#rows tr[data-trace="recount-0"] td.status').click()
    expect(player).to_have_attribute("data-trace", "recount-0")
    expect(player).to_have_attribute("data-state", "playing")
    # recount-1, the newest, still plays next, and the note still says so.
    expect(waiting).to_have_text("1 more request arrived meanwhile; the newest plays next")
    post(dashboard, "recount-later", stack)
    expect(page.locator('#rows tr[data-trace="recount-later"]')).to_be_visible()
    expect(waiting).to_have_text("2 more requests arrived meanwhile; the newest plays next")
    expect(player).to_have_attribute("data-trace", "recount-0")


def test_a_request_still_queued_after_a_click_is_said_before_it_plays(page: Page, dashboard):
    stack = "recount-queued"
    dashboard.post("/api/stacks", announcement(stack))
    open_live(page, dashboard.url, stack, "0.25")
    player = page.locator("#player")
    waiting = page.locator("#waiting")
    post(dashboard, "queued-first", stack)
    expect(player).to_have_attribute("data-trace", "queued-first")
    post(dashboard, "queued-older", stack)
    post(dashboard, "queued-newest", stack)
    expect(waiting).to_have_text("2 more requests arrived meanwhile; the newest plays next")

    page.locator('#rows tr[data-trace="queued-older"] td.status').click()
    expect(player).to_have_attribute("data-trace", "queued-older")
    expect(player).to_have_attribute("data-state", "playing")
    expect(waiting).to_have_text("1 more request arrived meanwhile; the newest plays next")
    page.select_option("#speed", "16")
    expect(player).to_have_attribute("data-trace", "queued-newest")
    expect(waiting).to_be_hidden()
