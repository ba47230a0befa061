"""An upload kept by an older Pastescope, opened in this one: its page says plainly what the
document kept then lacks (before 0.2.24 it had no `refused_links`, before 0.2.23 its holes no
`cause`), rather than drawing it as a file with fewer refusals."""

from __future__ import annotations

from tests.dashboard.diagram_checks import holes
from tests.dashboard.diagram_checks import parse
from tests.dashboard.diagram_checks import texts
from tests.dashboard.older_upload import OLDER
from tests.dashboard.older_upload import REFUSED
from tests.dashboard.older_upload import keep_as_before
from tests.dashboard.older_upload import opened
from tests.dashboard.page_text import shown
from tests.dashboard.uploading import upload

#: What a fresh upload of `REFUSED` draws: a hole for each, and why.
FRESH = {
    ("pipeline:api", "0"): ["MISSING FILTER", "sizelimt", "no such section"],
    ("app:app", "use"): ["MISSING APP", "appbase", "no such section (line 10)"],
    ("filter-app:fapp", "next"): ["NOT AN APP", "versions", "is a filter (line 16)"],
}


def drawn_holes(page: str) -> dict[tuple[str, str], list[str]]:
    """Each hole of the page's diagram, by the node it is of and its label or position."""
    svg = parse(page.split('<div id="diagram" class="diagram-frame">')[1].split("</div>")[0])
    return {(g.get("data-of") or g.get("data-in"), g.get("data-label") or g.get("data-pos")):
            texts(g) for g in holes(svg)}


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
