"""`IniRecords`: the uploaded inis the store keeps, each one's inspect document.

A part of `TraceStore` (`dashboard.store`) kept apart from the traces' queries: an upload is
drawn from its document alone, and shares nothing with the traces but the file (the store's
prune forgets the oldest beyond `MAX_INIS`). Its methods run on the store's connection, under
the store's lock, each write in a transaction of its own (`TraceStore.writing`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

#: Uploaded inis kept; older uploads are forgotten.
MAX_INIS = 100
#: Fresh ids drawn for one upload at most. An id is 48 random bits: with `MAX_INIS` kept, a
#: second draw is needed about once in 2**48 / MAX_INIS uploads, five only if the draws are
#: not random.
ID_DRAWS = 5
#: SQLite's error name for an id that is already another upload's.
ID_TAKEN = "SQLITE_CONSTRAINT_PRIMARYKEY"


class IniRecords:
    """The `inis` table of `TraceStore`, which prunes it with the traces."""

    db: sqlite3.Connection
    lock: threading.RLock
    writing: Callable[[], AbstractContextManager[None]]

    def add_ini(self, doc: dict[str, Any]) -> str:
        """Keep an uploaded ini's inspect document; returns its id.

        The same file uploaded again (the same document: its name, `doc["file"]`, and all that
        was read of it) is the upload kept before, not a second one: "Uploaded before" listed
        it twice. It keeps its id, so every address given out for it still works, and takes
        this upload's time (it moves to the top, as the latest).

        The digest that finds it is of the document as kept, redacted, not of the file's text:
        the text may hold secrets, and a hash of it let anyone with the data folder test
        guesses at them. The trade-off: a file read otherwise by a later Pastescope (which
        records more, `dashboard.upload_read`) is a new entry, beside the one kept before;
        and a file changed only where its document does not show (a comment's words) is the
        same entry. An upload kept before digests were (NULL) is never matched: it stays as
        it was.

        The digest is unique (`dashboard.store_tables`): two dashboards on one data folder
        uploading the same file at once keep one row, the second taking its id. A fresh id
        that is already another upload's is never written over that upload: another is drawn,
        `ID_DRAWS` at most (the upload was a 500); past them, `sqlite3.IntegrityError`.
        """
        text = json.dumps(doc)
        digest = hashlib.sha256(text.encode()).hexdigest()
        for _ in range(ID_DRAWS - 1):
            try:
                return self._keep_ini(text, digest)
            except sqlite3.IntegrityError as exc:
                if exc.sqlite_errorname != ID_TAKEN:
                    raise
        return self._keep_ini(text, digest)

    def _keep_ini(self, text: str, digest: str) -> str:
        """Insert the document `text` under a fresh id, or take the id of the one kept with its
        `digest`: the id it is kept under."""
        with self.writing():
            rows = self.db.execute(
                "INSERT INTO inis (id, created, doc, digest) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (digest) DO UPDATE SET created = excluded.created RETURNING id",
                (uuid.uuid4().hex[:12], time.time(), text, digest),
            ).fetchall()
        return rows[0]["id"]

    def ini(self, ini_id: str) -> dict[str, Any] | None:
        with self.lock:
            row = self.db.execute("SELECT doc FROM inis WHERE id = ?", (ini_id,)).fetchone()
        return json.loads(row["doc"]) if row is not None else None

    def recent_inis(self) -> list[dict[str, Any]]:
        """The uploads kept (at most `MAX_INIS`), newest first: each one's `id`, `created`,
        `file`, how many `entries` and refused sections (`errors`) it has, and which of
        Pastescope's demo inis it is unchanged (`shipped`, its path, or None:
        `dashboard.upload_read.shipped`). SQLite reads them out of each document, which stays
        unloaded: one may be megabytes."""
        with self.lock:
            rows = self.db.execute(
                "SELECT id, created, json_extract(doc, '$.file') AS file,"
                " json_array_length(doc, '$.entries') AS entries,"
                " json_array_length(doc, '$.errors') AS errors,"
                " json_extract(doc, '$.shipped.path') AS shipped"
                " FROM inis ORDER BY created DESC LIMIT ?", (MAX_INIS,)  # pruned with traces
            ).fetchall()
        return [dict(row) for row in rows]

    def ini_settings(self, ini_ids: list[str]) -> dict[str, dict[str, dict[str, str]]]:
        """The settings (`conf`, redacted as kept) of each section the graphs of the uploads
        `ini_ids` draw, by upload and section id: what tells uploads of one name apart
        (`dashboard.upload_rows`). SQLite reads them out of the documents, left unloaded."""
        if not ini_ids:
            return {}
        marks = ", ".join("?" * len(ini_ids))
        with self.lock:
            rows = self.db.execute(
                "SELECT DISTINCT inis.id, json_extract(node.value, '$.id') AS section,"
                " json_extract(node.value, '$.conf') AS conf"
                " FROM inis, json_each(inis.doc, '$.graphs') AS graph,"
                f" json_each(graph.value, '$.nodes') AS node WHERE inis.id IN ({marks})",
                ini_ids,
            ).fetchall()
        found: dict[str, dict[str, dict[str, str]]] = {ini_id: {} for ini_id in ini_ids}
        for row in rows:
            found[row["id"]][row["section"]] = json.loads(row["conf"] or "{}")
        return found
