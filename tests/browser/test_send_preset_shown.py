"""The Send form's Preset menu shows the preset the form holds: the form opens holding the
first (`GET /v2.1/servers` with the token), and the menu said "—" over it, as if it held none."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import open_live

FIRST = "GET /v2.1/servers — list servers"


def test_the_menu_shows_the_preset_the_form_holds(page, dashboard, stack):
    open_live(page, dashboard.url)
    form = page.locator("#send-form")
    menu = form.locator('select[name="preset"]')
    expect(menu.locator("option:checked")).to_have_text(FIRST)
    expect(menu.locator("option[value=\"\"]")).to_have_count(0)  # no "—" for a form held by none
    expect(form.locator('input[name="method"]')).to_have_value("GET")
    expect(form.locator('input[name="path"]')).to_have_value("/v2.1/servers")
    expect(form.locator('textarea[name="headers"]')).to_have_value("X-Auth-Token: demo-token")
