"""Two routes of one template and one method, told apart only by their requirements
(`/servers/{id}`, digits to `show`, letters to `by_name`; `/things/{id}`, digits then letters,
both to `show`), are the rows of two routes: a request lights, and counts a hit on, the row of
the route it matched, not the first of its template, on Live (its replay, its route table as
the stream counts and as the page is drawn again), on the step view and in the answer of "What
would this URL hit?"."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import counted_everywhere
from tests.browser.live_page import open_live
from tests.browser.live_page import sent_typed
from tests.browser.live_page import wait_played
from tests.browser.steps_page import last_step
from tests.browser.steps_page import only
from tests.browser.which_form import ask
from tests.dashboard.servers import announced
from tests.stack.app_inis import twins_ini

ROUTER = '.node[data-node="app:twins"]'
ROWS = 'table.routes tr[data-route-node="app:twins"]'
#: The router's rows in matching order: servers.show, servers.by_name, things.show (digits),
#: things.show (letters), then `(no route)`.
BY_NAME, THINGS_BY_LETTERS = 1, 3


def expect_hits(page) -> None:
    """One request per row, by its index plus one, and none on `(no route)`."""
    for index, hits in enumerate(["1", "2", "3", "4", "0"]):
        expect(page.locator(ROWS).nth(index).locator("[data-route-hits]")).to_have_text(hits)


def test_each_twin_counts_the_requests_it_matched(browser, page, dashboard, tmp_path):
    ini = twins_ini(tmp_path, "make_twins_by_requirements")
    with announced(dashboard, "main", ini) as stack:
        open_live(page, dashboard.url, stack="main")
        expect(page.locator(ROWS)).to_have_count(5)
        sent = (["/servers/42"] + ["/servers/abc"] * 2 + ["/things/7"] * 3
                + ["/things/abc"] * 4)
        counted_everywhere(browser, page, dashboard, stack, [("GET", path) for path in sent],
                           expect_hits)


def test_each_twin_lights_for_the_requests_it_matched(page, dashboard, tmp_path):
    with announced(dashboard, "main", twins_ini(tmp_path, "make_twins_by_requirements")):
        open_live(page, dashboard.url, stack="main")
        routes = page.locator(f"#diagram {ROUTER} .route")
        expect(routes).to_have_count(4)
        traces = {}
        for path, twin in (("/servers/abc", BY_NAME), ("/things/abc", THINGS_BY_LETTERS)):
            traces[path] = sent_typed(page, "GET", path)
            wait_played(page, traces[path])
            only(routes, twin, "active")
            only(page.locator(ROWS), twin, "hit")
            expect(routes.nth(twin).locator("title")).to_contain_text(
                "servers.by_name" if twin == BY_NAME else "things.show")

        ask(page, "GET", "/servers/abc")
        only(routes, BY_NAME, "which-route")
        only(page.locator(ROWS), BY_NAME, "which-route")
        expect(page.locator("table.which-match")).to_contain_text("servers.by_name()")

        stepper = last_step(page, f"{dashboard.url}/requests/{traces['/things/abc']}/steps")
        only(stepper.locator(f"{ROUTER} .route"), THINGS_BY_LETTERS, "active")
