"""Saved requests edited by hand and loaded again: the file is what the class sees, or it is
refused with where it is wrong — never loaded with parts silently dropped."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TOKEN
from tests.dashboard.servers import exported
from tests.dashboard.servers import load
from tests.dashboard.servers import sent_from_form


@pytest.fixture(scope="module")
def saved(dashboard, stack) -> dict:
    """A saved file of one 401 (its body kept) and one 200."""
    sent = sent_from_form(dashboard, [("GET", "/v2.1/servers", {}),
                                      ("GET", "/v2.1/servers", TOKEN)])
    return exported(dashboard, sent).json()


def test_a_file_edited_and_loaded_again_shows_the_edit(classroom, saved):
    assert load(classroom.url, saved).status_code == 200
    edited = json.loads(json.dumps(saved))
    end = edited["traces"][0]["events"][-1]
    end["data"]["body"] = "Edited by the teacher: no token, no servers."
    answer = load(classroom.url, edited, "saved-edited.json")
    assert answer.status_code == 200, answer.text
    trace_id = edited["traces"][0]["trace"]
    shown = classroom.get(f"/api/traces/{trace_id}")[2]
    assert shown["events"][-1]["data"]["body"] == "Edited by the teacher: no token, no servers."
    assert "Edited by the teacher" in classroom.get(f"/requests/{trace_id}/steps")[2]
    # Loaded a third time, unchanged: the same request, once.
    assert load(classroom.url, edited).status_code == 200
    assert [row["trace"] for row in classroom.get("/api/traces")[2]].count(trace_id) == 1


def test_an_event_copied_by_hand_is_refused_with_where(classroom, saved):
    edited = json.loads(json.dumps(saved))
    events = edited["traces"][1]["events"]
    events.insert(3, dict(events[2]))
    answer = load(classroom.url, edited, "copied.json")
    assert answer.status_code == 400
    trace_id = edited["traces"][1]["trace"]
    seq = events[3]["seq"]
    assert answer.json()["error"] == (
        f"copied.json: trace 1 ({trace_id}), event 3 (seq {seq}): event 2 has the same seq; "
        "each event of a trace has its own")
    assert classroom.get("/api/traces")[2] == []


def test_a_request_twice_in_a_file_is_refused(classroom, saved):
    edited = json.loads(json.dumps(saved))
    edited["traces"].append(json.loads(json.dumps(saved["traces"][0])))
    answer = load(classroom.url, edited, "twice.json")
    assert answer.status_code == 400
    assert answer.json()["error"] == (
        f"twice.json: trace 2 ({saved['traces'][0]['trace']}): trace 0 has the same id; "
        "each request is in the file once")
