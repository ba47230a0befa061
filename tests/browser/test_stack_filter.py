"""The request list's stack filter, with real requests of two real stacks (the compute demo and
the seed glance demo): it selects one stack's requests, on /requests and on Live (rows arriving
live too), and "Save these requests" saves that stack's only."""

from __future__ import annotations

import requests
from playwright.sync_api import expect

from tests.conftest import TOKEN
from tests.dashboard.servers import announced
from tests.dashboard.servers import send

#: Notes when the page's stream has connected: a row stored before that never reaches it.
NOTE_STREAM = "document.addEventListener('htmx:sseOpen', () => { window.streaming = true; })"


def test_the_stack_filter_selects_and_saves_one_stacks_requests(page, dashboard, stack):
    with announced(dashboard, "common", "stack/demo/seed_glance.ini") as glance:
        compute = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"]
        common = send(dashboard, glance, "GET", "/log")["trace"]

        page.add_init_script(NOTE_STREAM)
        page.goto(f"{dashboard.url}/requests")
        rows = page.locator("#rows tr:visible")
        expect(page.locator(f'#rows tr[data-trace="{compute}"]')).to_be_visible()
        expect(page.locator(f'#rows tr[data-trace="{common}"]')).to_be_visible()
        page.select_option('#request-filters select[name="stack"]', "common")
        expect(rows).to_have_count(1)
        expect(rows.first).to_have_attribute("data-trace", common)
        export = page.locator("a[data-export]")
        expect(export).to_have_attribute("href", "/api/traces/export?stack=common")
        saved = requests.get(dashboard.url + export.get_attribute("href"), timeout=15)
        assert saved.status_code == 200, saved.text
        assert [t["trace"] for t in saved.json()["traces"]] == [common]
        # The address keeps the choice: the page opened with it says so.
        page.goto(f"{dashboard.url}/requests?stack=common")
        expect(page.locator('#request-filters select[name="stack"]')).to_have_value("common")
        expect(rows).to_have_count(1)

        # Live lists every stack's requests by default; the filter keeps one stack's, and a
        # request of another arriving live stays out of it.
        page.goto(f"{dashboard.url}/?stack=osapi_compute")
        expect(page.locator('#request-filters select[name="stack"]')).to_have_value("")
        expect(page.locator(f'#rows tr[data-trace="{common}"]')).to_be_visible()
        page.wait_for_function("window.streaming")
        page.select_option('#request-filters select[name="stack"]', "osapi_compute")
        expect(page.locator(f'#rows tr[data-trace="{common}"]')).to_have_count(0)
        later = send(dashboard, glance, "GET", "/")["trace"]
        newer = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"]
        expect(page.locator(f'#rows tr[data-trace="{newer}"]')).to_be_visible()
        # Not sent at all: the page subscribes to the stack its list shows.
        expect(page.locator(f'#rows tr[data-trace="{later}"]')).to_have_count(0)
        expect(page.locator("a[data-export]")).to_have_attribute(
            "href", "/api/traces/export?stack=osapi_compute")
