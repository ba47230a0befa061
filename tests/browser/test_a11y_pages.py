"""Every page to a screen reader and the keyboard: one h1 and no heading level skipped, a first
Tab that offers to skip the header's links (readable in projector mode too), a timeline's bars
in words, file inputs named by the words beside them, the ini page's Entry select keeps the
focus as the arrow keys pick entries, and picking requests to compare says it started and
which are picked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.colours import AA_TEXT
from tests.browser.colours import contrast
from tests.browser.colours import rendered
from tests.browser.upload_page import upload
from tests.conftest import NOVA
from tests.dashboard.samples import trace_events

#: The headings a screen reader lists (hidden ones aside), as [level, text].
HEADINGS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter((h) => h.checkVisibility())
  .map((h) => [Number(h.tagName[1]), h.textContent.trim().replace(/\\s+/g, ' ')])"""


@pytest.fixture(scope="module")
def traces(dashboard) -> tuple[str, str]:
    ok, denied = "a11y-pages-ok", "a11y-pages-denied"
    events = trace_events(ok) + trace_events(denied, denied=True)
    assert dashboard.post("/api/events", events)[0] == 202
    return ok, denied


def uploaded(page: Page, dashboard) -> str:
    upload(page, dashboard, NOVA)
    return page.url.removeprefix(dashboard.url)


def test_every_page_has_one_h1_and_no_level_skipped(page: Page, dashboard, stack, traces):
    ok, denied = traces
    ini = uploaded(page, dashboard)
    pages = {"/?stack=osapi_compute": "Live", "/requests": "Requests",
             f"/requests/{ok}": "GET /v1/items", f"/requests/{ok}/steps": "Steps of GET /v1/items",
             "/lessons": "Lessons", "/lessons/compute-demo": "The compute demo",
             f"/compare?a={ok}": "Compare requests",
             f"/compare?a={ok}&b={denied}": "Compare requests",
             "/inis": "Upload an ini", ini: "nova-api-paste.ini", "/follow": "Follow the teacher",
             "/glossary": "Glossary"}
    for url, title in pages.items():
        page.goto(dashboard.url + url)
        page.wait_for_load_state("load")
        headings = page.evaluate(HEADINGS)
        levels = [level for level, _ in headings]
        assert levels.count(1) == 1 and levels[0] == 1, (url, headings)
        assert headings[0][1].startswith(title), (url, headings)
        skipped = [(a, b) for a, b in zip(headings, headings[1:], strict=False) if b[0] > a[0] + 1]
        assert skipped == [], (url, headings)


@pytest.mark.parametrize("url", ["/?stack=osapi_compute", "/requests", "/lessons", "/glossary"])
def test_the_first_tab_offers_to_skip_the_header(page: Page, dashboard, stack, url):
    page.goto(dashboard.url + url)
    page.wait_for_load_state("load")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    assert page.evaluate("Boolean(document.activeElement.closest('main'))"), url


def test_the_skip_link_is_readable_in_projector_mode(page: Page, dashboard):
    page.goto(dashboard.url + "/requests?projector=1")
    expect(page.locator("body")).to_have_class(re.compile(r"\bprojector\b"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    text, background = rendered(page, ".skip-link")
    assert contrast(text, background) >= AA_TEXT, (text, background)


def test_the_timelines_bars_are_said_in_words(page: Page, dashboard, traces):
    ok, _ = traces
    page.goto(f"{dashboard.url}/requests/{ok}")
    timeline = page.locator("table.timeline")
    expect(timeline.get_by_role("columnheader", name="when (ms from the start)")).to_have_count(1)
    request = timeline.get_by_role("row").nth(1)
    total = request.get_by_role("cell").nth(2).inner_text()
    expect(request.get_by_role("cell").nth(4)).to_have_accessible_name(f"0.000 to {total}")


def test_live_says_what_would_this_url_hit_as_a_section(page: Page, dashboard, stack):
    page.goto(dashboard.url + "/?stack=osapi_compute")
    expect(page.get_by_role("heading", level=2, name="What would this URL hit?")).to_be_visible()


@pytest.mark.parametrize(("url", "name", "input_id"), [
    ("/inis", "Drop an api-paste.ini here, or choose one:", "upload-file"),
    ("/lessons", "Load your own lesson (a .toml file, see the bundled ones for the format):",
     "lesson-file"),
])
def test_a_file_input_is_named_by_its_words(page: Page, dashboard, url, name, input_id):
    page.goto(dashboard.url + url)
    expect(page.get_by_label(name)).to_have_id(input_id)


def test_the_entry_select_keeps_the_focus_as_arrows_pick(page: Page, dashboard):
    uploaded(page, dashboard)
    section = page.locator("#ini")
    select = page.get_by_role("combobox", name="Entry")
    select.focus()
    for _ in range(2):
        before = section.get_attribute("data-entry")
        page.keyboard.press("ArrowUp")  # it opens on the last entry
        expect(section).not_to_have_attribute("data-entry", before)
        expect(page.get_by_role("combobox", name="Entry")).to_be_focused()


def test_picking_to_compare_is_said_and_marks_the_picked(page: Page, dashboard, traces):
    ok, denied = traces
    page.goto(dashboard.url + "/requests")
    hint = page.locator("#requests [data-compare-hint]")
    expect(hint).to_have_attribute("role", "status")
    expect(hint).to_be_empty()
    page.get_by_role("button", name="Compare two…").click()
    expect(hint).to_have_text("pick two requests to compare them")
    button = page.locator(f'#rows tr[data-trace="{ok}"] .row-show')
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")  # picked again: unpicked
    expect(button).not_to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")
    page.locator(f'#rows tr[data-trace="{denied}"] .row-show').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/compare?a={ok}&b={denied}")


def test_the_request_and_compare_tables_are_named(page: Page, dashboard, traces):
    """A screen reader's list of tables names the requests' by its heading, and compare's
    first column says what its A and B are."""
    ok, denied = traces
    for path in ("/", "/requests"):
        page.goto(dashboard.url + path)
        expect(page.get_by_role("table", name=re.compile(r"^Requests \(newest first"))
               ).to_have_count(1)
    page.goto(f"{dashboard.url}/compare?a={ok}&b={denied}")
    expect(page.locator("table.compare-heads").get_by_role("columnheader", name="side")
           ).to_have_count(1)
