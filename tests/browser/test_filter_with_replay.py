"""A request through a `filter-with` chain, replayed in Chromium, lights each wire of the chain
as it passes it, on Live and in the step view, as it does every other wire. The graph draws a
`filter-with` wire from the section to the filter wrapping it (PasteDeploy's `filter-with =`
is written in the wrapped section), while the request goes from the wrapper on to the section:
lit as the other wires, from a box visited before the one entered, the chain stayed unlit."""

from __future__ import annotations

from playwright.sync_api import Page

from stack.graph import load_graph
from tests.browser.live_page import replay_row
from tests.browser.live_page import stored_through
from tests.browser.steps_page import last_step
from tests.conftest import INI_DATA
from tests.dashboard.samples import announcement

#: PasteDeploy's own sample: `app:main` wrapped in `filter1`, itself wrapped in `filter2`.
INI = INI_DATA / "pastedeploy-test_filter_with.ini"
#: The order a request meets them in: the outermost wrapper first.
HOPS = ["filter:filter2", "filter:filter1", "app:main"]
#: The chain's wires, as the graph has them: each from the wrapped section to its wrapper.
CHAIN = [["app:main", "filter:filter1"], ["filter:filter1", "filter:filter2"]]
#: The `filter-with` wires that are lit (`visited`), by their ends.
LIT = """() => [...document.querySelectorAll(
  '.diagram-frame .edge[data-label="filter-with"].visited')]
  .map((edge) => [edge.dataset.source, edge.dataset.target]).sort()"""


def sent(dashboard, stack: str) -> str:
    """Announce `stack` serving the sample's `app:main`, and a request through its chain: the
    request's trace id."""
    graph = load_graph(str(INI), "main").to_json()
    return stored_through(dashboard, announcement(stack, graph=graph), HOPS, "")


def test_a_live_replay_lights_the_filter_with_wires_it_passes(page: Page, dashboard):
    trace = sent(dashboard, "wrapped-live")
    page.goto(f"{dashboard.url}/?stack=wrapped-live")
    page.select_option("#speed", "16")
    replay_row(page, trace)
    assert page.evaluate(LIT) == CHAIN


def test_the_step_view_lights_the_filter_with_wires_it_passes(page: Page, dashboard):
    trace = sent(dashboard, "wrapped-steps")
    last_step(page, f"{dashboard.url}/requests/{trace}/steps")
    assert page.evaluate(LIT) == CHAIN
