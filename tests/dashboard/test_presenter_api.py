"""`POST /api/presenter`: positions no trace can have are refused, whatever the JSON holds."""

from __future__ import annotations


def test_a_trace_id_with_a_lone_surrogate_is_refused_with_where(dashboard):
    for trace, at in (("\ud800", 0), ("req-\udc80-1", 4)):
        status, _, answer = dashboard.post("/api/presenter", {"trace": trace, "index": 0})
        assert status == 400, answer
        assert f"trace holds a lone surrogate (character {at})" in answer["error"], answer
    assert dashboard.get("/api/presenter")[2] == {"trace": None, "index": None}
    assert dashboard.get("/follow")[0] == 200
