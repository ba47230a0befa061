"""The request detail's timeline: span nesting and self time, from the events."""

from __future__ import annotations

from dashboard.timeline import build_timeline
from dashboard.timeline import request_detail
from tests.dashboard.samples import trace_events


def test_spans_nest_and_self_time_excludes_children():
    spans = build_timeline(trace_events("tl"))
    assert [(s.label, s.depth) for s in spans] == [
        ("request", 0),
        ("composite:main", 1),
        ("pipeline:api", 2),
        ("filter:auth", 3),
        ("app:router", 4),
        ("items.index()", 5),
    ]
    by_label = {s.label: s for s in spans}
    assert by_label["filter:auth"].self_ms == 0.2  # 0.7 total - 0.5 in the router
    assert by_label["app:router"].self_ms == 0.2  # 0.5 - 0.3 in the action
    assert by_label["request"].status == 200


def test_a_short_circuit_is_marked_and_the_router_absent():
    spans = build_timeline(trace_events("tl-401", denied=True))
    auth = next(s for s in spans if s.node == "filter:auth")
    assert auth.short_circuit and auth.status == 401 and auth.self_ms == 0.2
    assert "app:router" not in [s.node for s in spans]


def test_detail_collects_route_and_errors():
    events = trace_events("tl-d")
    detail = request_detail({"trace": "tl-d", "stack": "sample", "events": events})
    assert [(r["kind"], r["data"]["template"], r["call"]) for r in detail["routes"]] == [
        ("route.match", "/items", "")]
    assert detail["errors"] == []
    assert detail["offsets"][0] == 0.0 and detail["offsets"] == sorted(detail["offsets"])
