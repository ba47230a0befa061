"""The teacher's presenting page goes quiet (its laptop asleep, its tab closed) without pressing
*Present to viewers*: the class, on /follow, is told since when it has not been heard from, and
the note goes as soon as the page speaks again.

Both pages run on Playwright's clock: the teacher's is paused (a laptop asleep runs no timers)
and moved on by hand (it wakes); the viewers' is moved past the silence the note waits for.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.follow_page import open_viewer
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: The presenting page's heartbeat (presenter.js), and the silence after which viewers are told
#: (follower.js).
HEARTBEAT_MS = 15_000
SILENT_MS = 75_000
SILENT_NOTE = re.compile(r"^The teacher's page has not been heard from since\s+(\d\d:\d\d:\d\d):")


def test_viewers_are_told_when_the_teachers_page_goes_quiet(page, browser: Browser, dashboard,
                                                            stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    page.clock.install()
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    # NOTE: the teacher's time stands still from the start, and moves only by hand: pausing it
    # later can fire a heartbeat that the viewer then hears past the moment measured.
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.click('.stepper [data-action="present"]')
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        viewer.clock.install()
        viewer.reload()
        follow = viewer.locator("#follow")
        shown = viewer.locator("#follow-steps .stepper")
        note = viewer.locator(".follow-silent")
        expect(shown).to_have_attribute("data-index", "0")

        # The teacher's last move, heard by the viewer between `before` and `after`.
        before = viewer.evaluate("Date.now()")
        page.click('.stepper [data-action="forward"]')
        expect(shown).to_have_attribute("data-index", "1")
        after = viewer.evaluate("Date.now()")
        expect(note).to_be_hidden()

        # The teacher's laptop sleeps: no heartbeat. Just short of the silence, no note; past it,
        # the note, with the time of the last word; the step stays.
        viewer.clock.fast_forward(SILENT_MS - 5_000)
        expect(follow).to_have_attribute("data-silent", "false")
        viewer.clock.fast_forward(6_000)
        expect(follow).to_have_attribute("data-silent", "true")
        expect(note).to_be_visible()
        since = SILENT_NOTE.match(note.inner_text()).group(1)
        heard = viewer.evaluate("""([from, to]) => {
            const times = [];
            for (let t = from - from % 1000; t <= to; t += 1000) {
                times.push(new Date(t).toTimeString().slice(0, 8));
            }
            return times;
        }""", [before, after])
        assert since in heard, (since, heard)
        expect(follow).to_have_attribute("data-state", "following")
        expect(shown).to_have_attribute("data-index", "1")

        # It wakes: its next heartbeat, and the note goes.
        page.clock.run_for(HEARTBEAT_MS)
        expect(follow).to_have_attribute("data-silent", "false")
        expect(note).to_be_hidden()
        expect(shown).to_have_attribute("data-index", "1")

        # The tab is closed: the note comes back, for a latecomer too.
        page.close()
        viewer.clock.fast_forward(SILENT_MS + 1_000)
        expect(note).to_be_visible()
        late = viewer_context.new_page()
        late.goto(f"{dashboard.url}/follow")
        expect(late.locator("#follow-steps .stepper")).to_have_attribute("data-index", "1")
        expect(late.locator(".follow-silent")).to_be_hidden()
        viewer.clock.fast_forward(SILENT_MS + 1_000)
        expect(late.locator(".follow-silent")).to_be_visible()
        expect(late.locator(".follow-silent")).to_have_text(SILENT_NOTE)
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()
