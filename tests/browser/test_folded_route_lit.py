"""A router box lists its first routes and sums the rest up as "+N more": a request matching one
of the rest shows it lit on that row, on Live, on the step view and in the answer of "What would
this URL hit?", so a class sees the route taken (the compute demo's `GET /v2.1/flavors`, or the
lesson's `show` of server 999, are among the 22 routes summed up)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played
from tests.browser.steps_page import last_step
from tests.browser.which_form import ask

APP = '#diagram .node[data-node="app:compute_app"]'


def shown(route: str) -> re.Pattern[str]:
    """A route row's text as drawn, after its tooltip (`<title>`, the name and the action)."""
    return re.compile(re.escape(route) + r"\s*$")


def test_a_route_summed_up_in_more_is_shown_lit_when_a_request_matches_it(page, dashboard,
                                                                          stack):
    open_live(page, dashboard.url)
    app = page.locator(APP)
    expect(app.locator(".route-more")).to_be_visible()
    expect(app.locator(".route-more")).to_have_text("+22 more")
    expect(app.locator(".route.folded:visible")).to_have_count(0)

    trace = send_preset(page, "GET /v2.1/flavors — list flavors")
    wait_played(page, trace)
    lit = app.locator(".route.active")
    expect(lit).to_have_count(1)
    expect(lit).to_be_visible()
    expect(lit).to_have_text(shown("GET /flavors"))
    expect(app.locator(".route-more")).to_be_hidden()

    flavors = trace
    trace = send_preset(page, "GET /v2.1/servers — list servers")
    wait_played(page, trace)
    expect(app.locator(".route.folded:visible")).to_have_count(0)
    expect(app.locator(".route-more")).to_be_visible()
    expect(app.locator(".route.active")).to_have_text(shown("GET /servers"))

    stepper = last_step(page, f"{dashboard.url}/requests/{flavors}/steps")
    lit = stepper.locator('.node[data-node="app:compute_app"] .route.active')
    expect(lit).to_be_visible()
    expect(lit).to_have_text(shown("GET /flavors"))


def test_a_route_summed_up_in_more_is_shown_where_an_answer_says_it_would_match(page,
                                                                                 dashboard,
                                                                                 stack):
    open_live(page, dashboard.url)
    ask(page, "GET", "/v2.1/flavors")
    app = page.locator(APP)
    route = app.locator(".route.which-route")
    expect(route).to_be_visible()
    expect(route).to_have_text(shown("GET /flavors"))
    expect(app.locator(".route-more")).to_be_hidden()
    expect(app.locator(".route.folded:visible")).to_have_count(1)
