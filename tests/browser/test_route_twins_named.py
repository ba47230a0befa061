"""Named twins (`by_number` and `by_word`: GET `/things/{id}` to `things.show`, told apart by
their requirements alone, the first written as Python reads a pattern) light the row of the
route a request matched, the row Live counts it on: on Live's replay (the router box and the
route table), on the step view and in the answer of "What would this URL hit?". The browser is
sent the row the dashboard found (`stack.routing.matched_row`); it reads no pattern itself."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_typed
from tests.browser.live_page import wait_played
from tests.browser.steps_page import last_step
from tests.browser.which_form import ask
from tests.dashboard.servers import announced
from tests.stack.app_inis import twins_ini

ROUTER = '.node[data-node="app:twins"]'
ROWS = 'table.routes tr[data-route-node="app:twins"]'
#: `by_word`'s row in the router's table (after `by_number`).
BY_WORD = 1


def only(locator, nth: int, cls: str) -> None:
    """`cls` is on row `nth` of `locator`'s rows, and on no other."""
    expect(locator.and_(locator.page.locator(f".{cls}"))).to_have_count(1)
    expect(locator.nth(nth)).to_have_class(re.compile(rf"\b{cls}\b"))


def test_a_named_twin_lights_where_live_counts_it(page, dashboard, tmp_path):
    with announced(dashboard, "main", twins_ini(tmp_path, "make_named_twins")):
        open_live(page, dashboard.url, stack="main")
        routes = page.locator(f"#diagram {ROUTER} .route")
        expect(routes).to_have_count(2)
        send_typed(page, "GET", "/things/abc")
        result = page.locator("#send-result")
        expect(result).not_to_have_attribute("data-trace", "")
        trace = result.get_attribute("data-trace")
        wait_played(page, trace)
        only(routes, BY_WORD, "active")
        only(page.locator(ROWS), BY_WORD, "hit")
        expect(page.locator(ROWS).nth(BY_WORD).locator("[data-route-hits]")).to_have_text("1")
        expect(page.locator(ROWS).nth(0).locator("[data-route-hits]")).to_have_text("0")

        ask(page, "GET", "/things/abc")
        expect(page.locator("table.which-match")).to_contain_text("by_word")
        only(routes, BY_WORD, "which-route")
        only(page.locator(ROWS), BY_WORD, "which-route")

        stepper = last_step(page, f"{dashboard.url}/requests/{trace}/steps")
        only(stepper.locator(f"{ROUTER} .route"), BY_WORD, "active")
