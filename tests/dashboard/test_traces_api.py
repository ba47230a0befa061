"""`GET /api/traces[/ID]` as a script reads it, over real HTTP: a path it gives back finds its
request, every request kept can be paged through, a parameter it does not take is refused, and
an id not (or not yet) here says why."""

from __future__ import annotations

import re
import urllib.parse

from tests.conftest import TOKEN
from tests.dashboard.page_text import shown
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import send

#: What a 404 naming a trace id says after the id.
NOT_HERE = (" here: a stack sends a request's trace once the request has ended, in batches, so "
            "one just served may not be here yet (try again in a moment); otherwise no trace of "
            "that id was sent here, or the limits on what the dashboard keeps (--max-traces, "
            "--max-age) dropped it")


def test_a_path_the_api_gave_finds_its_request(dashboard, stack):
    for sent, given in [("/v2.1/servers/caf%C3%A9", "/v2.1/servers/café"),
                        ("/v2.1/servers/%25ZZ", "/v2.1/servers/%25ZZ"),
                        ("/v2.1/servers/%FF", "/v2.1/servers/%FF")]:
        trace = send(dashboard, stack, "GET", sent, TOKEN)
        [row] = [row for row in dashboard.get("/api/traces?limit=10")[2]
                 if row["trace"] == trace["trace"]]
        assert row["path"] == trace["path"] == given, sent
        query = urllib.parse.urlencode({"path": row["path"]})
        found = [row["trace"] for row in dashboard.get(f"/api/traces?{query}")[2]]
        assert found == [trace["trace"]], sent
        # The events keep the path as WSGI handed it over.
        start = trace["events"][0]
        assert start["data"]["path"] == urllib.parse.unquote(sent, encoding="latin-1"), sent


def page_through(dashboard, first: str, between=lambda: None) -> tuple[list[str], list[str]]:
    """The trace ids of every page from `first`, following each `Link: <…>; rel="next"`
    (calling `between` after each page), and each page's `X-Total-Count`."""
    ids, totals, url = [], [], first
    while url is not None:
        status, headers, rows = dashboard.get(url)
        assert status == 200, rows
        ids += [row["trace"] for row in rows]
        totals.append(headers["X-Total-Count"])
        link = re.fullmatch(r'<([^>]+)>; rel="next"', headers.get("Link", ""))
        url = link and link[1].removeprefix(dashboard.url)
        between()
    return ids, totals


def test_every_request_kept_can_be_paged_through_newest_first(dashboard):
    dashboard.post("/api/stacks", announcement("pager"))
    sent = [f"page-{n}" for n in range(5)]
    for trace in sent:
        assert dashboard.post("/api/events", trace_events(trace, stack="pager"))[0] == 202
    ids, totals = page_through(dashboard, "/api/traces?stack=pager&limit=2")
    assert ids == sent[::-1] and totals == ["5", "5", "5"]
    status, headers, rows = dashboard.get("/api/traces?stack=pager&limit=5")
    assert [row["trace"] for row in rows] == sent[::-1] and "Link" not in headers

    # Requests arriving while a script pages shift no page: none is listed twice or missed.
    arriving = iter(f"page-later-{n}" for n in range(3))

    def one_arrives():
        dashboard.post("/api/events", trace_events(next(arriving), stack="pager"))

    ids, totals = page_through(dashboard, "/api/traces?stack=pager&limit=2", one_arrives)
    assert ids == sent[::-1] and totals == ["5", "6", "7"]


def test_a_longer_list_than_a_page_is_refused_saying_it_comes_in_pages(dashboard):
    status, _, answer = dashboard.get("/api/traces?limit=1001")
    assert status == 400
    assert answer == {"error": "limit must be a whole number from 1 to 1000, got '1001'; a "
                               "longer list comes in pages"}
    status, _, answer = dashboard.get("/api/traces?before=page-gone")
    assert status == 400
    assert answer == {"error": "before names no trace kept here ('page-gone'): the limits on "
                               "what the dashboard keeps (--max-traces, --max-age) may have "
                               "dropped it since; page again from the newest"}


def test_a_query_parameter_it_does_not_take_is_refused_naming_it(dashboard):
    takes = "/api/traces takes limit, before, stack, method, path, status"
    for query, error in [("staus=404", f"unknown query parameter 'staus' (did you mean "
                                       f"'status'?); {takes}"),
                         ("offset=5", f"unknown query parameter 'offset'; {takes}"),
                         ("limit=2&page=2", f"unknown query parameter 'page'; {takes}")]:
        status, _, answer = dashboard.get(f"/api/traces?{query}")
        assert (status, answer) == (400, {"error": error}), query


def test_an_id_not_here_says_its_trace_may_not_have_arrived_yet(dashboard):
    status, _, answer = dashboard.get("/api/traces/5e1f0a-7")
    assert (status, answer) == (404, {"error": "no trace '5e1f0a-7'" + NOT_HERE})
    status, _, page = dashboard.get("/requests/5e1f0a-7")
    assert status == 404
    assert "no request with trace id '5e1f0a-7'" + NOT_HERE in shown(page)
