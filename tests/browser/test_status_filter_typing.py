"""The request list's status filter while a user types in it: "4" on the way to "404" (or "no"
on the way to "no answer") is not called wrong while they type, only when they leave the box
with it or stop typing; and a filter that matches no request says so rather than leave a bare
header row."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: Longer than the filter form's pause before it asks (hx-trigger "input delay:250ms").
PAUSE_MS = 800


@pytest.fixture
def requests_page(page: Page, dashboard) -> Page:
    """The Requests page listing a 200 and a 404 of the sample stack."""
    dashboard.post("/api/stacks", announcement("typing"))
    dashboard.post("/api/events", trace_events("typing-404", stack="typing", status=404)
                   + trace_events("typing-200", stack="typing", status=200))
    page.goto(f"{dashboard.url}/requests")
    expect(page.locator('#rows tr[data-trace="typing-200"]')).to_be_visible()
    return page


def status_box(page: Page):
    return page.get_by_label("Filter by status")


def problem(page: Page):
    """What the page says is wrong with the filters."""
    return page.locator("#request-filters [data-filter-error]")


def type_slowly(page: Page, text: str) -> None:
    """Type `text` into the status box a key at a time, pausing after it as a user does."""
    status_box(page).press_sequentially(text, delay=120)
    page.wait_for_timeout(PAUSE_MS)


def test_a_code_half_typed_is_not_called_wrong(requests_page: Page):
    page = requests_page
    status_box(page).click()
    type_slowly(page, "4")
    expect(problem(page)).to_be_hidden()
    expect(status_box(page)).not_to_have_attribute("aria-invalid", "true")
    type_slowly(page, "0")
    expect(problem(page)).to_be_hidden()
    type_slowly(page, "4")
    expect(page.locator('#rows tr[data-trace="typing-404"]')).to_be_visible()
    expect(page.locator('#rows tr[data-trace="typing-200"]')).to_have_count(0)
    expect(problem(page)).to_be_hidden()


def test_a_word_half_typed_is_not_called_wrong(requests_page: Page):
    page = requests_page
    status_box(page).click()
    for part in ("n", "o", " ", "a", "nswer"):
        type_slowly(page, part)
        expect(problem(page)).to_be_hidden()
        expect(status_box(page)).not_to_have_attribute("aria-invalid", "true")


def test_a_half_typed_code_is_called_wrong_when_the_user_leaves_the_box(requests_page: Page):
    page = requests_page
    status_box(page).click()
    type_slowly(page, "4")
    status_box(page).press("Tab")
    expect(problem(page)).to_contain_text("status must be a code like 404")
    expect(status_box(page)).to_have_attribute("aria-invalid", "true")
    # Back in the box, finishing the code: it is right again.
    status_box(page).click()
    status_box(page).press("End")
    type_slowly(page, "04")
    expect(problem(page)).to_be_hidden()
    expect(status_box(page)).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator('#rows tr[data-trace="typing-200"]')).to_have_count(0)


def test_a_half_typed_code_is_called_wrong_once_the_user_stops_typing(requests_page: Page):
    page = requests_page
    status_box(page).click()
    type_slowly(page, "4")
    expect(problem(page)).to_be_hidden()
    # Still in the box, a while later (live.js waits 2.5 s for the rest).
    expect(problem(page)).to_contain_text("status must be a code like 404", timeout=6_000)
    expect(status_box(page)).to_be_focused()
    expect(status_box(page)).to_have_attribute("aria-invalid", "true")


def test_what_cannot_become_a_filter_is_called_wrong_at_once(requests_page: Page):
    status_box(requests_page).click()
    type_slowly(requests_page, "4x4")
    expect(problem(requests_page)).to_contain_text("got '4x4'")


def test_a_filter_that_matches_nothing_says_so(requests_page: Page, dashboard):
    page = requests_page
    none = page.get_by_text("No requests match")
    expect(none).to_be_hidden()
    status_box(page).fill("503")
    expect(none).to_be_visible()
    expect(page.locator("#rows tr:not([hidden])")).to_have_count(0)
    # A matching request arriving live takes its place.
    dashboard.post("/api/events", trace_events("typing-503", stack="typing", status=503))
    expect(page.locator('#rows tr[data-trace="typing-503"]')).to_be_visible()
    expect(none).to_be_hidden()
    status_box(page).fill("5xx")
    expect(page.locator('#rows tr[data-trace="typing-503"]')).to_be_visible()
    expect(none).to_be_hidden()
    page.get_by_label("Filter by path").fill("no-such-path")
    expect(none).to_be_visible()
    page.get_by_label("Filter by path").fill("")
    expect(none).to_be_hidden()
