"""A Stop presenting the dashboard refuses, clicked in the bar under the header, in headless
Chromium against a real dashboard: the bar stays, saying why, since viewers still see the last
step shown; presenting goes on in the tab, so Stop presenting can be pressed again."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from dashboard.auth import STALE_COOKIE
from tests.dashboard.samples import announcement
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import TEACHER_TOKEN

#: What the bar says before the dashboard's reason.
NOT_STOPPED = "not stopped, viewers were not told: "


def start_presenting(page: Page, url: str) -> None:
    """Present from Live, on a stack: with none, there is nothing to present, and no button."""
    page.goto(url + "/")
    page.locator("#player").get_by_role("button", name="Present to viewers").click()
    expect(page.locator("#presenting-bar")).to_be_visible()


def test_a_stop_refused_for_the_token_stays_said_in_the_bar(page: Page, guarded):  # noqa: F811
    page.goto(f"{guarded.url}/?token={TEACHER_TOKEN}")
    page.wait_for_url(f"{guarded.url}/")
    assert guarded.post("/api/stacks", announcement("presented"), headers=BEARER)[0] == 200
    start_presenting(page, guarded.url)
    # The dashboard was started again with another token: this browser's cookie is stale.
    page.context.add_cookies([{"name": "pastescope_token", "value": "an-old-token",
                               "url": guarded.url}])
    bar = page.locator("#presenting-bar")
    bar.get_by_role("button", name="Stop presenting").click()
    said = bar.locator("output")
    expect(said).to_have_text(NOT_STOPPED + STALE_COOKIE)
    expect(said).to_be_visible()
    expect(bar).to_contain_text("Presenting to viewers")
    expect(page.locator("#player").get_by_role("button", name="Present to viewers")).to_be_hidden()
    # Still presenting in this tab, as for the class: the page, loaded again, says so.
    page.reload()
    expect(bar).to_be_visible()


def test_a_stop_the_dashboard_does_not_answer_stays_said_in_the_bar(page: Page, classroom):
    assert classroom.post("/api/stacks", announcement("presented"))[0] == 200
    start_presenting(page, classroom.url)
    classroom.stop()
    bar = page.locator("#presenting-bar")
    bar.get_by_role("button", name="Stop presenting").click()
    said = bar.locator("output")
    expect(said).to_have_text(NOT_STOPPED + "the dashboard did not answer")
    expect(said).to_be_visible()
    expect(bar).to_contain_text("Presenting to viewers")
