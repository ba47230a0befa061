"""The status filter's `error`: a request an exception crossed a layer of, though its status is
a 200 (a body that broke once it was sent). Typed in the Requests page's filter, it keeps the
rows arriving live that say "· error" and no other."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


def broken_after_200(trace: str) -> list[dict]:
    """A sample 200 whose body raised as the server sent it, after every layer returned."""
    events = trace_events(trace, stack="errors")
    end = events[-1]
    error = {**end, "kind": "error", "data": {
        "type": "OSError", "message": "disk went away mid-stream", "raised_at": None,
        "caught_by": "server"}}
    return [*events[:-1], error, {**end, "seq": end["seq"] + 1, "ts": end["ts"] + 1e-4}]


def test_error_keeps_the_rows_an_exception_crossed(page: Page, dashboard):
    dashboard.post("/api/stacks", announcement("errors"))
    page.goto(f"{dashboard.url}/requests")
    page.get_by_label("Filter by status").fill("error")
    page.get_by_label("Filter by status").press("Tab")
    expect(page.get_by_label("Filter by status")).to_have_value("error")
    dashboard.post("/api/events", broken_after_200("broken-200")
                   + trace_events("plain-200", stack="errors"))
    row = page.locator('#rows tr[data-trace="broken-200"]')
    expect(row).to_be_visible()
    expect(row.locator("td.status")).to_have_text("200 · error")
    expect(page.locator('#rows tr[data-trace="plain-200"]')).to_be_hidden()
