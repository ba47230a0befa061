"""A long path, a lesson's long title or start command wraps inside its box on the compare page
and the lesson pages, at a laptop's 1280 px and a phone's 420 px. (A 300-character path made the
compare page 2,970 px wide; a 300-character title made a lesson's page 6,788 px wide and the
list of lessons 3,433; a long start command 1,699, its Run error 2,142; a long file name the
load error 2,079.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.in_sight import PAGE_WIDER
from tests.browser.in_sight import spills
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.servers import send
from tests.dashboard.uploading import load

#: One word of 300 characters: a title, a header's value, a query's name.
LONG = "x" * 300
LONG_PATH = "/v2.1/servers/" + "a" * 290
#: A lesson's name (its file name, at most 64 characters) is shown on its page and the list.
LONG_NAME = "n" * 64
#: A stack name as long as a lesson may give (100 characters): it is not running.
LONG_STACK = "k" * 100
#: Another, announced where nothing answers: a Run is asked for, and refused.
SILENT_STACK = "j" * 100

LESSON = f"""\
title = "Servers named {LONG}"
summary = "One server, {LONG}."
stack = "osapi_compute"
start = "python -m stack serve stack/demo/compute.ini --name osapi_compute"

[[step]]
title = "{LONG}"
method = "GET"
path = "{LONG_PATH}"
headers = {{ "X-Auth-Token" = "{TOKEN['X-Auth-Token']}", "X-Long" = "{LONG}" }}
notice = "Look at {LONG}."

[[step]]
method = "GET"
path = "/v2.1/servers?{LONG}=1"
notice = "A long query."
"""

STOPPED = f"""\
title = "A stack not started"
summary = "Its name and start command are long."
stack = "{LONG_STACK}"
start = "python -m stack serve /srv/{LONG}.ini --name {LONG_STACK}"

[[step]]
method = "GET"
path = "/"
notice = "The root."
"""
SILENT = STOPPED.replace(LONG_STACK, SILENT_STACK)


@pytest.fixture(params=[1280, 420], ids=["laptop", "phone"])
def screen(browser, request):
    with opened_page(browser, viewport={"width": request.param, "height": 800}) as page:
        yield page


@pytest.fixture(scope="module")
def long_path(dashboard, stack) -> str:
    return send(dashboard, stack, "GET", LONG_PATH, TOKEN)["trace"]


@pytest.fixture(scope="module")
def long_query(dashboard, stack) -> str:
    """A 401 with a long query string and header value (the compare page shows neither)."""
    return send(dashboard, stack, "GET", f"/v2.1/servers?{LONG}=1", {"X-Long": LONG})["trace"]


@pytest.fixture(scope="module")
def lessons(dashboard, stack) -> None:
    for name, text in ((f"{LONG_NAME}.toml", LESSON), ("stopped.toml", STOPPED),
                       ("silent.toml", SILENT)):
        status, _, answer = load(dashboard, name, text)
        assert status == 200, answer
    assert dashboard.post("/api/stacks", announcement(SILENT_STACK))[0] == 200


def right(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"]


def assert_wrapped_in(page: Page, cell, box: str) -> None:
    """`cell` is no wider than `box` (read at once, not across the page) and takes lines, but
    not a column of a few letters (70 px and 50 lines on a phone)."""
    inside, outer = cell.bounding_box(), page.locator(box).bounding_box()
    assert inside["width"] <= outer["width"] + 1, (inside, outer)
    assert inside["width"] >= 150, inside
    assert inside["height"] > 40, "the path is not wrapped"


def test_compare_wraps_a_long_path(screen, dashboard, long_path, long_query):
    screen.goto(f"{dashboard.url}/compare?a={long_path}&b={long_query}")
    path = screen.locator('.compare-heads tr[data-side="a"] td').first
    expect(path).to_contain_text(LONG_PATH[:50])
    assert not screen.evaluate(PAGE_WIDER)
    assert_wrapped_in(screen, path, ".compare")
    # Both statuses are in sight, not 2,500 px along the table.
    for side in "ab":
        status = screen.locator(f'.compare-heads tr[data-side="{side}"] td').nth(1)
        box = status.bounding_box()
        assert box["x"] + box["width"] <= right(screen, ".compare") + 1, box
    if screen.viewport_size["width"] > 1000:  # on a phone the tables scroll in their box
        assert spills(screen, ".compare") == []


def test_compare_with_wraps_a_long_path(screen, dashboard, long_path, long_query):
    screen.goto(f"{dashboard.url}/compare?a={long_query}")
    path = screen.locator(f'.compare-choices tr[data-trace="{long_path}"] td', has_text="GET")
    expect(path).to_contain_text(LONG_PATH[:50])
    assert not screen.evaluate(PAGE_WIDER)
    assert_wrapped_in(screen, path, ".compare")
    if screen.viewport_size["width"] > 1000:
        assert spills(screen, ".compare") == []


def test_the_lessons_list_wraps_a_long_title(screen, dashboard, lessons):
    screen.goto(f"{dashboard.url}/lessons")
    expect(screen.locator(f'[data-lesson="{LONG_NAME}"]')).to_contain_text(LONG[:50])
    assert not screen.evaluate(PAGE_WIDER)
    assert spills(screen, "#lesson-list") == []


def test_a_lesson_wraps_its_long_title_path_header_and_query(screen, dashboard, lessons):
    screen.goto(f"{dashboard.url}/lessons/{LONG_NAME}")
    expect(screen.locator("#step-1 .request-extra")).to_contain_text(LONG[:50])
    expect(screen.locator("#step-2 h2")).to_contain_text(LONG[:50])
    assert not screen.evaluate(PAGE_WIDER)
    assert spills(screen, ".lesson") == []


def test_a_stopped_stacks_long_start_command_wraps(screen, dashboard, lessons):
    screen.goto(f"{dashboard.url}/lessons/stopped")
    screen.wait_for_load_state("load")
    expect(screen.locator(".lesson-stack .start")).to_contain_text(LONG[:50])
    expect(screen.locator("#step-1 button.run")).to_be_disabled()
    expect(screen.locator("#step-1 .run-why")).to_be_visible()
    assert not screen.evaluate(PAGE_WIDER)
    assert spills(screen, ".lesson") == []
    # A Run's error quotes the command too: a stack announced that does not answer.
    screen.goto(f"{dashboard.url}/lessons/silent")
    screen.wait_for_load_state("load")  # the Run button is htmx's
    screen.locator("#step-1 button.run").click()
    expect(screen.locator('#step-1 .lesson-result[data-state="error"]')).to_contain_text(
        "does not answer")
    expect(screen.locator('#step-1 .lesson-result[data-state="error"]')).to_contain_text(
        LONG[:50])
    assert not screen.evaluate(PAGE_WIDER)
    assert spills(screen, ".lesson") == []


def test_a_load_error_wraps_a_long_file_name(screen, dashboard):
    screen.goto(f"{dashboard.url}/lessons")
    name = "y" * 200 + ".toml"
    screen.set_input_files("#lesson-file", files=[
        {"name": name, "mimeType": "text/plain", "buffer": LESSON.encode()}])
    expect(screen.locator("#lesson-load-error")).to_contain_text(name[:50])
    assert not screen.evaluate(PAGE_WIDER)
    assert spills(screen, "#lesson-load") == []
