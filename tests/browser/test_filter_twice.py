"""A filter one pipeline lists twice, in Chromium: the box of the place each hop ran at is the
one lit (Live's replay, the step view), counted (the box's figures) and numbered on the path
"what would this URL hit?" draws."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import WATCH_ACTIVE
from tests.browser.live_page import wait_played
from tests.browser.steps_page import last_step
from tests.browser.which_form import ask
from tests.conftest import SWIFT
from tests.dashboard.servers import send
from tests.dashboard.servers import stored
from tests.dashboard.twice import LANE
from tests.dashboard.twice import raise_in_action
from tests.dashboard.uploading import uploaded


def faultwrap(page: Page, frame: str, position: int):
    """The `faultwrap` box drawn at `position` of the lane, in `frame` (a diagram's selector)."""
    return page.locator(f'{frame} .node[data-node="filter:faultwrap"][data-in="{LANE}"]'
                        f'[data-pos="{position}"]')


def test_live_lights_and_counts_each_faultwrap_at_its_own_box(page, dashboard, twice):
    page.goto(f"{dashboard.url}/?stack=twice")
    expect(page.locator("#live")).to_have_attribute("data-stack", "twice")
    page.select_option("#speed", "16")
    page.evaluate(WATCH_ACTIVE)
    caught = raise_in_action(twice)
    wait_played(page, caught)
    # Both passed the 500 up; the inner one (position 3) made it, and is not left dim.
    for position in (1, 3):
        expect(faultwrap(page, "#diagram", position)).to_have_class("node visited status-5xx")
    assert send(dashboard, twice, "GET", "/v2.1/servers")["status"] == 401
    for position in (1, 3):
        expect(faultwrap(page, "#diagram", position).locator("[data-stat]")) \
            .to_contain_text("2 req · 1 err")


def test_the_step_view_lights_the_inner_faultwrap_that_made_the_500(page, dashboard, twice):
    caught = stored(dashboard, raise_in_action(twice))["trace"]  # the page is of a stored one
    last_step(page, f"{dashboard.url}/requests/{caught}/steps")
    for position in (1, 3):
        box = faultwrap(page, ".step-diagram", position)
        expect(box).to_have_class("node visited status-5xx")
        expect(box).to_have_attribute("data-outcome", "500")


def test_which_numbers_each_proxy_logging_at_its_own_place(page, dashboard):
    # Swift's proxy, whose pipeline lists `proxy-logging` twice: at positions 3 and 21.
    page.goto(f"{dashboard.url}/inis/{uploaded(dashboard, SWIFT.name, SWIFT.read_bytes())}")
    ask(page, "GET", "/v1/AUTH_test/c/o")
    # The walk lists it 5th (position 3, after the pipeline) and 23rd (position 21): each of
    # its two boxes is on the path with its own number, neither left dim.
    for position, order in ((3, "5"), (21, "23")):
        box = page.locator('#diagram .node[data-node="filter:proxy-logging"]'
                           f'[data-in="pipeline:main"][data-pos="{position}"]')
        expect(box).to_have_class("node which-hop")
        expect(box.locator(".which-badge")).to_have_text(order)
