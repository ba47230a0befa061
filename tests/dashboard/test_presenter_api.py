"""`POST /api/presenter`: positions no trace can have are refused, whatever the JSON holds,
naming the field; so is a query parameter, and a body too large."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored


def test_a_trace_id_with_a_lone_surrogate_is_refused_with_where(dashboard):
    for trace, at in (("\ud800", 0), ("req-\udc80-1", 4)):
        status, _, answer = dashboard.post("/api/presenter", {"trace": trace, "index": 0})
        assert status == 400, answer
        assert f"trace holds a lone surrogate (character {at})" in answer["error"], answer
    assert dashboard.get("/api/presenter")[2] == {"trace": None, "index": None}
    assert dashboard.get("/follow")[0] == 200


def test_a_field_or_parameter_it_does_not_take_is_refused_naming_it(dashboard):
    assert dashboard.post("/api/events", trace_events("shown-0"))[0] == 202
    stored(dashboard, "shown-0")
    for path, body, said in [
            ("/api/presenter", {"trace": "shown-0", "step": 2},
             "unknown field 'step'; the body takes trace, index and lesson"),
            ("/api/presenter", {"trace": "shown-0", "idx": 2},
             "unknown field 'idx' (did you mean 'index'?); the body takes trace, index and "
             "lesson"),
            ("/api/presenter", {"trace": "x" * 201, "index": 0},
             f"trace must be a trace id (a string of 1 to 200 characters), got {'x' * 40!r}… "
             "(201 characters)"),
            ("/api/presenter?index=2", {"trace": "shown-0", "index": 0},
             "unknown query parameter 'index'; /api/presenter takes no query parameter"),
            ("/api/presenter/heartbeat?trace=shown-0", None,
             "unknown query parameter 'trace'; /api/presenter/heartbeat takes no query "
             "parameter")]:
        assert dashboard.post(path, body)[::2] == (400, {"error": said}), path
    assert dashboard.get("/api/presenter?trace=shown-0")[::2] == (400, {
        "error": "unknown query parameter 'trace'; /api/presenter takes no query parameter"})
    assert dashboard.get("/api/presenter")[2] == {"trace": None, "index": None}


def test_a_body_past_the_limit_is_413_sent_whole_or_chunked(dashboard):
    body = b'{"trace": "' + b"x" * 5000 + b'", "index": 0}'
    assert dashboard.post("/api/presenter", raw=body,
                          headers={"Content-Type": "application/json"})[::2] == (
        413, {"error": "request body too large: the limit is 4 KiB"})
    url = urlsplit(dashboard.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=15)
    try:
        connection.request("POST", "/api/presenter", iter([body[:3000], body[3000:]]),
                           {"Content-Type": "application/json"}, encode_chunked=True)
        answer = connection.getresponse()
        assert (answer.status, answer.read()) == (
            413, b'{"error":"request body too large: the limit is 4 KiB"}\n')
    finally:
        connection.close()


def test_a_position_not_typed_as_json_is_refused(dashboard):
    """A page of another site may post text/plain to the dashboard without asking first
    (CORS): such a body, JSON or not, does not move the class's Live page."""
    assert dashboard.post("/api/events", trace_events("shown-0"))[0] == 202
    stored(dashboard, "shown-0")
    assert dashboard.post("/api/presenter", raw=b'{"trace": "shown-0", "index": 0}',
                          headers={"Content-Type": "text/plain"})[::2] == (400, {
        "error": 'the body must be a JSON object {"trace": ID, "index": N}'})
    assert dashboard.get("/api/presenter")[2] == {"trace": None, "index": None}
