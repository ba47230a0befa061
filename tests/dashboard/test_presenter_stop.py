"""`POST /api/presenter {"trace": null}`: the teacher stopped presenting; a latecomer waits.
`POST /api/presenter/heartbeat`: the presenting page is still there."""

from __future__ import annotations

import json
import re

from tests.conftest import TOKEN
from tests.dashboard.servers import send
from tests.dashboard.sse import SSEReader


def test_stopping_is_a_position_of_none_for_the_api(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    assert dashboard.post("/api/presenter", {"trace": trace["trace"], "index": 2})[0] == 200
    status, _, answer = dashboard.post("/api/presenter", {"trace": None})
    assert status == 200 and answer == {"trace": None, "index": None}
    assert dashboard.get("/api/presenter")[2] == {"trace": None, "index": None}


def test_a_heartbeat_repeats_the_position_to_viewers_and_only_while_presenting(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    assert dashboard.post("/api/presenter", {"trace": None})[0] == 200
    status, _, answer = dashboard.post("/api/presenter/heartbeat", {})
    assert status == 200 and answer == {"trace": None, "index": None}
    assert 'data-silent-ms=""' in dashboard.get("/follow")[2]

    position = {"trace": trace["trace"], "index": 1}
    assert dashboard.post("/api/presenter", position)[2] == position
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        status, _, answer = dashboard.post("/api/presenter/heartbeat", {})
        assert status == 200 and answer == position
        heard = reader.until(lambda m: m.get("event") == "presenter")
    finally:
        reader.close()
    assert json.loads(heard[-1]["data"]) == position
    # A browser resuming from just before that beat is not given it again: beats take no
    # place in the stream's bounded history, which keeps the requests for resuming.
    beat = int(heard[-1]["id"])
    resumed = SSEReader(dashboard.url + "/api/stream", last_event_id=str(beat - 1))
    try:
        dashboard.post("/api/presenter/heartbeat", {})
        live = resumed.until(lambda m: m.get("event") == "presenter")
    finally:
        resumed.close()
    assert int(live[-1]["id"]) > beat, live
    silent_ms = re.search(r'data-silent-ms="(\d+)"', dashboard.get("/follow")[2])
    assert silent_ms and int(silent_ms.group(1)) < 10_000
    assert dashboard.post("/api/presenter", {"trace": None})[0] == 200
