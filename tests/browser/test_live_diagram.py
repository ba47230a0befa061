"""The live page in headless Chromium against a real dashboard and the real compute demo stack.

A request sent from the page (or by anyone else) lights the diagram's boxes up in order, is
coloured by status, marks the box that answered on its own, leaves the rest dim, and appears
in the request list.
"""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.in_sight import assert_in_frame
from tests.browser.live_page import V21_PATH
from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import send


def box(page: Page, node: str, lane: str | None = None):
    selector = f'#diagram .node[data-node="{node}"]'
    if lane:
        selector += f'[data-in="{lane}"]'
    return page.locator(selector)


def test_a_request_sent_from_the_page_travels_through_the_diagram(page, dashboard, stack):
    open_live(page, dashboard.url)
    trace = send_preset(page, "GET /v2.1/servers — list servers")
    expect(page.locator("#send-result")).to_have_attribute("data-status", "200")
    wait_played(page, trace)

    lit = page.evaluate("window.lit")
    assert [n for n in lit if n in V21_PATH] == V21_PATH
    for node in V21_PATH[3:]:
        assert "status-2xx" in box(page, node).last.get_attribute("class"), node
    expect(box(page, "filter:faultwrap", "pipeline:openstack_compute_api_v21[keystone]")) \
        .to_have_class("node visited status-2xx")
    expect(box(page, "app:versionsapp")).to_have_class("node dim")
    assert box(page, "app:compute_app").locator("[data-timing]").text_content().endswith(" ms")
    expect(page.locator(f'#rows tr[data-trace="{trace}"]')).to_be_visible()
    expect(page.locator(f'#rows tr[data-trace="{trace}"] td.status')).to_have_text("200")


def test_a_trace_that_is_playing_is_not_started_again_part_way(page, dashboard, stack):
    """A sent request reaches the player twice (the list's newest row, the send's answer),
    each fetched in its own time: the second must not cut the first off part way."""
    open_live(page, dashboard.url)
    trace = send_preset(page, "GET /v2.1/servers — list servers")
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")
    page.evaluate("""async (id) => {
        const response = await fetch("/api/traces/" + encodeURIComponent(id) + "/shown");
        const trace = await response.json();
        window.Pastescope.player.play(trace, false);
    }""", trace)
    wait_played(page, trace)
    assert [n for n in page.evaluate("window.lit") if n in V21_PATH] == V21_PATH


def test_a_401_is_answered_by_authtoken_and_the_router_stays_dim(page, dashboard, stack):
    open_live(page, dashboard.url)
    trace = send_preset(page, "GET /v2.1/servers — list servers, no token (401)")
    expect(page.locator("#send-result")).to_have_attribute("data-status", "401")
    wait_played(page, trace)
    authtoken = box(page, "filter:authtoken")
    assert "short-circuit" in authtoken.get_attribute("class")
    assert "status-4xx" in authtoken.get_attribute("class")
    assert "dim" in box(page, "app:compute_app").get_attribute("class")
    assert "app:compute_app" not in page.evaluate("window.lit")
    expect(page.locator("#hops")).to_contain_text("answered on its own")


@pytest.mark.parametrize("projector", [False, True], ids=["ordinary", "projector"])
def test_a_401_s_replay_shows_the_app_authtoken_kept_from_running(laptop, dashboard, stack,
                                                                   projector):
    """On a laptop's screen the demo's diagram is wider than Live's frame, which follows the
    request: a 401's replay ended with the frame on authtoken, and compute_app, the box the
    401 kept dark, past its edge (under its "more" cue; in projector mode, out of sight)."""
    page = laptop
    open_live(page, dashboard.url)
    if projector:
        page.locator('header.top [data-action="projector"]').click()
        expect(page.locator("body")).to_have_class("projector")
    trace = send(dashboard, stack, "GET", "/v2.1/servers")
    assert trace["status"] == 401
    wait_played(page, trace["trace"])
    expect(box(page, "app:compute_app")).to_have_class(re.compile(r"\bdim\b"))
    assert_in_frame(box(page, "filter:authtoken", "pipeline:openstack_compute_api_v21[keystone]"))
    assert_in_frame(box(page, "app:compute_app"))


def test_a_request_sent_by_someone_else_animates_too(page, dashboard, stack):
    open_live(page, dashboard.url)
    request = urllib.request.Request(stack.url + "/v2.1/flavors", headers=TOKEN)
    with urllib.request.urlopen(request, timeout=10) as response:
        trace = response.headers["X-Pastescope-Trace"]
    wait_played(page, trace)
    expect(page.locator(f'#rows tr[data-trace="{trace}"]')).to_be_visible()
    assert page.evaluate("window.lit")[-1] == "app:compute_app"


def test_the_request_detail_and_repeat(page, dashboard, stack):
    open_live(page, dashboard.url)
    trace = send_preset(page, "GET /v2.1/servers/999 — show server 999 (404)")
    row = page.locator(f'#rows tr[data-trace="{trace}"]')
    row.locator("td.status").click()
    detail = page.locator(f'#detail .request-detail[data-trace="{trace}"]')
    expect(detail).to_be_visible()
    expect(detail.locator(".timeline")).to_contain_text("app:compute_app")
    expect(detail.locator(".route-match")).to_contain_text("999")
    expect(detail.locator(".headers")).to_contain_text("***")
    # Beside the diagram, each event's data is readable: as wide as the column, not a sliver,
    # and the page does not grow sideways.
    data = detail.locator(".events tr[data-kind='request.start'] .data")
    assert data.bounding_box()["width"] > 0.8 * detail.bounding_box()["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    detail.locator('button[data-action="repeat"]').click()
    expect(detail.locator("output")).to_contain_text("404")
    assert page.locator("#rows tr[data-trace]").count() >= 2


def test_posted_events_animate_and_fill_the_figures(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-live"))
    open_live(page, dashboard.url, "sample-live")
    dashboard.post("/api/events", trace_events("posted-1", stack="sample-live", denied=True))
    wait_played(page, "posted-1")
    assert page.evaluate("window.lit") == ["composite:main", "pipeline:api", "filter:auth"]
    assert "short-circuit" in box(page, "filter:auth").get_attribute("class")
    stat = box(page, "filter:auth").locator("[data-stat]")
    expect(stat).to_have_text("1 req · 0.2/0.2 ms")  # its 0.2 ms, without a padding zero
    dashboard.post("/api/events", trace_events("posted-2", stack="sample-live"))
    wait_played(page, "posted-2")
    expect(page.locator('tr[data-route-template="/items"] [data-route-hits]')).to_have_text("1")


#: The fill of a box's timing and of its figures, as drawn.
FILLS = """box => ({timing: getComputedStyle(box.querySelector('[data-timing]')).fill,
                  stat: getComputedStyle(box.querySelector('[data-stat]')).fill})"""


def test_a_hops_time_is_in_neutral_ink_unless_the_hop_is_an_error(page, dashboard):
    # Every time was a warning's orange, a fast 200's too: it read as "slow".
    dashboard.post("/api/stacks", announcement("sample-timing"))
    open_live(page, dashboard.url, "sample-timing")
    dashboard.post("/api/events", trace_events("timing-200", stack="sample-timing"))
    wait_played(page, "timing-200")
    auth = box(page, "filter:auth")
    expect(auth.locator("[data-timing]")).to_have_text(re.compile(r" ms$"))
    fills = auth.evaluate(FILLS)
    assert fills["timing"] == fills["stat"] == "rgb(36, 59, 83)", fills
    dashboard.post("/api/events", trace_events("timing-500", stack="sample-timing", status=500))
    wait_played(page, "timing-500")
    expect(auth).to_have_class(re.compile(r"\bstatus-5xx\b"))
    assert auth.evaluate(FILLS)["timing"] == "rgb(201, 42, 42)"


#: Each text the live page writes in a box, and the shape it must stay inside: the box, or
#: for a pipeline the lane's head (the stat and the timing share its one line).
FIGURE_BOUNDS = """() => Array.from(document.querySelectorAll('#diagram .node')).map((node) => {
  const shape = node.querySelector(':scope > .box, :scope > .frame').getBoundingClientRect();
  const text = (selector) => {
    const element = node.querySelector(':scope > ' + selector);
    const r = element.getBoundingClientRect();
    return {text: element.textContent, left: r.left, right: r.right, top: r.top,
            bottom: r.bottom};
  };
  return {node: node.dataset.node, box: {left: shape.left, right: shape.right, top: shape.top,
          bottom: shape.bottom}, stat: text('[data-stat]'), timing: text('[data-timing]')};
})"""


def slow_trace(trace: str, stack: str, duration_ms: float, status: int) -> list[dict]:
    """A sample request whose every layer took `duration_ms`."""
    events = trace_events(trace, stack=stack, status=status)
    for event in events:
        if event["kind"] == "node.leave":
            event["data"]["duration_ms"] = duration_ms
    return events


def test_each_boxs_figures_fit_inside_it(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-figures"))
    events = []
    for n in range(120):  # p50 123.4 ms, p95 1234.5 ms, one request in four a 500
        duration = 1234.5 if n % 10 == 0 else 123.4
        events += slow_trace(f"figures-{n:03}", "sample-figures", duration,
                             500 if n % 4 == 0 else 200)
    assert dashboard.post("/api/events", events)[0] == 202
    dashboard.wait_for("/api/traces?stack=sample-figures&limit=1000",
                       lambda rows: len(rows) == 120)
    open_live(page, dashboard.url, "sample-figures")
    # Every box says its counts and both times in the one wording the key under the diagram
    # spells out (narrow boxes once said less than wide ones, each its own way), in type no
    # smaller than 9 px and not squeezed.
    expect(page.locator(".figures-key code")).to_have_text("N req · E err · A/B ms")
    for stat in page.locator("#diagram [data-stat]").all():
        expect(stat).to_have_text("120 req · 30 err · 123/1235 ms")
        assert float(stat.get_attribute("font-size")) >= 9
        assert stat.get_attribute("textLength") is None

    # One more request replayed: each box's timing is written too, beside the figures.
    dashboard.post("/api/events", slow_trace("figures-live", "sample-figures", 1234.5, 200))
    wait_played(page, "figures-live")
    expect(box(page, "pipeline:api").locator("[data-timing]")).to_have_text("1235 ms")
    for shown in page.evaluate(FIGURE_BOUNDS):
        outer, stat, timing = shown["box"], shown["stat"], shown["timing"]
        assert stat["text"], shown
        for text in (stat, timing):
            if text["text"]:
                assert outer["left"] <= text["left"] and text["right"] <= outer["right"], shown
                assert outer["top"] <= text["top"] and text["bottom"] <= outer["bottom"], shown
        if timing["text"] and timing["top"] < stat["bottom"] and stat["top"] < timing["bottom"]:
            assert stat["right"] <= timing["left"], shown  # on one line: side by side


#: The compute demo's lanes: `faultwrap` is in all three, `request_id` in the last two.
VERSIONS = "pipeline:computeversions"
KEYSTONE = "pipeline:openstack_compute_api_v21[keystone]"
NOAUTH = "pipeline:openstack_compute_api_v21[noauth]"


def lane_requests(dashboard, lane: str) -> int:
    """How many of the compute demo's stored requests ran through pipeline `lane`."""
    traces = dashboard.get("/api/traces?stack=osapi_compute&limit=1000")[2]
    return sum(
        any(e["kind"] == "node.enter" and e["node"] == lane
            for e in dashboard.get(f"/api/traces/{t['trace']}")[2]["events"])
        for t in traces
    )


def says_requests(count: int) -> re.Pattern:
    """A box's figures that count `count` requests."""
    return re.compile(rf"^{count} req\b")


def test_a_filter_in_several_lanes_shows_each_lanes_own_figures(page, dashboard, stack):
    # The demo follows its keystone lane: nothing is ever sent down the noauth lane.
    for path in ("/v2.1/servers", "/v2.1/flavors"):
        send(dashboard, stack, "GET", path, TOKEN)
    open_live(page, dashboard.url)
    keystone = lane_requests(dashboard, KEYSTONE)
    assert keystone >= 2
    for node in ("filter:request_id", "filter:faultwrap"):
        expect(box(page, node, KEYSTONE).locator("[data-stat]")).to_have_text(
            says_requests(keystone))
        expect(box(page, node, NOAUTH).locator("[data-stat]")).to_have_text("")

    # A request down another lane counts in that lane's box, and only there.
    send(dashboard, stack, "GET", "/")
    expect(box(page, "filter:faultwrap", VERSIONS).locator("[data-stat]")).to_have_text(
        says_requests(lane_requests(dashboard, VERSIONS)))
    expect(box(page, "filter:faultwrap", KEYSTONE).locator("[data-stat]")).to_have_text(
        says_requests(keystone))
    expect(box(page, "filter:faultwrap", NOAUTH).locator("[data-stat]")).to_have_text("")
