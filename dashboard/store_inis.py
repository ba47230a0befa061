"""`IniRecords`: the uploaded inis the store keeps, each one's inspect document.

A part of `TraceStore` (`dashboard.store`) kept apart from the traces' queries: an upload is
drawn from its document alone, and shares nothing with the traces but the file (the store's
prune forgets the oldest beyond `MAX_INIS`). Its methods run on the store's connection, under
the store's lock.
"""

from __future__ import annotations

import hashlib
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

    def add_ini(self, doc: dict[str, Any], text: str) -> str:
        """Keep an uploaded ini's inspect document, read from `text`; returns its id.

        The same file uploaded again (its name, `doc["file"]`, and `text` both the same) is
        the upload kept before, not a second one: "Uploaded before" listed it twice. It keeps
        its id, so every address given out for it still works, and takes this upload's time
        (it moves to the top, as the latest) and document (read by this dashboard's code).
        An upload kept before digests were (NULL) is never matched: it stays as it was.
        """
        digest = hashlib.sha256(f"{doc['file']}\0{text}".encode()).hexdigest()
        with self.lock:
            row = self.db.execute("SELECT id FROM inis WHERE digest = ?", (digest,)).fetchone()
            ini_id = row["id"] if row is not None else uuid.uuid4().hex[:12]
            self.db.execute(
                "INSERT INTO inis (id, created, doc, digest) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET created = excluded.created, doc = excluded.doc",
                (ini_id, time.time(), json.dumps(doc), digest),
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
