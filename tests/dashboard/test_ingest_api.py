"""`POST /api/events`, `POST|GET /api/stacks`, `GET /api/traces[/ID]` over real HTTP."""

from __future__ import annotations

import json
import socket

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


def test_a_posted_batch_is_listed_newest_first_with_its_events(dashboard):
    assert dashboard.post("/api/stacks", announcement())[0] == 200
    status, _, body = dashboard.post("/api/events", trace_events("ing-1") + trace_events(
        "ing-2", method="POST", status=202))
    assert (status, body) == (202, {"accepted": 28})

    listed = dashboard.get("/api/traces?limit=2")[2]
    assert [t["trace"] for t in listed] == ["ing-2", "ing-1"]
    assert listed[0] == {"trace": "ing-2", "stack": "sample", "method": "POST",
                         "path": "/v1/items", "status": 202, "duration_ms": 1.0,
                         "started": listed[0]["started"], "error": None}

    status, _, detail = dashboard.get("/api/traces/ing-1")
    assert status == 200
    assert [e["seq"] for e in detail["events"]] == list(range(14))
    assert detail["events"][0]["kind"] == "request.start"
    assert detail["status"] == 200


def test_json_lines_are_accepted(dashboard):
    lines = "\n".join(json.dumps(e) for e in trace_events("ing-jsonl")).encode()
    status, _, body = dashboard.post("/api/events", raw=lines,
                                     headers={"Content-Type": "application/x-ndjson"})
    assert (status, body) == (202, {"accepted": 14})
    assert dashboard.get("/api/traces/ing-jsonl")[0] == 200

    bad = lines.replace(b"\n", b"\n{oops}\n", 1)
    status, _, body = dashboard.post("/api/events", raw=bad,
                                     headers={"Content-Type": "application/x-ndjson"})
    assert status == 400 and body["error"].startswith("line 2: invalid JSON")


def test_list_filters(dashboard):
    dashboard.post("/api/events", trace_events("flt-denied", path="/v1/secret", denied=True))
    found = dashboard.get("/api/traces?status=4xx&path=secret")[2]
    assert [t["trace"] for t in found] == ["flt-denied"]
    assert dashboard.get("/api/traces?status=401&method=GET&path=secret")[2] == found
    assert dashboard.get("/api/traces?method=DELETE&path=secret")[2] == []


def bad_event(**changes):
    event = trace_events("bad")[0]
    event.update(changes)
    return event


def test_malformed_batches_are_refused_with_a_reason(dashboard):
    cases = [
        (b"{not json", "invalid JSON"),
        (b'{"trace": "x"}', "must be a JSON array of events"),
        (b"[1]", "event 0: must be an object"),
        (json.dumps([{"trace": "x"}]).encode(), "event 0: missing field 'span'"),
        (json.dumps([bad_event(seq="3")]).encode(), "event 0: 'seq' must be an integer"),
        (json.dumps([bad_event(seq=True)]).encode(), "'seq' must be an integer"),
        (json.dumps([bad_event(data=[])]).encode(), "'data' must be an object"),
        (json.dumps([bad_event(trace="")]).encode(), "'trace' must be 1 to 200 characters"),
        ("[\xff]".encode("latin-1"), "not UTF-8"),
    ]
    for raw, reason in cases:
        status, _, body = dashboard.post("/api/events", raw=raw,
                                         headers={"Content-Type": "application/json"})
        assert status == 400, raw
        assert reason in body["error"], (raw, body)
    assert dashboard.get("/api/traces/bad")[0] == 404


def test_a_broken_trace_batch_is_refused(dashboard):
    for raw in (b"\x93garbage", b"[[1, 2]]", b'[["t", "s", 0.0, [[1, null]]]]'):
        status, _, body = dashboard.post("/api/events", raw=raw, headers={
            "Content-Type": "application/vnd.pastescope.traces+json"})
        assert status == 400 and "not a Pastescope trace batch" in body["error"], raw


def test_an_oversized_batch_gets_413_and_the_dashboard_keeps_running(dashboard):
    raw = b"[" + b" " * (9 * 1024 * 1024) + b"]"
    status, _, body = dashboard.post("/api/events", raw=raw,
                                     headers={"Content-Type": "application/json"})
    assert status == 413
    assert "too large" in body["error"] and "8 MiB" in body["error"]
    assert dashboard.get("/api/traces?limit=1")[0] == 200


def test_dropped_count_is_shown_per_stack(dashboard):
    dashboard.post("/api/stacks", announcement("dropper"))
    dashboard.post("/api/events", trace_events("drop-1", stack="dropper"),
                   headers={"X-Pastescope-Dropped": "17"})
    stacks = {s["name"]: s for s in dashboard.get("/api/stacks")[2]}
    assert stacks["dropper"]["dropped"] == 17
    assert "untraced 17" in dashboard.get("/?stack=dropper")[2]


def test_stacks_are_announced_and_listed(dashboard):
    status, _, body = dashboard.post("/api/stacks", announcement("listed"))
    assert (status, body) == (200, {"name": "listed"})
    stacks = {s["name"]: s for s in dashboard.get("/api/stacks")[2]}
    assert stacks["listed"]["url"] == "http://127.0.0.1:9"
    assert stacks["listed"]["graph"]["entry"] == "composite:main"
    assert stacks["listed"]["online"] is True


def test_bad_announcements_are_refused_with_a_reason(dashboard):
    broken_graph = dict(announcement()["graph"], edges=[
        {"source": "composite:main", "target": "app:nowhere", "label": "/"}])
    cases = [
        ([], "must be a JSON object"),
        ({**announcement(), "name": 5}, "'name'"),
        ({**announcement(), "url": "ftp://x"}, "'url' must be an http:// URL"),
        ({**announcement(), "graph": {"entry": "x"}}, "'nodes' and 'edges'"),
        ({**announcement(), "graph": broken_graph}, "'graph' cannot be drawn"),
        ({**announcement(), "pid": "12"}, "'pid'"),
    ]
    for body, reason in cases:
        status, _, answer = dashboard.post("/api/stacks", body)
        assert status == 400, body
        assert reason in answer["error"], (body, answer)


def test_trace_queries_with_bad_parameters(dashboard):
    for query, reason in [("limit=abc", "limit"), ("limit=0", "limit"),
                          ("limit=5000", "limit"), ("status=fourxx", "status")]:
        status, _, body = dashboard.get("/api/traces?" + query)
        assert status == 400 and reason in body["error"], query
    status, _, body = dashboard.get("/api/traces/no-such-trace")
    assert status == 404 and "no trace" in body["error"]
    status, _, body = dashboard.get("/api/nothing-here")
    assert status == 404 and "error" in body


def test_a_client_that_expects_100_continue_gets_it_before_sending_its_body(dashboard):
    body = json.dumps(trace_events("ing-expect")).encode()
    port = int(dashboard.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"POST /api/events HTTP/1.1\r\nHost: dashboard\r\n"
                     b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 100 Continue\r\n")  # else: timeout
        sock.sendall(body)
        answer = b""
        while b'"accepted":14' not in answer:
            chunk = sock.recv(4096)
            assert chunk, f"connection closed; got {answer!r}"
            answer += chunk
    assert b" 202 " in answer
    assert dashboard.get("/api/traces/ing-expect")[0] == 200


def test_a_trace_sqlite_cannot_store_does_not_take_others_with_it(dashboard):
    # A path that is a list passes the batch checks but cannot be bound by SQLite.
    poisoned = trace_events("ing-poisoned")
    poisoned[0]["data"]["path"] = ["not", "text"]
    batch = trace_events("ing-before") + poisoned + trace_events("ing-after")
    status, _, body = dashboard.post("/api/events", batch)
    assert (status, body) == (202, {"accepted": 42})
    assert dashboard.get("/api/traces/ing-before")[0] == 200
    assert dashboard.get("/api/traces/ing-after")[0] == 200
    assert dashboard.get("/api/traces/ing-poisoned")[0] == 404
    assert "trace 'ing-poisoned' left out, it cannot be stored" in dashboard.output()
    assert dashboard.get("/requests")[0] == 200
