"""A lesson's Run button, disabled while its stack is not running, read from the back of a room:
in projector mode on a 4:3 projector it was Chromium's disabled grey on a grey fill on black
(about 1.2:1). Its text now reads at WCAG AA on what it is drawn on, and it still looks apart
from the enabled button a teacher can click."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.colours import AA_TEXT
from tests.browser.colours import contrast
from tests.browser.colours import rendered
from tests.browser.lesson_file import TEACHERS_LESSON
from tests.browser.screens import MODES
from tests.browser.screens import XGA
from tests.dashboard.samples import announcement
from tests.dashboard.uploading import load

RUN = "#step-1 button.run"
#: How the button is drawn, besides its colours: what tells a disabled one from the other.
LOOK = """e => { const s = getComputedStyle(e);
  return [s.color, s.backgroundColor, s.borderStyle, s.borderColor, s.cursor]; }"""


def test_a_disabled_run_reads_on_a_projector_and_still_looks_disabled(browser, dashboard):
    status, _, answer = load(dashboard, "unstarted.toml", TEACHERS_LESSON.replace(
        b'"osapi_compute"', b'"unstarted"').decode())
    assert status == 200, answer
    with opened_page(browser, viewport=XGA) as page:
        page.goto(dashboard.url + "/lessons/unstarted" + MODES["projector"])
        page.wait_for_load_state("load")
        run = page.locator(RUN)
        expect(run).to_be_disabled()
        expect(page.locator("body")).to_have_class("projector")
        text, background = rendered(page, RUN)
        ratio = contrast(text, background)
        assert ratio >= AA_TEXT, f"disabled Run: {text} on {background} is {ratio:.2f}:1"
        disabled = run.evaluate(LOOK)

        dashboard.post("/api/stacks", announcement("unstarted"))
        expect(run).to_be_enabled()
        assert run.evaluate(LOOK) != disabled, "the disabled Run looks like the enabled one"
        text, background = rendered(page, RUN)
        assert contrast(text, background) >= AA_TEXT
