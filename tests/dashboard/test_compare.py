"""`GET /compare`: two requests of the real compute demo, aligned hop by hop."""

from __future__ import annotations

import html
import re

import pytest

from dashboard.compare import align
from dashboard.compare import comparison
from dashboard.timeline import build_timeline
from tests.conftest import TOKEN
from tests.dashboard.page_text import summary
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import sent_from_form


def rows(page: str) -> dict[str, dict[str, str]]:
    """The hop table's rows by node id (the first row per node): their data- attributes and
    cell texts."""
    found: dict[str, dict[str, str]] = {}
    for attrs, cells in re.findall(r"<tr (data-node=[^>]*)>(.*?)</tr>", page, re.S):
        row = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', attrs))
        row["cells"] = [re.sub(r"<[^>]+>", "", cell).strip()
                        for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        found.setdefault(row["node"], row)
    return found


@pytest.fixture(scope="module")
def pair(dashboard, stack) -> tuple[str, str]:
    """A 200 and a 401 (no token: authtoken answers on its own) of the same URL."""
    ok, denied = sent_from_form(dashboard, [("GET", "/v2.1/servers", TOKEN),
                                            ("GET", "/v2.1/servers", {})])
    return ok, denied


def test_hops_only_one_request_went_through_are_marked(dashboard, pair):
    ok, denied = pair
    status, _, page = dashboard.get(f"/compare?a={ok}&b={denied}")
    assert status == 200
    hops = rows(page)
    assert hops["app:compute_app"]["only"] == "a"
    assert hops["app:compute_app"]["cells"][2] == "not reached"  # B's status cell
    for node in ("composite:osapi_compute", "filter:request_id", "filter:authtoken"):
        assert hops[node]["only"] == "", node
    assert ("After <code>filter:authtoken</code>, only A went through <code>app:compute_app</code>"
            in page)
    assert 'data-summary="only-b"' not in page


def test_status_differences_are_marked_per_hop(dashboard, pair):
    ok, denied = pair
    hops = rows(dashboard.get(f"/compare?a={ok}&b={denied}")[2])
    authtoken = hops["filter:authtoken"]
    assert authtoken["status-differs"] == "true"
    assert authtoken["cells"][1:3] == ["200", "401"]
    assert authtoken["status-origin"] == "true"
    outer = hops["composite:osapi_compute"]
    assert outer["status-differs"] == "true" and "status-origin" not in outer
    # The layers the 401 crossed on its way out are above authtoken, not around it.
    page = dashboard.get(f"/compare?a={ok}&b={denied}")[2]
    assert ("On the way out, the status first differs at <code>filter:authtoken</code> (A 200, "
            "B 401), then at the 6 layers above it.") in page


def test_each_hop_shows_both_self_times_and_their_difference(dashboard, pair):
    ok, denied = pair
    ok_trace = dashboard.get(f"/api/traces/{ok}")[2]
    denied_trace = dashboard.get(f"/api/traces/{denied}")[2]
    expected = {span.node: span.self_ms for span in build_timeline(ok_trace["events"])}
    expected_b = {span.node: span.self_ms for span in build_timeline(denied_trace["events"])}
    cells = rows(dashboard.get(f"/compare?a={ok}&b={denied}")[2])["filter:authtoken"]["cells"]
    a_ms, b_ms, diff = (float(cell) for cell in cells[3:6])
    assert a_ms == expected["filter:authtoken"] and b_ms == expected_b["filter:authtoken"]
    assert diff == pytest.approx(b_ms - a_ms, abs=0.0015)


def test_where_the_time_went_counts_the_hops_only_one_request_reached(dashboard, pair):
    ok, denied = pair
    a = dashboard.get(f"/api/traces/{ok}")[2]
    b = dashboard.get(f"/api/traces/{denied}")[2]
    page = dashboard.get(f"/compare?a={ok}&b={denied}")[2]

    a_ms, b_ms, diff = (float(x) for x in re.findall(r"[-+]?\d+\.\d+", summary(page, "total")))
    assert (a_ms, b_ms) == (round(a["duration_ms"], 3), round(b["duration_ms"], 3))
    assert diff == pytest.approx(b_ms - a_ms, abs=0.0015)

    # A's spans B has none of (the app, its controller action): their own time, in total.
    a_spans, b_spans = build_timeline(a["events"]), build_timeline(b["events"])
    b_keys = {(span.node, span.label) for span in b_spans}
    only_a = [span for span in a_spans if (span.node, span.label) not in b_keys]
    assert {span.node for span in only_a} == {"app:compute_app"}
    spent = float(re.search(r"spent (\d+\.\d+) ms", summary(page, "only-a")).group(1))
    assert spent == pytest.approx(sum(span.self_ms for span in only_a), abs=0.0015)

    # Per hop, a hop one request never reached counts 0 ms for it: the app's whole self time
    # is a difference, and the biggest one of all hops is named.
    app = rows(page)["app:compute_app"]["cells"]
    assert float(app[5]) == -float(app[3])
    a_self = {(s.node, s.label): s.self_ms for s in a_spans if s.depth}
    b_self = {(s.node, s.label): s.self_ms for s in b_spans if s.depth}
    diffs = {key: b_self.get(key, 0.0) - a_self.get(key, 0.0) for key in {*a_self, *b_self}}
    node, label = max(diffs, key=lambda key: abs(diffs[key]))
    time = summary(page, "time")
    assert time.startswith(f"Hop by hop, the self time differs most at {label}: ")
    if (node, label) not in b_self:
        assert f"A {a_self[node, label]:.3f} ms, B not reached" in time


def test_a_hop_only_one_request_reached_can_be_where_the_time_went():
    served = trace_events("a")
    denied = trace_events("b", denied=True)
    for event in denied:  # B: a quicker pipeline, and a quicker request in all
        if event["kind"] == "node.leave" and event["node"] == "pipeline:api":
            event["data"]["duration_ms"] = 0.3
        if event["kind"] == "node.leave" and event["node"] == "composite:main":
            event["data"]["duration_ms"] = 0.5
        if event["kind"] == "request.end":
            event["data"]["duration_ms"] = 0.6
    result = comparison({"events": served}, {"events": denied})
    assert result["total_ms"] == (1.0, 0.6) and result["total_diff_ms"] == -0.4
    assert result["only_a_ms"] == 0.5 and result["only_b_ms"] == 0.0  # router 0.2 + action 0.3
    biggest = result["biggest"]
    assert (biggest.label, biggest.only, biggest.self_diff_ms) == ("items.index()", "a", -0.3)


def test_two_requests_through_the_same_hops_say_so(dashboard, stack):
    first, second = sent_from_form(dashboard, [("GET", "/v2.1/flavors", TOKEN)] * 2)
    page = dashboard.get(f"/compare?a={first}&b={second}")[2]
    assert "Both went through the same hops." in page
    assert 'data-only="a"' not in page and 'data-only="b"' not in page
    assert 'data-status-differs' not in page
    assert 'data-summary="status"' not in page


def test_compare_with_one_id_offers_recent_requests(dashboard, pair):
    ok, denied = pair
    status, _, page = dashboard.get(f"/compare?a={ok}")
    assert status == 200
    assert "Compare with…" in page
    assert f"/compare?a={ok}&amp;b={denied}" in page
    assert f"b={ok}" not in page  # not itself


def test_the_request_detail_links_to_compare(dashboard, pair):
    ok, _ = pair
    page = dashboard.get(f"/requests/{ok}")[2]
    assert f'href="/compare?a={ok}"' in page


def test_missing_and_unknown_ids_are_refused_with_a_reason(dashboard, pair):
    ok, _ = pair
    status, _, page = dashboard.get("/compare")
    assert status == 400 and "/compare?a=TRACE_ID&amp;b=TRACE_ID" in page
    status, _, page = dashboard.get(f"/compare?a={ok}&b=nope")
    assert status == 404 and "b: no request with trace id &#39;nope&#39;" in page
    status, _, page = dashboard.get("/compare?a=nope&b=nope")
    assert status == 404 and "a: no request" in page


def test_align_pairs_equal_hops_and_leaves_the_rest_alone():
    served = build_timeline(trace_events("a"))
    denied = build_timeline(trace_events("b", denied=True))
    hops = align(served, denied)
    assert [(h.node, h.only) for h in hops] == [
        (None, ""), ("composite:main", ""), ("pipeline:api", ""), ("filter:auth", ""),
        ("app:router", "a"), ("app:router", "a"),
    ]
    assert [h.label for h in hops if h.only] == ["app:router", "items.index()"]
    assert [h.node for h in hops if h.status_differs] == [
        None, "composite:main", "pipeline:api", "filter:auth"]
    assert comparison({"events": trace_events("a")},
                      {"events": trace_events("b", denied=True)})["status_origin"].node == \
        "filter:auth"
    reverse = align(denied, served)
    assert [h.only for h in reverse if h.only] == ["b", "b"]


#: A 401's JSON body longer than /compare quotes, ending in no full stop of its own.
LONG_BODY = '{"unauthorized": {"message": "' + "no token " * 40 + '"}}'


@pytest.mark.parametrize(("a_body", "said"), [
    (None, "B's body said: “{cut}”"),
    ("Denied", "Their bodies differ: A's said “Denied”, B's “{cut}”")])
def test_a_long_body_is_quoted_cut_with_no_full_stop_after_it(dashboard, a_body, said):
    """The full stop after a quote was judged on the uncut body: `…”.`, two stops."""
    ids = [f"long-body-{n}-{a_body}" for n in "ab"]
    for trace, body in zip(ids, [a_body, LONG_BODY], strict=True):
        events = trace_events(trace, denied=True)
        if body is not None:
            events[-1]["data"].update(body=body, content_type="application/json")
        assert dashboard.post("/api/events", events)[0] == 202
    status, _, page = dashboard.get(f"/compare?a={ids[0]}&b={ids[1]}")
    assert status == 200, page
    cut = LONG_BODY[:299] + "…"
    assert html.unescape(summary(page, "body")) == said.format(cut=cut)
