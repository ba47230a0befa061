"""`POST /api/presenter {"trace": null}`: the teacher stopped presenting; a latecomer waits."""

from __future__ import annotations

from tests.dashboard.servers import send

TOKEN = {"X-Auth-Token": "demo-token"}


def test_stopping_is_a_position_of_none_for_the_api(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    assert dashboard.post("/api/presenter", {"trace": trace["trace"], "index": 2})[0] == 200
    status, _, answer = dashboard.post("/api/presenter", {"trace": None})
    assert status == 200 and answer == {"trace": None, "index": None}
    assert dashboard.get("/api/presenter")[2] == {"trace": None, "index": None}
