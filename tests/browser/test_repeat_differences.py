"""Repeat on a request's page says, under the answer, how what it sent differs from the recorded
request (dashboard/repeat.py): a changed request is never shown as the recorded one."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_repeat_says_under_its_answer_what_it_sent_otherwise(page, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers?token=abc&limit=1", TOKEN)
    page.goto(f"{dashboard.url}/requests/{trace['trace']}")
    detail = page.locator(".request-detail")
    detail.get_by_role("button", name="Repeat").click()
    answer = detail.locator("output.repeat-result")
    expect(answer).to_contain_text("401 Unauthorized")  # its token could not be sent
    expect(answer.locator(".differences")).to_contain_text("Not as recorded:")
    expect(answer.locator(".difference")).to_have_text([
        "the query's token was redacted when recorded: sent as ***",
        "the X-Auth-Token header was redacted when recorded: left out",
    ])
    expect(answer.locator(".difference code")).to_have_text(["token", "***"])
