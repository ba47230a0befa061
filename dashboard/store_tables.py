"""The tables of `TraceStore`'s SQLite file, made on opening, and brought up to date there.

Kept apart from the store's queries: a table's layout and the columns opening an older data
folder adds to it change together, and with nothing else.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS traces (
    n INTEGER PRIMARY KEY,
    trace TEXT UNIQUE NOT NULL,
    stack TEXT NOT NULL,
    method TEXT,
    path TEXT,
    status INTEGER,
    duration_ms REAL,
    started REAL,
    received REAL NOT NULL,
    error TEXT,
    events TEXT NOT NULL,
    query TEXT,
    wsgi_warnings INTEGER
);
CREATE INDEX IF NOT EXISTS traces_started ON traces (started);
CREATE TABLE IF NOT EXISTS hops (
    n INTEGER NOT NULL,
    stack TEXT NOT NULL,
    node TEXT NOT NULL,
    lane TEXT,
    nth INTEGER,
    status INTEGER,
    duration_ms REAL
);
CREATE INDEX IF NOT EXISTS hops_stack ON hops (stack, n);
CREATE TABLE IF NOT EXISTS route_hits (
    n INTEGER NOT NULL,
    stack TEXT NOT NULL,
    node TEXT NOT NULL,
    template TEXT NOT NULL,
    method TEXT,
    route_row INTEGER
);
CREATE INDEX IF NOT EXISTS route_hits_stack ON route_hits (stack, n);
CREATE TABLE IF NOT EXISTS stacks (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    file TEXT,
    graph TEXT NOT NULL,
    pid INTEGER,
    routes TEXT NOT NULL,
    seen REAL NOT NULL,
    dropped INTEGER NOT NULL DEFAULT 0,
    loaded_from TEXT
);
CREATE TABLE IF NOT EXISTS graphs (
    id TEXT PRIMARY KEY,
    graph TEXT NOT NULL,
    routes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inis (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    doc TEXT NOT NULL,
    digest TEXT
);
"""

#: Columns added after a data folder may have been made: (table, column, type). SQLite's
#: `CREATE TABLE IF NOT EXISTS` leaves an older table as it was, so they are added on opening.
ADDED_COLUMNS = (("stacks", "loaded_from", "TEXT"), ("hops", "lane", "TEXT"),
                 ("stacks", "graph_id", "TEXT"), ("traces", "graph_id", "TEXT"),
                 ("stacks", "stopped", "REAL"), ("traces", "query", "TEXT"),
                 ("hops", "nth", "INTEGER"), ("stacks", "started", "REAL"),
                 ("traces", "wsgi_warnings", "INTEGER"), ("inis", "digest", "TEXT"),
                 ("route_hits", "route_row", "INTEGER"))
#: Indexes on `ADDED_COLUMNS`, made once those are there: an older table lacks them when
#: `SCHEMA` runs. Unique digests (NULLs, uploads kept before them, allowed) keep one row for
#: a file two dashboards on one data folder upload at once (`dashboard.store_inis`).
ADDED_INDEXES = ("CREATE UNIQUE INDEX IF NOT EXISTS inis_digest ON inis (digest)",)


def create_tables(db: sqlite3.Connection) -> None:
    """Make the tables the file lacks, and add the `ADDED_COLUMNS` an older file lacks, then
    journal in WAL, so pages read while ingest writes.

    In one transaction, and WAL only once it is made: a file that is not a store (another
    program's tables by these names) is refused as it was, not half made over. It takes the
    write lock as it begins (IMMEDIATE): two dashboards opening an older folder at once both
    read it, then the second's write was refused at once ("database is locked"), its read
    already begun; begun IMMEDIATE, it waits (the busy timeout) and finds the columns there.
    """
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        # NOTE: executescript commits what comes before it
        db.executescript("BEGIN IMMEDIATE;" + SCHEMA)
        add_missing_columns(db)
        for index in ADDED_INDEXES:
            db.execute(index)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("PRAGMA journal_mode=WAL")


def add_missing_columns(db: sqlite3.Connection) -> None:
    """Add the `ADDED_COLUMNS` an older data file lacks; nullable, so old rows get NULL."""
    for table, column, kind in ADDED_COLUMNS:
        have = {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
