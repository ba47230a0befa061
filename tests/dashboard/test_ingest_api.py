"""`POST /api/events`, `POST|GET /api/stacks`, `GET /api/traces[/ID]` over real HTTP."""

from __future__ import annotations

import json
import socket

from tests.dashboard.samples import ROUTES
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
                         "started": listed[0]["started"], "error": None, "query": "",
                         "wsgi_warnings": 0}

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


def test_a_stack_started_again_counts_its_own_drops(dashboard):
    dashboard.post("/api/stacks", announcement("restarted"))
    dashboard.post("/api/events", trace_events("restart-1", stack="restarted"),
                   headers={"X-Pastescope-Dropped": "767"})
    dashboard.post("/api/stacks", announcement("restarted"))  # the same process, again
    assert {s["name"]: s for s in dashboard.get("/api/stacks")[2]}["restarted"]["dropped"] == 767
    dashboard.post("/api/stacks", {**announcement("restarted"), "pid": 2})  # a new process
    dashboard.post("/api/events", trace_events("restart-2", stack="restarted"),
                   headers={"X-Pastescope-Dropped": "3"})
    stacks = {s["name"]: s for s in dashboard.get("/api/stacks")[2]}
    assert stacks["restarted"]["dropped"] == 3
    assert "untraced 3" in dashboard.get("/?stack=restarted")[2]


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
        ({**announcement(), "routes": {"app:router": [{"name": "x"}]}},
         """field 'routes'["app:router"][0].template is missing"""),
        ({**announcement(), "routes": {"app:router": ["GET /x"]}},
         """field 'routes'["app:router"][0] must be an object with name, template, methods, """
         'controller, action (and maybe has_action or requirements), got "GET /x"'),
        ({**announcement(), "routes": {"app:router": [dict(ROUTES["app:router"][0],
                                                           has_action="yes")]}},
         'field \'routes\'["app:router"][0].has_action must be true or false, got "yes"'),
        ({**announcement(), "routes": {"app:router": [dict(ROUTES["app:router"][0],
                                                           methods="GET")]}},
         'field \'routes\'["app:router"][0].methods must be a list of strings, got "GET"'),
        ({**announcement(), "routes": {"app:router": [dict(ROUTES["app:router"][0],
                                                           requirements={"id": "(\\d+"})]}},
         'field \'routes\'["app:router"][0].requirements["id"] must be a regular expression '
         '(missing ), unterminated subpattern at position 0), got "(\\\\d+"'),
        # Nested past what Python's compiler recurses through: RecursionError, once a 500.
        ({**announcement(), "routes": {"app:router": [dict(
            ROUTES["app:router"][0], requirements={"id": "(" * 1000 + ")" * 1000})]}},
         'field \'routes\'["app:router"][0].requirements["id"] must be a regular expression '
         '(nested too deep), got "' + "(" * 39),
    ]
    for body, reason in cases:
        status, _, answer = dashboard.post("/api/stacks", body)
        assert status == 400, body
        assert reason in answer["error"], (body, answer)
    assert dashboard.get("/")[0] == 200  # once a route without a template made it 500


def test_trace_queries_with_bad_parameters(dashboard):
    for query, reason in [("limit=abc", "limit"), ("limit=0", "limit"), ("limit=5000", "limit"),
                          ("limit=%C2%B2", "limit"), ("status=fourxx", "status"),
                          ("status=" + "9" * 20, "status"), ("status=%C2%B2xx", "status"),
                          ("status=4_4", "status")]:
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


def event_of(kind, **data):
    """A whole request's sample events, the data of its first event of `kind` changed by
    `data`."""
    events = trace_events("shape")
    event = next(e for e in events if e["kind"] == kind)
    event["data"].update(data)
    return events


#: Events whose data has the wrong shape, each with what the answer must say. Every one of
#: these was once taken with 202 and then failed the request list or the request's page.
BAD_DATA = [
    (event_of("request.end", status="abc"),
     'event 13: request.end data.status must be an integer or null, got "abc"'),
    (event_of("request.start", headers=[["Accept", "*/*"]]),
     "event 0: request.start data.headers must be an object of strings, got a list"),
    (event_of("request.start", headers={"Accept": 5}),
     'data.headers["Accept"] must be a string, got 5'),
    (event_of("node.leave", duration_ms="fast"), "data.duration_ms must be a number"),
    (event_of("node.leave", short_circuit=1), "data.short_circuit must be true or false"),
    (event_of("request.end", status=10**20), "data.status must be within ±2**53"),
    (event_of("route.match", match=json.loads("[" * 70 + "]" * 70)),
     "data.match must be an object of JSON values, got a list"),
    (event_of("route.match", match={"x": json.loads("[" * 70 + "]" * 70)}),
     "is nested more than 64 deep"),
]


def test_event_data_of_the_wrong_shape_is_refused_with_where_and_why(dashboard):
    for events, reason in BAD_DATA:
        status, _, body = dashboard.post("/api/events", events)
        assert status == 400, reason
        assert reason in body["error"], (reason, body)
    missing = trace_events("shape-missing")
    del missing[-1]["data"]["bytes"]
    status, _, body = dashboard.post("/api/events", missing)
    assert status == 400 and "data.bytes is missing (request.end carries status, bytes, " \
        "duration_ms, added, removed, body, content_type)" in body["error"], body
    miss = [dict(e, data=dict(e["data"])) for e in trace_events("shape-miss")]
    miss.insert(5, dict(miss[4], kind="route.miss", seq=4, data={
        "method": "GET", "path": "/x", "status": 404,
        "candidates": [{"route": None, "template": "/y", "methods": [], "failed": "nope"}]}))
    status, _, body = dashboard.post("/api/events", miss)
    assert status == 400 and ('data.candidates[0].failed must be "path" or "method" or '
                              '"requirement" or "condition", got "nope"') in body["error"], body
    # Nothing of a refused batch is kept, and every page still answers.
    assert dashboard.get("/api/traces/shape")[0] == 404
    assert dashboard.get("/requests")[0] == 200
    deep = [dict(e, trace="shape-deep") for e in event_of(
        "route.match", match={"x": json.loads("[" * 60 + "]" * 60)})]
    assert dashboard.post("/api/events", deep)[0] == 202  # deep, within the bound
    assert dashboard.get("/requests/shape-deep")[0] == 200


def test_fields_left_out_that_have_defaults_are_filled_in(dashboard):
    events = trace_events("shape-defaults")
    assert "added" not in events[-1]["data"] and "removed" not in events[-1]["data"]
    error = {"type": "KeyError", "message": "'x'", "raised_at": "filter:auth"}  # no caught_by
    events.insert(6, dict(events[5], kind="error", seq=6, data=error))
    for seq, event in enumerate(events):
        event["seq"] = seq
    assert dashboard.post("/api/events", events)[0] == 202
    stored = dashboard.get("/api/traces/shape-defaults")[2]["events"]
    assert stored[-1]["data"]["added"] == {} and stored[-1]["data"]["removed"] == {}
    assert next(e for e in stored if e["kind"] == "error")["data"]["caught_by"] is None
    for page in ("/requests/shape-defaults", "/requests/shape-defaults/steps"):
        assert dashboard.get(page)[0] == 200, page


def test_a_kind_the_stack_does_not_emit_is_kept_with_any_data(dashboard):
    events = trace_events("shape-custom")
    events.insert(5, dict(events[4], kind="policy.check", seq=5,
                          data={"rule": "compute:get", "passed": True, "roles": ["admin"]}))
    for seq, event in enumerate(events):
        event["seq"] = seq
    assert dashboard.post("/api/events", events)[0] == 202
    stored = dashboard.get("/api/traces/shape-custom")[2]["events"]
    assert stored[5]["data"] == {"rule": "compute:get", "passed": True, "roles": ["admin"]}
    assert dashboard.get("/requests/shape-custom")[0] == 200


def test_values_json_has_not_or_no_page_can_show_are_refused(dashboard):
    good = json.dumps(trace_events("odd")).encode()
    cases = [
        (good.replace(b'"duration_ms": 1.0', b'"duration_ms": NaN', 1), "NaN is not a JSON number"),
        (good.replace(b'"duration_ms": 1.0', b'"duration_ms": 1e400', 1),
         "data.duration_ms must be a finite number"),
        (good.replace(b'"path": "/v1/items"', b'"path": "/v1/\\udc80"', 1),
         "data.path holds a lone surrogate"),
        (good.replace(b'"trace": "odd"', b'"trace": "\\ud800"', 1),
         "'trace' holds a lone surrogate"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (json.dumps([dict(trace_events("odd")[0], ts=1e300)]).encode(),
         "'ts' must be epoch seconds"),
        (json.dumps([dict(trace_events("odd")[0], seq=2**60)]).encode(),
         "'seq' must be within ±2**53"),
    ]
    for raw, reason in cases:
        status, _, body = dashboard.post("/api/events", raw=raw,
                                         headers={"Content-Type": "application/json"})
        assert status == 400 and reason in body["error"], (reason, body)
    assert dashboard.get("/api/traces/odd")[0] == 404


def test_json_lines_split_on_newlines_only(dashboard):
    events = trace_events("lines-2028")
    events[0]["data"]["headers"]["User-Agent"] = "one\u2028two"
    lines = "\n".join(json.dumps(e, ensure_ascii=False) for e in events).encode()
    status, _, body = dashboard.post("/api/events", raw=lines,
                                     headers={"Content-Type": "application/x-ndjson"})
    assert (status, body) == (202, {"accepted": 14})
    stored = dashboard.get("/api/traces/lines-2028")[2]["events"]
    assert stored[0]["data"]["headers"]["User-Agent"] == "one\u2028two"


def test_a_dropped_count_that_is_not_a_count_is_refused(dashboard):
    for header in ("²", "-1", "1e3", "9" * 30):
        status, _, body = dashboard.post("/api/events", trace_events("drop-bad"),
                                         headers={"X-Pastescope-Dropped": header})
        assert status == 400 and "X-Pastescope-Dropped must be a count" in body["error"], header
    assert dashboard.get("/api/traces/drop-bad")[0] == 404


def test_a_trace_id_no_url_could_open_is_refused_naming_the_field(dashboard):
    for trace, why in [("qa2/slash", "a '/' would split its URL"),
                       ("export", "/api/traces/export is the export of saved requests"),
                       ("import", "/api/traces/import is where saved requests are loaded"),
                       ("..", "a browser reads /requests/.. as /")]:
        status, _, body = dashboard.post("/api/events", trace_events(trace))
        assert (status, body) == (400, {"error": f"event 0: 'trace' {trace!r} could never be "
                                                 f"opened at /requests/ID or /api/traces/ID: "
                                                 f"{why}"})
    assert [row["trace"] for row in dashboard.get("/api/traces?path=/v1/items")[2]
            if row["trace"] in ("qa2/slash", "export", "import", "..")] == []
    # The stack's own ids, and any other, are opened at their URLs.
    assert dashboard.post("/api/events", trace_events("5e1f0a-12"))[0] == 202
    assert dashboard.get("/api/traces/5e1f0a-12")[2]["trace"] == "5e1f0a-12"
