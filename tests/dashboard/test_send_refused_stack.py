"""Send to a stack this dashboard refused for its token: the stack serves on untraced, and the
answer says so and why, not "no trace header" alone (which sent a teacher looking for the fault
in the stack's `--trace-to`)."""

from __future__ import annotations

from tests.conftest import TOKEN
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import refused_known

#: What the answer says after its status, for the stack refused as it had no token.
UNTRACED = ("no trace header: this dashboard refused the stack 'osapi_compute' (it sent no "
            "teacher's token), so it serves on untraced; start it with the teacher's token in "
            "$PASTESCOPE_TOKEN, as the command this dashboard printed as it started does")


def test_send_to_a_refused_stack_says_why_it_is_untraced(guarded):
    with refused_known(guarded):
        status, _, answer = guarded.post("/api/send", {
            "stack": "osapi_compute", "method": "GET", "path": "/v2.1/servers",
            "headers": TOKEN}, headers=BEARER)
    assert status == 200, answer
    assert (answer["status"], answer["trace"]) == (200, None)
    assert answer["untraced"] == UNTRACED
