"""An uploaded urlmap of 3,000 prefixes naming no section: its holes are folded as its
branches are (`dashboard.diagram_fold`), not drawn each: 3,000 holes made a 4.4 MB page, its
"show all" too. The page draws the first and says how many more; "show all" draws up to
`MAX_ALL_BRANCHES` and lists every missing branch in text below, with its line."""

from __future__ import annotations

import re

import pytest

from dashboard.diagram_fold import MAX_ALL_BRANCHES
from dashboard.diagram_fold import MAX_BRANCHES
from tests.dashboard.edited_stack import boxes
from tests.dashboard.many_branches import many_missing
from tests.dashboard.page_text import more_link
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.uploading import uploaded

MISSING = 3000


@pytest.fixture(scope="module")
def missing(dashboard) -> str:
    return uploaded(dashboard, "missing.ini", many_missing(MISSING))


def hole_labels(page: str) -> list[str]:
    """The prefixes of the holes the page's diagram draws."""
    return re.findall(r'<g class="hole"[^>]*data-label="([^"]+)"', part(page, "<svg", "</svg>"))


def test_the_page_draws_the_first_missing_branches_and_counts_the_rest(dashboard, missing):
    _, _, page = dashboard.get(f"/inis/{missing}")
    assert boxes(page) == {"composite:main", "app:app0"}
    assert hole_labels(page) == [f"/m{i}" for i in range(MAX_BRANCHES - 1)]
    left = MISSING - (MAX_BRANCHES - 1)
    assert more_link(page) == (f"NOT DRAWN and {left:,} more prefixes show all",
                               f"/inis/{missing}?all=1")


def test_show_all_draws_at_most_the_bound_and_lists_every_missing_branch(dashboard, missing):
    status, _, page = dashboard.get(f"/inis/{missing}?all=1")
    assert status == 200
    assert boxes(page) == {"composite:main", "app:app0"}
    assert len(hole_labels(page)) == MAX_ALL_BRANCHES - 1
    left = MISSING - (MAX_ALL_BRANCHES - 1)
    assert more_link(page) == (f"NOT DRAWN and {left:,} more prefixes listed below", "#branches")
    listed = part(page, '<section id="branches"', "</section>")
    assert [" ".join(shown(h3).split()) for h3 in re.findall(r"<h3.*?</h3>", listed)] == [
        "Every branch found of [composite:main]: 1 prefix",
        "Every missing branch of [composite:main]: 3,000 prefixes"]
    tables = re.findall(r"<table.*?</table>", listed, re.S)
    rows = [tuple(" ".join(shown(cell).split()) for cell in re.findall(r"<t[hd].*?</t[hd]>", row))
            for row in re.findall(r"<tr>.*?</tr>", tables[1])]
    assert len(rows) == MISSING
    # The key's line, and a section that is not there: not "section [gone0] at line 4".
    assert rows[0] == ("/m0", "gone0 no such section; named at line 4")
    assert rows[-1] == ("/m2999", "gone2999 no such section; named at line 3003")
