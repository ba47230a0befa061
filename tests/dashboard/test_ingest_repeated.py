"""`POST /api/events` of events a trace already holds: the answer says they were ignored."""

from __future__ import annotations

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


def posted(dashboard, events: list[dict]) -> tuple[int, dict]:
    status, _, body = dashboard.post("/api/events", events)
    return status, body


def test_another_request_under_a_stored_id_is_said_ignored(dashboard):
    assert dashboard.post("/api/stacks", announcement())[0] == 200
    assert posted(dashboard, trace_events("twice")) == (202, {"accepted": 14})
    denied = trace_events("twice", path="/v1/other", denied=True)
    assert len(denied) == 9  # each a seq the first request's 14 hold
    assert posted(dashboard, denied) == (202, {
        "accepted": 0, "ignored": 9,
        "why_ignored": "9 events repeat a seq their trace already holds here: 'twice' (9). "
                       "A trace keeps the first event of each seq; a request of its own needs "
                       "a trace id of its own."})
    stored = dashboard.get("/api/traces/twice")[2]
    assert (stored["path"], stored["status"], len(stored["events"])) == ("/v1/items", 200, 14)


def test_the_rest_of_a_trace_sent_apart_is_accepted_whole(dashboard):
    events = trace_events("split")
    assert posted(dashboard, events[:5]) == (202, {"accepted": 5})
    assert posted(dashboard, events[3:]) == (202, {
        "accepted": 9, "ignored": 2,
        "why_ignored": "2 events repeat a seq their trace already holds here: 'split' (2). "
                       "A trace keeps the first event of each seq; a request of its own needs "
                       "a trace id of its own."})
    assert posted(dashboard, trace_events("fresh")) == (202, {"accepted": 14})
