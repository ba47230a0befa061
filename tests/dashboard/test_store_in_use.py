"""A running dashboard whose store another process keeps locked (`BEGIN EXCLUSIVE` from a
second connection, for longer than the store waits): its console says so once, without a
traceback, and once it is free again; what would be written is answered 503 with a reason and
Retry-After, a stack counting what it dropped; pages still answer; and what was taken before
is stored once the lock goes. A write made of several (a file of saved requests, a batch and
its stack's count) is one: a lock sought between its parts waits for all of it, and one refused
partway leaves nothing stored. As the store closes (the dashboard stopping), the batches taken
are stored first, or, the store still in use, said lost; one taken later is answered 503.

The store waits `STORE_BUSY_TIMEOUT_S` here, not 5 s, to keep each lock short."""

from __future__ import annotations

import io
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from dashboard import create_app
from dashboard.data_folder import StoreInUse
from dashboard.errors import STORE_IN_USE
from dashboard.retention import RetentionTimer
from dashboard.store import TraceStore
from dashboard.writer import LOST
from dashboard.writer import STOPPING
from stack import wire
from tests.conftest import wait_for
from tests.dashboard.live_sent import sent_live
from tests.dashboard.samples import STACK
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import STARTUP_S
from tests.dashboard.servers import Stack
from tests.dashboard.servers import serving
from tests.dashboard.store_locks import locked
from tests.dashboard.store_locks import on_asking

#: How long the store waits for the lock here (seconds).
BUSY_S = 0.3
#: What the console says as the store is found in use, naming it.
IN_USE_LINE = (
    "store: {} is in use by another process, which kept it locked while this dashboard waited "
    "(database is locked): another dashboard on the same --data, or another program with it "
    "open. Until it is free nothing is written: what stacks send, their announcements and "
    "uploads are answered 503 (a stack counts the requests it drops), batches taken before "
    "are written then")
#: What it says once the store is free again.
FREE_LINE = "store: {} is free again: writing goes on"
#: Longest the store writer's thread may take to end once the store has closed (seconds).
ENDED_S = 5.0


def console(caplog) -> list[str]:
    """What the dashboard said on its console; a traceback fails the test."""
    said = [r for r in caplog.records if r.name.startswith("dashboard")]
    assert [r.exc_info for r in said if r.exc_info] == []
    return [r.getMessage() for r in said]


#: The app of a test, its store waiting `BUSY_S` for the lock.
BUSY = pytest.mark.parametrize("app", [{"STORE_BUSY_TIMEOUT_S": BUSY_S}], indirect=True)


@pytest.fixture
def served(app) -> Iterator[tuple[str, TraceStore]]:
    """The test's dashboard app served on 127.0.0.1 in this process: its URL and its store."""
    with serving(app) as url:
        yield url, app.extensions["pastescope.store"]


@BUSY
def test_what_a_stack_sent_meanwhile_is_stored_or_counted_dropped(served, caplog):
    url, store = served
    stack = Stack(url)
    try:
        wait_for(lambda: requests.get(url + "/api/stacks", timeout=5).json(), STARTUP_S,
                 what=f"the stack's announcement\n{stack.output()}")
        with locked(Path(store.path)) as other:
            taken = stack.get_servers()[2]  # its batch taken before the store was found in use
            wait_for(lambda: store.in_use, what="the store found in use")
            stack.get_servers()  # its batch answered 503: counted dropped by the stack
            wait_for(lambda: any("answered 503" in line for line in stack.lines),
                     what=f"the stack's word on the 503\n{stack.output()}")
            other.execute("COMMIT")
        after = stack.get_servers()[2]

        def stored():
            traces = {row["trace"] for row in requests.get(url + "/api/traces", timeout=5).json()}
            [row] = requests.get(url + "/api/stacks", timeout=5).json()
            return after in traces and row["dropped"] == 1 and traces

        assert wait_for(stored, what=f"the traces stored\n{stack.output()}") == {taken, after}
    finally:
        stack.stop()
    assert any(line.endswith(
        f"trace destination asks for a pause (/api/events answered 503: {STORE_IN_USE}): "
        "sending it nothing for 5 s each time it asks, traces held meanwhile (the oldest "
        "dropped past 5000); traces of 1 request dropped so far") for line in stack.lines), \
        stack.output()
    assert console(caplog) == [IN_USE_LINE.format(store.path), FREE_LINE.format(store.path)]


@BUSY
def test_writes_are_refused_with_a_reason_and_pages_answer_until_it_is_free(app, caplog):
    client = app.test_client()
    store = app.extensions["pastescope.store"]
    assert client.post("/api/stacks", json=announcement()).status_code == 200
    assert client.post("/api/events", json=trace_events("before")).status_code == 202
    assert [row["trace"] for row in client.get("/api/traces").get_json()] == ["before"]
    with locked(Path(store.path)) as other:
        refusals = [
            client.post("/api/stacks", json=announcement()),
            client.post("/api/events", json=trace_events("during")),
            client.post("/api/inis", data={"file": (io.BytesIO(b"[app:a]\nuse = egg:a\n"),
                                                    "a.ini")}),
        ]
        form = client.post("/api/inis", headers=HTMX,
                           data={"file": (io.BytesIO(b"[app:a]\nuse = egg:a\n"), "a.ini")})
        page = client.get("/")
        listed = client.get("/api/traces")
        other.execute("COMMIT")
    assert [(r.status_code, r.headers["Retry-After"], r.get_json()) for r in refusals] == [
        (503, "5", {"error": STORE_IN_USE})] * 3
    assert (form.status_code, form.text) == (
        200, f'<p class="refused" role="alert" data-status="503">{STORE_IN_USE}</p>'
        .replace("'", "&#39;"))
    assert page.status_code == 200
    assert [row["trace"] for row in listed.get_json()] == ["before"]

    assert client.post("/api/events", json=trace_events("after")).status_code == 202
    assert client.post("/api/inis", data={"file": (io.BytesIO(b"[app:a]\nuse = egg:a\n"),
                                                   "a.ini")}).status_code == 200
    assert [row["trace"] for row in client.get("/api/traces").get_json()] == [
        "after", "before"]
    assert console(caplog) == [IN_USE_LINE.format(store.path), FREE_LINE.format(store.path)]


def test_retention_says_it_once_and_prunes_once_the_store_is_free(tmp_path, caplog):
    store = TraceStore(tmp_path / "store.sqlite3", max_age_s=3600, busy_timeout_s=BUSY_S)
    store.add_events(trace_events("old"))
    store.max_age_s = 0.01
    begun = []
    store.db.set_trace_callback(lambda sql: begun.append(sql) if sql == "BEGIN IMMEDIATE"
                                else None)
    timer = RetentionTimer(store)
    try:
        with locked(Path(store.path)):
            timer.start()
            wait_for(lambda: len(begun) >= 3, 10, what="three prunes refused")
        wait_for(lambda: store.trace("old") is None, 10, what="the old trace pruned")
    finally:
        timer.stop()
        store.close()
    assert console(caplog) == [IN_USE_LINE.format(store.path), FREE_LINE.format(store.path)]


def test_a_batch_waits_for_another_connection_writing_a_moment(tmp_path, caplog):
    """Another dashboard on the same folder holds the lock a moment: a batch arriving then
    waits for it, as long as the store waits, and is stored. The other lets go once the
    store has asked for the lock, so the batch has met it."""
    store = TraceStore(tmp_path / "store.sqlite3", busy_timeout_s=10)
    asked = threading.Event()
    on_asking(store.db, asked)
    try:
        with locked(Path(store.path)) as other:
            letting_go = threading.Thread(
                target=lambda: asked.wait(10) and other.execute("COMMIT"))
            letting_go.start()
            try:
                [summary] = store.add_events(trace_events("t"))
            finally:
                asked.set()  # refused without asking, it lets go now: one thread commits
                letting_go.join(10)
        assert summary["trace"] == "t"
        assert store.trace("t") is not None
    finally:
        store.close()
    assert console(caplog) == []


@pytest.mark.parametrize("app", [{"STORE_BUSY_TIMEOUT_S": 10}], indirect=True)
def test_batches_taken_as_the_store_closes_are_stored_and_its_writer_ends(app, tmp_path,
                                                                          caplog):
    """Batches answered 202 while the writer waits for another process's hold, which goes just
    before the store closes (the dashboard stopping): a dashboard started again on the folder
    lists every one; the writer's thread is gone, and nothing was said on the console (it
    outlived the store, writing what it held on it closed: a traceback, the batches lost)."""
    client = app.test_client()
    store = app.extensions["pastescope.store"]
    writer = app.extensions["pastescope.writer"]
    assert client.post("/api/stacks", json=announcement()).status_code == 200
    asked = threading.Event()
    on_asking(store.db, asked)
    traces = ["first", "second", "third"]
    with locked(Path(store.path)):
        assert client.post("/api/events", json=trace_events(traces[0])).status_code == 202
        assert asked.wait(10), "the writer never asked for the lock"
        for trace in traces[1:]:  # held behind the first
            assert client.post("/api/events", json=trace_events(trace)).status_code == 202
    store.close()
    writer.thread.join(ENDED_S)
    again = create_app({"DATA_DIR": str(tmp_path)})
    try:
        listed = [row["trace"] for row in again.test_client().get("/api/traces").get_json()]
    finally:
        again.extensions["pastescope.store"].close()
    assert (sorted(listed), writer.thread.is_alive()) == (sorted(traces), False)
    assert console(caplog) == []


@BUSY
def test_batches_held_as_the_store_closes_in_use_are_said_lost(app, caplog):
    """The store still in use as it closes: the writer waits for it as long as the store waits,
    then says once, without a traceback, how many batches answered 202 were not stored, and
    its thread ends (it went on trying for good, on a closed store)."""
    client = app.test_client()
    store = app.extensions["pastescope.store"]
    writer = app.extensions["pastescope.writer"]
    assert client.post("/api/stacks", json=announcement()).status_code == 200
    with locked(Path(store.path)):
        assert client.post("/api/events", json=trace_events("held")).status_code == 202
        wait_for(lambda: store.in_use, what="the store found in use")
        store.close()
        writer.thread.join(ENDED_S)
        alive = writer.thread.is_alive()
    assert (console(caplog), alive) == ([IN_USE_LINE.format(store.path), LOST % "1 batch"], False)


def test_a_batch_under_way_as_the_store_closes_is_refused(app, monkeypatch, caplog):
    """The store closes (the dashboard stopping) while ingest checks a batch: it is answered
    503 with the reason and Retry-After, as one taken while the store is in use, which its
    stack counts dropped (it was answered 202, and lost)."""
    client = app.test_client()
    store = app.extensions["pastescope.store"]
    assert client.post("/api/stacks", json=announcement()).status_code == 200
    assert client.post("/api/events", json=trace_events("first")).status_code == 202
    stacks_of = store.stacks_of

    def closing_meanwhile(trace_ids):
        found = stacks_of(trace_ids)
        store.close()
        return found

    monkeypatch.setattr(store, "stacks_of", closing_meanwhile)
    answer = client.post("/api/events", json=trace_events("late"))
    assert (answer.status_code, answer.headers.get("Retry-After"), answer.get_json()) == (
        503, "5", {"error": STOPPING})
    assert console(caplog) == []


def test_a_batch_after_the_store_closed_is_refused_before_it_is_read(app, caplog):
    """Once the store is closing, a batch is refused as it is checked (503, the reason,
    Retry-After), its traces going to no browser, rather than read against a closed store."""
    client = app.test_client()
    assert client.post("/api/stacks", json=announcement()).status_code == 200
    app.extensions["pastescope.store"].close()
    answer = client.post("/api/events", json=trace_events("late"))
    assert (answer.status_code, answer.headers.get("Retry-After"), answer.get_json()) == (
        503, "5", {"error": STOPPING})
    assert app.extensions["pastescope.feed"].rows == []
    assert console(caplog) == []


def sought_during(store: TraceStore, method: str, monkeypatch) -> list[bool]:
    """Have another process seek the store's lock, without waiting, as `store`'s `method` is
    first called (between two writes of what calls it), holding it until the method is done:
    the list says whether it got it."""
    real = getattr(store, method)
    got: list[bool] = []

    def sought(*args, **kwargs):
        if got:
            return real(*args, **kwargs)
        other = sqlite3.connect(store.path, timeout=0, isolation_level=None,
                                check_same_thread=False)
        try:
            try:
                other.execute("BEGIN EXCLUSIVE")
                got.append(True)
            except sqlite3.OperationalError:  # the file is locked: by the write under way
                got.append(False)
            return real(*args, **kwargs)
        finally:
            other.close()  # its lock, if it got it, goes with it

    monkeypatch.setattr(store, method, sought)
    return got


def saved_file(folder: Path) -> bytes:
    """A file of saved requests, as a dashboard in `folder` saves it: the sample stack, its
    graph and two requests."""
    app = create_app({"DATA_DIR": str(folder)})
    client = app.test_client()
    try:
        assert client.post("/api/stacks", json=announcement()).status_code == 200
        for trace in ("one", "two"):
            assert client.post("/api/events", json=trace_events(trace)).status_code == 202
        saved = client.get("/api/traces/export")
    finally:
        app.extensions["pastescope.store"].close()
    assert saved.status_code == 200, saved.text
    return saved.data


def kept(client) -> tuple[list[str], list[str]]:
    """The stacks and the requests a dashboard lists."""
    return ([row["name"] for row in client.get("/api/stacks").get_json()],
            sorted(row["trace"] for row in client.get("/api/traces").get_json()))


def load_file(client, saved: bytes):
    return client.post("/api/traces/import", data={"file": (io.BytesIO(saved), "saved.json")})


@BUSY
def test_a_lock_sought_while_a_file_loads_waits_for_all_of_it(app, tmp_path, monkeypatch,
                                                              caplog):
    """Sought between the file's stack, announced, and its requests: the load is answered
    with all of it stored (taken then, the lock had the load answered 503, saying nothing was
    stored, with the stack announced)."""
    saved = saved_file(tmp_path / "saved")
    client = app.test_client()
    store = app.extensions["pastescope.store"]
    live, _ = app.extensions["pastescope.stream"].subscribe(None)
    got = sought_during(store, "add_events", monkeypatch)
    answer = load_file(client, saved)
    assert (answer.status_code, kept(client)) == (200, ([STACK], ["one", "two"])), answer.text
    assert sent_live(live, "event: loaded") == set()  # Live lists the requests again
    assert got == [False]
    assert console(caplog) == []


@BUSY
def test_a_file_refused_partway_is_not_stored_at_all(app, tmp_path, monkeypatch, caplog):
    """Its last write (the graphs its requests were served with) refused as the store refuses
    one: 503 saying nothing was stored, and nothing was; loaded again, all of it is, none of
    it said to be there already."""
    saved = saved_file(tmp_path / "saved")
    client = app.test_client()
    store = app.extensions["pastescope.store"]

    def refused(*args, **kwargs):
        raise StoreInUse(f"{store.path} is in use by another process")

    monkeypatch.setattr(store, "set_graph", refused)
    answer = load_file(client, saved)
    assert (answer.status_code, answer.headers["Retry-After"], answer.get_json()) == (
        503, "5", {"error": STORE_IN_USE})
    assert kept(client) == ([], [])
    monkeypatch.undo()
    live, _ = app.extensions["pastescope.stream"].subscribe(None)
    again = load_file(client, saved)
    assert (again.status_code, again.get_json()["announced"], again.get_json()["already"]) \
        == (200, [STACK], [])
    assert kept(client) == ([STACK], ["one", "two"])
    assert sent_live(live, "event: loaded") == set()
    assert console(caplog) == []


@BUSY
def test_a_lock_sought_while_a_batch_is_written_waits_for_its_count_too(app, monkeypatch,
                                                                        caplog):
    """A batch and the untraced count that came with it are written together: a lock sought
    between them waits; refused between them, the batch's traces were stored again on the
    next try, as if they had just arrived."""
    client = app.test_client()
    store = app.extensions["pastescope.store"]
    assert client.post("/api/stacks", json=announcement()).status_code == 200
    live, _ = app.extensions["pastescope.stream"].subscribe(None)
    got = sought_during(store, "set_dropped", monkeypatch)
    answer = client.post("/api/events", json=trace_events("t"),
                         headers={wire.DROPPED_HEADER: "3", wire.STACK_HEADER: STACK})
    assert answer.status_code == 202, answer.text
    # Live's stack picker shows the count, and its boxes the request's figures: read
    # from the store once both are written
    assert sent_live(live, "untraced 3", "event: figures") == set()
    assert [r["trace"] for r in client.get("/api/traces").get_json()] == ["t"]
    assert console(caplog) == []  # never refused, so never said to be in use
    assert got == [False]
