"""`TraceStore`: retention by count and age, merging, figures, route hits."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid

import pytest

from dashboard.data_folder import DataUnusable
from dashboard.store import TraceStore
from dashboard.store_filters import status_range
from dashboard.store_tables import SCHEMA
from dashboard.upload_read import read_upload_doc
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.store_locks import on_asking


@pytest.fixture
def store(tmp_path):
    store = TraceStore(tmp_path / "store.sqlite3", max_traces=5, max_age_s=3600)
    yield store
    store.close()


def test_retention_keeps_the_newest_by_count(store):
    for n in range(8):
        store._last_prune = 0.0  # prune on every batch, as after a second has passed
        store.add_events(trace_events(f"t{n}"))
    assert [t["trace"] for t in store.traces()] == ["t7", "t6", "t5", "t4", "t3"]
    assert store.trace("t0") is None
    assert sum(f["requests"] for f in store.node_figures("sample")["nodes"].values()) == 5 * 4


def test_retention_drops_what_is_too_old(store, monkeypatch):
    store.add_events(trace_events("old"))
    later = time.time() + store.max_age_s + 1
    monkeypatch.setattr(time, "time", lambda: later)  # the store's clock, past its max age
    store._last_prune = 0.0
    store.add_events(trace_events("new"))
    assert [t["trace"] for t in store.traces()] == ["new"]


def test_the_database_uses_wal(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_trace_split_over_batches_is_merged_in_order(store):
    events = trace_events("split")
    store.add_events(events[7:])
    summary = store.add_events(events[:7])[0]
    assert summary["method"] == "GET" and summary["status"] == 200
    assert [e["seq"] for e in store.trace("split")["events"]] == list(range(14))
    assert store.count() == 1


def test_batches_written_together_keep_each_event_once(store):
    events = trace_events("twice")
    store.add_events(events[:9] + events[5:])  # two overlapping batches, as the writer joins them
    assert [e["seq"] for e in store.trace("twice")["events"]] == list(range(14))
    assert sum(f["requests"] for f in store.node_figures("sample")["nodes"].values()) == 4


def test_figures_per_box_and_route_hits(store):
    store.add_events(trace_events("ok"))
    store.add_events(trace_events("denied", denied=True))
    figures = store.node_figures("sample")["nodes"]
    assert figures["filter:auth"] == {"requests": 2, "errors": 0, "p50": 0.2, "p95": 0.7}
    assert figures["app:router"]["requests"] == 1
    # No stack announced its route table: the route's row is not known.
    assert store.route_hits("sample") == {"app:router GET - /items": 1}


def test_a_route_hit_names_the_row_of_the_table_its_trace_was_served_with(store):
    store.announce_stack(announcement())
    store.add_events(trace_events("ok"))
    store.add_events(trace_events("again"))
    assert store.route_hits("sample") == {"app:router GET 0 /items": 2}


def test_status_range():
    assert status_range("4xx") == (400, 499)
    assert status_range("404") == (404, 404)
    with pytest.raises(ValueError):
        status_range("bad")


def test_a_stack_loaded_from_a_file_is_not_online_until_it_announces_itself(store):
    store.announce_stack(announcement("running"))
    store.announce_stack(announcement(), loaded_from="class.json")
    loaded = store.stack("sample")
    assert (loaded["loaded_from"], loaded["online"]) == ("class.json", False)
    assert [s["name"] for s in store.stacks()] == ["running", "sample"]  # announced ones first
    assert store.stack("running")["loaded_from"] is None
    store.announce_stack(announcement())  # the stack itself starts and announces
    live = store.stack("sample")
    assert (live["loaded_from"], live["online"]) == (None, True)


#: The stacks table as data folders made before `loaded_from` have it.
OLD_STACKS = """CREATE TABLE stacks (name TEXT PRIMARY KEY, url TEXT NOT NULL, file TEXT,
    graph TEXT NOT NULL, pid INTEGER, routes TEXT NOT NULL, seen REAL NOT NULL,
    dropped INTEGER NOT NULL DEFAULT 0)"""


def test_an_older_data_folder_opens_and_gains_the_new_column(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(OLD_STACKS)
        db.execute("INSERT INTO stacks VALUES ('old', 'http://127.0.0.1:9', 'a.ini', '{}', 1,"
                   " '{}', ?, 3)", (time.time(),))
    db.close()
    for _ in range(2):  # opening it again finds the column there
        store = TraceStore(path)
        try:
            old = store.stack("old")
            assert (old["loaded_from"], old["online"], old["dropped"]) == (None, True, 3)
            store.announce_stack(announcement("new"), loaded_from="saved.json")
            assert store.stack("new")["loaded_from"] == "saved.json"
        finally:
            store.close()


#: The hops table as data folders made before hops knew their lane have it.
OLD_HOPS = """CREATE TABLE hops (n INTEGER NOT NULL, stack TEXT NOT NULL, node TEXT NOT NULL,
    status INTEGER, duration_ms REAL)"""


def test_an_older_data_folder_counts_its_old_hops_per_node_and_new_ones_per_lane(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(OLD_HOPS)
        db.execute("INSERT INTO hops VALUES (1, 'sample', 'filter:auth', 200, 0.5)")
    db.close()
    store = TraceStore(path)
    try:
        store.add_events(trace_events("new"))
        figures = store.node_figures("sample")
        assert figures["nodes"]["filter:auth"]["requests"] == 2
        assert figures["lanes"]["pipeline:api"]["filter:auth"][0]["requests"] == 1
        # Only what ran inside a pipeline has a lane: not the pipeline, nor the composite.
        assert list(figures["lanes"]) == ["pipeline:api"]
        assert set(figures["lanes"]["pipeline:api"]) == {"filter:auth", "app:router"}
    finally:
        store.close()


def test_a_trace_sqlite_cannot_store_does_not_take_others_with_it(store, caplog):
    # Ingest refuses such data (`stack.event_data`); the store still guards itself against a
    # value it cannot bind, so that the traces written with it are not lost.
    poisoned = trace_events("poisoned")
    poisoned[0]["data"]["path"] = ["not", "text"]
    summaries = store.add_events(trace_events("before") + poisoned + trace_events("after"))
    assert [s["trace"] for s in summaries] == ["before", "after"]
    assert store.trace("before") and store.trace("after")
    assert store.trace("poisoned") is None
    assert "trace 'poisoned' left out, it cannot be stored" in caplog.text


#: The inis table as data folders made before uploads had a digest have it.
OLD_INIS = "CREATE TABLE inis (id TEXT PRIMARY KEY, created REAL NOT NULL, doc TEXT NOT NULL)"
UPLOAD = "[app:main]\nuse = egg:a\n"


def test_an_older_data_folder_opened_by_two_dashboards_at_once_opens_and_keeps_its_uploads(
        tmp_path, monkeypatch):
    """The other dashboard is part way through bringing the folder up to date (its write lock
    taken, the column added) as this one opens it: this one waits for it, then finds the
    column there. It was refused at once, "database is locked", told to move the folder
    aside. The upload kept before is listed, and never matched (it has no digest): the same
    file uploaded again is a new entry."""
    path = tmp_path / "old.sqlite3"
    doc = read_upload_doc(UPLOAD, "old.ini")
    with sqlite3.connect(path) as db:
        db.executescript(OLD_INIS + ";" + SCHEMA)  # every other table as it is now
        db.execute("INSERT INTO inis VALUES ('oldupload001', ?, ?)", (time.time(), json.dumps(doc)))
    db.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("ALTER TABLE inis ADD COLUMN digest TEXT")
    opened: list[TraceStore | DataUnusable] = []
    # Set once this one asks for the write lock the other holds (`create_tables`' BEGIN
    # IMMEDIATE, which SQLite's trace hook names as it starts), or once it is done: refused at
    # once, as when it read first and asked for the lock as it wrote. Only then does the other
    # commit: before, this one would find the column there and never meet its lock.
    asked = threading.Event()
    connect = sqlite3.connect

    def traced(*args, **kwargs) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        on_asking(db, asked)
        return db

    monkeypatch.setattr(sqlite3, "connect", traced)

    def open_store() -> None:
        try:
            opened.append(TraceStore(path))
        except DataUnusable as exc:  # said by the assertion below
            opened.append(exc)
        asked.set()

    opening = threading.Thread(target=open_store)
    opening.start()
    assert asked.wait(timeout=10), "the store neither asked for the write lock nor gave up"
    other.execute("COMMIT")
    other.close()
    opening.join(timeout=10)
    [store] = opened
    assert isinstance(store, TraceStore), store
    try:
        assert [(row["id"], row["file"]) for row in store.recent_inis()] == [
            ("oldupload001", "old.ini")]
        assert store.ini("oldupload001") == doc
        again = store.add_ini(doc)
        assert again != "oldupload001"
        assert store.add_ini(doc) == again
        assert [row["id"] for row in store.recent_inis()] == [again, "oldupload001"]
    finally:
        store.close()


def test_a_fresh_id_another_upload_has_never_writes_over_it(store, monkeypatch):
    first = store.add_ini(read_upload_doc(UPLOAD, "first.ini"))
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(hex=first.ljust(32, "0")))
    with pytest.raises(sqlite3.IntegrityError):
        store.add_ini(read_upload_doc(UPLOAD, "second.ini"))
    assert store.ini(first)["file"] == "first.ini"
    assert [row["file"] for row in store.recent_inis()] == ["first.ini"]
