"""The dashboard's console says once that it refused a stack (its name and address), not at
each of the refused stack's retries, every 5 seconds; again when it is refused for another
reason, or after it was taken, which is said too; other failed requests are still logged."""

from __future__ import annotations

from tests.conftest import wait_for
from tests.dashboard.samples import announcement
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import announced

#: Where the refused announcements come from: two stacks of the serving one's name.
REFUSED = ("http://127.0.0.1:9", "http://127.0.0.1:10")


def test_a_refused_stack_is_logged_once_and_other_failures_every_time(dashboard):
    with announced(dashboard, "osapi_compute") as serving:
        for _ in range(3):  # each refused stack asks again, as it does every 5 seconds
            for url in REFUSED:
                status, _, _ = dashboard.post("/api/stacks", announcement("osapi_compute", url))
                assert status == 409
        for _ in range(2):
            assert dashboard.post("/api/stacks", {"name": "x"})[0] == 400
        wait_for(lambda: sum("POST /api/stacks HTTP/1.1" in line and line.endswith(" 400 -")
                             for line in dashboard.lines) == 2, 5, what="the 400s logged")
        refusals = [line for line in dashboard.lines if "refused" in line or " 409 " in line]
        assert [url for url in REFUSED for line in refusals if url in line] == list(REFUSED)
        assert len(refusals) == 2, refusals
        for line, url in zip(refusals, REFUSED, strict=True):
            assert line.endswith(f"refused the stack 'osapi_compute' at {url} (said once, not "
                                 f"at each of its retries): a stack named 'osapi_compute' is "
                                 f"already reporting from {serving.url} (compute.ini), pid "
                                 f"{serving.process.pid}: its requests and this one's would be "
                                 f"mixed up; stop that one, or serve this one under another "
                                 f"name (serve --stack NAME)"), line


#: Where the stack the guarded dashboard refuses for its token announces itself from.
TOKENLESS = "http://127.0.0.1:11"
#: What the console says of a stack's token, and what to do about it.
NO_TOKEN = "it sent no teacher's token"
WRONG_TOKEN = "the token it sent is not the teacher's"
TOKEN_FIX = ("; start it with the teacher's token in $PASTESCOPE_TOKEN, as the command this "
             "dashboard printed as it started does")


def test_a_stack_refused_for_its_token_is_logged_once_until_taken(guarded):
    """werkzeug's line (`POST /api/stacks` 401) every 5 s named neither the stack nor why."""
    seen = len(guarded.lines)
    asks = [({}, 401)] * 3 + [({"Authorization": "Bearer wrong"}, 403)] * 3 + [
        (BEARER, 200), ({}, 401), ({}, 401)]
    for headers, status in asks:
        said = guarded.post("/api/stacks", announcement("tokenless", TOKENLESS), headers=headers)
        assert said[0] == status, said
    assert guarded.post("/api/stacks", {"name": "x"}, headers=BEARER)[0] == 400
    wait_for(lambda: any(line.endswith(" 400 -") for line in guarded.lines[seen:]), 5,
             what="the 400 logged")
    said = [line for line in guarded.lines[seen:]
            if "tokenless" in line or " 401 " in line or " 403 " in line]
    refused = (f"refused the stack 'tokenless' at {TOKENLESS} (said once, not at each of its "
               "retries): ")
    expected = [refused + NO_TOKEN + TOKEN_FIX, refused + WRONG_TOKEN + TOKEN_FIX,
                f"took the stack 'tokenless' at {TOKENLESS}, refused until now",
                refused + NO_TOKEN + TOKEN_FIX]
    assert len(said) == len(expected), said
    for line, words in zip(said, expected, strict=True):
        assert line.endswith(words), line
