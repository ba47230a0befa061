"""Requests that got no answer at all (request.end `status` null) found by the status filter's
`none`, in the list and in `GET /api/traces`; `5xx` still means 500–599. The request is a real
one (conftest's `unanswered`)."""

from __future__ import annotations

import re

from tests.dashboard.samples import trace_events


def test_none_finds_the_requests_that_got_no_answer(dashboard, unanswered):
    dashboard.post("/api/events", trace_events("answered-503", status=503))
    for status in ("none", "None", "%20none%20"):
        found = [row["trace"] for row in dashboard.get(f"/api/traces?status={status}")[2]]
        assert found == [unanswered], status
    fives = [row["trace"] for row in dashboard.get("/api/traces?status=5xx")[2]]
    assert "answered-503" in fives and unanswered not in fives


def test_the_list_filtered_by_none_shows_them_and_says_so(dashboard, unanswered):
    page = dashboard.get("/requests?status=none")[2]
    rows = re.findall(r'<tr [^>]*data-trace="([^"]+)".*?</tr>', page)
    assert rows == [unanswered]
    assert re.search(r'<td class="status">no answer</td>', page)
    assert 'placeholder="status: 404, 4xx, none"' in page
    assert 'value="none"' in page
    status, _, answer = dashboard.get("/api/traces?status=null")
    assert (status, answer["error"]) == (400, "status must be a code like 404, a class like "
                                              "4xx, or none (no answer), got 'null'")
