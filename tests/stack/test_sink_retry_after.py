"""A dashboard that refuses a batch with 503 and `Retry-After` (its store locked by another
process, `dashboard.errors.store_in_use`) is sent nothing for that long: the stack says so once,
holds its traces meanwhile, then delivers them with the count of those it dropped."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.utils import format_datetime

from dashboard.errors import STORE_IN_USE
from stack import wire
from stack import wire_decode
from stack.batching_sink import MAX_BACKOFF
from stack.http_sink import retry_after
from tests.dashboard.servers import Stack
from tests.stack.stand_in_dashboard import QuietHandler
from tests.stack.stand_in_dashboard import serving

#: What the stand-in's `Retry-After` asks for (seconds).
PAUSE = 1
#: How many batches the stand-in's store refuses before it takes one: counted, not timed, so a
#: slow machine cannot let the second batch through or refuse the third.
REFUSALS = 2
PAUSED = "WARNING stack.sinks: trace destination asks for a pause (/api/events answered 503: "
REACHABLE = "INFO stack.sinks: trace destination reachable again"
#: Most requests the test sends while it waits for a batch to get through.
MOST_REQUESTS = 200


class Post:
    """A batch the stand-in got: when, what it answered, the dropped count it carried, the
    traces it held."""

    def __init__(self, at: float, status: int, dropped: str | None, traces: set[str]) -> None:
        self.at, self.status, self.dropped, self.traces = at, status, dropped, traces


def test_a_stack_asked_for_a_pause_sends_nothing_meanwhile_then_delivers_with_its_count():
    posts: list[Post] = []
    delivered = threading.Event()

    class LockedStore(QuietHandler):
        """A dashboard whose store another process keeps locked for its first `REFUSALS`
        batches, answering each of them as the dashboard does."""

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.path != "/api/events":
                self.answer(202, b"")
                return
            now = time.monotonic()
            locked = len(posts) < REFUSALS
            traces = {event["trace"] for event in wire_decode.decode_traces(body)}
            posts.append(Post(now, 503 if locked else 202,
                              self.headers[wire.DROPPED_HEADER], traces))
            if not locked:
                self.answer(202, b'{"accepted": 0}')
                delivered.set()
                return
            self.answer(503, json.dumps({"error": STORE_IN_USE}).encode(),
                        [("Retry-After", str(PAUSE)), ("Content-Type", "application/json")])

    with serving(LockedStore) as url:
        stack = Stack(url)
        try:
            stack.wait_for_line("pastescope: serving ")
            sent = []
            for _ in range(MOST_REQUESTS):  # requests go on, at full speed, while it waits
                sent.append(stack.get_servers()[2])
                if delivered.wait(0.05):
                    break
            assert delivered.is_set(), stack.output()
        finally:
            stack.stop()

    refused = [post for post in posts if post.status == 503]
    through = next(post for post in posts if post.status == 202)
    # refused twice (REFUSALS), it posted again only after the second it was asked to wait
    timeline = [(round(post.at - posts[0].at, 3), post.status) for post in posts]
    assert [post.status for post in posts[:3]] == [503, 503, 202], timeline
    assert posts[1].at - posts[0].at >= PAUSE and posts[2].at - posts[1].at >= PAUSE, timeline
    # what was refused was dropped, counted, and the count goes with the batch that got through
    lost = sum(len(post.traces) for post in refused)
    assert through.dropped == str(lost)
    # what came meanwhile was held, not dropped: delivered once the pause was over
    held = set(sent) - {trace for post in refused for trace in post.traces}
    assert held and held <= {trace for post in posts if post.status == 202
                             for trace in post.traces}
    # the console says it once, not at each refusal, and when the destination takes batches
    paused = [line for line in stack.lines if line.startswith(PAUSED)]
    assert paused == [f"{PAUSED}{STORE_IN_USE}): sending it nothing for {PAUSE} s each time "
                      "it asks, traces held meanwhile (the oldest dropped past 5000); traces "
                      f"of {requests(len(refused[0].traces))} dropped so far"], stack.output()
    reachable = [line for line in stack.lines if line.startswith(REACHABLE)]
    assert reachable == [f"{REACHABLE} ({url}): delivered; traces of {requests(lost)} dropped "
                         "while it was not"], stack.output()


def requests(count: int) -> str:
    return f"{count} request{'' if count == 1 else 's'}"


def test_a_pause_asked_for_is_taken_up_to_the_longest_backoff_and_only_when_readable():
    """A huge `Retry-After` must not stall delivery (the dashboard asks for 5 s); one that
    cannot be read, or whose time is past, leaves the sink's own backoff to apply."""
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)
    past = format_datetime(datetime.now(UTC) - timedelta(seconds=3), usegmt=True)
    assert retry_after("2") == 2.0
    assert retry_after(" 1 ") == 1.0
    assert 1.0 < retry_after(soon) <= 3.0  # an HTTP date counts whole seconds
    assert retry_after("86400") == MAX_BACKOFF
    assert retry_after("9" * 5000) == MAX_BACKOFF
    for unreadable in (None, "", "soon", "-1", "0", "1.5", "²", past, "Mon, 99 Foo 2026",
                       "01 Jan 2030 00:00:00 +99999999999999999999"):
        assert retry_after(unreadable) is None, unreadable
