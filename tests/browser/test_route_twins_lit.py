"""Unnamed routes sharing a template (`mapper.resource`'s `PUT` and `DELETE /servers/{id}`, or
two `mapper.connect` of one path for two methods) are one key to a replay: a request matching one
lights that row alone, the one of its method, whether shown in the router box or summed up in
"+N more", on Live, on the step view and in the answer of "What would this URL hit?"."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import sent_typed
from tests.browser.live_page import wait_played
from tests.browser.steps_page import last_step
from tests.browser.which_form import ask
from tests.dashboard.servers import announced
from tests.stack.app_inis import twins_ini

APP = '#diagram .node[data-node="app:compute_app"]'


def shown(route: str) -> re.Pattern[str]:
    """A route row's text as drawn, after its tooltip (`<title>`, the name and the action)."""
    return re.compile(re.escape(route) + r"\s*$")


def test_a_put_to_a_server_lights_only_its_folded_put_route(page, dashboard, stack):
    """Both `/servers/:(id)` routes of PUT and DELETE are summed up in "+N more": the PUT alone
    shows there, in place of "+N more", not the two drawn over each other."""
    open_live(page, dashboard.url)
    app = page.locator(APP)
    trace = sent_typed(page, "PUT", "/v2.1/servers/1", "X-Auth-Token: demo-token")
    wait_played(page, trace)
    lit = app.locator(".route.active")
    expect(lit).to_have_count(1)
    expect(lit).to_have_text(shown("PUT /servers/:(id)"))
    expect(app.locator(".route.folded:visible")).to_have_count(1)
    expect(app.locator(".route.folded:visible")).to_have_text(shown("PUT /servers/:(id)"))
    expect(app.locator(".route-more")).to_be_hidden()
    table = page.locator("table.routes tr.hit")
    expect(table).to_have_count(1)
    expect(table).to_have_attribute("data-route-methods", "PUT")

    wait_played(page, sent_typed(page, "DELETE", "/v2.1/servers/3", "X-Auth-Token: demo-token"))
    expect(app.locator(".route.folded:visible")).to_have_count(1)
    expect(app.locator(".route.active")).to_have_text(shown("DELETE /servers/:(id)"))

    stepper = last_step(page, f"{dashboard.url}/requests/{trace}/steps")
    rows = stepper.locator('.node[data-node="app:compute_app"] .route:visible')
    expect(rows).to_have_count(8 + 1)  # the rows shown, and the PUT in place of "+N more"
    expect(stepper.locator('.node[data-node="app:compute_app"] .route.active')).to_have_text(
        shown("PUT /servers/:(id)"))


def test_an_answer_for_a_put_to_a_server_shows_only_its_folded_put_route(page, dashboard,
                                                                         stack):
    open_live(page, dashboard.url)
    ask(page, "PUT", "/v2.1/servers/1")
    app = page.locator(APP)
    expect(app.locator(".route.which-route")).to_have_count(1)
    expect(app.locator(".route.folded:visible")).to_have_count(1)
    expect(app.locator(".route.folded:visible")).to_have_text(shown("PUT /servers/:(id)"))


def test_a_put_lights_only_the_put_row_of_two_shown_routes_of_one_template(page, dashboard,
                                                                           tmp_path):
    with announced(dashboard, "main", twins_ini(tmp_path, "make_twins_get_and_put")):
        open_live(page, dashboard.url, stack="main")
        app = page.locator('#diagram .node[data-node="app:twins"]')
        expect(app.locator(".route:visible")).to_have_count(2)
        wait_played(page, sent_typed(page, "PUT", "/things/7"))
        lit = app.locator(".route.active")
        expect(lit).to_have_count(1)
        expect(lit).to_have_text(shown("PUT /things/{id}"))
