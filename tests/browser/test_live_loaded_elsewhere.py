"""Saved requests on a fresh dashboard, in headless Chromium: the empty Live page points to
"Load saved requests", and a file loaded from another tab's Requests page brings Live, open all
along, its stack, its diagram and its requests in the list, without a reload."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import DESKTOP
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import exported
from tests.dashboard.servers import load

#: Requests in the saved file.
SAVED = [f"saved-{n}" for n in range(3)]


def test_the_empty_live_page_points_to_load_saved_requests(page, classroom):
    page.goto(classroom.url + "/")
    empty = page.locator("#no-stack")
    expect(empty).to_contain_text("Start the demo")
    link = empty.get_by_role("link", name="load saved requests")
    link.click()
    page.wait_for_url("**/requests#load-requests")
    expect(page.locator("#import-form")).to_be_visible()


def saved_file(dashboard) -> bytes:
    """The saved-requests file of the requests `SAVED` of the stack `saved-stack`, made on
    `dashboard`."""
    dashboard.post("/api/stacks", announcement("saved-stack"))
    dashboard.post("/api/events", [event for trace in SAVED
                                   for event in trace_events(trace, stack="saved-stack")])
    dashboard.wait_for("/api/traces?stack=saved-stack", lambda rows: len(rows) == len(SAVED))
    return exported(dashboard, SAVED).content


def test_a_file_loaded_in_another_tab_fills_the_open_live_pages_list(
        browser: Browser, dashboard, classroom):
    file = saved_file(dashboard)

    with opened_page(browser, viewport=DESKTOP) as live:
        live.goto(classroom.url + "/")
        expect(live.locator("#no-stack")).to_be_visible()
        expect(live.locator("#rows tr")).to_have_count(0)

        requests = live.context.new_page()  # the Requests page, in a second tab
        requests.goto(classroom.url + "/requests")
        requests.set_input_files("#import-form input[type=file]", files=[{
            "name": "saved.json", "mimeType": "application/json", "buffer": file}])
        requests.click("#import-form button[type=submit]")
        expect(requests.locator("#import-result")).to_contain_text("3")

        expect(live.locator("#live")).to_have_attribute("data-stack", "saved-stack")
        expect(live.locator('#diagram .node[data-node="composite:main"]')).to_have_count(1)
        expect(live.locator("#rows tr[data-trace]")).to_have_count(len(SAVED))
        expect(live.locator(f'#rows tr[data-trace="{SAVED[0]}"]')).to_be_visible()


def test_a_file_of_a_stack_running_here_lists_its_requests_on_the_open_live_page(
        browser: Browser, dashboard, classroom):
    """The stack runs, so the file announces no stack: its requests come all the same."""
    file = saved_file(dashboard)
    classroom.post("/api/stacks", announcement("saved-stack"))  # running here too

    with opened_page(browser, viewport=DESKTOP) as live:
        live.goto(classroom.url + "/?stack=saved-stack")
        expect(live.locator("#live")).to_have_attribute("data-stack", "saved-stack")
        expect(live.locator("#rows tr[data-trace]")).to_have_count(0)
        answer = load(classroom.url, file)
        assert answer.json()["kept_live"] == ["saved-stack"], answer.text
        expect(live.locator("#rows tr[data-trace]")).to_have_count(len(SAVED))


def test_a_file_loaded_in_another_tab_fills_the_open_requests_pages_list(
        browser: Browser, dashboard, classroom):
    """/requests subscribes to `loaded` as Live does: a file loaded elsewhere lists its
    requests there too, without a reload."""
    file = saved_file(dashboard)

    with opened_page(browser, viewport=DESKTOP) as listing:
        listing.goto(classroom.url + "/requests")
        expect(listing.locator("#rows tr[data-trace]")).to_have_count(0)

        loading = listing.context.new_page()
        loading.goto(classroom.url + "/requests")
        loading.set_input_files("#import-form input[type=file]", files=[{
            "name": "saved.json", "mimeType": "application/json", "buffer": file}])
        loading.click("#import-form button[type=submit]")
        expect(loading.locator("#import-result")).to_contain_text("3")

        expect(listing.locator("#rows tr[data-trace]")).to_have_count(len(SAVED))
