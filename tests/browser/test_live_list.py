"""The live page under a stream of requests, in headless Chromium against a real dashboard.

Rows arrive newest first, the list's filters apply to rows as they arrive, the list stays
bounded however many arrive, and the box being replayed stands out by its outline.
"""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: Rows the live list keeps (live.js MAX_ROWS).
MAX_ROWS = 200


def open_stack(page: Page, url: str, stack: str) -> None:
    page.goto(f"{url}/?stack={stack}")
    expect(page.locator("#diagram .node")).not_to_have_count(0)


def test_live_rows_are_newest_first_filtered_and_bounded(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-list"))
    open_stack(page, dashboard.url, "sample-list")
    with page.expect_response(lambda response: "/requests?" in response.url):
        page.fill('#request-filters input[name="status"]', "404")

    traces = [f"list-{n:03}" for n in range(240)]
    for start in range(0, len(traces), 40):
        batch = []
        for trace in traces[start:start + 40]:
            status = 404 if int(trace[-3:]) % 2 else 200
            batch += trace_events(trace, stack="sample-list", status=status)
        assert dashboard.post("/api/events", batch)[0] == 202
    expect(page.locator(f'#rows tr[data-trace="{traces[-1]}"]')).to_be_attached()

    shown = page.eval_on_selector_all(
        "#rows tr", "rows => rows.map(r => [r.dataset.trace, r.dataset.status, r.hidden])")
    assert [trace for trace, _, _ in shown] == traces[::-1][:MAX_ROWS]
    assert all(hidden == (status != "404") for _, status, hidden in shown)
    expect(page.locator("#rows tr:not([hidden])")).to_have_count(MAX_ROWS // 2)
    expect(page.locator("#rows tr:not([hidden])").first.locator("td.status")).to_have_text("404")


def test_the_box_being_replayed_stands_out_by_its_outline(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-glow"))
    open_stack(page, dashboard.url, "sample-glow")
    page.select_option("#speed", "0.25")
    dashboard.post("/api/events", trace_events("glow-1", stack="sample-glow"))
    box = page.locator("#diagram .node.active > .box").first
    expect(box).to_be_attached()
    look = box.evaluate(
        "box => { const s = getComputedStyle(box); return [s.stroke, s.strokeWidth, s.filter]; }")
    # A wide amber outline; no filter (a drop-shadow repaints in software at every step).
    assert look == ["rgb(245, 159, 0)", "6px", "none"]


def test_an_invalid_status_filter_says_why_and_keeps_the_last_list(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-filter"))
    dashboard.post("/api/events", trace_events("filter-404", stack="sample-filter", status=404)
                   + trace_events("filter-200", stack="sample-filter", status=200))
    page.goto(f"{dashboard.url}/requests")
    status = page.locator('#request-filters input[name="status"]')
    message = page.locator("#request-filters [data-filter-error]")
    with page.expect_response(lambda response: "status=40x" in response.url):
        status.fill("40x")
    expect(message).to_have_text(dashboard.get("/api/traces?status=40x")[2]["error"])
    expect(page.locator("#request-filters")).to_contain_text("still shown for any status")
    expect(page.locator('#rows tr[data-trace="filter-200"]')).to_be_visible()
    with page.expect_response(lambda response: "status=404" in response.url):
        status.fill("404")
    expect(page.locator('#rows tr[data-trace="filter-200"]')).to_have_count(0)
    expect(page.locator('#rows tr[data-trace="filter-404"]')).to_be_visible()

    for typed in ("abc", "4x4"):
        with page.expect_response(lambda response, typed=typed: f"status={typed}" in response.url):
            status.fill(typed)
        reason = dashboard.get(f"/api/traces?status={typed}")[2]["error"]
        # The API's reason, beside the status box, on the same line.
        expect(message).to_have_text(reason)
        expect(message).to_be_visible()
        expect(status).to_have_attribute("aria-invalid", "true")
        box, said = status.bounding_box(), message.bounding_box()
        assert said["x"] > box["x"] and abs((said["y"] + said["height"] / 2)
                                            - (box["y"] + box["height"] / 2)) < box["height"], said
        # The last good list stays, and says it is the last good filter's.
        expect(page.locator('#rows tr[data-trace="filter-404"]')).to_be_visible()
        expect(page.locator("#request-filters")).to_contain_text("still filtered by status 404")

    # Rows that arrive meanwhile are filtered as the list they join: by the last good filter.
    dashboard.post("/api/events", trace_events("filter-late-404", stack="sample-filter",
                                               status=404)
                   + trace_events("filter-late-200", stack="sample-filter", status=200))
    expect(page.locator('#rows tr[data-trace="filter-late-404"]')).to_be_visible()
    expect(page.locator('#rows tr[data-trace="filter-late-200"]')).to_be_hidden()

    with page.expect_response(lambda response: "status=2xx" in response.url):
        status.fill("2xx")
    expect(message).to_be_hidden()
    expect(status).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator('#rows tr[data-trace="filter-late-200"]')).to_be_visible()
    expect(page.locator('#rows tr[data-trace="filter-404"]')).to_have_count(0)


#: The requests the "Save these requests" link saves, as a click would download them: the
#: answer's status, and its traces (or None when it is refused).
SAVED = """() => fetch(document.querySelector('a[data-export]').href).then(async (answer) => ({
  status: answer.status,
  traces: answer.ok ? (await answer.json()).traces.map((t) => t.trace).sort() : null,
}))"""


def shown(page: Page) -> dict:
    """What the list shows, in the shape of SAVED."""
    rows = page.eval_on_selector_all("#rows tr[data-trace]:not([hidden])",
                                     "rows => rows.map((row) => row.dataset.trace).sort()")
    return {"status": 200, "traces": rows}


def test_the_save_link_saves_the_list_shown_not_a_filter_it_refused(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-save"))
    dashboard.post("/api/events",
                   trace_events("save-404", stack="sample-save", path="/v1/saved", status=404)
                   + trace_events("save-200", stack="sample-save", path="/v1/saved"))
    page.goto(f"{dashboard.url}/requests?path=/v1/saved")
    status = page.locator('#request-filters input[name="status"]')
    with page.expect_response(lambda response: "status=404" in response.url):
        status.fill("404")
    expect(page.locator('#rows tr[data-trace="save-200"]')).to_have_count(0)
    assert page.evaluate(SAVED) == shown(page) == {"status": 200, "traces": ["save-404"]}

    # A status the list refuses: the list stays, and the link still saves it.
    with page.expect_response(lambda response: "status=40x" in response.url):
        status.fill("40x")
    expect(page.locator("#request-filters [data-filter-error]")).to_be_visible()
    expect(page.locator('#rows tr[data-trace="save-404"]')).to_be_visible()
    assert page.evaluate(SAVED) == shown(page) == {"status": 200, "traces": ["save-404"]}

    # A filter the list takes: the link follows it.
    with page.expect_response(lambda response: "status=2xx" in response.url):
        status.fill("2xx")
    expect(page.locator('#rows tr[data-trace="save-200"]')).to_be_visible()
    assert page.evaluate(SAVED) == shown(page) == {"status": 200, "traces": ["save-200"]}


def test_a_request_that_began_before_those_shown_arrives_in_its_place(page, dashboard):
    # The list is newest first by when each request began (its time), as a reload lists it:
    # a slow request that ends after quicker ones that began later is not put above them.
    dashboard.post("/api/stacks", announcement("sample-order"))
    open_stack(page, dashboard.url, "sample-order")
    ours = ["order-newest", "order-new", "order-slow"]

    def arrive(trace: str, earlier_s: float = 0.0) -> None:
        events = trace_events(trace, stack="sample-order")
        dashboard.post("/api/events", [{**e, "ts": e["ts"] - earlier_s} for e in events])
        expect(page.locator(f'#rows tr[data-trace="{trace}"]')).to_be_attached()

    def listed() -> list[str]:
        shown = page.eval_on_selector_all("#rows tr", "rows => rows.map(r => r.dataset.trace)")
        return [trace for trace in shown if trace in ours]

    arrive("order-new")
    arrive("order-slow", earlier_s=5.0)
    arrive("order-newest")
    assert listed() == ours
    page.reload()
    expect(page.locator('#rows tr[data-trace="order-slow"]')).to_be_attached()
    assert listed() == ours


def test_the_status_filter_none_shows_live_rows_that_got_no_answer(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-none"))
    open_stack(page, dashboard.url, "sample-none")
    with page.expect_response(lambda response: "/requests?" in response.url):
        page.fill('#request-filters input[name="status"]', "none")
    expect(page.locator("[data-filter-error]")).to_be_hidden()
    for trace, status in (("none-500", 500), ("none-null", None)):
        dashboard.post("/api/events", trace_events(trace, stack="sample-none", status=status))
        expect(page.locator(f'#rows tr[data-trace="{trace}"]')).to_be_attached()
    expect(page.locator('#rows tr[data-trace="none-null"]')).to_be_visible()
    expect(page.locator('#rows tr[data-trace="none-null"] td.status')).to_have_text("no answer")
    expect(page.locator('#rows tr[data-trace="none-500"]')).to_be_hidden()


def unanswered_events(trace: str, stack: str) -> list[dict]:
    """A request the server closed unanswered: its end came, with no status."""
    events = trace_events(trace, stack=stack)
    for event in events:
        if event["kind"] in ("node.leave", "controller.return", "request.end"):
            event["data"]["status"] = None
    return events


def test_the_status_words_show_the_rows_that_say_them_listed_and_live(page, dashboard):
    """`no answer` (or `none`) the rows saying "no answer", `pending` those saying `—`: the rows
    the list fetched, and those arriving after, filtered in the page as the dashboard filters.
    Each round sends one request of each kind live."""
    dashboard.post("/api/stacks", announcement("sample-words"))
    open_stack(page, dashboard.url, "sample-words")
    status = page.locator('#request-filters input[name="status"]')
    rounds = [("no answer", ["gone-0"], "no answer"), ("pending", ["open-1", "open-0"], "—"),
              ("none", ["gone-2", "gone-1", "gone-0"], "no answer")]
    for round_, (typed, expected, says) in enumerate(rounds):
        # A row of the list before: gone once the list the filter fetched is swapped in, so
        # the rows sent next arrive after it (else the swap could replace them).
        page.eval_on_selector("#rows", "rows => rows.insertAdjacentHTML('afterbegin', "
                                       "'<tr data-before><td></td></tr>')")
        status.fill(typed)
        expect(page.locator("#rows tr[data-before]")).to_have_count(0)
        batch = (unanswered_events(f"gone-{round_}", "sample-words")
                 + trace_events(f"open-{round_}", stack="sample-words")[:-1]
                 + trace_events(f"ok-{round_}", stack="sample-words"))
        assert dashboard.post("/api/events", batch)[0] == 202
        expect(page.locator(f'#rows tr[data-trace="ok-{round_}"]')).to_be_attached()
        visible = page.locator('#rows tr[data-stack="sample-words"]:not([hidden])')
        expect(visible.locator("td.status")).to_have_text([says] * len(expected))
        assert visible.evaluate_all("rows => rows.map(r => r.dataset.trace)") == expected
