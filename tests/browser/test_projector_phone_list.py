"""The request list (/requests and Live's) on a phone in projector mode: no header drawn over
another, each path on a line of its own wide enough to read, wrapping after a `/`, and every
cell on screen. (Its em columns, in projector type, were wider than the phone: the path's was
14 px, a character a line, and "path" was drawn over "status".) On a 4:3 projector in
projector mode too, a path wraps after a `/` rather than being cut: its column held 14
characters, and a lesson's "/v2.1/servers/999" was drawn "/v2.1/servers/…", as the next
step's "/v2.1/servers/2/action" was. On a laptop, a request stays one line: a path longer
than its column is cut there, not wrapped at a `/`. A request opened on
Live (its replay's line, its timeline) keeps the page within the phone's width too."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.in_sight import OUT_OF_SIGHT
from tests.browser.line_breaks import DRAWN
from tests.browser.line_breaks import mid_word_breaks
from tests.browser.screens import PHONE
from tests.browser.screens import SMALL_PROJECTOR
from tests.browser.screens import XGA
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: Longer than a line of the phone, in parts that each fit one.
PATH = "/v2.1/servers/0123456789abcdef/metadata/key"
#: Longer than the path's column on a laptop, in either type, yet shown whole (no longer than
#: `dashboard.shortened.LONGEST`): cut by the column, not in its middle.
LONG_PATH = "/v2.1" + "/servers/0123456789abcdef" * 3 + "/servers/0123456789"
#: The fewest characters a path's line must hold: "/v2.1/servers/" and a part after it.
PATH_CHARACTERS = 20

#: The boxes of the list's headers; how many characters of its font the row's path cell holds
#: across; and the path's text as it is drawn, line by line.
MEASURE = """(row) => {
  const drawnOf = """ + DRAWN + """;
  const headers = Array.from(document.querySelectorAll('.request-table th'), (th) => {
    const r = th.getBoundingClientRect();
    return {text: th.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  const path = row.querySelector('td.path');
  const style = getComputedStyle(path);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const room = path.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const lines = [];
  let top = null;
  for (const {character, top: drawnTop} of drawnOf(path)) {
    const y = drawnTop ?? 0;  // one not drawn stays on the line it is in
    if (top === null || y > top + 1) { lines.push(''); top = y; }
    lines[lines.length - 1] += character;
  }
  return {headers, characters: room / context.measureText('0').width, lines};
}"""


@pytest.fixture(scope="module")
def recorded(dashboard, stack) -> dict[str, str]:
    """The trace ids of the requests for `PATH` and `LONG_PATH`, after a shorter one."""
    send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    return {path: send(dashboard, stack, "GET", path, TOKEN)["trace"]
            for path in (PATH, LONG_PATH)}


def overlap(a: dict, b: dict) -> bool:
    """Whether two boxes share more than a hairline."""
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5)


@pytest.mark.parametrize("url", ["/requests?projector=1", "/?stack=osapi_compute&projector=1"],
                         ids=["requests", "live"])
def test_the_request_list_reads_on_a_phone_in_projector_mode(browser, dashboard, recorded, url):
    with opened_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(dashboard.url + url)
        expect(page.locator("body")).to_have_class("projector")
        row = page.locator(f'#rows tr[data-trace="{recorded[PATH]}"]')
        expect(row.locator("td.path")).to_have_text(PATH)
        page.wait_for_load_state("load")
        seen = row.evaluate(MEASURE)
        overlapping = [(a["text"], b["text"])
                       for a, b in itertools.combinations(seen["headers"], 2) if overlap(a, b)]
        assert overlapping == [], seen["headers"]
        assert seen["characters"] >= PATH_CHARACTERS, seen
        lines = seen["lines"]
        assert "".join(lines) == PATH and len(lines) > 1, lines
        assert [line for line in lines[:-1] if not line.endswith("/")] == [], lines
        assert page.evaluate(OUT_OF_SIGHT, ".request-table th, #rows td") == []


@pytest.mark.parametrize("url", ["/requests", "/requests?projector=1"])
def test_a_long_path_stays_on_its_row_on_a_laptop(browser, dashboard, recorded, url):
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(dashboard.url + url)
        path = page.locator(f'#rows tr[data-trace="{recorded[LONG_PATH]}"] td.path')
        expect(path).to_have_text(LONG_PATH)
        page.wait_for_load_state("load")
        assert path.evaluate("cell => cell.scrollWidth > cell.clientWidth"), "the path is not cut"
        assert path.locator("xpath=..").evaluate(MEASURE)["lines"] == [LONG_PATH]


#: A lesson's request whose path the list's column on a 4:3 projector held cut, as it did the
#: next step's (`/v2.1/servers/2/action`).
LESSON_PATH = "/v2.1/servers/999"


@pytest.mark.parametrize("url", ["/requests?projector=1", "/?stack=osapi_compute&projector=1"],
                         ids=["requests", "live"])
def test_a_lessons_path_is_shown_whole_on_a_4_3_projector(browser, dashboard, stack, url):
    trace = send(dashboard, stack, "GET", LESSON_PATH, TOKEN)["trace"]
    with opened_page(browser, viewport=XGA) as page:
        page.goto(dashboard.url + url)
        path = page.locator(f'#rows tr[data-trace="{trace}"] td.path')
        expect(path).to_have_text(LESSON_PATH)
        page.wait_for_load_state("load")
        assert path.evaluate("cell => cell.scrollWidth <= cell.clientWidth"), "the path is cut"
        lines = path.locator("xpath=..").evaluate(MEASURE)["lines"]
        assert "".join(lines) == LESSON_PATH, lines
        assert [line for line in lines[:-1] if not line.endswith("/")] == [], lines


#: The send form's controls whose box leaves the window sideways.
SENT_OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("#send-form :is(select, input, button)"))
    .filter((control) => control.getClientRects().length)
    .filter((control) => {
      const r = control.getBoundingClientRect();
      return r.left < 0 || r.right > width + 0.5;
    }).map((control) => `${control.name || control.textContent.trim()}: ` +
      `${Math.round(control.getBoundingClientRect().right)} px of ${width}`);
}"""


def test_live_does_not_scroll_sideways_on_a_phone_in_projector_mode(browser, dashboard, recorded):
    """The preset's longest option ("… body too large (413)") made its select, and so Live, wider
    than the phone: the class saw half a page, and scrolled sideways to find the rest."""
    with opened_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(dashboard.url + "/?stack=osapi_compute&projector=1")
        expect(page.locator("#send-form select[name=preset]")).to_be_visible()
        page.wait_for_load_state("load")
        assert page.evaluate(SENT_OFF_SCREEN) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_request_opened_on_live_stays_in_a_phones_width(browser, dashboard, recorded):
    """Live, a request's row clicked on a phone in projector mode: its timeline's layer, status
    and two times (505 px wide) made the page scroll 144 px sideways, and its replay's line
    above the diagram, the long path on one line, 308 px."""
    with opened_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(dashboard.url + "/?stack=osapi_compute&projector=1")
        page.locator(f'#rows tr[data-trace="{recorded[PATH]}"] .row-show').click()
        timeline = page.locator(f'.request-detail[data-trace="{recorded[PATH]}"] .timeline')
        expect(timeline.locator("td.layer").first).to_be_visible()
        expect(page.locator("#now-playing")).to_contain_text(PATH)
        page.wait_for_load_state("load")
        page_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert page_width <= PHONE["width"], f"the page is {page_width} px wide"
        shown = "#now-playing, .timeline th, .timeline td:not(.bar-cell)"
        assert page.evaluate(OUT_OF_SIGHT, shown) == []
        assert mid_word_breaks(page, ".timeline td.layer") == []
