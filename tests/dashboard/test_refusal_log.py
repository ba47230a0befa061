"""The dashboard's console says once that it refused a stack (its name and address), not at
each of the refused stack's retries, every 5 seconds; other failed requests are still logged."""

from __future__ import annotations

from tests.conftest import wait_for
from tests.dashboard.samples import announcement
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
