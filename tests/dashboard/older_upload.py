"""An upload as an older Pastescope kept it (0.2.22: no `refused_links`, no `cause`), put in a
store folder; this Pastescope's dashboard opened on that folder; what its page says of it."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dashboard.store_tables import create_tables
from dashboard.upload_read import read_upload_doc
from tests.dashboard.servers import Dashboard

#: A pipeline member, a `use` and a `next` PasteDeploy would refuse.
REFUSED = """\
[composite:main]
use = egg:Paste#urlmap
/ = api
/n = fapp

[pipeline:api]
pipeline = sizelimt app

[app:app]
use = appbase

[filter-app:fapp]
paste.filter_factory = stack.filters.size_limit:factory
next = versions

[filter:versions]
paste.filter_factory = stack.filters.size_limit:factory
"""

#: The id the upload kept before has.
KEPT = "0123456789ab"

#: What the page of an upload kept by an older Pastescope says.
OLDER = ("This upload was kept by an older Pastescope, which recorded less than this page draws "
         "now: a refused use, next or filter-with is listed but not drawn as a hole at the end "
         "of its edge; a hole says “refused” even where it is that no section has the name. "
         "Upload the file again to see it drawn in full.")


def as_kept_before(doc: Any) -> Any:
    """`doc` as Pastescope 0.2.22 wrote it: no `refused_links` (nor `missing_links`, the page's
    placing of them), no `cause` on a refused word."""
    if isinstance(doc, list):
        return [as_kept_before(item) for item in doc]
    if isinstance(doc, dict):
        return {key: as_kept_before(value) for key, value in doc.items()
                if key not in ("refused_links", "missing_links", "cause")}
    return doc


@contextlib.contextmanager
def opened(data: Path) -> Iterator[Dashboard]:
    server = Dashboard(data)
    try:
        yield server
    finally:
        server.stop()


def keep_as_before(data: Path) -> str:
    """Keep `REFUSED` in a new store in folder `data` as Pastescope 0.2.22 kept it (its
    document only, as it wrote it then); returns its id."""
    doc = json.dumps(as_kept_before(read_upload_doc(REFUSED, "old.ini")))
    with contextlib.closing(sqlite3.connect(data / "pastescope.sqlite3")) as db, db:
        db.row_factory = sqlite3.Row
        create_tables(db)
        db.execute("INSERT INTO inis (id, created, doc) VALUES (?, ?, ?)",
                   (KEPT, time.time(), doc))
    return KEPT
