"""A Live page opened before any stack announced itself, in headless Chromium: when stacks
appear, it draws the one `/` opens (the one started most recently), as a reload would, not the
picker's first by name."""

from __future__ import annotations

import re

from playwright.sync_api import Route
from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.sse import SSEReader

#: Two stacks, the one started later last by name.
OLDER, NEWER = "alpha-older", "zeta-newer"
#: Notes when the page's stream has connected: a message sent before that never reaches it.
NOTE_STREAM = "document.addEventListener('htmx:sseOpen', () => { window.streaming = true; })"


def test_the_page_draws_the_stack_started_last_as_a_reload_would(page, classroom):
    reader = SSEReader(classroom.url + "/api/stream")

    def both_announced(route: Route) -> None:
        """Hold the page's stream until both stacks have announced themselves, one after the
        other, and the dashboard has said so; the page then hears of both at once, as when the
        dashboard gathers both announcements into one picker: its stream resumes at the picker
        naming both (resumed after its list, it is sent the picker naming the older first, as
        a page connected all along is, and draws that one)."""
        assert classroom.post("/api/stacks", announcement(OLDER))[0] == 200
        assert classroom.post("/api/stacks", announcement(NEWER))[0] == 200
        both = reader.until(
            lambda m: m["event"] == "stacks" and f'data-stack-item="{NEWER}"' in m["data"])[-1]
        route.continue_(url=re.sub(r"after=\d+", f"after={int(both['id']) - 1}", route.request.url))

    try:
        page.route("**/api/stream?*", both_announced, times=1)
        page.add_init_script(NOTE_STREAM)
        page.goto(classroom.url + "/")
        expect(page.locator("#no-stack")).to_be_visible()
        page.wait_for_function("window.streaming")
        # Announcing itself again (as a stack does every 30 s) keeps when it started.
        assert classroom.post("/api/stacks", announcement(OLDER))[0] == 200
        expect(page.locator("#live")).to_have_attribute("data-stack", NEWER)
        expect(page.locator('#diagram .node[data-node="composite:main"]')).to_have_count(1)
        expect(page.locator(f'#stack-picker [data-stack-link="{NEWER}"]')).to_have_attribute(
            "aria-current", "page")
        page.reload()
        expect(page.locator("#live")).to_have_attribute("data-stack", NEWER)
    finally:
        reader.close()
