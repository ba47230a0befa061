"""Rough edges a teacher at a projector and a student on a phone met, as each sees them: the
projector toggle in reach however far a page is scrolled; a step's kind tag as large as the
projected words around it; a lesson's Run error breaking its start command between words; the
Send form's Headers box showing a header's line whole on a phone in projector mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.in_sight import DRAWN_ON_TOP
from tests.browser.lesson_file import TEACHERS_LESSON
from tests.browser.line_breaks import WORD_BREAKS
from tests.browser.line_breaks import mid_word_breaks
from tests.browser.pixels import pixels_of
from tests.browser.screens import MODES
from tests.browser.screens import PHONE
from tests.browser.screens import SCREENS
from tests.browser.text_sizes import PROJECTOR_PX
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.servers import send


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_projector_toggle_stays_at_the_top_of_a_scrolled_page(browser, dashboard, screen,
                                                                   mode):
    with opened_page(browser, viewport=SCREENS[screen]) as page:
        page.goto(f"{dashboard.url}/lessons/compute-demo{MODES[mode]}")
        page.wait_for_load_state("load")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height > 2 * SCREENS[screen]["height"], "too short to scroll: nothing checked"
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function("scrollY > innerHeight")
        toggle = page.locator('header.top [data-action="projector"]')
        box = toggle.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 100, box
        assert box["x"] + box["width"] <= SCREENS[screen]["width"], box
        assert toggle.evaluate(DRAWN_ON_TOP)
        toggle.click()
        if mode == "projector":
            expect(page.locator("body")).not_to_have_class("projector")
        else:
            expect(page.locator("body")).to_have_class("projector")


#: The brightness (R + G + B) of the header's bar, #102a43.
BAR = 16 + 42 + 67


@pytest.mark.parametrize("mode", MODES)
def test_the_headers_links_on_a_phone_show_that_more_lie_past_the_edge(browser, dashboard,
                                                                      mode):
    """On a phone the links scroll sideways on a line of their own: Follow and Glossary lay past
    the edge, only a cut-off word saying so. A light shade at the line's end says it, as a
    scroll box's does (test_scroll_hints.py), and none once scrolled to the end."""
    with opened_page(browser, viewport=PHONE) as page:
        page.goto(f"{dashboard.url}/glossary{MODES[mode]}")
        page.wait_for_load_state("load")
        nav = page.locator("header.top nav")
        assert nav.evaluate("n => n.scrollWidth > n.clientWidth + 20"), "the links all fit"
        page.add_style_tag(content="header.top nav a { visibility: hidden; }")

        def brightest_at(end: str) -> int:
            box = nav.bounding_box()
            x = box["x"] + box["width"] - 4 if end == "right" else box["x"]
            drawn = pixels_of(page, {"x": x, "y": box["y"] + box["height"] / 2 - 2,
                                     "width": 4, "height": 4}, animations="disabled")
            return max(drawn.brightness(x, y) for x in range(drawn.width)
                       for y in range(drawn.height))

        assert brightest_at("right") > BAR + 60, "no shade where more links lie past the edge"
        assert brightest_at("left") < BAR + 6, "a shade before the first link"
        nav.evaluate("n => { n.scrollLeft = n.scrollWidth; }")
        assert brightest_at("right") < BAR + 6, "a shade past the last link"
        assert brightest_at("left") > BAR + 60, "no shade where links lie before the edge"


#: Each kind tag's font size, in CSS px, with that of the text it stands in.
KIND_TAGS = """selector => [...document.querySelectorAll(selector)].map(tag => ({
  tag: parseFloat(getComputedStyle(tag).fontSize),
  around: parseFloat(getComputedStyle(tag.parentElement.closest('.hop, p')).fontSize)}))"""


@pytest.mark.parametrize("screen", SCREENS)
def test_a_steps_kind_tag_is_as_large_as_the_projected_words_around_it(browser, dashboard,
                                                                      stack, screen):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"]
    with opened_page(browser, viewport=SCREENS[screen]) as page:
        page.goto(f"{dashboard.url}/requests/{trace}/steps?projector=1")
        expect(page.locator("body")).to_have_class("projector")
        expect(page.locator(".step-hops .hop .kind-tag").first).to_be_visible()
        hops = page.evaluate(KIND_TAGS, ".step-hops .hop .kind-tag")
        assert hops and all(seen["tag"] == seen["around"] >= PROJECTOR_PX for seen in hops), hops
        step = page.evaluate(KIND_TAGS, ".step-where .kind-tag")
        assert step and all(seen["tag"] == seen["around"] for seen in step), step


@pytest.mark.parametrize("mode", MODES)
def test_a_lessons_run_error_breaks_its_start_command_between_words(browser, dashboard, mode):
    with opened_page(browser, viewport=PHONE) as page:
        page.goto(dashboard.url + "/lessons")
        page.set_input_files("#lesson-file", files=[{
            "name": "nowhere.toml", "mimeType": "text/plain",
            "buffer": TEACHERS_LESSON.replace(b'"osapi_compute"', b'"nowhere"')}])
        page.wait_for_url("**/lessons?loaded=nowhere")
        # Announced where nothing answers: the Run is asked for (a stack not started has its
        # Run disabled), and refused with the command that starts the stack.
        dashboard.post("/api/stacks", announcement("nowhere"))
        page.goto(f"{dashboard.url}/lessons/nowhere{MODES[mode]}")
        page.wait_for_load_state("load")
        page.locator("#step-1 button.run").click()
        error = page.locator('#step-1 .lesson-result[data-state="error"] p')
        expect(error).to_contain_text("--trace-to")
        assert error.evaluate("p => p.getBoundingClientRect().height"
                              " > 3 * parseFloat(getComputedStyle(p).fontSize)"), "not wrapped"
        assert mid_word_breaks(page, '#step-1 .lesson-result[data-state="error"] p',
                               WORD_BREAKS) == []


#: The Headers box: how wide it is, how wide its first line is drawn in its font, and whether
#: its text runs onto more lines than the one it holds.
HEADERS_BOX = """() => {
  const box = document.querySelector('#send-form textarea[name="headers"]');
  const style = getComputedStyle(box);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontSize} ${style.fontFamily}`;
  const inside = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {width: inside, name: context.measureText(box.value.split(':')[0] + ':').width,
    wrapped: box.scrollHeight > box.clientHeight + 1, value: box.value};
}"""


def test_the_headers_box_shows_a_headers_name_whole_on_a_phone_in_projector_mode(
        browser, dashboard, stack):
    with opened_page(browser, viewport=PHONE) as page:
        page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
        expect(page.locator("body")).to_have_class("projector")
        headers = page.locator('#send-form textarea[name="headers"]')
        headers.fill("X-Auth-Token: demo-token")
        seen = page.evaluate(HEADERS_BOX)
        assert seen["name"] <= seen["width"] and not seen["wrapped"], seen
        # The page is not widened sideways for it.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
