"""The send form sends the method as typed: HTTP methods are case-sensitive, so `get` is not
GET, and the compute demo's router answers it 405."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_typed


def test_a_method_typed_in_lower_case_is_sent_so(page, dashboard, stack):
    open_live(page, dashboard.url)
    send_typed(page, "get", "/v2.1/servers", "X-Auth-Token: demo-token")
    result = page.locator("#send-result")
    expect(result).to_have_attribute("data-status", "405")
    expect(result).to_contain_text("405 Method Not Allowed")
    trace = result.get_attribute("data-trace")
    expect(page.locator(f'#rows tr[data-trace="{trace}"] td').nth(2)).to_have_text("get")
    expect(page.locator('#send-form input[name="method"]')).to_have_value("get")
