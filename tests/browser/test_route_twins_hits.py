"""Two routes of one template on one router, one for any method and one for GET, are both rows
of Live's route table: a request counts a hit on the row of the route it matched alone, the
first of them to take its method, as Routes tries them (each took every GET, a GET counted
twice), as the stream updates the table and as the page is drawn again."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import counted_everywhere
from tests.browser.live_page import open_live
from tests.dashboard.servers import announced
from tests.stack.app_inis import twins_ini


def hits(page, template: str, methods: str):
    """The hits cell of the route table's row of `template` taking `methods` ("" for any)."""
    return page.locator(f'tr[data-route-node="app:twins"][data-route-template="{template}"]'
                        f'[data-route-methods="{methods}"] [data-route-hits]')


def expect_hits_on_the_matched_rows(page) -> None:
    """Three GETs of a thing on its any-method row, two GETs of a gadget on its GET row and its
    PUT on its any-method row. The rows the fix leaves alone first: once they show every
    request, so does the table."""
    expect(hits(page, "/things/{id}", "")).to_have_text("3")
    expect(hits(page, "/gadgets/{id}", "GET")).to_have_text("2")
    expect(hits(page, "/things/{id}", "GET")).to_have_text("0")
    expect(hits(page, "/gadgets/{id}", "")).to_have_text("1")


def test_a_request_counts_on_the_one_route_row_it_matched(browser, page, dashboard, tmp_path):
    with announced(dashboard, "main", twins_ini(tmp_path, "make_twins_any_and_get")) as stack:
        open_live(page, dashboard.url, stack="main")
        expect(page.locator('tr[data-route-node="app:twins"]')).to_have_count(5)
        sent = [("PUT", "/gadgets/1")] + [("GET", "/things/1")] * 3 + [("GET", "/gadgets/1")] * 2
        counted_everywhere(browser, page, dashboard, stack, sent, expect_hits_on_the_matched_rows)
