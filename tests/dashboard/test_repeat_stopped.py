"""A stack that said it stopped is sent nothing: Repeat and Send are off, saying since when,
rather than answering a click with the connection refused."""

from __future__ import annotations

import re

from tests.conftest import TOKEN
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import announced
from tests.dashboard.servers import sent_from_form


def test_a_stopped_stacks_requests_cannot_be_repeated_and_say_why(classroom):
    with announced(classroom) as stack:
        [trace] = sent_from_form(classroom, [("GET", "/v2.1/servers", TOKEN)])
        stack.stop()  # SIGTERM: the stack tells the dashboard it stopped
    [listed] = classroom.wait_for("/api/stacks", lambda stacks: stacks[0]["stopped"])
    assert listed["online"] is False
    said = r"said it stopped at \d\d:\d\d:\d\d\.\d{3}"
    for headers in ({}, HTMX):
        detail = classroom.get(f"/requests/{trace}", headers=headers)[2]
        assert re.search(r'<button type="button" data-action="repeat" [^>]*disabled[^>]*>'
                         r"Repeat</button>", detail)
        assert re.search(f"Repeating is off: osapi_compute {said} and is not running\\.", detail)
    form = classroom.get("/?stack=osapi_compute")[2]
    assert re.search(f"Sending is off: osapi_compute {said} and is not running\\.", form)
    status, _, answer = classroom.post(f"/api/traces/{trace}/repeat")
    assert status == 409
    assert re.fullmatch(f"stack 'osapi_compute' {said}; it is not running, so "
                        r"there is nothing to send to \(start the stack to send requests\)",
                        answer["error"])
