"""A request that got no answer at all (the server closed the connection: request.end `status`
null, no bytes) is told as such wherever it is shown: nothing caught its exception, no response
was sent, and its status is "no answer", not a 5xx the server never sent."""

from __future__ import annotations

import re

from tests.dashboard.page_text import part
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.samples import trace_events

#: What the request page says of the exception that reached the server.
NOT_CAUGHT = "not caught: the server closed the connection without an answer"
#: A list's status cell for such a request.
NO_ANSWER_CELL = '<td class="status">no answer</td>'


def row_of(page: str, trace: str) -> str:
    return re.search(rf'<tr [^>]*data-trace="{trace}".*?</tr>', page, re.S).group()


def test_the_request_page_says_nothing_caught_it_and_nothing_was_sent(dashboard, unanswered):
    page = dashboard.get(f"/requests/{unanswered}")[2]
    errors = section(page, "Errors")
    assert errors.startswith("Stop: stopped on purpose — raised at app:unanswered")
    assert errors.endswith(f", {NOT_CAUGHT}")
    assert "caught by" not in errors
    response = section(page, "Response")
    assert response == ("No response was sent: the server closed the connection without a "
                        "status or any of the body.")
    assert 'data-response="none"' in page
    badge = part(page, '<span class="status-badge', "</span>")
    assert 'class="status-badge no-answer"' in badge and shown(badge) == "no answer"
    request_row = part(page, '<tr data-span="0"', "</tr>")
    assert '<td class="no-answer" data-outcome="no-answer">no answer</td>' in request_row


def test_a_500_the_server_answered_was_still_caught_by_it(dashboard):
    events = trace_events("server-500", status=500)
    events.insert(-1, {**events[-1], "kind": "error", "seq": 99, "span": 4, "node": "app:router",
                       "data": {"type": "RuntimeError", "message": "boom",
                                "raised_at": "app:router", "caught_by": "server"}})
    assert dashboard.post("/api/events", events)[0] == 202
    page = dashboard.get("/requests/server-500")[2]
    assert section(page, "Errors").endswith(", caught by server")
    assert "No response was sent" not in page


def test_lists_and_other_pages_say_no_answer_not_5xx(dashboard, unanswered):
    # Beside it, a 500, and a request whose end has not arrived: what it got is not known.
    events = trace_events("answered-500", stack="unanswered", status=500)
    events += trace_events("no-end-yet", stack="unanswered")[:-1]
    assert dashboard.post("/api/events", events)[0] == 202
    listing = dashboard.get("/requests?stack=unanswered")[2]
    row = row_of(listing, unanswered)
    assert row.startswith('<tr class="no-answer"') and NO_ANSWER_CELL in row
    assert row_of(listing, "answered-500").startswith('<tr class="status-5xx"')
    unknown = row_of(listing, "no-end-yet")
    assert unknown.startswith('<tr class=""') and '<td class="status">—</td>' in unknown

    steps = dashboard.get(f"/requests/{unanswered}/steps")[2]
    assert '<span class="status-badge no-answer">no answer</span>' in steps

    compare = dashboard.get(f"/compare?a={unanswered}&b=answered-500")[2]
    heads = part(compare, '<table class="compare-heads">', "</table>")
    assert '<td class="no-answer">no answer</td>' in heads
    choices = dashboard.get("/compare?a=answered-500")[2]
    recent = part(choices, '<section class="compare-pick-list" data-choices="recent">',
                  "</section>")
    choice = row_of(recent, unanswered)
    assert choice.startswith('<tr class="no-answer"') and NO_ANSWER_CELL in choice
