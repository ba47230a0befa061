"""The live feed's threads end as the dashboard's store closes (the server on its way out, a
test's app): none is left running, and none says on the console, after, that it could not
publish what was due from a store closed under it."""

from __future__ import annotations

from dashboard import create_app
from tests.dashboard.live_sent import sent_live
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: Seconds between two `figures` messages here: the second request's are due after the close.
FIGURES_S = 1.0
#: Longest a thread may take to end once the store is closed (seconds).
ENDED_S = 5.0


def test_the_feed_threads_end_and_say_nothing_once_the_store_closes(tmp_path, caplog):
    app = create_app({"DATA_DIR": str(tmp_path), "FEED_FIGURES_S": FIGURES_S})
    client = app.test_client()
    feed = app.extensions["pastescope.feed"]
    live, _ = app.extensions["pastescope.stream"].subscribe(None)
    try:
        assert client.post("/api/stacks", json=announcement()).status_code == 200
        assert client.post("/api/events", json=trace_events("first")).status_code == 202
        assert sent_live(live, "event: figures") == set()  # the feed's threads are running
        assert client.post("/api/events", json=trace_events("second")).status_code == 202
        # listed: stored, so its figures are due, within FIGURES_S of the first's
        assert "second" in {row["trace"] for row in client.get("/api/traces").get_json()}
    finally:
        app.extensions["pastescope.store"].close()
    threads = feed.threads
    for thread in threads:
        thread.join(ENDED_S)
    said = [f"{r.threadName}: {r.getMessage()}" for r in caplog.records
            if r.threadName in {thread.name for thread in threads}]
    assert (said, [thread.name for thread in threads if thread.is_alive()]) == ([], [])
    assert len(threads) == 2
