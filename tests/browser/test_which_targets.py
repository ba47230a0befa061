""""What would this URL hit?" in headless Chromium, for targets a real eventlet server is sent
(`OPTIONS *`, request lines longer than it reads) and ones no client sends: an answer drawn on
the diagram, or a message in the form, never nothing."""

from __future__ import annotations

from playwright.sync_api import expect

from stack.request_target import MAX_REQUEST_LINE
from tests.browser.which_form import ask
from tests.browser.which_form import drawn_path
from tests.browser.which_form import submit
from tests.dashboard.which_queries import MISSING


def test_asterisk_and_paths_not_starting_with_a_slash_are_said_in_the_form(page, dashboard,
                                                                           stack):
    page.goto(dashboard.url + "/?stack=osapi_compute")
    error = page.locator(".which .which-error")
    submit(page, "GET", "*")
    expect(error).to_have_text("path: '*' is a request target for OPTIONS only (the "
                               "asterisk-form: the server as a whole); a path for GET starts "
                               "with '/'")
    submit(page, "GET", "servers")
    expect(error).to_have_text("path: 'servers' must start with '/' (or be a whole URL: "
                               "http://HOST/PATH)")
    submit(page, "GET", "")  # said missing, and the field left as sent: empty, not `/`
    expect(error).to_have_text(MISSING)
    expect(page.locator('.which-form input[name="path"]')).to_have_value("")

    ask(page, "OPTIONS", "*")  # what the server does with it: the urlmap's 500
    expect(page.locator(".which-stopped")).to_have_attribute("data-which-status", "500")
    expect(page.locator('#diagram .node.which-stop[data-node="composite:osapi_compute"]')
           ).to_have_count(1)
    expect(error).to_have_count(0)


def test_a_request_line_too_long_is_the_servers_414_however_long(page, dashboard, stack):
    page.goto(dashboard.url + "/?stack=osapi_compute")
    ask(page, "GET", "/v2.1/servers/" + "a" * MAX_REQUEST_LINE)
    expect(page.locator(".which-stopped")).to_contain_text(
        "It would stop at the server with 414. The server answers 414 Request URI Too Long "
        "itself: its request line is 8,221 bytes")
    expect(page.locator(".which-headline")).to_contain_text("would not reach the stack.")
    assert drawn_path(page) == []  # no layer is entered: every box dim

    # Longer than the dashboard takes in a URL: its server refuses the question, and the form
    # says so, and what eventlet would do, rather than show nothing.
    submit(page, "GET", "/" + "a" * 100_000)
    expect(page.locator(".which .which-error")).to_have_text(
        "path: 100,001 characters are more than the dashboard takes in a question (414 URI Too "
        "Long). A stack on eventlet would refuse it too: it answers 414 Request URI Too Long "
        "itself to a request line of 8,192 bytes or more, and no layer of the stack is entered.")
