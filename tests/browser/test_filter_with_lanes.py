"""A filter that `filter-with` wraps in another, listed by two pipelines, is drawn with its
wrapper in each pipeline's lane, joined by a `filter-with` wire in each. In Chromium, a request
through one pipeline lights that lane's wire, never the other lane's, which it did not go
through: on a Live replay, and in the path "what would this URL hit?" draws."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from stack.graph import load_graph
from tests.browser.live_page import replay_row
from tests.browser.live_page import stored_through
from tests.browser.which_form import ask
from tests.dashboard.samples import announcement
from tests.dashboard.uploading import uploaded

#: `/l` → pipeline `long` (m, n, app), `/s` → pipeline `short` (m, app2); `m` and `n` are each
#: wrapped in `w`, so a request through `long` enters w, m, w again, n and app.
INI = """\
[composite:main]
use = egg:Paste#urlmap
/l = long
/s = short

[pipeline:long]
pipeline = m n app

[pipeline:short]
pipeline = m app2

[filter:m]
paste.filter_factory = demo.f:factory
filter-with = w

[filter:n]
paste.filter_factory = demo.f:factory
filter-with = w

[filter:w]
paste.filter_factory = demo.f:factory

[app:app]
paste.app_factory = demo.app:factory

[app:app2]
paste.app_factory = demo.app:factory
"""
#: The hops of `GET /l/x`, in order.
HOPS = ["composite:main", "pipeline:long", "filter:w", "filter:m", "filter:w", "filter:n",
        "app:app"]

#: The lit wires into `filter:w` (the `filter-with` ones), each by the lane whose frame holds it.
LIT = """(lit) => {
  const frames = [...document.querySelectorAll('#diagram g.node[data-node^="pipeline:"]')];
  return [...document.querySelectorAll('#diagram .edge[data-target="filter:w"]')]
    .filter((edge) => edge.classList.contains(lit))
    .map((edge) => {
      const r = edge.getBoundingClientRect();
      const frame = frames.find((f) => {
        const b = f.getBoundingClientRect();
        return r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom;
      });
      return [edge.dataset.source, frame ? frame.dataset.node : ''];
    }).sort();
}"""


def test_a_replay_lights_the_filter_with_wire_of_its_own_lane_only(page: Page, dashboard,
                                                                  tmp_path):
    ini = tmp_path / "wrapped.ini"
    ini.write_text(INI)
    stack = "wrapped-twice"
    graph = load_graph(str(ini), "main").to_json()
    trace = stored_through(dashboard, announcement(stack, graph=graph), HOPS, "/l")
    page.goto(f"{dashboard.url}/?stack={stack}")
    page.select_option("#speed", "16")
    replay_row(page, trace)
    expect(page.locator('#diagram .node[data-node="filter:m"][data-in="pipeline:short"]')
           ).to_have_class("node dim")
    assert page.evaluate(LIT, "visited") == [["filter:m", "pipeline:long"],
                                              ["filter:n", "pipeline:long"]]


def test_which_draws_the_filter_with_wires_of_its_own_lane_only(page: Page, dashboard):
    page.goto(f"{dashboard.url}/inis/{uploaded(dashboard, 'wrapped.ini', INI)}")
    ask(page, "GET", "/l/x")
    assert page.evaluate(LIT, "which-edge") == [["filter:m", "pipeline:long"],
                                                 ["filter:n", "pipeline:long"]]


def test_which_lights_the_filter_with_wire_of_a_wrapped_composite(page: Page, dashboard):
    """The composite picks `/l` by its label; the wire to the filter wrapping it carries none,
    and was left dim while the replay and the step view lit it."""
    wrapped = INI.replace("/s = short\n", "/s = short\nfilter-with = auth\n") + (
        "\n[filter:auth]\npaste.filter_factory = demo.f:factory\n")
    page.goto(f"{dashboard.url}/inis/{uploaded(dashboard, 'wrapped.ini', wrapped)}")
    ask(page, "GET", "/l/x")
    wire = page.locator('#diagram .edge[data-source="composite:main"][data-target="filter:auth"]')
    expect(wire).to_have_class("edge which-edge")
