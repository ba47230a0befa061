""""What would this URL hit?" in headless Chromium: the path drawn on the diagram, the
alternatives picked from the page, and a running stack's matching route."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from playwright.sync_api import expect

from stack import graph
from stack import resolve
from tests.browser.upload_page import upload
from tests.browser.which_form import ask
from tests.browser.which_form import drawn_path
from tests.conftest import NOVA
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

V21 = "composite:openstack_compute_api_v21"
DIM = re.compile(r"\bwhich-dim\b")
#: What the which tool draws on the diagram, and what a live replay draws there.
WHICH_MARKS = ("#diagram .which-hop, #diagram .which-dim, #diagram .which-edge, "
               "#diagram .which-badge")
REPLAY_MARKS = ("#diagram .node.dim, #diagram .node.visited, #diagram .node.active, "
                "#diagram .edge.dim, #diagram .edge.visited, #diagram [class*='status-']")


def check_path(path: list[list[str]], result: resolve.Resolution) -> None:
    """The drawn path is resolve's, and a box drawn in a lane is the chosen pipeline's."""
    assert [node for node, _ in path] == result.nodes
    assert {lane for _, lane in path} == {"", result.nodes[2]}


def test_nova_upload_draws_the_path_and_follows_the_picked_alternative(page, dashboard):
    nova = graph.load_graph(str(NOVA), "osapi_compute").to_json()
    upload(page, dashboard, NOVA)
    ask(page, "GET", "/v2.1/servers")

    default = resolve.resolve(nova, "GET", "/v2.1/servers")
    assert default.chosen[V21] == ("keystone", "default auth_strategy")
    path = drawn_path(page)
    check_path(path, default)
    assert path[1] == [V21, ""] and path[-1][0] == "app:osapi_compute_app_v21"
    lane = "pipeline:openstack_compute_api_v21[keystone]"
    assert ["filter:authtoken", lane] in path and ["filter:keystonecontext", lane] in path
    expect(page.locator('#diagram .edge.which-edge[data-source="composite:osapi_compute"]'
                        f'[data-target="{V21}"]')).to_have_attribute("data-label", "/v2.1")
    for box in page.locator('#diagram .node[data-node="filter:noauth"]').all():
        expect(box).to_have_class(DIM)
    why = page.locator(f'.which-choice[data-which-composite="{V21}"] .muted')
    expect(why).to_have_text("OpenStack's default auth_strategy: the composite sets none, a "
                             "service's config may")
    expect(why.locator("code")).to_have_text("auth_strategy")
    expect(page.locator(".which-routes-unknown")).to_contain_text(
        "routes are unknown for an uploaded ini")
    expect(page.locator(".which-hops li").last).to_contain_text("PATH_INFO /servers")
    # Names in the answer's words are code, never raw backticks.
    expect(page.locator(".which-headline code").first).to_have_text("osapi_compute")
    assert "`" not in page.locator(".which").inner_text()

    # Pick the other alternative: the form asks again and the path moves to its lane.
    page.select_option('.which select[name="choose"]', f"{V21}=noauth")
    expect(page.locator("#diagram svg")).to_have_attribute(
        "data-which-drawn", f"GET /v2.1/servers {V21}=noauth")
    expect(why).to_have_text("as chosen")
    chosen = resolve.resolve(nova, "GET", "/v2.1/servers", choices={V21: "noauth"})
    path = drawn_path(page)
    check_path(path, chosen)
    assert ["filter:noauth", "pipeline:openstack_compute_api_v21[noauth]"] in path
    assert all(node != "filter:authtoken" for node, _ in path)
    authtoken = page.locator('#diagram .node[data-node="filter:authtoken"]').first
    expect(authtoken).to_have_class(DIM)


def test_a_running_stack_shows_the_route_that_would_match(page, dashboard, stack):
    page.goto(dashboard.url + "/?stack=osapi_compute")
    ask(page, "GET", "/v2.1/flavors/2")
    answer = dashboard.get("/api/which?" + urlencode(
        {"stack": "osapi_compute", "method": "GET", "path": "/v2.1/flavors/2"}))[2]
    route = answer["route"]
    assert route is not None
    row = page.locator(f'table.routes tr.which-route[data-route-template="{route["template"]}"]')
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-route-methods", " ".join(route["methods"]))
    expect(page.locator(".which table.which-match")).to_contain_text(
        f"{route['controller']}.{route['action']}()")
    assert [node for node, _ in drawn_path(page)] == [h["node"] for h in answer["hops"]]

    # A method the routes do not allow: the router would answer 405, and says which it tried.
    ask(page, "DELETE", "/v2.1/flavors")
    method = page.locator('.which-form input[name="method"]')
    for word in ("DELETE", "OPTIONS"):  # the longest methods the list offers fit the box
        method.fill(word)
        assert method.evaluate("input => input.scrollWidth <= input.clientWidth"), word
    stop = page.locator(".which-stopped")
    expect(stop).to_have_attribute("data-which-status", "405")
    expect(stop).to_contain_text("none of which allows DELETE")
    expect(stop.locator('tr[data-which-failed="method"]')).to_have_count(2)
    expect(page.locator('#diagram .node.which-stop[data-node="app:compute_app"]')).to_have_count(1)
    expect(page.locator("table.routes tr.which-route")).to_have_count(0)
    assert drawn_path(page)[-1][0] == "app:compute_app"


def test_a_route_whose_controller_lacks_the_action_is_shown_as_a_404(page, dashboard, stack):
    """The route matches and is marked in the route table, but the stack would answer 404:
    the servers controller has no `new` action (finding 3)."""
    page.goto(dashboard.url + "/?stack=osapi_compute")
    ask(page, "GET", "/v2.1/servers/new")
    match = page.locator(".which table.which-match")
    expect(match).to_have_attribute("data-which-has-action", "no")
    expect(match).to_contain_text("servers.new() no such action: 404")
    stop = page.locator(".which-stopped")
    expect(stop).to_have_attribute("data-which-status", "404")
    # Said in the box, as the CLI says it, and not again in the list below it.
    expect(stop).to_contain_text("the servers controller has no new action, so the stack "
                                 "answers 404 (MissingAction) instead of calling servers.new()")
    expect(page.locator('#diagram .node.which-stop[data-node="app:compute_app"]')).to_have_count(1)
    expect(page.locator('table.routes tr.which-route[data-route-template="/servers/new"]')
           ).to_have_count(1)
    expect(page.locator(".which-story")).not_to_contain_text("(MissingAction)")

    # An app the stack has no route table for is handed the request, never said to answer it.
    ask(page, "GET", "/v3/servers")
    expect(page.locator(".which-routes-unknown")).to_contain_text(
        "only sending the request shows")
    expect(page.locator(".which-story")).to_contain_text(
        "this cannot tell whether it answers 200, 404 or another status")
    expect(page.locator(".which-story")).not_to_contain_text("answers GET /v3/servers")


def test_a_section_that_would_not_load_is_marked_and_said(page, dashboard):
    upload(page, dashboard, "broken.ini",
           b"[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n/v2 = api\n"
           b"[pipeline:api]\npipeline = missing app\n[app:app]\nuse = egg:x#app\n")
    ask(page, "GET", "/")  # the request would not go through `api`, yet loading fails there
    expect(page.locator(".which-lead")).to_have_text("No answer: the stack would not load.")
    stop = page.locator(".which-stopped")  # why, right below, without saying that again
    expect(stop).to_contain_text("The pipeline api cannot be built (line 6): 'missing': no such "
                                 "filter section.")
    expect(stop).not_to_contain_text("would not load")
    expect(page.locator(".which-headline, .which-detail")).to_have_count(0)
    expect(page.locator('#diagram .node.which-stop[data-node="pipeline:api"]')).to_have_count(1)
    assert drawn_path(page) == []


def test_the_live_diagram_shows_one_path_at_a_time(page, dashboard):
    """A replay starting clears the which path (the answer's words stay, with a way to draw it
    again); drawing the which path clears a replay, and stops one still playing."""
    dashboard.post("/api/stacks", announcement("sample-which"))
    page.goto(dashboard.url + "/?stack=sample-which")
    expect(page.locator("#live")).to_have_attribute("data-stack", "sample-which")
    page.select_option("#speed", "16")
    ask(page, "GET", "/v1/items")
    expect(page.locator("#diagram .which-hop")).to_have_count(4)
    cleared = page.locator(".which [data-which-cleared]")
    expect(cleared).to_be_hidden()

    player = page.locator("#player")
    dashboard.post("/api/events", trace_events("which-live-1", stack="sample-which"))
    expect(player).to_have_attribute("data-trace", "which-live-1")
    expect(page.locator(WHICH_MARKS)).to_have_count(0)
    expect(page.locator("#diagram svg")).not_to_have_attribute("data-which-drawn", re.compile("."))
    expect(cleared).to_be_visible()
    expect(cleared).to_contain_text("no longer drawn")
    expect(page.locator(".which-hops li")).to_have_count(4)  # the answer itself stays
    expect(player).to_have_attribute("data-state", "done", timeout=20_000)
    expect(page.locator(REPLAY_MARKS).first).to_be_attached()

    # Drawn again: the replay's marks go, only the which path is on the diagram.
    cleared.get_by_role("button", name="Draw it again").click()
    expect(page.locator("#diagram svg")).to_have_attribute("data-which-drawn", "GET /v1/items")
    expect(page.locator("#diagram .which-hop")).to_have_count(4)
    expect(page.locator(REPLAY_MARKS)).to_have_count(0)
    expect(cleared).to_be_hidden()

    # Asked while a replay plays: the replay stops rather than go on drawing over the path.
    page.select_option("#speed", "1")
    dashboard.post("/api/events", trace_events("which-live-2", stack="sample-which"))
    expect(player).to_have_attribute("data-trace", "which-live-2")
    expect(player).to_have_attribute("data-state", "playing")
    ask(page, "GET", "/v1/other")
    expect(player).to_have_attribute("data-state", "stopped")
    page.wait_for_timeout(1000)  # two of the replay's steps at 1x, had it gone on
    expect(page.locator(REPLAY_MARKS)).to_have_count(0)
    expect(page.locator("#diagram svg")).to_have_attribute("data-which-drawn", "GET /v1/other")
