"""Live for a stack served with `--check-wsgi`: a rule a layer broke is said in the hop list in
its own words, not as a bare event kind; and its request's row says so, and is found by the
status filter `wsgi`."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import wait_played
from tests.conftest import raw_request
from tests.dashboard.servers import announced
from tests.dashboard.wsgi_warned import BENT_INI
from tests.dashboard.wsgi_warned import INI


def test_live_says_which_rule_a_layer_broke(page: Page, dashboard, tmp_path):
    ini = tmp_path / "broken.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini), stack="checked",
                   extra=("--check-wsgi",)) as stack:
        page.goto(f"{dashboard.url}/?stack=checked")
        expect(page.locator("#live")).to_have_attribute("data-stack", "checked")
        page.select_option("#speed", "16")
        _, headers, _ = raw_request(stack.url, "/")
        wait_played(page, dict(headers)["X-Pastescope-Trace"])
    expect(page.locator("#hops")).to_contain_text(
        "WSGI rule broken: app:app passed up the status '200'; WSGI wants three digits")


def test_the_list_marks_and_keeps_the_rows_that_broke_a_rule(page: Page, dashboard, tmp_path):
    """Typed in the status filter, `wsgi` keeps the rows arriving live whose request broke a
    rule, which say so in words ("· wsgi"), and hides one that broke none."""
    ini = tmp_path / "bent.ini"
    ini.write_text(BENT_INI)
    with announced(dashboard, "main", str(ini), stack="bent",
                   extra=("--check-wsgi",)) as stack:
        page.goto(f"{dashboard.url}/requests")
        status = page.get_by_label("Filter by status")
        status.fill("wsgi")
        status.press("Tab")
        expect(status).to_have_value("wsgi")
        _, broken, _ = raw_request(stack.url, "/int")
        _, fine, _ = raw_request(stack.url, "/fine")
    row = page.locator(f'#rows tr[data-trace="{dict(broken)["X-Pastescope-Trace"]}"]')
    expect(row).to_be_visible()
    expect(row.locator("td.status")).to_have_text("200 · wsgi: 1 WSGI rule broken")
    expect(row.locator(".row-wsgi")).to_be_visible()
    # NOTE: a row the filter hides is in the list, hidden: counted first, so that a row not
    # yet arrived is not taken for one hidden.
    other = page.locator(f'#rows tr[data-trace="{dict(fine)["X-Pastescope-Trace"]}"]')
    expect(other).to_have_count(1)
    expect(other).to_be_hidden()
