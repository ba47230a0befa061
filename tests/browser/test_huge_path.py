"""A path of 7,000 characters (eventlet takes a request line of up to 8 KiB) at a projector's
1280×720: the headings that name its request show it shortened, a line or two, and the path is
there whole, folded below them, to read and copy. (Whole, the heading of the step view filled
the first screen and pushed the step controls out of sight; Live's row on a phone was 200
lines tall.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import NARROW
from tests.browser.screens import SMALL_PROJECTOR
from tests.conftest import TOKEN
from tests.dashboard.servers import send

PATH = "/v2.1/servers/" + "a" * 6990 + "/action"

#: About how many lines of its own type an element is tall (`line-height: normal`: 1.2 em).
LINES = "e => e.getBoundingClientRect().height / 1.2 / parseFloat(getComputedStyle(e).fontSize)"


@pytest.fixture(scope="module")
def huge(dashboard, stack) -> str:
    """The trace id of a request for the 7,004-character path (a 405: its route is POST's)."""
    return send(dashboard, stack, "GET", PATH, TOKEN)["trace"]


@pytest.fixture
def projector(browser):
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        yield page


def assert_shortened(heading) -> None:
    """`heading` names the request by its path's start and end, in three lines at most."""
    expect(heading).to_contain_text(PATH[:40])
    expect(heading).to_contain_text("…")
    expect(heading).to_contain_text("aaa/action")
    assert heading.evaluate(LINES) <= 3


def assert_whole_path_readable(page: Page, within: str) -> None:
    """The path folded under the heading in `within` unfolds into a box of a few lines that
    holds it whole, scrolls to its end, and whose text a triple-click selects to copy."""
    whole = page.locator(f"{within} .whole-path")
    expect(whole.locator("summary")).to_have_text(f"The whole path: {len(PATH):,} characters")
    whole.locator("summary").click()
    text = whole.locator(".whole-path-text")
    expect(text).to_have_text(PATH)
    assert text.evaluate(LINES) < 10
    text.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    expect(text).to_have_js_property("scrollTop", text.evaluate(
        "e => e.scrollHeight - e.clientHeight"))
    text.click(click_count=3)
    assert page.evaluate("() => getSelection().toString().trim()") == PATH


@pytest.mark.parametrize("mode", ["", "?projector=1"], ids=["plain", "projector-mode"])
def test_the_step_controls_stay_in_view(projector: Page, dashboard, huge, mode):
    projector.goto(f"{dashboard.url}/requests/{huge}/steps{mode}")
    controls = projector.locator(".stepper-controls")
    expect(controls).to_be_in_viewport(ratio=1)
    assert_shortened(projector.locator(".stepper-head h2"))
    assert_whole_path_readable(projector, ".stepper-head")
    expect(controls).to_be_in_viewport(ratio=1)  # unfolded, too


def test_the_request_page_keeps_its_links_in_view(projector: Page, dashboard, huge):
    projector.goto(f"{dashboard.url}/requests/{huge}")
    assert_shortened(projector.locator(".request-detail h2"))
    expect(projector.get_by_role("link", name="Step through")).to_be_in_viewport(ratio=1)
    assert_whole_path_readable(projector, ".request-detail header")
    expect(projector.get_by_role("link", name="Step through")).to_be_in_viewport(ratio=1)
    # The page's name (its tab, and the h1 a screen reader reads) is shortened too.
    assert projector.title().endswith("aaa/action · Pastescope")
    assert len(projector.title()) < 130


def test_lives_detail_names_it_shortened_and_holds_it_whole(projector: Page, dashboard, huge):
    projector.goto(dashboard.url + "/")
    row = projector.locator(f'#rows tr[data-trace="{huge}"]')
    link = row.locator("td.path a")
    expect(link).to_contain_text("…")
    assert link.text_content().startswith(PATH[:40]) and link.text_content().endswith("/action")
    assert len(link.text_content()) < 120
    row.locator("td.status").click()
    heading = projector.locator(f'#detail article[data-trace="{huge}"] h2')
    expect(heading).to_contain_text("aaa/action")
    assert heading.evaluate(LINES) <= 6  # in the narrow column beside the diagram
    assert_whole_path_readable(projector, "#detail header")


def test_a_phones_row_takes_a_few_lines(browser, dashboard, huge):
    with opened_page(browser, viewport=NARROW) as phone:
        phone.goto(dashboard.url + "/requests")
        path = phone.locator(f'#rows tr[data-trace="{huge}"] td.path')
        expect(path).to_contain_text("aaa/action")
        assert path.evaluate(LINES) <= 8
