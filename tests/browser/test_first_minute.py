"""A class's first minute, in headless Chromium at a projector's size: a dashboard with no stack
and no request yet says so where a learner looks (the Send form, the request list) instead of
showing an empty table and a Send button that answers in the API's words, and both notes go as
the first stack and the first request arrive. "Compare two…" on a short list says what to do
first: send requests (the teacher), wait for them (a viewer, who cannot send), or widen the
filters that hide the others."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import XGA
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import BEARER

#: Notes when the page's stream has connected: a message sent before that never reaches it.
NOTE_STREAM = "document.addEventListener('htmx:sseOpen', () => { window.streaming = true; })"


def test_no_stack_and_no_request_are_said_until_they_come(browser, classroom):
    with opened_page(browser, viewport=XGA) as page:
        page.add_init_script(NOTE_STREAM)
        page.goto(classroom.url + "/")
        form = page.locator("#send-form")
        expect(form.get_by_role("button", name="Send")).to_be_disabled()
        expect(form.locator("#send-unavailable")).to_have_text(
            "Sending is off: no stack is running yet to send to. Start one (the command is "
            "where the diagram will be), and this form sends to it.")
        empty = page.locator("#requests [data-no-rows]")
        expect(empty).to_be_visible()
        expect(empty).to_contain_text("No requests yet")
        page.wait_for_function("window.streaming")

        # The first stack brings its own form, which sends.
        assert classroom.post("/api/stacks", announcement("first"))[0] == 200
        expect(page.locator("#live")).to_have_attribute("data-stack", "first")
        expect(form.get_by_role("button", name="Send")).to_be_enabled()
        expect(page.locator("#send-unavailable")).to_have_count(0)

        # The first request is listed, and the note goes.
        assert classroom.post("/api/events", trace_events("first-1", stack="first"))[0] == 202
        expect(page.locator('#rows tr[data-trace="first-1"]')).to_be_visible()
        expect(empty).to_be_hidden()


def test_no_stack_is_said_once_and_the_player_waits_for_one(browser, classroom):
    """An empty Live said "No stack has announced itself yet." and "No stack has reported
    yet.", and showed Speed, Replay and Present, which could do nothing: one sentence, saying
    why those wait, and they come with the first stack."""
    with opened_page(browser, viewport=XGA) as page:
        page.add_init_script(NOTE_STREAM)
        page.goto(classroom.url + "/")
        no_stack = page.locator("#no-stack")
        expect(no_stack).to_be_visible()
        assert page.locator("#live").inner_text().count("No stack") == 1
        expect(no_stack).to_contain_text("Replay, its speed and Present to viewers come with a "
                                         "stack's diagram: until then there is no request to "
                                         "play or to show.")
        player = page.locator("#player")
        for control in (player.locator("#speed"), player.get_by_role("button", name="Replay"),
                        player.get_by_role("button", name="Present to viewers")):
            expect(control).to_be_hidden()
        page.wait_for_function("window.streaming")

        assert classroom.post("/api/stacks", announcement("first"))[0] == 200
        expect(page.locator("#live")).to_have_attribute("data-stack", "first")
        expect(player.locator("#speed")).to_be_visible()
        expect(player.get_by_role("button", name="Present to viewers")).to_be_visible()


def test_the_requests_page_says_it_has_none_yet_but_not_under_a_filter(browser, classroom):
    with opened_page(browser, viewport=XGA) as page:
        page.goto(classroom.url + "/requests")
        empty = page.locator("#requests [data-no-rows]")
        expect(empty).to_be_visible()
        expect(empty).to_contain_text("No requests yet")
        expect(page.locator("#requests [data-no-match]")).to_be_hidden()

        # Filtered, the list says the filters match nothing, not that there is nothing.
        page.goto(classroom.url + "/requests?status=404")
        expect(page.locator("#requests [data-no-match]")).to_be_visible()
        expect(page.locator("#requests [data-no-rows]")).to_be_hidden()


def picking_two(page, url: str):
    """The request list at `url`, streaming, with "Compare two…" pressed: its hint."""
    page.add_init_script(NOTE_STREAM)
    page.goto(url + "/requests")
    page.wait_for_function("window.streaming")
    page.get_by_role("button", name="Compare two…").click()
    return page.locator("#requests [data-compare-hint]")

def test_compare_two_on_a_short_list_says_what_to_do_first(browser, classroom):
    with opened_page(browser, viewport=XGA) as page:
        hint = picking_two(page, classroom.url)
        expect(hint).to_have_text("nothing to compare yet: send two requests first (Live's Send "
                                  "form, or a lesson's steps), then pick them here")

        # The hint follows the requests as they arrive while picking.
        assert classroom.post("/api/events", trace_events("first-1"))[0] == 202
        expect(hint).to_have_text("only one request is listed: send another first, then pick "
                                  "the two")
        assert classroom.post("/api/events", trace_events("first-2"))[0] == 202
        expect(hint).to_have_text("pick two requests to compare them")
        page.get_by_role("button", name="Compare two…").click()
        expect(hint).to_have_text("")

        # Filtered to one, the filters are what to change, not the requests sent.
        assert classroom.post("/api/events", trace_events("first-3", path="/v1/others"))[0] == 202
        expect(page.locator('#rows tr[data-trace="first-3"]')).to_be_visible()
        page.get_by_role("button", name="Compare two…").click()
        page.fill('#request-filters input[name="path"]', "others")
        expect(page.locator("#rows tr[data-trace]")).to_have_count(1)
        expect(hint).to_have_text("only one request matches the filters: widen them, then pick two")
        page.goto(classroom.url + "/requests?path=others")
        page.get_by_role("button", name="Compare two…").click()
        expect(hint).to_have_text("only one request matches the filters: widen them, then pick two")

        # Filtered to none, the filters are what to change.
        page.goto(classroom.url + "/requests?status=404")
        page.get_by_role("button", name="Compare two…").click()
        expect(hint).to_have_text("no request matches the filters: widen them, then pick two")


def test_compare_two_tells_a_viewer_to_wait_for_the_teachers_requests(browser, guarded):  # noqa: F811
    with opened_page(browser, viewport=XGA) as page:
        hint = picking_two(page, guarded.url)
        expect(hint).to_have_text("nothing to compare yet: wait for the teacher's requests, listed "
                                  "here as they are served, then pick two (Follow shows each one "
                                  "the teacher presents)")
        assert guarded.post("/api/events", trace_events("class-1"), headers=BEARER)[0] == 202
        expect(hint).to_have_text("only one request is listed: wait for the teacher's next, then "
                                  "pick the two")
