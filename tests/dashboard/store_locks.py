"""Another process's hold on a dashboard's store, for the tests of a store found in use:
`locked` holds its write lock, and `on_asking` says when a connection of the store's asks for
it, so the hold is let go only once the store has met it, never after a guessed delay."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def locked(path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's hold on the store: a connection of its own in `BEGIN EXCLUSIVE`,
    committed (released) on the way out, or earlier by the test."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield other
        if other.in_transaction:
            other.execute("COMMIT")
    finally:
        other.close()


def on_asking(db: sqlite3.Connection, asked: threading.Event) -> None:
    """Set `asked` once `db` asks for the write lock: the store's writes begin `BEGIN
    IMMEDIATE`, which SQLite's trace hook names as the statement starts, before it waits for
    a lock another holds."""
    db.set_trace_callback(lambda sql: sql.startswith("BEGIN IMMEDIATE") and asked.set())
