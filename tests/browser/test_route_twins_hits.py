"""Two routes of one template on one router, one for any method and one for GET, are both rows
of Live's route table: a request counts a hit on the row of the route it matched alone, the
first of them to take its method, as Routes tries them (each took every GET, a GET counted
twice), as the stream updates the table and as the page is drawn again."""

from __future__ import annotations

from typing import Any

import routes
from playwright.sync_api import expect

from stack.wsgi import Router
from tests.browser.conftest import opened_page
from tests.browser.live_page import open_live
from tests.dashboard.servers import announced
from tests.dashboard.servers import send

#: The app of the stack below: its router, `hit_twins`.
TWINS_APP = "call:tests.browser.test_route_twins_hits:hit_twins"


class Things:
    """Shows a thing, or does whatever the method asks to it: any id is one."""

    def show(self, req, id: str) -> dict:
        return {"thing": id}

    def handle(self, req, id: str, body: dict | None = None) -> dict:
        return {"thing": id, "method": req.method}


def hit_twins(global_conf: dict[str, Any], **local_conf: str) -> Router:
    """`/things/{id}` for any method before the same for GET, which then matches nothing (Routes
    takes the first that matches); `/gadgets/{id}` for GET before the same for any method,
    which takes the rest."""
    mapper = routes.Mapper()
    mapper.connect(None, "/things/{id}", controller="things", action="handle")
    mapper.connect(None, "/things/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/gadgets/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/gadgets/{id}", controller="things", action="handle")
    return Router(mapper, {"things": Things()})


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
    ini = tmp_path / "twins.ini"
    ini.write_text(f"[composite:main]\nuse = egg:Paste#urlmap\n/ = twins\n\n"
                   f"[app:twins]\nuse = {TWINS_APP}\n")
    with announced(dashboard, "main", str(ini)) as stack:
        open_live(page, dashboard.url, stack="main")
        expect(page.locator('tr[data-route-node="app:twins"]')).to_have_count(5)
        sent = [("PUT", "/gadgets/1")] + [("GET", "/things/1")] * 3 + [("GET", "/gadgets/1")] * 2
        for method, path in sent:
            assert send(dashboard, stack, method, path)["status"] == 200
        expect_hits_on_the_matched_rows(page)  # as the stream sent the figures

        page.reload()
        expect_hits_on_the_matched_rows(page)
        # The table as the dashboard draws it, before the page's script counts again.
        with opened_page(browser, java_script_enabled=False) as drawn:
            drawn.goto(f"{dashboard.url}/?stack=main")
            expect_hits_on_the_matched_rows(drawn)
