"""The request list's method filter offers the methods of the requests kept, as they were sent:
`get` (sent as typed; a method is case-sensitive) and `PURGE` (as curl sends it) are selected,
each apart from GET, in the list and in the file "Save these requests" gives."""

from __future__ import annotations

from pathlib import Path

import requests
from playwright.sync_api import expect

from tests.conftest import TOKEN
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import announced
from tests.dashboard.servers import send

#: Notes when the page's stream has connected: a row stored before that never reaches it.
NOTE_STREAM = "document.addEventListener('htmx:sseOpen', () => { window.streaming = true; })"


def offered(page) -> list[str]:
    return page.locator('#request-filters select[name="method"] option').all_inner_texts()


def test_the_method_filter_offers_and_selects_each_method_as_sent(page, tmp_path: Path):
    dashboard = Dashboard(tmp_path / "data")
    try:
        page.goto(f"{dashboard.url}/requests")
        # Nothing kept yet: the send form's methods, for the requests about to come.
        assert offered(page) == ["any method", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
                                 "OPTIONS"]
        with announced(dashboard) as stack:
            upper = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
            lower = send(dashboard, stack, "get", "/v2.1/servers", TOKEN)
            assert (upper["method"], upper["status"]) == ("GET", 200)
            assert (lower["method"], lower["status"]) == ("get", 405)

            page.add_init_script(NOTE_STREAM)
            page.goto(f"{dashboard.url}/requests")
            assert offered(page) == ["any method", "GET", "get"]
            page.wait_for_function("window.streaming")
            purge = send(dashboard, stack, "PURGE", "/v2.1/servers", TOKEN)
            # A request of a method not offered arrives live: it is offered from then on.
            expect(page.locator(f'#rows tr[data-trace="{purge["trace"]}"]')).to_be_visible()
            assert offered(page) == ["any method", "GET", "get", "PURGE"]

        rows = page.locator("#rows tr:visible")
        page.select_option('#request-filters select[name="method"]', "get")
        expect(rows).to_have_count(1)
        expect(rows.first).to_have_attribute("data-trace", lower["trace"])
        expect(rows.first.locator("td").nth(2)).to_have_text("get")
        export = page.locator("a[data-export]")
        expect(export).to_have_attribute("href", "/api/traces/export?method=get")
        saved = requests.get(dashboard.url + export.get_attribute("href"), timeout=15)
        assert saved.status_code == 200, saved.text
        assert [trace["trace"] for trace in saved.json()["traces"]] == [lower["trace"]]

        page.select_option('#request-filters select[name="method"]', "PURGE")
        expect(rows).to_have_count(1)
        expect(rows.first).to_have_attribute("data-trace", purge["trace"])

        # The address keeps the filter: the page made from it selects the same.
        page.goto(f"{dashboard.url}/requests?method=get")
        expect(page.locator('#request-filters select[name="method"]')).to_have_value("get")
        expect(rows).to_have_count(1)
        expect(rows.first).to_have_attribute("data-trace", lower["trace"])
    finally:
        dashboard.stop()
