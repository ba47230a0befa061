"""Status colours as rendered in headless Chromium: each status class's text is readable
(WCAG AA, 4.5:1 for normal text) on the background it is drawn on, and the classes stay
distinguishable from one another.

Colours are read with getComputedStyle, the background is the element's own or its nearest
ancestors' (composited over white, as the page is), so a change in any stylesheet is checked.
"""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.colours import STATUSES
from tests.browser.colours import check
from tests.browser.colours import distinct
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


def test_every_status_colour_is_readable_and_distinct(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-colours"))
    events = []
    for status in STATUSES.values():
        events += trace_events(f"colour-{status}", stack="sample-colours", status=status)
    assert dashboard.post("/api/events", events)[0] == 202

    # The request list, as it is and with the pointer over each row (its hover background).
    page.goto(f"{dashboard.url}/requests")
    rows = {name: f'#rows tr[data-trace="colour-{status}"] td.status'
            for name, status in STATUSES.items()}
    for name, selector in rows.items():
        expect(page.locator(selector)).to_have_text(str(STATUSES[name]))
        expect(page.locator(selector).locator("xpath=..")).to_have_class(name)
    distinct(check(page, rows))
    for name, selector in rows.items():
        page.hover(selector)
        check(page, {f"{name} (hovered)": selector})

    # The badge of a request's page, and of its step view on a projector (black background).
    for name, status in STATUSES.items():
        page.goto(f"{dashboard.url}/requests/colour-{status}")
        expect(page.locator(".request-detail .status-badge")).to_have_class(f"status-badge {name}")
        check(page, {name: ".request-detail .status-badge"})
    projector = {}
    for name, status in STATUSES.items():
        page.goto(f"{dashboard.url}/requests/colour-{status}/steps?projector=1")
        expect(page.locator("body")).to_have_class("projector")
        projector.update(check(page, {name: ".stepper-head .status-badge"}))
    distinct(projector)


def raised_trace(trace: str, stack: str) -> list[dict]:
    """A sample request whose action raised, and the router with it (neither passed a status
    up), and whose auth filter turned the exception into a 500."""
    events = trace_events(trace, stack=stack, status=500)
    for event in events:
        if event["kind"] in ("controller.return", "node.leave") and event["node"] == "app:router":
            event["data"]["status"] = None
    return events


def expect_raised(page: Page, cells: str) -> None:
    """The router's and its action's cells say they raised, in words and in data-outcome."""
    expect(page.locator(cells)).to_have_text(["raised", "raised"])
    for cell in page.locator(cells).all():
        expect(cell).to_have_attribute("data-outcome", "raised")


def test_a_layer_that_raised_has_a_look_of_its_own_not_a_5xx(page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-raised"))
    events = raised_trace("raised-1", "sample-raised")
    events += trace_events("raised-ok", stack="sample-raised")
    assert dashboard.post("/api/events", events)[0] == 202

    # The request's timeline: the router and its action raised, the auth filter above them
    # answered 500.
    page.goto(f"{dashboard.url}/requests/raised-1")
    raised = '.timeline tr[data-node="app:router"] td:nth-child(2)'
    answered = '.timeline tr[data-node="filter:auth"] td:nth-child(2)'
    expect_raised(page, raised)
    expect(page.locator(answered)).to_have_text("500")
    expect(page.locator(answered)).to_have_class("status-5xx")
    distinct(check(page, {"raised": raised, "status-5xx": answered}))
    # Dashed, as the raised box's outline on the diagram: apart without its colour too.
    look = "td => getComputedStyle(td).textDecorationStyle"
    assert page.eval_on_selector(raised, look) == "dashed"
    assert page.eval_on_selector(answered, look) != "dashed"
    # On a projector (black), a light tint of its own.
    page.goto(f"{dashboard.url}/requests/raised-1?projector=1")
    expect(page.locator("body")).to_have_class("projector")
    distinct(check(page, {"raised": raised, "status-5xx": answered}))

    # The same request beside one whose router and action answered 200.
    page.goto(f"{dashboard.url}/compare?a=raised-1&b=raised-ok")
    in_a = '.compare-hops tr[data-node="app:router"] td:nth-child(2)'
    in_b = '.compare-hops tr[data-node="app:router"] td:nth-child(3)'
    expect_raised(page, in_a)
    expect(page.locator(in_b)).to_have_text(["200", "200"])
    expect(page.locator(f"{in_b}[data-outcome]")).to_have_count(0)
    check(page, {"raised (compare)": in_a})
    assert page.eval_on_selector(in_a, look) == "dashed"


def test_compare_rows_of_one_side_only_are_readable_on_a_projector(page, dashboard):
    # A denied request stops at auth; the other goes on to the router: its rows are B's only.
    dashboard.post("/api/stacks", announcement("sample-sides"))
    events = trace_events("sides-denied", stack="sample-sides", denied=True)
    events += trace_events("sides-ok", stack="sample-sides")
    assert dashboard.post("/api/events", events)[0] == 202
    for query in ("", "&projector=1"):
        page.goto(f"{dashboard.url}/compare?a=sides-denied&b=sides-ok{query}")
        only_b = '.compare-hops tr[data-only="b"] td:first-child'
        expect(page.locator(only_b)).not_to_have_count(0)
        check(page, {f"only B{query}": only_b})
