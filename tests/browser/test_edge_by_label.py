"""Two edges between the same two boxes, in headless Chromium: a real stack whose urlmap has two
prefixes, `/` and `/s`, leading to one pipeline, and whose pipeline lists one filter twice.

A request to /x goes by `/` only: the step view, the Live replay and "What would this URL hit?"
light that edge and leave `/s` dim. The pipeline's two edges to its filter are positions, not
alternatives: the request goes through both, and both stay lit.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import wait_played
from tests.browser.which_form import ask
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import send

#: A urlmap whose two prefixes lead to one pipeline, which runs one filter twice.
TWIN_PREFIXES = """\
[composite:main]
use = egg:Paste#urlmap
/ = p1
/s = p1

[pipeline:p1]
pipeline = faultwrap faultwrap versions

[filter:faultwrap]
paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory

[app:versions]
paste.app_factory = stack.demo.compute:Versions.factory
"""
COMPOSITE = "composite:main"
PIPELINE = "pipeline:p1"
FILTER = "filter:faultwrap"

#: Records, in the page, the label of every edge that is ever lit (active or visited).
WATCH_EDGES = """() => {
  window.litEdges = new Set();
  const record = (edge) => {
    if (edge.matches('.edge.active, .edge.visited')) window.litEdges.add(
      edge.dataset.source + ' ' + edge.dataset.target + ' ' + edge.dataset.label);
  };
  new MutationObserver((records) => records.forEach((r) => {
    if (r.target.matches('.edge')) record(r.target);
  })).observe(document.getElementById('stack-view'), {subtree: true, attributes: true,
    attributeFilter: ['class']});
}"""


@pytest.fixture(scope="module")
def twin(dashboard, tmp_path_factory) -> Iterator[Stack]:
    """The twin-prefix stack, served for real and announced to `dashboard`."""
    ini = tmp_path_factory.mktemp("twin") / "twin.ini"
    ini.write_text(TWIN_PREFIXES)
    with announced(dashboard, "main", str(ini)) as server:
        yield server


def edge_labels(page: Page, scope: str, state: str, source: str, target: str) -> list[str]:
    """The labels of the edges from `source` to `target` in `scope` that have class `state`."""
    return page.eval_on_selector_all(
        f'{scope} .edge.{state}[data-source="{source}"][data-target="{target}"]',
        "edges => edges.map((edge) => edge.dataset.label).sort()")


def test_the_step_view_lights_only_the_prefix_taken(page, dashboard, twin):
    trace = send(dashboard, twin, "GET", "/x")
    dispatch = [i for i, e in enumerate(trace["events"]) if e["kind"] == "composite.dispatch"]
    assert [trace["events"][i]["data"]["label"] for i in dispatch] == ["/"]
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    stepper = page.locator(".stepper")
    page.click(f'.stepper .hop[data-index="{dispatch[0]}"]')
    expect(stepper).to_have_attribute("data-index", str(dispatch[0]))
    assert edge_labels(page, ".stepper", "active", COMPOSITE, PIPELINE) == ["/"]

    last = len(trace["events"]) - 1
    page.click(f'.stepper .hop[data-index="{last}"]')
    expect(stepper).to_have_attribute("data-index", str(last))
    assert edge_labels(page, ".stepper", "visited", COMPOSITE, PIPELINE) == ["/"]
    assert edge_labels(page, ".stepper", "visited", PIPELINE, FILTER) == ["0", "1"]


def test_the_live_replay_lights_only_the_prefix_taken(page, dashboard, twin):
    open_live(page, dashboard.url, stack="main")
    page.evaluate(WATCH_EDGES)
    trace = send(dashboard, twin, "GET", "/x")["trace"]
    page.click(f'#rows tr[data-trace="{trace}"]')  # plays it, if the stream has not yet
    wait_played(page, trace)
    lit = page.evaluate("Array.from(window.litEdges).sort()")
    assert [e for e in lit if e.startswith(COMPOSITE + " ")] == [f"{COMPOSITE} {PIPELINE} /"]
    # Waited for, not read once: the click may replay a trace the stream had already played.
    taken = page.locator(f'#diagram .edge.visited[data-source="{COMPOSITE}"]')
    expect(taken).to_have_count(1)
    expect(taken).to_have_attribute("data-label", "/")
    expect(page.locator(f'#diagram .edge.visited[data-source="{PIPELINE}"]'
                        f'[data-target="{FILTER}"]')).to_have_count(2)


def test_what_would_this_url_hit_marks_only_the_prefix_taken(page, dashboard, twin):
    page.goto(f"{dashboard.url}/?stack=main")
    ask(page, "GET", "/x")
    assert edge_labels(page, "#diagram", "which-edge", COMPOSITE, PIPELINE) == ["/"]
    assert edge_labels(page, "#diagram", "which-dim", COMPOSITE, PIPELINE) == ["/s"]
    assert edge_labels(page, "#diagram", "which-edge", PIPELINE, FILTER) == ["0", "1"]
