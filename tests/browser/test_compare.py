"""Compare and saved requests in headless Chromium, against the real compute demo.

Pick a 200 and a 401 on the request list and see where they part; save the listed requests to
a file and load it back from the page.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import XGA
from tests.conftest import TOKEN
from tests.dashboard.servers import sent_from_form


@pytest.fixture(scope="module")
def pair(dashboard, stack) -> tuple[str, str]:
    ok, denied = sent_from_form(dashboard, [("GET", "/v2.1/servers", TOKEN),
                                            ("GET", "/v2.1/servers", {})])
    return ok, denied


def test_picking_a_200_and_a_401_shows_the_hops_where_they_part(page: Page, dashboard, pair):
    ok, denied = pair
    page.goto(f"{dashboard.url}/requests")
    page.get_by_role("button", name="Compare two…").click()
    expect(page.get_by_text("pick two requests to compare them")).to_be_visible()
    page.locator(f'#rows tr[data-trace="{ok}"] td.status').click()
    expect(page.locator(f'#rows tr[data-trace="{ok}"]')).to_have_attribute("data-picked", "")
    page.locator(f'#rows tr[data-trace="{denied}"] td.path').click()  # its link is not followed
    page.wait_for_url(f"**/compare?a={ok}&b={denied}")

    heads = page.locator(".compare-heads tr[data-side]")
    expect(heads.nth(0)).to_contain_text("200")
    expect(heads.nth(1)).to_contain_text("401")
    app = page.locator('.compare-hops tr[data-node="app:compute_app"]').first
    expect(app).to_have_attribute("data-only", "a")
    expect(app).to_contain_text("only A")
    expect(app.locator("td.absent")).to_have_text("not reached")
    # The app B never reached is time A spent and B did not: a difference like any other.
    expect(app.locator("td.diff")).to_have_text(re.compile(r"^-\d+\.\d{3}$"))
    expect(page.locator('[data-summary="total"]')).to_contain_text("In all, A took ")
    authtoken = page.locator('.compare-hops tr[data-node="filter:authtoken"]')
    expect(authtoken).to_have_attribute("data-status-differs", "true")
    expect(authtoken.locator("td").nth(1)).to_have_text("200")
    expect(authtoken.locator("td").nth(2)).to_have_text("401")
    outline = authtoken.locator("td").nth(2).evaluate("td => getComputedStyle(td).outlineStyle")
    assert outline == "solid"
    outer = page.locator('.compare-hops tr[data-node="filter:request_id"] td').nth(2)
    expect(outer).to_have_text("401")
    assert outer.evaluate("td => getComputedStyle(td).outlineStyle") == "none"
    expect(page.locator('[data-summary="only-a"]')).to_contain_text("app:compute_app")
    expect(page.locator('.compare-hops tr[data-node="filter:request_id"]')).to_have_attribute(
        "data-only", "")
    # Why, before the hops: the header B lacked, who answered it, what it was told.
    lines = page.locator(".compare-summary li")
    expect(lines.nth(0)).to_have_text("Both are GET /v2.1/servers; only A sent the header "
                                      "X-Auth-Token (its value redacted).")
    expect(lines.nth(0).locator("code").first).to_have_text("GET /v2.1/servers")
    expect(lines.nth(1)).to_have_text("A got 200, B 401.")
    expect(lines.nth(2)).to_have_text("Why B got 401: the filter authtoken answered 401 itself, "
                                      "without calling the next layer (a short circuit).")
    expect(lines.nth(3)).to_contain_text("The X-Auth-Token header is missing.")


def test_on_a_1024_px_projector_every_column_of_the_hops_is_in_the_window(browser, dashboard,
                                                                             pair):
    ok, denied = pair
    with opened_page(browser, viewport=XGA) as page:
        page.goto(f"{dashboard.url}/compare?a={ok}&b={denied}&projector=1")
        difference = page.locator(".compare-hops th").last
        expect(difference).to_have_text("B − A ms")
        # The deepest pipeline's id, indented, was one line wide enough to push B − A out.
        expect(page.locator('.compare-hops tr[data-node="pipeline:openstack_compute_api_v21'
                            '[keystone]"]')).to_be_visible()
        right = difference.evaluate("th => th.getBoundingClientRect().right")
        width = page.evaluate("document.documentElement.clientWidth")
        assert right <= width, f"B − A ends at {right} px, past the window's {width} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_compare_with_from_the_request_detail(page: Page, dashboard, pair):
    ok, denied = pair
    page.goto(f"{dashboard.url}/requests/{denied}")
    page.get_by_role("link", name="Compare with…").click()
    # The requests with its method and path come first, in their own list.
    same = page.locator('[data-choices="same"]')
    expect(same.locator("h4")).to_have_text("The same request line, GET /v2.1/servers")
    same.locator(f'.compare-choices tr[data-trace="{ok}"] a').click()
    page.wait_for_url(f"**/compare?a={denied}&b={ok}")
    expect(page.locator('.compare-hops tr[data-node="app:compute_app"]').first).to_have_attribute(
        "data-only", "b")


def test_compare_with_filters_the_others_by_path(page: Page, dashboard, pair):
    ok, denied = pair
    [flavors] = sent_from_form(dashboard, [("GET", "/v2.1/flavors", TOKEN)])
    page.goto(f"{dashboard.url}/compare?a={denied}")
    recent = page.locator('[data-choices="recent"]')
    expect(recent.locator(f'tr[data-trace="{flavors}"]')).to_be_visible()
    recent.get_by_label("Path holds").fill("flavors")
    recent.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/compare?a=*&path=flavors")
    expect(recent.locator(f'tr[data-trace="{flavors}"]')).to_be_visible()
    expect(recent.locator(f'tr[data-trace="{ok}"]')).to_have_count(0)
    expect(page.locator('[data-choices="same"]').locator(f'tr[data-trace="{ok}"]')).to_be_visible()


def test_save_the_filtered_list_and_load_it_back(page: Page, dashboard, pair, tmp_path):
    _, denied = pair
    page.goto(f"{dashboard.url}/requests")
    page.fill('#request-filters input[name="status"]', "401")
    expect(page.locator("a[data-export]")).to_have_attribute(
        "href", "/api/traces/export?status=401")
    with page.expect_download() as download:
        page.get_by_role("link", name="Save these requests").click()
    saved = tmp_path / "saved.json"
    download.value.save_as(saved)
    doc = json.loads(saved.read_text())
    assert denied in [trace["trace"] for trace in doc["traces"]]
    assert {trace["status"] for trace in doc["traces"]} == {401}

    page.set_input_files('#import-form input[name="file"]', saved)
    page.get_by_role("button", name="Load").click()
    result = page.locator("#import-result .import-result")
    expect(result).to_have_attribute("data-state", "loaded")
    # This dashboard's own requests, saved and loaded back: none is new.
    expect(result).to_contain_text(
        f"Loaded saved.json: no new requests, {len(doc['traces'])} already here.")
    expect(result).to_contain_text("Kept the running stack osapi_compute")
