"""A request that got no answer (the server closed the connection), as Chromium shows it: the
words "no answer", in the colour and dashed look of a layer that raised, apart from a 5xx's red
— in the list served with the page, in a row the Live page adds as it arrives, and on the
request page, ordinary and on a projector."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.colours import check
from tests.browser.colours import distinct
from tests.browser.live_page import open_live
from tests.browser.screens import DESKTOP
from tests.browser.screens import PHONE
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: A wide screen, and a phone held upright.
VIEWPORTS = (DESKTOP, PHONE)
#: Whether an element's text fits in it, not cut nor run over what is beside it.
FITS = "e => e.scrollWidth <= e.clientWidth"
#: What tells a cell apart without its colour (as `td.raised`, and the diagram's raised box).
LOOK = "e => [getComputedStyle(e).textDecorationStyle, getComputedStyle(e).fontStyle]"


def row(trace: str) -> str:
    return f'#rows tr[data-trace="{trace}"]'


def unanswered_trace(trace: str, stack: str) -> list[dict]:
    """A sample request the server ended with no status and no bytes."""
    events = trace_events(trace, stack=stack, status=None)
    events[-1]["data"]["bytes"] = 0
    return events


def expect_no_answer(page: Page, cell: str, answered: str) -> None:
    """`cell` says "no answer" within its column, readable, dashed and italic, in a colour
    apart from the 5xx `answered`'s, which is neither."""
    expect(page.locator(cell)).to_have_text("no answer")
    assert page.eval_on_selector(cell, FITS), "the words run out of their column"
    distinct(check(page, {"no answer": cell, "status-5xx": answered}))
    assert page.eval_on_selector(cell, LOOK) == ["dashed", "italic"]
    assert page.eval_on_selector(answered, LOOK) != ["dashed", "italic"]


def test_no_answer_has_its_own_look_in_lists_and_on_its_page(browser, page, dashboard):
    dashboard.post("/api/stacks", announcement("sample-unanswered"))
    old = unanswered_trace("unanswered-old", "sample-unanswered")
    old += trace_events("answered-old", stack="sample-unanswered", status=500)
    assert dashboard.post("/api/events", old)[0] == 202

    # The Live list: the rows it was served with, and rows added as they arrive.
    open_live(page, dashboard.url, "sample-unanswered")
    new = unanswered_trace("unanswered-new", "sample-unanswered")
    new += trace_events("answered-new", stack="sample-unanswered", status=500)
    assert dashboard.post("/api/events", new)[0] == 202
    for when in ("old", "new"):
        expect(page.locator(row(f"unanswered-{when}"))).to_have_class("no-answer")
        expect_no_answer(page, f"{row(f'unanswered-{when}')} td.status",
                         f"{row(f'answered-{when}')} td.status")

    # The Requests page, and on a phone.
    for viewport in VIEWPORTS:
        with opened_page(browser, viewport=viewport) as shown:
            shown.goto(f"{dashboard.url}/requests")
            expect(shown.locator(row("unanswered-old"))).to_have_class("no-answer")
            expect_no_answer(shown, f"{row('unanswered-old')} td.status",
                             f"{row('answered-old')} td.status")

    # The request's page: its badge, and the request's own row of the timeline.
    badge = ".request-detail .status-badge"
    request_cell = '.timeline tr[data-span="0"] td:nth-child(2)'
    for query in ("", "?projector=1"):
        colours = {}
        for trace in ("answered-old", "unanswered-old"):
            page.goto(f"{dashboard.url}/requests/{trace}{query}")
            colours[trace] = check(page, {trace: badge})[trace]
        expect(page.locator("body")).to_have_class("projector" if query else "")
        expect(page.locator(badge)).to_have_class("status-badge no-answer")
        expect(page.locator(badge)).to_have_text("no answer")
        assert page.eval_on_selector(badge, LOOK) == ["dashed", "italic"]
        distinct(colours)
        expect(page.locator(request_cell)).to_have_text("no answer")
        shown = check(page, {"request": request_cell, "raised": ".timeline td.raised >> nth=0"})
        # The colour of the layers that raised, whose exception is why there was no answer.
        assert shown["request"] == shown["raised"] == colours["unanswered-old"]
