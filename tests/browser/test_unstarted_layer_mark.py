"""A filter that returned a body without calling start_response, below a WebOb layer that
answered for it, is drawn as "no status", not as raised: no exception left it."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import played_500
from tests.browser.steps_page import last_step
from tests.dashboard.servers import announced
from tests.stack.app_inis import ref

#: The box of the filter with the bug.
FILTER = "filter:unstarted"


def test_a_layer_that_gave_no_status_is_not_drawn_as_raised(page: Page, dashboard, tmp_path):
    ini = tmp_path / "unstarted.ini"
    ini.write_text("[pipeline:main]\npipeline = faultwrap unstarted app\n\n"
                   "[filter:faultwrap]\n"
                   "paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory\n\n"
                   f"[filter:unstarted]\npaste.filter_factory = {ref('make_unstarted_filter')}\n\n"
                   f"[app:app]\nuse = call:{ref('make_generator_app')}\n")
    with announced(dashboard, "main", str(ini)) as stack:
        trace = played_500(page, dashboard.url, stack.url)
        box = page.locator(f'#diagram .node[data-node="{FILTER}"]')
        expect(box).to_have_attribute("data-outcome", "no status")
        expect(page.locator('#diagram .node[data-node="filter:faultwrap"]')).to_have_attribute(
            "data-outcome", "500")

        last_step(page, f"{dashboard.url}/requests/{trace}/steps")
        box = page.locator(f'.stepper .node[data-node="{FILTER}"]')
        expect(box.locator("[data-timing]")).to_have_text("no status")


def test_a_layer_that_raised_is_drawn_as_raised_though_no_layer_called_start_response(
        page: Page, dashboard, tmp_path):
    # The filter above caught the exception and returned a body without start_response: the
    # server says no layer called it, and only that filter passed up no status.
    ini = tmp_path / "swallowing.ini"
    ini.write_text("[pipeline:main]\npipeline = swallowing raising app\n\n"
                   "[filter:swallowing]\n"
                   f"paste.filter_factory = {ref('make_swallowing_filter')}\n\n"
                   f"[filter:raising]\npaste.filter_factory = {ref('make_raising_filter')}\n\n"
                   f"[app:app]\nuse = call:{ref('make_generator_app')}\n")
    with announced(dashboard, "main", str(ini)) as stack:
        trace = played_500(page, dashboard.url, stack.url)
        expect(page.locator('#diagram .node[data-node="filter:raising"]')).to_have_attribute(
            "data-outcome", "raised")
        expect(page.locator('#diagram .node[data-node="filter:swallowing"]')).to_have_attribute(
            "data-outcome", "no status")

        last_step(page, f"{dashboard.url}/requests/{trace}/steps")
        boxes = {node: page.locator(f'.stepper .node[data-node="filter:{node}"] [data-timing]')
                 for node in ("raising", "swallowing")}
        expect(boxes["raising"]).to_have_text("raised")
        expect(boxes["swallowing"]).to_have_text("no status")
