"""Live's Send to a stack this dashboard refused for its token: the answer says the stack serves
untraced because it was refused, and why; it said "200 OK · no trace header" alone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import send_typed
from tests.dashboard.servers import TEACHER_TOKEN
from tests.dashboard.servers import refused_known
from tests.dashboard.test_send_refused_stack import UNTRACED


def test_live_send_says_the_stack_is_untraced_as_refused(page, guarded):
    with refused_known(guarded):
        page.goto(f"{guarded.url}/?stack=osapi_compute&token={TEACHER_TOKEN}")
        expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
        send_typed(page, "GET", "/v2.1/servers", "X-Auth-Token: demo-token")
        expect(page.locator("#send-result")).to_have_text(f"200 OK · {UNTRACED}")
