"""A layer that raised without calling the next one is drawn and worded as raised, never with
the ↩ of a layer that answered on its own: it answered nothing."""

from __future__ import annotations

import re

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import played_500
from tests.browser.steps_page import last_step
from tests.dashboard.servers import announced
from tests.stack.app_inis import ref

#: The pipeline's raising filter's box, and the words beside it in the request's timeline.
FILTER = "filter:raising"
RAISED = "raised an exception without calling the next layer"


def test_a_layer_that_raised_gets_no_short_circuit_mark(page: Page, dashboard, tmp_path):
    ini = tmp_path / "raising.ini"
    ini.write_text(f"[pipeline:main]\npipeline = raising app\n\n"
                   f"[filter:raising]\npaste.filter_factory = {ref('make_raising_filter')}\n\n"
                   f"[app:app]\nuse = call:{ref('make_generator_app')}\n")
    with announced(dashboard, "main", str(ini)) as stack:
        trace = played_500(page, dashboard.url, stack.url)
        box = page.locator(f'#diagram .node[data-node="{FILTER}"]')
        expect(box).to_have_attribute("data-outcome", "raised")
        expect(box).to_have_attribute("aria-label", re.compile(r": raised$"))
        expect(box).not_to_have_class(re.compile(r"\bshort-circuit\b"))
        expect(box.locator(".marker")).to_be_hidden()

        last_step(page, f"{dashboard.url}/requests/{trace}/steps")
        box = page.locator(f'.stepper .node[data-node="{FILTER}"]')
        expect(box.locator("[data-timing]")).to_have_text("raised")
        expect(box).not_to_have_class(re.compile(r"\bshort-circuit\b"))
        expect(box.locator(".marker")).to_be_hidden()

        page.goto(f"{dashboard.url}/requests/{trace}")
        row = page.locator(f'.timeline tr[data-node="{FILTER}"]')
        expect(row.locator(".layer .tag")).to_have_text(RAISED)
        expect(row.locator("td.raised")).to_have_text("raised")
        expect(row).not_to_have_attribute("data-short-circuit", "true")
