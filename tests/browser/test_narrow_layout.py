"""At a phone's 420 px, what a table is for stays in sight: both requests' statuses and times on
/compare, each request's whole path in the request lists, the values of the step view's
environ changes. (The compare table showed its layer names alone, the rest off to the right; a
path was cut at 150 px, "/v2.1/servers/d0c5d0…", the same on every row; the environ's 11rem keys
left its values 90 px.) None of the pages scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.in_sight import OUT_OF_SIGHT
from tests.browser.in_sight import PAGE_WIDER
from tests.browser.screens import NARROW
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: Two paths told apart only by their last part.
PATHS = [f"/v2.1/servers/{'d0c5' * 10}/ips/{net}" for net in ("public", "private")]
#: A path of one 240-character word.
LONG_PATH = f"/v2.1/servers/{'d0c5' * 60}"


@pytest.fixture
def narrow(browser):
    with opened_page(browser, viewport=NARROW) as page:
        yield page


@pytest.fixture(scope="module")
def recorded(dashboard, stack) -> dict[str, dict]:
    """A 200, a 404 the controller raised, a 404 for `LONG_PATH`, and the two requests of
    `PATHS`."""
    return {
        "ok": send(dashboard, stack, "GET", "/v2.1/servers", TOKEN),
        "failed": send(dashboard, stack, "GET", "/v2.1/servers/999", TOKEN),
        "long": send(dashboard, stack, "GET", LONG_PATH, TOKEN),
        **{path: send(dashboard, stack, "GET", path, TOKEN) for path in PATHS},
    }


def test_compare_shows_both_requests_hop_by_hop(narrow, dashboard, recorded):
    narrow.goto(f"{dashboard.url}/compare?a={recorded['ok']['trace']}"
                f"&b={recorded['failed']['trace']}")
    app = narrow.locator('.compare-hops tr[data-node="app:compute_app"]').first
    expect(app.locator("td").nth(1)).to_have_text("200")
    expect(app.locator("td").nth(2)).to_have_text("404")
    assert not narrow.evaluate(PAGE_WIDER)
    assert narrow.locator(".compare-hops th").count() == 6
    assert narrow.evaluate(OUT_OF_SIGHT, ".compare-hops th, .compare-hops td") == []


def test_compare_shows_both_requests_heads_without_scrolling(narrow, dashboard, recorded):
    narrow.goto(f"{dashboard.url}/compare?a={recorded['long']['trace']}"
                f"&b={recorded['ok']['trace']}")
    heads = narrow.locator(".compare-heads")
    expect(heads.locator('tr[data-side="a"] td.path')).to_contain_text(LONG_PATH[:40])
    expect(heads.locator('tr[data-side="b"]')).to_contain_text("200")
    assert not narrow.evaluate(PAGE_WIDER)
    assert narrow.evaluate(OUT_OF_SIGHT, ".compare-heads th, .compare-heads td") == []
    assert heads.evaluate("t => t.scrollWidth <= t.clientWidth + 1"), heads.evaluate(
        "t => `content ${t.scrollWidth} px in ${t.clientWidth}`")


@pytest.mark.parametrize("url", ["/?stack=osapi_compute", "/requests"], ids=["live", "requests"])
def test_the_request_list_shows_whole_paths(narrow, dashboard, recorded, url):
    narrow.goto(dashboard.url + url)
    for path in PATHS:
        expect(narrow.locator(f'#rows tr[data-trace="{recorded[path]["trace"]}"] td.path')
               ).to_have_text(path)
    assert not narrow.evaluate(PAGE_WIDER)
    assert narrow.evaluate(OUT_OF_SIGHT, "#rows td.path") == []


def test_the_environ_changes_leave_their_values_room(narrow, dashboard, recorded):
    ok = recorded["ok"]
    narrow.goto(f"{dashboard.url}/requests/{ok['trace']}/steps")
    route = next(e["seq"] for e in ok["events"] if e["kind"] == "route.match")
    narrow.click(f'.stepper .hop[data-index="{route}"]')
    table = narrow.locator(f'.step-now .step[data-index="{route}"] table.changes')
    expect(table.locator('tr[data-key="wsgiorg.routing_args"]')).to_be_visible()
    assert not narrow.evaluate(PAGE_WIDER)
    assert narrow.evaluate(OUT_OF_SIGHT, ".step:not([hidden]) .changes :is(th, td)") == []
    width = table.bounding_box()["width"]
    for value in table.locator("tbody td").all():
        assert value.bounding_box()["width"] >= 0.4 * width, (value.text_content(), width)
