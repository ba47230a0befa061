"""An upload kept by an older Pastescope, opened in this one: its page says plainly what the
document kept then lacks (before 0.2.24 it had no `refused_links`, before 0.2.23 its holes no
`cause`), rather than drawing it as a file with fewer refusals."""

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
from tests.dashboard.diagram_checks import parse
from tests.dashboard.page_text import shown
from tests.dashboard.servers import Dashboard
from tests.dashboard.test_upload_missing_member import holes
from tests.dashboard.test_upload_missing_member import texts
from tests.dashboard.uploading import upload

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
#: What a fresh upload of `REFUSED` draws: a hole for each, and why.
FRESH = {
    ("pipeline:api", "0"): ["MISSING FILTER", "sizelimt", "no such section"],
    ("app:app", "use"): ["MISSING APP", "appbase", "no such section (line 10)"],
    ("filter-app:fapp", "next"): ["NOT AN APP", "versions", "is a filter (line 16)"],
}
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


def drawn_holes(page: str) -> dict[tuple[str, str], list[str]]:
    """Each hole of the page's diagram, by the node it is of and its label or position."""
    svg = parse(page.split('<div id="diagram" class="diagram-frame">')[1].split("</div>")[0])
    return {(g.get("data-of") or g.get("data-in"), g.get("data-label") or g.get("data-pos")):
            texts(g) for g in holes(svg)}


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


def test_an_upload_kept_by_an_older_version_says_what_its_page_cannot_draw(tmp_path):
    ini_id = keep_as_before(tmp_path)
    with opened(tmp_path) as dashboard:
        status, _, page = dashboard.get(f"/inis/{ini_id}")
        assert status == 200
        # Drawn as kept: the one hole it recorded, its reason as recorded...
        assert drawn_holes(page) == {("pipeline:api", "0"): ["MISSING FILTER", "sizelimt",
                                                             "refused"]}
        # ...the refusals listed, and said why the drawing shows fewer.
        assert "line 10: [app:app] 'appbase': no such app" in shown(page)
        [note] = [p for p in page.split("<p ")[1:] if p.startswith('class="older-upload"')]
        assert " ".join(shown("<p " + note.split("</p>")[0]).split()) == OLDER
        # A fresh upload of the file draws it all, and says nothing of an older version.
        fresh = upload(dashboard, "old.ini", REFUSED.encode())[2]
        page = dashboard.get(f"/inis/{fresh['id']}")[2]
        assert drawn_holes(page) == FRESH
        assert "older Pastescope" not in page
