"""A lesson's stack this dashboard refused for its token: the note beside each disabled Run says
so, as the stack's line above it does, and what to do; it said "The stack is not running: start
it with the command above", of a stack the teacher had just started, which served on untraced."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.dashboard.servers import TEACHER_TOKEN
from tests.dashboard.servers import Stack

#: The note beside each Run while this dashboard refuses the lesson's stack (lessons.REFUSED_HELD).
REFUSED_HELD = ("The stack was refused by this dashboard (the line above says why): stop it and "
                "start it again with the command above, and Run is enabled as this dashboard "
                "takes it.")


def test_runs_note_says_the_stack_was_refused_not_that_it_is_not_running(page, guarded):
    page.goto(f"{guarded.url}/lessons/compute-demo?token={TEACHER_TOKEN}")
    page.wait_for_url(f"{guarded.url}/lessons/compute-demo")
    page.wait_for_load_state("load")
    run = page.locator("#step-1 button.run")
    why = page.locator("#step-1 .run-why")
    expect(why).to_contain_text("The stack is not running")

    # Started without the teacher's token: refused, and Run's note says the same, as it comes.
    stack = Stack(guarded.url)
    try:
        expect(page.locator(".lesson-stack")).to_contain_text(
            "refused by this dashboard (it sent no teacher's token)", timeout=20_000)
        expect(run).to_be_disabled()
        expect(why).to_have_text(REFUSED_HELD)
        expect(run).to_have_accessible_description(REFUSED_HELD)
        expect(page.locator("#lesson-said")).to_have_text(f"Run is disabled. {REFUSED_HELD}")
        # ... and as the page is opened again.
        page.reload()
        expect(why).to_have_text(REFUSED_HELD)
        expect(page.locator("#step-2 .run-why")).to_have_text(REFUSED_HELD)
    finally:
        stack.stop()
