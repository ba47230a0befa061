"""The Live page in a test's browser: opening it on a stack, posting it traces, sending a preset
or a request typed from its form, waiting for a request's replay to end, in sight or on another
stack's diagram; what a token-carrying /v2.1 request lights up; figures checked as streamed,
reloaded and drawn without JavaScript; the stream messages a page (Live or another) receives,
and waiting on what reaches a test only while Playwright reads from the browser."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import APIResponse
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import Route
from playwright.sync_api import expect

from stack.graph import load_graph
from tests.browser.chromium import opened_page
from tests.conftest import KEYSTONE
from tests.conftest import raw_request
from tests.dashboard.samples import announcement
from tests.dashboard.samples import nested_calls
from tests.dashboard.servers import send
from tests.dashboard.servers import stored

#: The boxes a token-carrying /v2.1 request enters, in order (DESIGN.md's node ids).
V21_PATH = [
    "composite:osapi_compute",
    "composite:openstack_compute_api_v21",
    "pipeline:openstack_compute_api_v21[keystone]",
    "filter:request_id",
    "filter:faultwrap",
    "filter:sizelimit",
    "filter:authtoken",
    "app:compute_app",
]

#: Records, in the page, every box that becomes active (the order a user sees them light up).
WATCH_ACTIVE = """() => {
  window.lit = [];
  const has = (value) => (value || '').split(' ').includes('active');
  new MutationObserver((records) => {
    records.forEach((r, i) => {
      if (!r.target.matches('.node')) return;
      // A record has the class before the change; after it is the next record's "before".
      const next = records.slice(i + 1).find((later) => later.target === r.target);
      const after = next ? next.oldValue : r.target.getAttribute('class');
      if (!has(r.oldValue) && has(after)) window.lit.push(r.target.dataset.node);
    });
  }).observe(document.getElementById('stack-view'), {subtree: true, attributes: true,
    attributeFilter: ['class'], attributeOldValue: true});
}"""


#: Where the player's line and the diagram's frame are, and the viewport's height.
WHERE = """() => {
  const box = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return {top: r.top, bottom: r.bottom};
  };
  return {player: box('#player'), frame: box('#diagram'), height: window.innerHeight};
}"""


def open_live(page: Page, url: str, stack: str = "osapi_compute", speed: str = "16") -> None:
    page.goto(f"{url}/?stack={stack}")
    expect(page.locator("#live")).to_have_attribute("data-stack", stack)
    expect(page.locator(f'#diagram .node[data-node="{stack_entry(stack)}"]')).to_have_count(1)
    page.select_option("#speed", speed)
    page.evaluate(WATCH_ACTIVE)


def post(dashboard, *traces: list[dict]) -> None:
    """Post the events of `traces` (`samples.trace_events`…) to the dashboard in one write."""
    assert dashboard.post("/api/events", [event for trace in traces for event in trace])[0] == 202


def stack_entry(stack: str) -> str:
    return "composite:osapi_compute" if stack == "osapi_compute" else "composite:main"


def send_preset(page: Page, label: str) -> str:
    """Pick a preset, press Send, wait for the answer; the trace id."""
    page.select_option('#send-form select[name="preset"]', label=label)
    return answered(page, lambda: page.click('#send-form button[type="submit"]'))


def send_typed(page: Page, method: str, path: str, headers: str | None = None) -> None:
    """Type a method, a path and, if given, header lines into the send form, and press Send;
    what it answers is for the test to wait for (`#send-result`)."""
    form = page.locator("#send-form")
    form.locator('input[name="method"]').fill(method)
    form.locator('input[name="path"]').fill(path)
    if headers is not None:
        form.locator('textarea[name="headers"]').fill(headers)
    form.locator('button[type="submit"]').click()


def sent_typed(page: Page, method: str, path: str, headers: str | None = None) -> str:
    """`send_typed`, then wait for its answer; the trace id."""
    return answered(page, lambda: send_typed(page, method, path, headers))


def answered(page: Page, press: Callable[[], None]) -> str:
    """Press Send (`press`) and wait until `#send-result` names a trace other than the one it
    named before; its id. A wait for any trace reads this send's only because the page empties
    `data-trace` as it sends, before the wait starts: were that done later (after a check of
    the form, say), a second send would read the first's trace at once and check nothing."""
    result = page.locator("#send-result")
    before = result.get_attribute("data-trace")
    press()
    expect(result).to_have_attribute("data-trace", re.compile(rf"^(?!{re.escape(before)}$).+"))
    return result.get_attribute("data-trace")


def counted_everywhere(browser: Browser, page: Page, dashboard, stack,
                       sends: list[tuple[str, str]], check: Callable[[Page], None]) -> None:
    """Send each `(method, path)` of `sends` to `stack`, then `check` Live's `page` as the
    stream updated it, as drawn again, and as the dashboard draws it (no JavaScript, before the
    page's script counts again): three ways a figure reaches the reader, each able to be
    wrong alone."""
    for method, path in sends:
        assert send(dashboard, stack, method, path)["status"] == 200
    check(page)
    page.reload()
    check(page)
    with opened_page(browser, java_script_enabled=False) as drawn:
        drawn.goto(page.url)
        check(drawn)


def stored_through(dashboard, announced: dict, hops: list[str], prefix: str) -> str:
    """Announce a stack (`announced`, as it posts itself), and a request through `hops` for
    `prefix` + `/x` (`samples.nested_calls`), stored: its trace id."""
    assert dashboard.post("/api/stacks", announced)[0] == 200
    trace = f"{announced['name']}-through"
    events = nested_calls(trace, announced["name"], hops, prefix, "/x")
    assert dashboard.post("/api/events", events)[0] == 202
    stored(dashboard, trace)
    return trace


def keystone_trace(dashboard) -> str:
    """keystone's stack (`KEYSTONE`, wider than a projector's screen) announced, and a request
    for `/v3/x` through every filter of its longest pipeline, `api_v3`, stored: its trace id."""
    graph = load_graph(str(KEYSTONE), "main").to_json()
    pipeline = "pipeline:api_v3"
    hops = [graph["entry"], pipeline, *(edge["target"] for edge in graph["edges"]
                                       if edge["source"] == pipeline)]
    return stored_through(dashboard, announcement("keystone", graph=graph), hops, "/v3")


def replay_row(page: Page, trace: str) -> None:
    """Replay the request of `trace` from Live's list, to its end."""
    page.click(f'#rows tr[data-trace="{trace}"] td.status')
    wait_played(page, trace)


def wait_played(page: Page, trace: str) -> None:
    player = page.locator("#player")
    expect(player).to_have_attribute("data-trace", trace)
    expect(player).to_have_attribute("data-state", "done", timeout=20_000)


def played_500(page: Page, url: str, stack_url: str) -> str:
    """Open Live on the stack `main` served at `stack_url`, send it `GET /`, which it answers
    500, and wait until that request has played: its trace id."""
    page.goto(f"{url}/?stack=main")
    expect(page.locator("#live")).to_have_attribute("data-stack", "main")
    page.select_option("#speed", "16")
    line, headers, _ = raw_request(stack_url, "/")
    assert line.split(" ", 1)[1] == "500 Internal Server Error"
    trace = dict(headers)["X-Pastescope-Trace"]
    wait_played(page, trace)
    return trace


def played_on_glance(page: Page, url: str, trace: str) -> None:
    """Wait until the glance demo's diagram (stack `common`) is drawn, named in the address and
    the picker, and the request `trace` (its `GET /log`) played on it to its end, in sight."""
    expect(page.locator("#diagram")).to_have_attribute("data-stack", "common")
    expect(page.locator('#diagram .node[data-node="composite:common"]')).to_have_count(1)
    expect(page).to_have_url(f"{url}/?stack=common")
    expect(page.locator('#stack-picker [aria-current="page"]')).to_have_text("common")
    player = page.locator("#player")
    expect(player).to_have_attribute("data-trace", trace)
    expect(page.locator("#now-playing")).to_contain_text("GET /log → 200")
    expect(player).to_have_attribute("data-state", "done", timeout=20_000)
    expect(page.locator("#hops")).to_contain_text("response 200")
    expect(page.locator("#hops")).not_to_contain_text("is not on this diagram")
    expect(page.locator("#diagram .node.visited")).not_to_have_count(0)
    where = page.evaluate(WHERE)
    assert where["player"]["top"] >= -1, where
    assert where["frame"]["bottom"] <= where["height"] + 1, where


def heard(page: Page) -> list[dict[str, str]]:
    """The stream messages the page receives from now on (the browser's network log)."""
    received: list[dict[str, str]] = []
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.on("Network.eventSourceMessageReceived",
               lambda message: received.append({"event": message["eventName"],
                                                "data": message["data"]}))
    return received


def until(page: Page, test: Callable[[], bool]) -> None:
    """Wait, 10 s at most, until `test()` holds, for what reaches the test only while
    Playwright reads from the browser (its network log, a route's handler): each short wait
    lets it read. The caller asserts what it waited for."""
    for _ in range(100):
        if test():
            return
        page.wait_for_timeout(100)


def held_list(page: Page, ask: Callable[[], None]) -> Callable[[], None]:
    """Ask for Live's list again (`ask`: a filter changed) and hold its answer back once the
    dashboard has read it, so a test can serve a request meanwhile; the function that lets
    the page have it."""
    held: list[tuple[Route, APIResponse]] = []

    def hold(route: Route) -> None:
        held.append((route, route.fetch()))

    page.route(lambda url: "/requests?" in url, hold)
    ask()
    until(page, lambda: bool(held))
    assert held, "the list was not asked for"
    route, answer = held[0]
    return lambda: route.fulfill(response=answer)
