"""`POST /api/events` with an empty batch naming its stack (`X-Pastescope-Stack`): a stopping
stack's last dropped count, with no event left to carry it, reaches that stack's badge — only
a stack announced here, and without its being seen alive again."""

from __future__ import annotations

import re

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import stack_row
from tests.dashboard.sse import SSEReader


def final_count(dashboard, name: str, dropped: str, **headers: str) -> tuple[int, dict]:
    """Post what a stopping stack posts last: `[]`, its count, and its name (percent-encoded);
    the status and the answer."""
    status, _, body = dashboard.post("/api/events", [], headers={
        "X-Pastescope-Dropped": dropped, "X-Pastescope-Stack": name, **headers})
    return status, body


def test_an_empty_batch_naming_its_stack_sets_its_count_and_nothing_else(dashboard):
    assert dashboard.post("/api/stacks", announcement("final"))[0] == 200
    before = stack_row(dashboard, "final")
    assert before["dropped"] == 0

    assert final_count(dashboard, "final", "5") == (202, {"accepted": 0})
    after = stack_row(dashboard, "final")
    assert after["dropped"] == 5
    assert after["seen"] == before["seen"]  # its last word, not an announcement: not "alive"
    assert "untraced 5" in dashboard.get("/?stack=final")[2]

    # a lower count (an earlier post, overtaken) leaves the higher one
    assert final_count(dashboard, "final", "2") == (202, {"accepted": 0})
    assert stack_row(dashboard, "final")["dropped"] == 5


def test_a_name_beyond_ascii_is_percent_encoded(dashboard):
    assert dashboard.post("/api/stacks", announcement("café-ü"))[0] == 200
    assert final_count(dashboard, "caf%C3%A9-%C3%BC", "3") == (202, {"accepted": 0})
    assert stack_row(dashboard, "café-ü")["dropped"] == 3


def test_an_empty_batch_without_a_count_or_a_stack_changes_nothing(dashboard):
    dashboard.post("/api/stacks", announcement("quiet"))
    status, _, body = dashboard.post("/api/events", [])
    assert (status, body) == (202, {"accepted": 0})
    # a count with no event and no stack named belongs to no stack
    status, _, body = dashboard.post("/api/events", [], headers={"X-Pastescope-Dropped": "9"})
    assert (status, body) == (202, {"accepted": 0})
    # a stack named with no count has nothing to note
    status, _, body = dashboard.post("/api/events", [], headers={"X-Pastescope-Stack": "quiet"})
    assert (status, body) == (202, {"accepted": 0})
    assert stack_row(dashboard, "quiet")["dropped"] == 0
    # and named, its count is noted
    assert final_count(dashboard, "quiet", "4") == (202, {"accepted": 0})
    assert stack_row(dashboard, "quiet")["dropped"] == 4


def test_a_count_for_a_stack_never_announced_is_refused(dashboard):
    status, body = final_count(dashboard, "nobody", "3")
    assert status == 400
    assert body["error"] == ("header X-Pastescope-Stack names 'nobody', which has not announced "
                             "itself to this dashboard (POST /api/stacks)")
    assert "nobody" not in {s["name"] for s in dashboard.get("/api/stacks")[2]}


def test_bad_stack_headers_are_refused_with_a_reason(dashboard):
    dashboard.post("/api/stacks", announcement("named"))
    for value in ("", "%FF", "caf\xe9", "x" * 201):  # none, not UTF-8, not encoded, too long
        status, body = final_count(dashboard, value, "7")
        assert status == 400, value
        assert body["error"].startswith("header X-Pastescope-Stack must be a stack name of 1 "
                                        "to 200 characters, percent-encoded UTF-8, got "), body
    status, body = final_count(dashboard, "named", "many")
    assert status == 400 and "X-Pastescope-Dropped must be a count" in body["error"]
    # events of another stack than the one named: whose count would it be?
    status, _, body = dashboard.post("/api/events", trace_events("other-1", stack="other"),
                                     headers={"X-Pastescope-Dropped": "7",
                                              "X-Pastescope-Stack": "named"})
    assert status == 400
    assert body["error"] == ("event 0: 'stack' is 'other', not the stack header "
                             "X-Pastescope-Stack names ('named')")
    assert dashboard.get("/api/traces/other-1")[0] == 404
    assert stack_row(dashboard, "named")["dropped"] == 0


def test_the_live_stack_picker_shows_the_final_count(dashboard):
    dashboard.post("/api/stacks", announcement("picked"))
    reader = SSEReader(dashboard.url + "/api/stream")
    shown = re.compile(r'data-stack-item="picked"[^<]*(?:<(?!/li>)[^<]*)*data-dropped="6"')
    try:
        assert final_count(dashboard, "picked", "6") == (202, {"accepted": 0})
        reader.until(lambda m: m["event"] == "stacks" and shown.search(m["data"]), timeout=5)
    finally:
        reader.close()


def test_a_dashboard_serving_a_class_wants_the_token_for_the_count(guarded):
    assert guarded.post("/api/stacks", announcement("taught"), headers=BEARER)[0] == 200
    assert final_count(guarded, "taught", "8")[0] == 401
    assert stack_row(guarded, "taught")["dropped"] == 0
    assert final_count(guarded, "taught", "8", **BEARER) == (202, {"accepted": 0})
    assert stack_row(guarded, "taught")["dropped"] == 8


def test_a_stack_that_says_it_stopped_is_shown_stopped_until_it_announces_again(dashboard):
    assert dashboard.post("/api/stacks", announcement("ending"))[0] == 200
    assert stack_row(dashboard, "ending")["online"] is True
    assert final_count(dashboard, "ending", "0", **{"X-Pastescope-Stopped": "1"}) == (
        202, {"accepted": 0})
    row = stack_row(dashboard, "ending")
    assert (row["online"], row["stopped"] is not None) == (False, True)
    assert re.search(r"· stopped\s*</span>", dashboard.get("/?stack=ending")[2])
    # started again: its announcement says it runs
    assert dashboard.post("/api/stacks", announcement("ending"))[0] == 200
    row = stack_row(dashboard, "ending")
    assert (row["online"], row["stopped"]) == (True, None)
    assert "· stopped" not in dashboard.get("/?stack=ending")[2]


def test_a_stop_must_name_its_stack_and_say_1(dashboard):
    dashboard.post("/api/stacks", announcement("named"))
    status, _, body = dashboard.post("/api/events", [], headers={"X-Pastescope-Stopped": "1"})
    assert (status, body) == (400, {"error": "header X-Pastescope-Stopped needs "
                                             "X-Pastescope-Stack to name the stack that stopped"})
    assert final_count(dashboard, "named", "0", **{"X-Pastescope-Stopped": "yes"}) == (
        400, {"error": "header X-Pastescope-Stopped must be 1, got 'yes'"})
    assert final_count(dashboard, "nobody", "0", **{"X-Pastescope-Stopped": "1"})[0] == 400
    assert stack_row(dashboard, "named")["online"] is True
