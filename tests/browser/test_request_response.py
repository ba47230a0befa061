"""The request detail page shows what the client was told: an error's response body."""

from __future__ import annotations

import requests
from playwright.sync_api import expect

from tests.conftest import TOKEN
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored


def traced(dashboard, stack, method: str, path: str, **options) -> requests.Response:
    """Send a request to the compute demo; its response, once the dashboard holds its trace."""
    response = requests.request(method, stack.url + path, timeout=10, **options)
    trace_id = response.headers["X-Pastescope-Trace"]
    stored(dashboard, trace_id)
    return response


def open_detail(page, dashboard, response: requests.Response) -> None:
    page.goto(f"{dashboard.url}/requests/{response.headers['X-Pastescope-Trace']}")


def test_a_401_shows_the_body_that_says_why(page, dashboard, stack):
    response = traced(dashboard, stack, "GET", "/v2.1/servers")
    open_detail(page, dashboard, response)
    body = page.locator("pre.response-body")
    expect(body).to_contain_text("The X-Auth-Token header is missing.")
    expect(body).to_have_attribute("data-content-type", response.headers["Content-Type"])
    expect(page.locator(".request-detail")).to_contain_text("What the stack answered with its 401")


def test_a_fault_s_json_body_is_shown_indented(page, dashboard, stack):
    response = traced(dashboard, stack, "POST", "/v2.1/servers/1/action",
                      headers={**TOKEN, "Content-Type": "application/json"},
                      json={"migrate": None})
    open_detail(page, dashboard, response)
    body = page.locator("pre.response-body")
    expect(body).to_contain_text('"computeFault": {')
    expect(body).to_contain_text("RuntimeError: No valid host was found for server 1")
    assert body.inner_text().count("\n") >= 3  # indented, one member a line


def test_a_success_says_its_body_is_not_kept(page, dashboard, stack):
    response = traced(dashboard, stack, "GET", "/v2.1/flavors", headers=TOKEN)
    open_detail(page, dashboard, response)
    expect(page.locator("pre.response-body")).to_have_count(0)
    expect(page.locator(".response-body-none")).to_contain_text(
        "the stack keeps the body of 4xx and 5xx responses only")


def test_a_trace_whose_end_has_not_come_does_not_say_its_body_was_not_kept(page, dashboard):
    events = trace_events("browser-no-end")[:-1]  # request.end still on its way
    assert dashboard.post("/api/events", events)[0] == 202
    page.goto(f"{dashboard.url}/requests/browser-no-end")
    said = page.locator(".response-body-none")
    expect(said).to_have_attribute("data-response", "unknown")
    expect(said).to_contain_text("The end of this response was not received")
    expect(said).not_to_contain_text("Not kept")
