"""Send to a stack this dashboard refused for its token: the stack serves on untraced, and the
answer says so and why, not "no trace header" alone (which sent a teacher looking for the fault
in the stack's `--trace-to`); one refused and never taken is not sent to, and the answer says
why, not that no stack of its name announced itself."""

from __future__ import annotations

import html

from stack.wire import TOKEN_ENV
from tests.conftest import TOKEN
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import Stack
from tests.dashboard.servers import refused_known

#: What the answer says after its status, for the stack refused as it had no token.
UNTRACED = ("no trace header: this dashboard refused the stack 'osapi_compute' (it sent no "
            "teacher's token), so it serves on untraced; start it with the teacher's token in "
            "$PASTESCOPE_TOKEN, as the command this dashboard printed as it started does")

#: What Send, Live and "What would this URL hit?" say of the stack `never-taken`, refused as it
#: had no token and never taken: they said no stack of its name had announced itself.
REFUSED = ("stack 'never-taken' was refused by this dashboard (it sent no teacher's token): it "
           "serves on, untraced; start it with the teacher's token in $PASTESCOPE_TOKEN, as the "
           "command this dashboard printed as it started does")


def test_send_to_a_refused_stack_says_why_it_is_untraced(guarded):
    with refused_known(guarded):
        status, _, answer = guarded.post("/api/send", {
            "stack": "osapi_compute", "method": "GET", "path": "/v2.1/servers",
            "headers": TOKEN}, headers=BEARER)
    assert status == 200, answer
    assert (answer["status"], answer["trace"]) == (200, None)
    assert answer["untraced"] == UNTRACED


def test_a_stack_refused_and_never_taken_is_said_refused_by_send_live_and_which(
        guarded, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    stack = Stack(guarded.url, stack="never-taken")
    try:
        stack.wait_for_line("WARNING stack.sinks: the dashboard refused this stack")
        sent = guarded.post("/api/send", {
            "stack": "never-taken", "method": "GET", "path": "/v2.1/servers",
            "headers": TOKEN}, headers=BEARER)
        live = guarded.get("/?stack=never-taken", headers=BEARER)
        which = guarded.get("/api/which?stack=never-taken&method=GET&path=/v2.1/servers")
    finally:
        stack.stop()
    assert (sent[0], sent[2]) == (404, {"error": REFUSED})
    assert live[0] == 404 and REFUSED in html.unescape(live[2])
    assert (which[0], which[2]["error"]) == (404, f"stack: {REFUSED}")
