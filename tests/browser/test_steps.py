"""The step view in headless Chromium: stepping, the words at each hop, projector mode (its
sizes and keys), a 405's story, and a second browser following the teacher's steps live — across
a lesson's steppers, and when the teacher's request is no longer stored.

Expected words and boxes are derived from the trace's own events, not written per URL.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import Route
from playwright.sync_api import expect

from dashboard.diagram_text import NAME_PX
from tests.browser.follow_page import open_viewer
from tests.browser.screens import PROJECTORS
from tests.browser.text_sizes import PROJECTOR_PX
from tests.conftest import TOKEN
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import form_sent
from tests.dashboard.servers import send
from tests.dashboard.servers import short
from tests.dashboard.servers import stored

#: The classroom dashboard's teacher's token (`python -m dashboard --token`).
TEACHER = "teacher-steps"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Iterator[Dashboard]:
    """A dashboard that wants the teacher's token and keeps one trace only (retention at work)."""
    server = Dashboard(tmp_path_factory.mktemp("classroom"), "--token", TEACHER,
                       "--max-traces", "1")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def classroom_stack(classroom: Dashboard) -> Iterator[Stack]:
    """The compute demo reporting to `classroom`, with the token in its environment."""
    with announced(classroom, token=TEACHER) as server:
        yield server


def expected_words(event: dict) -> list[str]:
    """Words the explanation of `event` must contain, taken from the event."""
    data = event["data"]
    kind = event["kind"]
    if kind == "request.start":
        return [f"{data['method']} {data['path']}"]
    if kind == "composite.dispatch":
        return [data["label"], short(data["target"])]
    if kind == "node.enter":
        return [short(event["node"]), data["path_info"]]
    if kind == "route.match":
        return [data["template"], data["match"]["action"]]
    if kind == "controller.action":
        return [data["controller"], data["action"]]
    if kind in ("node.leave", "controller.return", "request.end"):
        return [str(data["status"])]
    return [kind]


def current_step(page: Page):
    return page.locator(".stepper .step:not([hidden])")


def text_size(page: Page) -> float:
    """The font size of the current step's words, in px."""
    return page.eval_on_selector(".stepper .step:not([hidden]) .step-text",
                                 "e => parseFloat(getComputedStyle(e).fontSize)")


def active_boxes(page: Page) -> list[str]:
    return page.eval_on_selector_all(".stepper .diagram .node.active",
                                     "boxes => boxes.map(b => b.dataset.node)")


def projector_sizes(page: Page) -> dict[str, float]:
    """On-screen type sizes in px: the step's words, the diagram's box names (drawn at NAME_PX
    units, scaled with the SVG), the environ table and the hops."""
    return page.evaluate("""nameUnits => {
      const px = (selector) =>
        parseFloat(getComputedStyle(document.querySelector(selector)).fontSize);
      const svg = document.querySelector(".stepper .step-diagram svg");
      return {
        text: px(".stepper .step:not([hidden]) .step-text"),
        names: nameUnits * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
        changes: px(".stepper .step:not([hidden]) .changes td code"),
        hops: px(".stepper .step-hops .hop"),
      };
    }""", NAME_PX)


def active_box_in_view(page: Page) -> bool:
    """Whether the current box lies inside the visible part of the diagram's frame."""
    return page.evaluate("""() => {
      const frame = document.querySelector(".stepper .diagram-frame").getBoundingClientRect();
      const box = document.querySelector(".stepper .diagram .node.active > .box")
        .getBoundingClientRect();
      return box.left >= frame.left && box.right <= frame.right
        && box.top >= frame.top && box.bottom <= frame.bottom;
    }""")


def test_stepping_through_a_request_explains_each_hop_and_lights_its_box(page, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    events = trace["events"]
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    stepper = page.locator(".stepper")
    expect(stepper).to_have_attribute("data-state", "paused")

    for index, event in enumerate(events):
        expect(stepper).to_have_attribute("data-index", str(index))
        step = current_step(page)
        expect(step).to_have_count(1)
        expect(step).to_have_attribute("data-kind", event["kind"])
        for words in expected_words(event):
            expect(step.locator(".step-text")).to_contain_text(words)
        expect(page.locator(f'.stepper .hop[data-index="{index}"]')).to_have_attribute(
            "aria-current", "step")
        assert active_boxes(page) == ([event["node"]] if event["node"] else []), event
        if event["kind"] == "composite.dispatch" and event["data"]["label"].startswith("/"):
            for key, value in (("SCRIPT_NAME", "script_name"), ("PATH_INFO", "path_info")):
                after = step.locator(f'.changes tr[data-key="{key}"] td').last
                expect(after).to_have_text(event["data"][value])
        if event["kind"] == "route.match":
            expect(step.locator('.changes tr[data-key="wsgiorg.routing_args"]')).to_contain_text(
                event["data"]["match"]["action"])
        if index < len(events) - 1:
            page.click('.stepper [data-action="forward"]')

    # Earlier boxes stay visited, with the status they passed up; the other lane stays dim.
    keystone = "pipeline:openstack_compute_api_v21[keystone]"
    expect(page.locator(f'.stepper .node[data-node="filter:authtoken"][data-in="{keystone}"]')) \
        .to_have_class("node visited status-2xx")
    expect(page.locator('.stepper .node[data-node="filter:noauth"]')).to_have_class("node dim")
    expect(page.locator('.stepper .node[data-node="app:versionsapp"]')).to_have_class("node dim")

    page.click('.stepper [data-action="back"]')
    expect(stepper).to_have_attribute("data-index", str(len(events) - 2))
    route = next(i for i, e in enumerate(events) if e["kind"] == "route.match")
    page.click(f'.stepper .hop[data-index="{route}"]')
    expect(stepper).to_have_attribute("data-index", str(route))
    assert active_boxes(page) == ["app:compute_app"]
    expect(page.locator(".stepper .why")).to_have_count(0)

    page.select_option('.stepper select[name="speed"]', "8")
    page.click('.stepper [data-action="play"]')
    expect(stepper).to_have_attribute("data-state", "playing")
    expect(stepper).to_have_attribute("data-index", str(len(events) - 1), timeout=15_000)
    expect(stepper).to_have_attribute("data-state", "paused")


def test_projector_mode_and_its_keys(page, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    last = len(trace["events"]) - 1
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps?projector=1")
    stepper = page.locator(".stepper")
    expect(page.locator("body")).to_have_class("projector")
    toggle = page.locator('header.top [data-action="projector"]')
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Projector")).to_have_count(1)  # the header's alone
    dispatch = next(i for i, e in enumerate(trace["events"]) if e["kind"] == "composite.dispatch")
    route = next(i for i, e in enumerate(trace["events"]) if e["kind"] == "route.match")
    for viewport in PROJECTORS:
        page.set_viewport_size(viewport)
        page.click(f'.stepper .hop[data-index="{dispatch}"]')  # a step with an environ table
        sizes = projector_sizes(page)
        assert min(sizes.values()) >= PROJECTOR_PX, (viewport, sizes)
        page.click(f'.stepper .hop[data-index="{route}"]')  # the router, far right of the diagram
        assert active_box_in_view(page), viewport
    page.click('.stepper .hop[data-index="0"]')
    large = text_size(page)

    page.locator(".stepper").focus()  # Space on the focused hop would press that hop
    page.keyboard.press("Space")
    expect(stepper).to_have_attribute("data-index", "1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(stepper).to_have_attribute("data-index", "3")
    page.keyboard.press("ArrowLeft")
    expect(stepper).to_have_attribute("data-index", "2")
    page.keyboard.press("End")
    expect(stepper).to_have_attribute("data-index", str(last))
    page.keyboard.press("Space")  # past the end: stays on the last step
    expect(stepper).to_have_attribute("data-index", str(last))
    page.keyboard.press("Home")
    expect(stepper).to_have_attribute("data-index", "0")
    page.keyboard.press("6")
    expect(stepper).to_have_attribute("data-speed", "8")
    expect(page.locator('.stepper select[name="speed"]')).to_have_value("8")
    page.keyboard.press("1")
    expect(stepper).to_have_attribute("data-speed", "0.25")

    toggle.click()
    expect(page.locator("body")).not_to_have_class("projector")
    assert "projector" not in page.url
    assert text_size(page) * 1.4 < large
    page.keyboard.press("ArrowRight")  # the toggle let go of the focus, so keys still step
    expect(stepper).to_have_attribute("data-index", "1")
    page.focus('.stepper [data-action="forward"]')
    page.keyboard.press("Space")  # one step, not a step and a click of the focused button
    page.wait_for_timeout(200)
    expect(stepper).to_have_attribute("data-index", "2")
    page.evaluate("document.activeElement.blur()")  # no focus, no projector: the page's only
    page.keyboard.press("ArrowRight")  # stepper takes the keys still
    expect(stepper).to_have_attribute("data-index", "3")


def test_a_405_explains_the_method_mismatch(page, dashboard, stack):
    trace = send(dashboard, stack, "PUT", "/v2.1/servers", TOKEN)
    assert trace["status"] == 405
    miss_index, miss = next((i, e) for i, e in enumerate(trace["events"])
                            if e["kind"] == "route.miss")
    refused = [c for c in miss["data"]["candidates"] if c["failed"] == "method"]
    allowed = ", ".join(sorted({m for c in refused for m in c["methods"]}))

    page.goto(f"{dashboard.url}/requests/{trace['trace']}")
    why = page.locator(".request-detail .why")
    expect(why.locator("h3")).to_have_text("Why it failed")
    expect(why).to_contain_text(f"method condition refuses {miss['data']['method']}")
    expect(why).to_contain_text(f"allowed: {allowed}")
    for candidate in refused:
        expect(why).to_contain_text(candidate["template"])

    page.click(".request-detail a.step-through")
    expect(page).to_have_url(f"{dashboard.url}/requests/{trace['trace']}/steps")
    # stepper.js has taken the page (it marks the stepper) before a click can step it
    expect(page.locator(".stepper")).to_have_attribute("data-presenting", "false")
    page.click('.stepper .hop[data-kind="route.miss"]')
    expect(page.locator(".stepper")).to_have_attribute("data-index", str(miss_index))
    text = current_step(page).locator(".step-text")
    expect(text).to_contain_text(f"refuses {miss['data']['method']}")
    expect(text).to_contain_text(f"so {miss['data']['status']} (allowed: {allowed})")
    assert active_boxes(page) == [miss["node"]]
    expect(page.locator(".stepper .why h3")).to_have_text("Why it failed")


def test_a_viewer_follows_the_teachers_steps_live(page, browser: Browser, dashboard, stack):
    first = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    second = send(dashboard, stack, "GET", "/v2.1/servers")  # a 401: another trace, shorter
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        follow = viewer.locator("#follow")
        expect(viewer.locator(".follow-waiting")).to_be_visible()
        expect(follow).to_have_attribute("data-state", "waiting")

        page.goto(f"{dashboard.url}/requests/{first['trace']}/steps")
        page.click('.stepper [data-action="present"]')
        expect(page.locator('.stepper [data-action="present"]')).to_be_hidden()
        expect(page.locator("#presenting-bar")).to_be_visible()
        shown = viewer.locator("#follow-steps .stepper")
        expect(shown).to_have_attribute("data-trace", first["trace"])
        expect(shown).to_have_attribute("data-index", "0")
        expect(viewer.locator(".follow-waiting")).to_be_hidden()

        for _ in range(3):
            page.click('.stepper [data-action="forward"]')
        expect(page.locator(".stepper")).to_have_attribute("data-index", "3")
        expect(shown).to_have_attribute("data-index", "3")
        teacher_text = page.locator(".stepper .step:not([hidden]) .step-text").text_content()
        expect(viewer.locator("#follow-steps .step:not([hidden]) .step-text")).to_have_text(
            teacher_text)
        node = first["events"][3]["node"]
        expect(viewer.locator(f'#follow-steps .node.active[data-node="{node}"]')).to_have_count(1)

        page.keyboard.press("End")  # the stepper has the focus since the click
        expect(shown).to_have_attribute("data-index", str(len(first["events"]) - 1))

        # The teacher opens another request, still presenting: the viewer switches over at once.
        page.goto(f"{dashboard.url}/requests/{second['trace']}/steps")
        expect(page.locator('.stepper [data-action="present"]')).to_be_hidden()
        expect(page.locator("#presenting-bar")).to_be_visible()
        expect(shown).to_have_attribute("data-trace", second["trace"])
        expect(shown).to_have_attribute("data-index", "0")
        page.click('.stepper .hop[data-index="2"]')
        expect(shown).to_have_attribute("data-trace", second["trace"])
        expect(shown).to_have_attribute("data-index", "2")
        expect(viewer.locator("#follow-steps .why")).to_contain_text("401")

        # A viewer who arrives late starts where the class is.
        late = viewer_context.new_page()
        late.goto(f"{dashboard.url}/follow")
        expect(late.locator("#follow-steps .stepper")).to_have_attribute("data-trace",
                                                                        second["trace"])
        expect(late.locator("#follow-steps .stepper")).to_have_attribute("data-index", "2")
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()


def test_a_lessons_stepper_takes_a_click_as_soon_as_it_shows_on_a_slow_network(
        page, dashboard, stack):
    # A classroom's network: every answer 800 ms late. The step view's scripts came only with
    # the first Run's stepper, so its buttons did nothing until they arrived (Present lost).
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 800, "downloadThroughput": -1, "uploadThroughput": -1})
    page.goto(f"{dashboard.url}/lessons/compute-demo")
    page.locator("#step-1 button.run").click()
    present = page.locator('#step-1 .stepper [data-action="present"]')
    present.click()
    expect(present).to_be_hidden()
    expect(page.locator("#step-1 .stepper")).to_have_attribute("data-presenting", "true")


def test_presenting_goes_on_across_a_lessons_steppers_and_keys_drive_the_latest(
        page, browser: Browser, dashboard, stack):
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        shown = viewer.locator("#follow-steps .stepper")
        page.goto(f"{dashboard.url}/lessons/compute-demo")
        page.locator("#step-1 button.run").click()
        first = page.locator("#step-1 .stepper")
        first_trace = first.get_attribute("data-trace")
        first.locator('[data-action="present"]').click()
        page.locator('header.top [data-action="projector"]').click()
        expect(page.locator("body")).to_have_class("projector")
        expect(shown).to_have_attribute("data-trace", first_trace)

        # The next step's stepper is loaded while presenting: it shows the class at once.
        page.locator("#step-2 button.run").click()
        second = page.locator("#step-2 .stepper")
        second_trace = second.get_attribute("data-trace")
        assert second_trace != first_trace
        expect(second.locator('[data-action="present"]')).to_be_hidden()
        expect(shown).to_have_attribute("data-trace", second_trace)
        expect(shown).to_have_attribute("data-index", "0")
        expect(second).to_have_attribute("data-presenting", "true")
        expect(first).to_have_attribute("data-presenting", "false")

        # Projector keys drive the stepper loaded last, not the page's first.
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(second).to_have_attribute("data-index", "2")
        expect(first).to_have_attribute("data-index", "0")
        expect(shown).to_have_attribute("data-index", "2")

        # ... or the one used last: picking a hop of the first takes the class and the keys back.
        first.locator('.hop[data-index="3"]').click()
        expect(shown).to_have_attribute("data-trace", first_trace)
        expect(shown).to_have_attribute("data-index", "3")
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("ArrowRight")
        expect(first).to_have_attribute("data-index", "4")
        expect(second).to_have_attribute("data-index", "2")
        expect(shown).to_have_attribute("data-index", "4")

        # Off, for the whole page, from the bar under the header.
        page.locator("#presenting-bar").get_by_role("button", name="Stop presenting").click()
        for stepper in (first, second):
            expect(stepper.locator('[data-action="present"]')).to_be_visible()
        page.keyboard.press("ArrowRight")
        expect(first).to_have_attribute("data-index", "5")
        page.wait_for_timeout(300)
        expect(shown).to_have_attribute("data-index", "4")
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()


def test_only_the_teacher_gets_the_present_button(page, browser: Browser, classroom,
                                                  classroom_stack):
    trace = send(classroom, classroom_stack, "GET", "/v2.1/servers", TOKEN)
    steps = f"{classroom.url}/requests/{trace['trace']}/steps"
    viewer_context = browser.new_context()
    try:
        viewer = viewer_context.new_page()
        viewer.goto(steps)
        expect(viewer.locator(".stepper")).to_have_attribute("data-trace", trace["trace"])
        expect(viewer.locator('header.top [data-action="projector"]')).to_be_visible()
        expect(viewer.locator('.stepper [data-action="present"]')).to_have_count(0)
    finally:
        viewer_context.close()

    page.goto(f"{classroom.url}/?token={TEACHER}")  # the teacher's link: the token becomes a cookie
    page.goto(steps)
    page.click('.stepper [data-action="present"]')
    expect(page.locator(".stepper .present-status")).to_have_text(
        "viewers on /follow see this step")
    classroom.wait_for("/api/presenter", lambda position: position == {
        "trace": trace["trace"], "index": 0})


def test_a_viewer_is_told_when_the_teachers_request_is_no_longer_stored(
        page, browser: Browser, classroom, classroom_stack):
    first = send(classroom, classroom_stack, "GET", "/v2.1/servers", TOKEN)
    page.goto(f"{classroom.url}/?token={TEACHER}")
    page.goto(f"{classroom.url}/requests/{first['trace']}/steps")
    page.click('.stepper [data-action="present"]')
    viewer_context, viewer, errors, posts = open_viewer(browser, classroom.url)
    try:
        follow = viewer.locator("#follow")
        expect(viewer.locator("#follow-steps .stepper")).to_have_attribute(
            "data-trace", first["trace"])

        # The teacher presents a second request, but retention (one trace kept) drops it before
        # the viewer's browser asks for its steps: the viewer's request is held until then.
        second = send(classroom, classroom_stack, "GET", "/v2.1/flavors", TOKEN)
        newest: list[str] = []

        def expire_second(route: Route) -> None:
            deadline = time.monotonic() + 10
            while classroom.get(f"/api/traces/{second['trace']}")[0] != 404:
                assert time.monotonic() < deadline, "retention never dropped the second trace"
                newest.append(send(classroom, classroom_stack, "GET", "/v2.1/servers",
                                   TOKEN)["trace"])
            route.continue_()

        viewer.route(f"**/requests/{second['trace']}/steps", expire_second)
        page.goto(f"{classroom.url}/requests/{second['trace']}/steps")
        expect(follow).to_have_attribute("data-state", "missing")
        missing = viewer.locator(".follow-missing")
        expect(missing).to_be_visible()
        expect(missing).to_contain_text(
            f"The teacher's request {second['trace']} is no longer stored")
        expect(viewer.locator("#follow-steps .stepper")).to_have_count(0)
        expect(viewer.locator(".follow-waiting")).to_be_hidden()

        # The next request the teacher presents shows again.
        page.goto(f"{classroom.url}/requests/{newest[-1]}/steps")
        expect(viewer.locator("#follow-steps .stepper")).to_have_attribute("data-trace", newest[-1])
        expect(follow).to_have_attribute("data-state", "following")
        expect(missing).to_be_hidden()
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()


def test_a_layer_that_raised_is_shown_as_raised_not_as_a_5xx(page, dashboard, stack):
    trace = stored(dashboard, form_sent(dashboard, "POST", "/v2.1/servers/1/action",
                                        {**TOKEN, "Content-Type": "application/json"},
                                        '{"migrate": null}'))
    assert trace["status"] == 500
    left = [e for e in trace["events"] if e["kind"] == "node.leave"]
    raised = [e["node"] for e in left if e["data"]["status"] is None]
    answered = [e["node"] for e in left if e["data"]["status"] is not None]
    assert "app:compute_app" in raised and "filter:faultwrap" in answered  # faultwrap caught it

    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    page.click(f'.stepper .hop[data-index="{len(trace["events"]) - 1}"]')
    lane = "pipeline:openstack_compute_api_v21[keystone]"

    def box_of(node: str):
        selector = f'.stepper .node[data-node="{node}"]'
        return page.locator(selector + f'[data-in="{lane}"]' if node.startswith("filter:")
                            else selector)

    for node in raised:
        shown = box_of(node)
        expect(shown).to_have_attribute("data-outcome", "raised")
        expect(shown.locator("[data-timing]")).to_have_text("raised")
        assert "status-5xx" not in shown.get_attribute("class"), node
    for node in answered:
        expect(box_of(node)).to_have_class(re.compile(r"\bstatus-5xx\b"))
        expect(box_of(node)).to_have_attribute("data-outcome", "500")
    # A look of its own: neither the 5xx outline nor an ordinary visited box's.
    look = "b => { const s = getComputedStyle(b); return [s.stroke, s.strokeDasharray]; }"
    raised_look = box_of(raised[0]).locator(":scope > .box").evaluate(look)
    error_look = box_of("filter:faultwrap").locator(":scope > .box").evaluate(look)
    assert raised_look != error_look
    assert raised_look[1] != "none"
    # Back before the layers left: no box says raised yet.
    page.click('.stepper .hop[data-index="0"]')
    expect(page.locator('.stepper .node[data-outcome]')).to_have_count(0)
    expect(page.locator(".stepper [data-timing]:not(:empty)")).to_have_count(0)


def test_the_keys_step_through_the_step_view_without_a_click_first(page, dashboard, stack):
    """The page's only stepper takes the keys as it opens, as the README says."""
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    stepper = page.locator(".stepper")
    expect(stepper).to_have_attribute("data-state", "paused")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(stepper).to_have_attribute("data-index", "2")
    page.keyboard.press("End")
    expect(stepper).to_have_attribute("data-index", str(len(trace["events"]) - 1))
