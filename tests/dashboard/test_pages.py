"""The HTML pages: one URL, two representations (whole page, or the partial for htmx)."""

from __future__ import annotations

import re

from tests.dashboard import page_text
from tests.dashboard.samples import ROUTES
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import HTMX


def test_the_live_page_draws_the_stack_with_its_routes(dashboard):
    dashboard.post("/api/stacks", announcement("pages"))
    dashboard.post("/api/events", trace_events("page-1", stack="pages"))
    status, headers, page = dashboard.get("/?stack=pages")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert 'sse-connect="/api/stream"' in page
    for node in ("composite:main", "pipeline:api", "filter:auth", "app:router"):
        assert f'data-node="{node}"' in page
    assert 'data-route-template="/items"' in page
    assert 'data-trace="page-1"' in page
    assert "htmx-2.0.11.min.js" in page and "htmx-ext-sse-2.2.4.js" in page
    partial = dashboard.get("/?stack=pages", headers=HTMX)[2]
    assert 'data-node="filter:auth"' in partial and "<html" not in partial


def test_a_route_whose_controller_lacks_its_action_is_marked_as_the_stacks_404(dashboard):
    """Routes' resource() makes `new` and `edit` routes a nova-style controller rarely has:
    they match, and the stack answers 404, which the route table says before any request."""
    lacking = {"name": "new_item", "template": "/items/new", "methods": ["GET"],
               "controller": "items", "action": "new", "has_action": False}
    routes = {"app:router": [dict(ROUTES["app:router"][0], has_action=True), lacking]}
    assert dashboard.post("/api/stacks", {**announcement("lacking"), "routes": routes})[0] == 200
    page = dashboard.get("/?stack=lacking")[2]
    rows = page_text.shown(page_text.part(page, '<table class="routes">', "</table>"))
    assert "items.new() no such action: 404" in rows
    assert rows.count("no such action") == 1  # not items.index(), which it has


def test_the_request_list_filters_and_answers_htmx_with_rows(dashboard):
    dashboard.post("/api/events", trace_events("page-list", path="/v1/listed", method="PUT"))
    page = dashboard.get("/requests?method=PUT&path=listed")[2]
    assert "<html" in page and 'data-trace="page-list"' in page
    rows = dashboard.get("/requests?method=GET&path=listed", headers=HTMX)[2]
    assert "<html" not in rows and "page-list" not in rows
    status, _, page = dashboard.get("/requests?status=nope")
    assert status == 400 and "status must be" in page


def test_the_request_detail(dashboard):
    dashboard.post("/api/events", trace_events("page-detail"))
    status, _, page = dashboard.get("/requests/page-detail")
    assert status == 200 and "<html" in page
    for text in ("Timeline", "items.index()", "/items", "X-Auth-Token", "***"):
        assert text in page_text.shown(page), text
    for markup in ('data-kind="route.match"', 'data-action="repeat"'):
        assert markup in page, markup
    partial = dashboard.get("/requests/page-detail", headers=HTMX)[2]
    assert "<html" not in partial and "Timeline" in partial


def test_a_request_with_a_query_string_shows_it_after_its_path(dashboard):
    """`?all_tenants=1` told apart from a plain request without opening each: in the list,
    the request's heading and its page's title."""
    dashboard.post("/api/events", trace_events("page-query", path="/v1/asked",
                                               query="all_tenants=1&limit=2"))
    dashboard.post("/api/events", trace_events("page-plain", path="/v1/asked"))
    rows = page_text.shown(dashboard.get("/requests?path=/v1/asked", headers=HTMX)[2])
    assert "/v1/asked?all_tenants=1&limit=2" in rows
    assert rows.count("/v1/asked") == 2  # the plain one too, with no `?`
    page = dashboard.get("/requests/page-query")[2]
    assert "<title>GET /v1/asked?all_tenants=1&amp;limit=2 · Pastescope</title>" in page
    assert "GET /v1/asked?all_tenants=1&limit=2" in page_text.shown(page)
    assert "/v1/asked?" not in page_text.shown(dashboard.get("/requests/page-plain")[2])
    [row] = dashboard.get("/api/traces?path=asked&limit=1")[2]
    assert (row["trace"], row["query"]) == ("page-plain", "")
    assert dashboard.get("/api/traces/page-query")[2]["query"] == "all_tenants=1&limit=2"


def test_unknown_things_get_a_page_not_a_traceback(dashboard):
    for path in ("/requests/nope", "/?stack=nope", "/inis/nope", "/no/such/page"):
        status, _, page = dashboard.get(path)
        assert status == 404 and "Traceback" not in page and "<h1>404" in page, path


def test_a_trace_thousands_of_layers_deep_gets_its_pages(dashboard):
    # A posted trace may nest as deep as it likes: every page walks it without recursion.
    depth = 3000
    events = trace_events("deep")
    start, end = events[0], events[-1]
    middle = []
    for span in range(1, depth + 1):
        middle.append(dict(start, kind="node.enter", span=span, parent=span - 1,
                           node="filter:auth", data={"script_name": "", "path_info": "/"}))
    for span in range(depth, 0, -1):
        middle.append(dict(start, kind="node.leave", span=span, parent=span - 1,
                           node="filter:auth", data={"status": 200, "duration_ms": 0.1,
                                                     "short_circuit": span == depth}))
    events = [start, *middle, end]
    for seq, event in enumerate(events):
        event["seq"] = seq
    assert dashboard.post("/api/events", events)[0] == 202
    for page in ("/requests/deep", "/requests/deep/steps", "/api/traces/deep/steps",
                 "/compare?a=deep&b=deep"):
        status, _, body = dashboard.get(page)
        assert status == 200, (page, str(body)[:300])
    assert 'style="--depth: 3000' in dashboard.get("/requests/deep")[2]


def test_a_filter_that_raised_before_calling_the_next_is_not_said_to_have_answered(dashboard):
    """It called nothing below, but answered nothing either: the server's 500 did."""
    events = trace_events("raised", denied=True)
    leave = next(e for e in events if e["kind"] == "node.leave")
    leave["data"]["status"] = None
    for event in events:
        if event["kind"] in ("node.leave", "request.end") and event is not leave:
            event["data"]["status"] = None if event["kind"] == "node.leave" else 500
    assert dashboard.post("/api/events", events)[0] == 202
    status, _, body = dashboard.get("/requests/raised")
    assert status == 200
    row = body[body.index('data-node="filter:auth"'):]
    row = row[:row.index("</tr>")]
    assert '<span class="tag">raised an exception without calling the next layer</span>' in row
    assert "data-short-circuit" not in row
    assert "answered on its own" not in body


def test_an_error_raised_as_a_layers_body_was_read_is_not_said_raised_at_it(dashboard):
    """The filter passed on the body below it: the line that raised may be any layer's below."""
    events = trace_events("in-body")
    leave = next(e for e in events if e["kind"] == "node.leave" and e["node"] == "filter:auth")
    error = dict(leave, kind="error", data={
        "type": "ValueError", "message": "the body broke", "raised_at": "filter:auth",
        "caught_by": "server", "raised_in": "apps.py:9 in body", "in_body": True})
    events.insert(events.index(leave), error)
    for seq, event in enumerate(events):
        event["seq"] = seq
    assert dashboard.post("/api/events", events)[0] == 202
    status, _, body = dashboard.get("/requests/in-body")
    assert status == 200
    assert ("<strong>ValueError</strong>: the body broke — raised as the body of filter:auth "
            "was read (<code class=\"raised-in\">apps.py:9 in body</code>), caught by server"
            ) in body


def test_live_and_the_step_view_offer_the_same_speeds(dashboard):
    """Live's replay offered 0.25–16× without 8×, the step view 0.5–8×, for no reason said."""
    dashboard.post("/api/stacks", announcement("speeds"))
    dashboard.post("/api/events", trace_events("speeds-1", stack="speeds"))

    def speeds(url: str, select: str) -> list[str]:
        page = dashboard.get(url)[2]
        return re.findall(r"[\d.]+×", page_text.shown(page_text.part(page, select, "</select>")))

    live = speeds("/?stack=speeds", '<select name="speed" id="speed">')
    steps = speeds("/requests/speeds-1/steps", '<select name="speed"')
    assert live == steps == ["0.25×", "0.5×", "1×", "2×", "4×", "8×", "16×"]
