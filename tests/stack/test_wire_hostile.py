"""`wire_decode.decode_traces` given batches no stack sends: each is refused with a ValueError that
names the trace, the record and the value (never Python's own words), and none takes long."""

from __future__ import annotations

import json

import pytest

from stack import trace_records
from stack import wire_decode
from tests.stack.work import lines_run_in_stack

#: A request.start, the app it reached (one layer), and its request.end.
START = [0.0, None, None, trace_records.START, "GET", "/", "", "r", "h", {}]
LAYER = [0.1, 0.2, "app:main", trace_records.LAYER, "", "/", "200 OK", 20, 20]
END = [0.3, None, None, trace_records.END, "200 OK", 2, [None, [], [], []], []]
#: The headers the app passed up (`serve --check-wsgi`), for its node.leave.
PASSED_UP = [0.15, None, "app:main", trace_records.PASSED_UP, [["Content-Type", "text/plain"]], 0]
#: The exception the app gave start_response as exc_info (`serve --check-wsgi`).
ERROR = [0.15, None, "app:main", trace_records.ERROR, "KeyError", "'k'", "app.py:3", 7]


def refusal(batch) -> str:
    body = batch if isinstance(batch, bytes) else json.dumps(batch).encode()
    with pytest.raises(ValueError) as refused:
        wire_decode.decode_traces(body)
    return str(refused.value)


def test_a_well_formed_trace_is_decoded():
    events = wire_decode.decode_traces(json.dumps([["t", "s", 1e9, [START, LAYER, END]]]).encode())
    assert [e["kind"] for e in events] == ["request.start", "node.enter", "node.leave",
                                           "request.end"]


def test_the_headers_a_layer_passed_up_are_its_node_leave_s():
    events = wire_decode.decode_traces(
        json.dumps([["t", "s", 1e9, [START, LAYER, PASSED_UP, END]]]).encode())
    assert [e["kind"] for e in events] == ["request.start", "node.enter", "node.leave",
                                           "request.end"]
    assert events[2]["data"]["headers"] == [{"name": "Content-Type", "value": "text/plain"}]
    # a body that calls start_response as the server reads it, once its layer returned
    late = [0.25, *PASSED_UP[1:]]
    events = wire_decode.decode_traces(
        json.dumps([["t", "s", 1e9, [START, LAYER, late, END]]]).encode())
    assert events[2]["data"]["headers"] == [{"name": "Content-Type", "value": "text/plain"}]


def test_the_exception_a_layer_answered_with_is_its_error_caught_there():
    events = wire_decode.decode_traces(
        json.dumps([["t", "s", 1e9, [START, LAYER, ERROR, END]]]).encode())
    assert [e["kind"] for e in events] == ["request.start", "node.enter", "error", "node.leave",
                                           "request.end"]
    assert events[2]["data"] == {"type": "KeyError", "message": "'k'", "raised_at": "app:main",
                                 "caught_by": "app:main", "raised_in": "app.py:3"}


def test_a_time_too_large_for_a_float_names_the_trace_and_record():
    huge = b"1" + b"0" * 400
    body = b'[["t-ovf2","s",' + huge + b',[[0.5,null,null,0,"GET","/","","r","h",{}]]]]'
    assert refusal(body).startswith(
        "not a Pastescope trace batch: trace 0 ('t-ovf2'): base must be a number of seconds "
        "within ±2**53, got 1000000")
    left = json.dumps([["t-left", "s", 0, [START, LAYER[:1] + [10**400] + LAYER[2:], END]]])
    assert "trace 0 ('t-left'), record 1: left must be a number of seconds" in refusal(
        left.encode())
    nan = [["t-nan", "s", 0, [START, [float("nan"), *LAYER[1:]], END]]]
    assert "trace 0 ('t-nan'), record 1: clock must be a number" in refusal(
        json.dumps(nan).encode())


@pytest.mark.parametrize(("batch", "said"), [
    ({}, "the body must be a JSON array of traces [[trace, stack, base, records], …], "
         "got an object"),
    ([1], "trace 0: must be [trace, stack, base, records], got 1"),
    ([["t", "s", 0]], "trace 0: must be [trace, stack, base, records], got a list"),
    ([[5, "s", 0, [START]]], "trace 0: its id must be a string, got 5"),
    ([["t", None, 0, [START]]], "trace 0 ('t'): its stack must be a string, got null"),
    ([["t", "s", 0, []]], "trace 0 ('t'): its records must be a list of records, got a list"),
    ([["t", "s", 0, {}]], "its records must be a list of records, got an object"),
    ([["t", "s", 0, [[1, None]]]], "trace 0 ('t'), record 0: must be [clock, left, node, "
                                   "code, …], got a list"),
    ([["t", "s", 0, [START, 7]]], "record 1: must be [clock, left, node, code, …], got 7"),
    ([["t", "s", 0, [[0, None, None, 99]]]], "record 0: code must be 0 to"),
    ([["t", "s", 0, [[0, None, None, True]]]], "record 0: code must be 0 to"),
    ([["t", "s", 0, [[0, None, 5, trace_records.START]]]],
     "record 0: node must be a string or null"),
    ([["t", "s", 0, [START[:-1] + [[]]]]], "record 0: headers must be an object, got a list"),
    ([["t", "s", 0, [START[:5]]]], "record 0: must hold 6 to 7 values after its code, got 1"),
    ([["t", "s", 0, [START + [{}]]]], "record 0: dropped_headers must be a list, got an object"),
    ([["t", "s", 0, [START, [0.2, 0.1, *LAYER[2:]]]]],
     "record 1: left (0.1) is before its clock (0.2)"),
    ([["t", "s", 0, [START, [0.1, None, *LAYER[2:]]]]],
     "record 1: a node.enter record must have its left time"),
    ([["t", "s", 0, [[0, 1, *START[2:]]]]],
     "record 0: a request.start record must have null for left"),
    ([["t", "s", 0, [START, LAYER[:7] + ["20", 20]]]],
     "record 1: keys_in must be an integer, got \"20\""),
    ([["t", "s", 0, [START, LAYER + [["x", "E", "m", None]]]]],
     "record 1: error must be null or [id, type, message, raised_in]"),
    ([["t", "s", 0, [START, LAYER + [None, None, {"a": 1}]]]],
     "record 1: outer must be a list of [node, label], got an object"),
    ([["t", "s", 0, [START, END[:6] + [{}] + END[7:]]]],
     "record 1: added must be [first, offsets, keys, texts], got an object"),
    ([["t", "s", 0, [START, END[:7] + [[1, 2]]]]],
     "record 1: removed must be a list of [key, text], got a list"),
    ([["t", "s", 0, [START, END + ["", "", [[1]]]]]],
     "record 1: errors must be a list of [id, type, message, raised_in, closing]"),
    ([["t", "s", 0, [START, END + [""] * 6]]],
     "record 1: must hold 4 to 9 values after its code, got 10"),
    ([["t", "s", 0, [START, LAYER, PASSED_UP[:4] + [{}, 0], END]]],
     "record 2: headers must be a list of [name, value] or [name, value, hidden], "
     "got an object"),
    ([["t", "s", 0, [START, LAYER, PASSED_UP[:4] + [[["Set-Cookie", "***", "1"]], 0], END]]],
     "record 2: headers must be a list of [name, value] or [name, value, hidden], "
     "got a list"),
    ([["t", "s", 0, [START, LAYER, PASSED_UP[:5] + ["1"], END]]],
     "record 2: more must be an integer, got \"1\""),
    ([["t", "s", 0, [START, LAYER, PASSED_UP[:2] + [None] + PASSED_UP[3:], END]]],
     "record 2: node must be the layer's, got null"),
    ([["t", "s", 0, [START, LAYER, PASSED_UP[:5], END]]],
     "record 2: must hold 2 values after its code, got 1"),
    ([["t", "s", 0, [START, LAYER, [0, None, "n", trace_records.ERROR, "T", "m"], END]]],
     "record 2: must hold 4 values after its code, got 2"),
    ([["t", "s", 0, [START, LAYER, ERROR[:2] + [None] + ERROR[3:], END]]],
     "record 2: node must be the layer's, got null"),
    ([["t", "s", 0, [START, LAYER, ERROR[:7] + [[7]], END]]],
     "record 2: id must be an integer, got a list"),
])
def test_a_malformed_batch_says_where_and_what(batch, said):
    message = refusal(batch)
    assert message.startswith("not a Pastescope trace batch: ")
    assert said in message, message


def siblings_raising(siblings: int) -> bytes:
    """A batch of one trace: `siblings` calls of an app by one filter, each raising."""
    records = [START,
               [0.0, siblings + 1.0, "filter:outer", trace_records.LAYER, "", "/", "500", 20, 20]]
    records += [[float(i), i + 0.5, "app:main", trace_records.LAYER, "", "/", None, 20, 20,
                 [i, "KeyError", f"k{i}", None]] for i in range(1, siblings + 1)]
    records.append([siblings + 2.0, None, None, trace_records.END, None, 0,
                    [None, [], [], []], []])
    return json.dumps([["t-many", "s", 0, records]]).encode()


def test_errors_of_many_siblings_are_replayed_in_linear_time():
    """Twice the siblings, about twice the work; a walk over every error in flight at each
    close made it quadratic (20 s for 40,000 siblings): four times the work."""
    siblings = 2_000
    # a bound only: the walk ran siblings**2 / 2 passes of a line or two
    with lines_run_in_stack(most=siblings**2) as some:
        events = wire_decode.decode_traces(siblings_raising(siblings))
    assert some.spent >= siblings  # counted: the decoding is Pastescope's own
    with lines_run_in_stack(most=5 * some.spent // 2):
        twice = wire_decode.decode_traces(siblings_raising(2 * siblings))
    for decoded, count in ((events, siblings), (twice, 2 * siblings)):
        errors = [e for e in decoded if e["kind"] == "error"]
        assert len(errors) == count
        assert {e["data"]["caught_by"] for e in errors} == {"filter:outer"}
