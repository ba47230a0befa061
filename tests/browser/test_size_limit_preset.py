"""The compute demo's preset with a body over sizelimit's limit, in Chromium: the form fills
the body in, the stack answers 413, sizelimit's box is the one that answered on its own, and
the step view says it answered without calling the layers below it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dashboard.presets import MAX_BODY
from tests.browser.live_page import V21_PATH
from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played
from tests.conftest import ini_line

TOO_LARGE = "POST /v2.1/servers — create server, body too large (413)"


def test_the_preset_over_the_size_limit_is_answered_413_by_sizelimit(page, dashboard, stack):
    open_live(page, dashboard.url)
    page.select_option('#send-form select[name="preset"]', label=TOO_LARGE)
    body = page.locator('#send-form textarea[name="body"]')
    expect(body).to_have_value(re.compile(rf"^x{{{MAX_BODY + 1}}}$"))  # whole: no more, no less
    trace = send_preset(page, TOO_LARGE)
    expect(page.locator("#send-result")).to_have_attribute("data-status", "413")
    wait_played(page, trace)
    lane = f'[data-in="{V21_PATH[2]}"]'  # the keystone pipeline's boxes
    sizelimit = page.locator(f'#diagram .node[data-node="filter:sizelimit"]{lane}')
    expect(sizelimit).to_have_class("node visited status-4xx short-circuit")
    authtoken = page.locator(f'#diagram .node[data-node="filter:authtoken"]{lane}')
    expect(authtoken).to_have_class("node dim")
    expect(page.locator('#diagram .node[data-node="app:compute_app"]')).to_have_class("node dim")

    page.goto(f"{dashboard.url}/requests/{trace}/steps")
    answered = page.locator('.step[data-node="filter:sizelimit"][data-short-circuit="true"]')
    # where in compute.ini the filter is, and the pipeline_factory key that placed it
    at = (f"The filter sizelimit (compute.ini line {ini_line('[filter:sizelimit]')}, placed by "
          "the keystone key of [composite:openstack_compute_api_v21] at line "
          f"{ini_line('keystone =')}) answered 413 itself, without calling the next layer (a "
          "short circuit)")
    expect(answered).to_contain_text(f"{at}.")
    expect(page.locator(".why")).to_contain_text(
        f"{at}; these layers never ran: the filter authtoken, the app compute_app.")
    expect(page.locator('.step[data-kind="request.end"]')).to_contain_text(
        f"Request is too large: {MAX_BODY + 1} bytes, limit {MAX_BODY}.")
