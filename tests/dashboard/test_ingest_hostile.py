"""`POST /api/events` given what no stack sends — over real HTTP: each is refused with a status
and a reason that says what was wrong and where, and nothing of it is stored or lost quietly."""

from __future__ import annotations

import gzip
import json

import requests

from dashboard import create_app
from dashboard import ingest_traces
from stack import wire
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

COMPACT = {"Content-Type": wire.CONTENT_TYPE}


def post(dashboard, body: bytes, **headers: str) -> requests.Response:
    return requests.post(f"{dashboard.url}/api/events", data=body, timeout=30,
                         headers={"Content-Type": "application/json", **headers})


def chunked(body: bytes, size: int = 64 * 1024):
    """`body` as a generator: requests sends it with `Transfer-Encoding: chunked`."""
    for start in range(0, len(body), size):
        yield body[start:start + size]


def lines_of(prefix: str, count: int) -> bytes:
    return b"\n".join(json.dumps(event).encode() for n in range(count)
                      for event in trace_events(f"{prefix}-{n}"))


def test_a_huge_time_in_a_compact_batch_is_a_400_naming_trace_and_record(dashboard):
    huge = b"1" + b"0" * 400
    body = b'[["t-ovf2","s",' + huge + b',[[0.5,null,null,0,"GET","/","","r","h",{}]]]]'
    answer = post(dashboard, body, **COMPACT)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"].startswith(
        "not a Pastescope trace batch: trace 0 ('t-ovf2'): base must be a number of seconds")
    layer = [0.1, 1e400, "app:main", 1, "", "/", "200 OK", 20, 20]
    body = json.dumps([["t-ovf3", "s", 0, [[0, None, None, 0, "GET", "/", "", "r", "h", {}],
                                           layer]]]).replace("Infinity", "1" + "0" * 400)
    answer = post(dashboard, body.encode(), **COMPACT)
    assert answer.status_code == 400, answer.text
    assert "trace 0 ('t-ovf3'), record 1: left must be a number of seconds" in answer.json()[
        "error"]


def test_a_compact_body_that_is_no_list_of_traces_is_refused(dashboard):
    answer = post(dashboard, b"{}", **COMPACT)
    assert answer.status_code == 400
    assert "the body must be a JSON array of traces" in answer.json()["error"]


def test_a_chunked_body_past_the_limit_is_413_not_cut(dashboard):
    body = lines_of("chunk-big", 4000)  # ~ 9.6 MiB of JSON Lines
    assert len(body) > 8 * 1024 * 1024
    try:
        answer = requests.post(f"{dashboard.url}/api/events", data=chunked(body), timeout=30,
                               headers={"Content-Type": "application/x-ndjson"})
    except requests.ConnectionError:  # the server may close before the client sent it all
        answer = None
    if answer is not None:
        assert answer.status_code == 413, answer.text[:200]
        assert "8 MiB" in answer.json()["error"]
    assert dashboard.get("/api/traces/chunk-big-0")[0] == 404


def test_a_chunked_body_within_the_limit_is_read_whole(dashboard):
    body = lines_of("chunk-small", 30)
    answer = requests.post(f"{dashboard.url}/api/events", data=chunked(body, 1000), timeout=30,
                           headers={"Content-Type": "application/x-ndjson"})
    assert answer.status_code == 202 and answer.json() == {"accepted": 30 * 14}
    assert dashboard.get("/api/traces/chunk-small-29")[0] == 200


def test_a_compressed_body_is_415_saying_to_send_it_uncompressed(dashboard):
    body = gzip.compress(json.dumps(trace_events("gz-1")).encode())
    answer = post(dashboard, body, **{"Content-Encoding": "gzip"})
    assert answer.status_code == 415
    assert answer.json()["error"] == ("Content-Encoding gzip is not supported; send the body "
                                      "uncompressed")
    assert dashboard.get("/api/traces/gz-1")[0] == 404


def test_an_event_repeating_a_seq_of_its_trace_is_refused_naming_it(dashboard):
    events = [dict(event, seq=0) for event in trace_events("seq-twice")]
    answer = post(dashboard, json.dumps(events).encode())
    assert answer.status_code == 400
    assert answer.json()["error"] == "event 1: seq 0 repeats event 0's in trace 'seq-twice'"
    assert dashboard.get("/api/traces/seq-twice")[0] == 404


def test_a_trace_of_two_stacks_in_one_batch_is_refused(dashboard):
    events = trace_events("two-in-one")
    events[3]["stack"] = "other"
    answer = post(dashboard, json.dumps(events).encode())
    assert answer.status_code == 400
    assert answer.json()["error"] == ("event 3: trace 'two-in-one' is the stack 'sample''s "
                                      "(its first event's), not 'other'")


def test_a_trace_id_another_stack_sent_first_is_refused_and_the_first_kept(dashboard):
    first = post(dashboard, json.dumps(trace_events("twin", stack="stack-a")).encode())
    assert first.status_code == 202
    # at once: the first may still be on its way to the store
    second = post(dashboard, json.dumps(trace_events("twin", stack="stack-b",
                                                     path="/other")).encode())
    assert second.status_code == 409, second.text
    assert second.json()["error"].startswith("trace 'twin' is the stack 'stack-a''s here "
                                             "already; this batch has it as 'stack-b''s")
    stored = dashboard.get("/api/traces/twin")[2]
    assert (stored["stack"], stored["path"]) == ("stack-a", "/v1/items")
    # and once it is stored (a dashboard started again remembers it so)
    again = post(dashboard, json.dumps(trace_events("twin", stack="stack-b")).encode())
    assert again.status_code == 409
    # the same stack sending it again is the same request: merged, as a split trace is
    assert post(dashboard, json.dumps(trace_events("twin", stack="stack-a")).encode(
        )).status_code == 202


def many_events(trace: str, count: int, first_seq: int = 0) -> list[dict]:
    """`count` of the smallest events (a kind the stack does not emit), to fit the 8 MiB."""
    return [{"trace": trace, "span": 0, "parent": None, "seq": first_seq + n, "ts": 1,
             "kind": "x", "node": None, "stack": "sample", "data": {}} for n in range(count)]


def compact(events: list[dict]) -> bytes:
    return json.dumps(events, separators=(",", ":")).encode()


def test_a_trace_past_the_events_limit_is_413_naming_it_and_its_count(dashboard):
    events = trace_events("huge-trace") + many_events("huge-trace", wire.MAX_TRACE_EVENTS, 100)
    answer = post(dashboard, compact(events))
    assert answer.status_code == 413
    assert answer.json()["error"] == (f"trace 'huge-trace': {wire.MAX_TRACE_EVENTS + 14} events; "
                                      f"a trace holds at most {wire.MAX_TRACE_EVENTS}")
    assert dashboard.get("/api/traces/huge-trace")[0] == 404


def test_a_trace_split_over_batches_past_the_limit_is_413(dashboard):
    half = wire.MAX_TRACE_EVENTS // 2 + 1
    assert post(dashboard, compact(many_events("split-huge", half))
                ).status_code == 202
    dashboard.get("/api/traces/split-huge")  # stored by now
    answer = post(dashboard, compact(many_events("split-huge", half, half)))
    assert answer.status_code == 413
    assert answer.json()["error"] == (f"trace 'split-huge': {2 * half} events; a trace "
                                      f"holds at most {wire.MAX_TRACE_EVENTS}")


def test_control_characters_in_ids_and_names_are_refused(dashboard):
    answer = post(dashboard, json.dumps(trace_events("nul\x00id")).encode())
    assert answer.status_code == 400
    assert answer.json()["error"] == ("event 0: 'trace' holds the control character U+0000; "
                                      "names and ids are printable text")
    answer = post(dashboard, json.dumps(trace_events("ctl-stack", stack="a\nb")).encode())
    assert answer.status_code == 400 and "'stack' holds the control character U+000A" in \
        answer.json()["error"]
    status, _, body = dashboard.post("/api/stacks", {**announcement(), "name": "x\x07"})
    assert status == 400 and body["error"] == ("field 'name' holds the control character "
                                               "U+0007; names and ids are printable text")


def test_ingest_remembers_the_newest_accepted_trace_ids_and_forgets_the_oldest(
        tmp_path, monkeypatch):
    # It remembers accepted ids until the writer has stored them (a trace id another stack
    # sends meanwhile is refused); past the bound the oldest go, so a dashboard up all day
    # holds at most MAX_ACCEPTED_KEPT of them (tests/bench/bench_memory.py: about 17 MiB).
    monkeypatch.setattr(ingest_traces, "MAX_ACCEPTED_KEPT", 3)
    app = create_app({"DATA_DIR": str(tmp_path)})
    client = app.test_client()
    for n in range(5):
        assert client.post("/api/events", json=trace_events(f"t-{n}")).status_code == 202
    accepted, _ = app.extensions["pastescope.accepted"]
    assert list(accepted) == ["t-2", "t-3", "t-4"]
