"""The step view in projector mode on the screens a class has: a 1024×768 projector shows the
first step whole, without a page to scroll (the list of steps ran 98 px below the screen); each
step's environ table stays in the step's box (its columns, 14rem each, made it 715 px wide in
594, across the list of steps); on a phone the step has the width (beside a 22rem list, it was
30 px wide, its words a letter a line)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.line_breaks import mid_word_breaks
from tests.browser.screens import PHONE
from tests.browser.screens import XGA
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: How far the page scrolls each way, and the box of each part of the stepper.
WHERE = """() => {
  const box = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  };
  const page = document.scrollingElement;
  return {across: page.scrollWidth - innerWidth, down: page.scrollHeight - innerHeight,
    width: innerWidth, height: innerHeight,
    parts: Object.fromEntries(['.stepper-head', '.stepper-controls', '.step-diagram', '.step-now',
      '.step-hops'].map((selector) => [selector, box(selector)]))};
}"""

#: How far the shown step's environ table reaches past the inside of the step's box, in px.
TABLE_PAST = """() => {
  const now = document.querySelector('.step-now');
  const table = now.querySelector('.step:not([hidden]) .changes');
  const inside = now.getBoundingClientRect().right - now.clientLeft;
  return table ? table.getBoundingClientRect().right - inside : null;
}"""


def test_the_first_step_fits_a_1024_projector(browser, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    with opened_page(browser, viewport=XGA) as page:
        page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps?projector=1")
        expect(page.locator("body")).to_have_class("projector")
        expect(page.locator(".stepper")).to_have_attribute("data-index", "0")
        page.wait_for_load_state("load")
        seen = page.evaluate(WHERE)
        assert seen["across"] <= 0, f"the page scrolls {seen['across']} px sideways"
        assert seen["down"] <= 0, f"the page scrolls {seen['down']} px down at the first step"
        outside = {name: part for name, part in seen["parts"].items()
                   if part["top"] < 0 or part["bottom"] > seen["height"]
                   or part["left"] < 0 or part["right"] > seen["width"]}
        assert outside == {}, f"beyond the {seen['width']}×{seen['height']} screen: {outside}"


def test_each_steps_environ_table_stays_in_its_box(browser, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    with opened_page(browser, viewport=XGA) as page:
        page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps?projector=1")
        stepper = page.locator(".stepper")
        tables = 0
        for index in range(len(trace["events"])):
            page.click(f'.stepper .hop[data-index="{index}"]')
            expect(stepper).to_have_attribute("data-index", str(index))
            past = page.evaluate(TABLE_PAST)
            if past is not None:
                tables += 1
                assert past <= 0.5, f"step {index + 1}'s table runs {past:.0f} px past its box"
        assert tables > 0, "no step with an environ table"


def test_on_a_phone_the_step_takes_the_width(browser, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    with opened_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps?projector=1")
        expect(page.locator("body")).to_have_class("projector")
        page.wait_for_load_state("load")
        now = page.locator(".step-now").bounding_box()
        stepper = page.locator(".stepper").bounding_box()
        assert now["width"] >= 0.9 * stepper["width"], (now, stepper)
        page.click('.stepper .hop[data-index="1"]')  # a layer's step: its kind and name
        assert mid_word_breaks(page, ".step:not([hidden]) :is(.step-where, .step-text)") == []
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_each_environ_key_breaks_only_between_its_parts(browser, dashboard, stack):
    """A key wider than its 14rem column broke anywhere, `wsgiorg.routing_a|rgs`: a student may
    read two words. It breaks after a `.` or `_` alone."""
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    with opened_page(browser, viewport=XGA) as page:
        page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps?projector=1")
        stepper = page.locator(".stepper")
        keys = set()
        for index in range(len(trace["events"])):
            page.click(f'.stepper .hop[data-index="{index}"]')
            expect(stepper).to_have_attribute("data-index", str(index))
            shown = ".step:not([hidden]) .changes tbody th"
            keys |= set(page.locator(shown).all_inner_texts())
            assert mid_word_breaks(page, shown) == [], f"step {index + 1}"
        assert "wsgiorg.routing_args" in keys
