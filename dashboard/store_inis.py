"""`IniRecords`: the uploaded inis the store keeps, each one's inspect document.

A part of `TraceStore` (`dashboard.store`) kept apart from the traces' queries: an upload is
drawn from its document alone, and shares nothing with the traces but the file (the store's
prune forgets the oldest beyond `MAX_INIS`). Its methods run on the store's connection, under
the store's lock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from typing import Any

#: Uploaded inis kept; older uploads are forgotten.
MAX_INIS = 100


class IniRecords:
    """The `inis` table of `TraceStore`, which prunes it with the traces."""

    db: sqlite3.Connection
    lock: threading.Lock

    def add_ini(self, doc: dict[str, Any]) -> str:
        """Keep an uploaded ini's inspect document; returns its new id."""
        ini_id = uuid.uuid4().hex[:12]
        with self.lock:
            self.db.execute(
                "INSERT INTO inis (id, created, doc) VALUES (?, ?, ?)",
                (ini_id, time.time(), json.dumps(doc)),
            )
        return ini_id

    def ini(self, ini_id: str) -> dict[str, Any] | None:
        with self.lock:
            row = self.db.execute("SELECT doc FROM inis WHERE id = ?", (ini_id,)).fetchone()
        return json.loads(row["doc"]) if row is not None else None

    def recent_inis(self) -> list[dict[str, Any]]:
        """The uploads kept (at most `MAX_INIS`), newest first: each one's `id`, `created`,
        `file`, and how many `entries` and refused sections (`errors`) it has. SQLite reads the
        figures out of each document, which stays unloaded: one may be megabytes."""
        with self.lock:
            rows = self.db.execute(
                "SELECT id, created, json_extract(doc, '$.file') AS file,"
                " json_array_length(doc, '$.entries') AS entries,"
                " json_array_length(doc, '$.errors') AS errors"
                " FROM inis ORDER BY created DESC LIMIT ?", (MAX_INIS,)  # pruned with traces
            ).fetchall()
        return [dict(row) for row in rows]
