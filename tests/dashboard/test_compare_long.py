"""`GET /compare` on requests far longer than a stack sends: aligned up to a limit, said so."""

from __future__ import annotations

import html
import re

from dashboard.compare import MAX_HOPS
from dashboard.compare import align
from dashboard.compare import align_within
from dashboard.compare import comparison
from dashboard.timeline import build_timeline
from tests.dashboard.page_text import summary
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored


def long_trace(trace: str, calls: int, skip: int | None = None) -> list[dict]:
    """A request whose pipeline calls `calls` filters one after another (7 of them, in turn)
    but not the `skip`th."""
    events = trace_events(trace, denied=True)
    head, tail = events[:4], events[-3:]  # into the pipeline; out of it
    inner = []
    for n in (n for n in range(calls) if n != skip):
        node = f"filter:f{n % 7}"
        inner += [dict(head[3], span=10 + n, parent=2, node=node),
                  dict(tail[0], span=10 + n, parent=2, node=node,
                       data={"status": 200, "duration_ms": 0.001, "short_circuit": False})]
    events = head + inner + tail
    for seq, event in enumerate(events):
        event["seq"], event["ts"] = seq, event["ts"] + seq * 1e-6
    return events


def test_long_requests_are_compared_up_to_a_limit_the_page_states(dashboard):
    assert dashboard.post("/api/events", long_trace("long-a", 400))[0] == 202
    assert dashboard.post("/api/events", long_trace("long-b", 400, skip=5))[0] == 202
    a, b = stored(dashboard, "long-a"), stored(dashboard, "long-b")
    status, _, page = dashboard.get("/compare?a=long-a&b=long-b")
    assert status == 200

    hops = comparison(a, b)["hops"]
    assert len(re.findall(r"<tr data-node=", page)) == len(hops) <= MAX_HOPS
    left_a = 403 - sum(hop.a is not None for hop in hops)  # request, composite, pipeline, 400
    left_b = 402 - sum(hop.b is not None for hop in hops)
    assert left_a > 0 and left_b > 0
    assert html.unescape(summary(page, "left-out")) == (
        f"These requests are long (A 403 hops, B 402), so only their first {MAX_HOPS} hops are "
        "compared, up to the last one both went through: A's last "
        f"{left_a} hops and B's last {left_b} are left out of this list and of the table "
        "below (the totals count them).")
    assert page.count('data-only="b"') == sum(hop.only == "b" for hop in hops) > 0
    assert re.search(rf"<tr data-left-out>.*{left_a} more hops of A and {left_b} of B, not "
                     "compared", page, re.S)


def test_aligning_stops_at_the_last_hop_both_reached():
    # B calls its filters one later: within the limit, A's last calls are B's beyond it, so
    # they are left out rather than called A's alone.
    a = build_timeline(long_trace("a", 2 * MAX_HOPS))
    b = build_timeline(long_trace("b", 2 * MAX_HOPS, skip=0))
    hops, left_a, left_b = align_within(a, b)
    assert [hop.node for hop in hops if hop.only] == ["filter:f0"]
    assert not hops[-1].only
    assert left_a == len(a) - sum(hop.a is not None for hop in hops) > 0
    assert left_b == len(b) - sum(hop.b is not None for hop in hops) > 0


def test_requests_within_the_limit_are_aligned_whole():
    a = build_timeline(long_trace("a", MAX_HOPS - 3))
    b = build_timeline(long_trace("b", MAX_HOPS - 3, skip=40))
    assert len(a) == MAX_HOPS
    hops, left_a, left_b = align_within(a, b)
    assert (hops, left_a, left_b) == (align(a, b), 0, 0)


def test_headers_past_the_names_shown_are_counted_as_every_page_counts(dashboard):
    # A posted request may carry far more headers than a person reads: the first few are named,
    # the rest counted with a thousands separator, as `inspect` and the diagram count theirs.
    many = trace_events("many-headers")
    many[0]["data"]["headers"] = {f"X-Extra-{n}": "1" for n in range(1010)}
    assert dashboard.post("/api/events", many)[0] == 202
    assert dashboard.post("/api/events", trace_events("few-headers"))[0] == 202
    for trace in ("many-headers", "few-headers"):
        stored(dashboard, trace)
    status, _, page = dashboard.get("/compare?a=many-headers&b=few-headers")
    assert status == 200
    named = ", ".join(f"X-Extra-{n}: 1" for n in range(6))
    assert f"only A sent the headers {named} and 1,004 more;" in html.unescape(
        summary(page, "request"))
