"""An uploaded urlmap of 3,000 branches: the page draws the first and says the rest, and its
"show all" draws up to `MAX_ALL_BRANCHES` and lists every branch in text below (drawn whole,
3,000 branches made a page a browser took 5 s to 16 s to show). A "which" through a branch
past the bound still draws that branch."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from dashboard.diagram_fold import MAX_ALL_BRANCHES
from dashboard.diagram_fold import MAX_BRANCHES
from tests.dashboard.edited_stack import boxes
from tests.dashboard.many_branches import many_apps
from tests.dashboard.page_text import more_link
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import upload
from tests.dashboard.uploading import uploaded

BRANCHES = 3000


@pytest.fixture(scope="module")
def thousands(dashboard) -> str:
    status, _, doc = upload(dashboard, "thousands.ini", many_apps(BRANCHES).encode())
    assert status == 200, doc
    assert len(doc["graphs"][0]["edges"]) == BRANCHES
    return doc["id"]


def test_the_page_draws_the_first_branches_and_links_to_all(dashboard, thousands):
    _, _, page = dashboard.get(f"/inis/{thousands}")
    assert boxes(page) == {"composite:main", *(f"app:app{i}" for i in range(MAX_BRANCHES))}
    assert more_link(page) == ("NOT DRAWN and 2,960 more prefixes show all",
                               f"/inis/{thousands}?all=1")


def test_show_all_draws_a_bounded_diagram_and_lists_every_branch_below(dashboard, thousands):
    status, _, page = dashboard.get(more_link(dashboard.get(f"/inis/{thousands}")[2])[1])
    assert status == 200
    assert boxes(page) == {"composite:main", *(f"app:app{i}" for i in range(MAX_ALL_BRANCHES))}
    left = BRANCHES - MAX_ALL_BRANCHES
    assert more_link(page) == (f"NOT DRAWN and {left:,} more prefixes listed below", "#branches")
    listed = part(page, '<section id="branches"', "</section>")
    assert " ".join(shown(part(listed, "<h3", "</h3>")).split()) == (
        "Every branch of [composite:main]: 3,000 prefixes")
    rows = [tuple(" ".join(shown(cell).split()) for cell in re.findall(r"<t[hd].*?</t[hd]>", row))
            for row in re.findall(r"<tr>.*?</tr>", listed)]
    assert len(rows) == BRANCHES
    assert rows[0] == ("/p0", "[app:app0] line 3004")
    assert rows[-1] == ("/p2999", "[app:app2999] line 12001")


def test_a_which_in_the_address_of_show_all_past_the_bound_draws_that_branch(dashboard,
                                                                             thousands):
    question = urlencode({"all": "1", "method": "GET", "path": "/p2500/x"})
    _, _, page = dashboard.get(f"/inis/{thousands}?{question}")
    assert "app:app2500" in boxes(page)
    assert f"app:app{MAX_ALL_BRANCHES}" not in boxes(page)


def test_a_which_asked_in_the_form_of_show_all_past_the_bound_redraws_the_diagram(dashboard,
                                                                                  thousands):
    ask = {"ini": thousands, "all": "1", "method": "GET", "path": "/p2500/x"}
    _, _, answer = dashboard.get("/api/which?" + urlencode(ask), headers=HTMX)
    redrawn = part(answer, '<div hx-swap-oob="innerHTML:#diagram">', "</svg>")
    assert "app:app2500" in boxes(redrawn)
    left = BRANCHES - MAX_ALL_BRANCHES - 1
    assert more_link(redrawn)[0] == f"NOT DRAWN and {left:,} more prefixes listed below"


def test_show_all_bounds_the_branches_of_all_composites_together(dashboard):
    """The bound was each composite's: a urlmap of 15 urlmaps of 200 prefixes drew 12,000
    boxes, an 18 MB page."""
    inner = "".join(
        f"\n[composite:m{m}]\nuse = egg:Paste#urlmap\n"
        + "".join(f"/p{i} = a{m}_{i}\n" for i in range(MAX_ALL_BRANCHES))
        + "".join(f"\n[app:a{m}_{i}]\nuse = call:x:y\n" for i in range(MAX_ALL_BRANCHES))
        for m in range(15))
    text = ("[composite:main]\nuse = egg:Paste#urlmap\n"
            + "".join(f"/m{m} = m{m}\n" for m in range(15)) + inner)
    _, _, page = dashboard.get(f"/inis/{uploaded(dashboard, 'nested.ini', text)}?all=1")
    drawn = boxes(page)
    apps = {box for box in drawn if box.startswith("app:")}
    composites = {box for box in drawn if box.startswith("composite:")}
    assert len(apps) + len(composites) - 1 == MAX_ALL_BRANCHES  # the branches drawn, in all
    assert {"composite:main", "composite:m0"} <= composites
    assert {f"app:a0_{i}" for i in range(MAX_ALL_BRANCHES - 15)} <= apps
    listed = part(page, '<section id="branches"', "</section>")
    assert "Every branch of [composite:m14]: 200 prefixes" in " ".join(shown(listed).split())


def test_one_branch_past_the_bound_is_counted_in_the_singular(dashboard):
    one_more = uploaded(dashboard, "one-more.ini", many_apps(MAX_BRANCHES + 1))
    _, _, page = dashboard.get(f"/inis/{one_more}")
    assert more_link(page) == ("NOT DRAWN and 1 more prefix show all", f"/inis/{one_more}?all=1")
    assert "Not drawn here: 1 more prefix of composite:main (show all)" in page
