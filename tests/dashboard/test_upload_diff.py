"""Two uploads compared: an upload's page offers "Compare with another upload", whose page lists
what it builds differently from the one picked in `python -m stack diff`'s words (the upload's
file name for a path), grouped by what changed; `GET /api/inis/OLD/diff/NEW` is `diff --json`'s
document. An upload no longer kept is a 404 that says so; a pipeline of 3,000 filters compares."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.uploading import uploaded
from tests.stack.test_cli_diff import BASE

#: BASE with authtoken before keystonecontext, faultwrap gone, sizelimit added and auth_port
#: changed.
EDITED = BASE.replace("auth_port = 5000", "auth_port = 35357").replace(
    "faultwrap keystonecontext authtoken apiapp", "authtoken keystonecontext sizelimit apiapp"
).replace("[app:apiapp]", "[filter:sizelimit]\npaste.filter_factory = "
          "oslo_middleware:RequestBodySizeLimiter.factory\n\n[app:apiapp]")
#: Filters of each long pipeline, and long pipelines of one file.
FILTERS = 3000
PIPES = 10
#: The lines the comparison lists, by group, as a reader reads them.
EDITED_LINES = {
    "Pipeline members": [
        "new.ini:9: [pipeline:api] filter:authtoken moved from position 2 to 0: now before "
        "filter:keystonecontext (was after it)",
        "new.ini:9: [pipeline:api] filter:sizelimit added at position 2, before app:apiapp",
        "new.ini:9: [pipeline:api] filter:faultwrap removed (was at position 0, before "
        "filter:keystonecontext)"],
    "Sections": [
        "new.ini:23: [filter:sizelimit] added (oslo_middleware:RequestBodySizeLimiter.factory)",
        "old.ini:12: [filter:faultwrap] removed (was nova.api.openstack:FaultWrapper.factory)"],
    "Settings": ["new.ini:17: [filter:authtoken] auth_port = 35357 (was 5000)"],
}


@pytest.fixture(scope="module")
def pair(dashboard) -> tuple[str, str]:
    """BASE uploaded as old.ini, then EDITED as new.ini: their ids."""
    return uploaded(dashboard, "old.ini", BASE), uploaded(dashboard, "new.ini", EDITED)


def listed(page: str) -> dict[str, list[str]]:
    """The comparison's lines as its page shows them, by the heading of their group."""
    found = part(page, '<section id="ini-diff"', "</section>")
    return {shown(heading): [" ".join(shown(line).split())
                             for line in re.findall(r"<li>.*?</li>", lines, re.S)]
            for heading, lines in re.findall(r"<h3>(.*?)</h3>\s*<ul[^>]*>(.*?)</ul>", found, re.S)}


def test_an_upload_offers_the_others_newest_first(dashboard, pair):
    old, new = pair
    _, _, page = dashboard.get(f"/inis/{new}")
    form = part(page, '<form id="ini-compare"', "</form>")
    assert f'action="/inis/{new}/diff"' in form
    offered = re.findall(r'<option value="([^"]+)">([^<]*)</option>', form)
    assert offered[0][0] == old and offered[0][1].startswith("old.ini · ")
    assert new not in [ini for ini, _ in offered]


def test_the_page_lists_what_the_new_upload_builds_differently(dashboard, pair):
    old, new = pair
    status, _, page = dashboard.get(f"/inis/{new}/diff?with={old}")
    assert status == 200
    heading = " ".join(shown(part(page, "<h2>", "</h2>")).split())
    assert re.fullmatch(r"What new\.ini \(uploaded [-\d]+ [:\d]+\) builds differently from "
                        r"old\.ini \(uploaded [-\d]+ [:\d]+\)", heading), heading
    assert listed(page) == EDITED_LINES


def test_the_lines_are_the_commands_and_the_json_is_its_json(dashboard, pair, tmp_path):
    """One source of the words: the page and the API say what `diff` prints of the same files,
    the upload's name where it has the file's path."""
    old, new = pair
    paths = write_ini(tmp_path, BASE, "old.ini"), write_ini(tmp_path, EDITED, "new.ini")
    done = run_cli("diff", *map(str, paths), "--json")
    printed = done.stdout.replace(f"{tmp_path}/", "")
    _, _, page = dashboard.get(f"/inis/{new}/diff?with={old}")
    assert [line for lines in listed(page).values() for line in lines] == [
        change["text"] for change in json.loads(printed)["changes"]]
    status, _, answer = dashboard.get(f"/api/inis/{old}/diff/{new}")
    assert status == 200
    assert answer == json.loads(printed)


def test_two_uploads_that_build_the_same_are_no_difference(dashboard, pair):
    old, _ = pair
    sections = BASE.split("\n\n")
    moved = uploaded(dashboard, "moved.ini", "\n\n".join([*sections[1:], sections[0]]))
    assert moved != old  # another document: its nodes in another order
    _, _, page = dashboard.get(f"/inis/{moved}/diff?with={old}")
    assert " ".join(shown(part(page, '<p class="diff-lines', "</p>")).split()) == (
        "no difference in what the two files build")
    assert dashboard.get(f"/api/inis/{old}/diff/{moved}")[2] == {
        "old": "old.ini", "new": "moved.ini", "changes": []}


def test_an_upload_not_kept_is_a_404_that_says_so(dashboard, pair):
    old, new = pair
    for address in (f"/inis/{new}/diff?with=gone123", f"/inis/gone123/diff?with={old}"):
        status, _, page = dashboard.get(address)
        assert status == 404
        said = " ".join(shown(part(page, '<section class="error-page"', "</section>")).split())
        assert said == ("404 Not Found no uploaded ini 'gone123' (uploads are kept for a while, "
                        "then forgotten) Upload the file again, or open one of the uploads kept")
    status, _, answer = dashboard.get(f"/api/inis/{old}/diff/gone123")
    assert status == 404
    assert answer["error"] == ("no uploaded ini 'gone123' (uploads are kept for a while, then "
                               "forgotten)")
    status, _, page = dashboard.get(f"/inis/{new}/diff")
    assert status == 400
    assert "pick the upload to compare this one with (?with=ID)" in shown(page)


def shared_pipelines(moved: bool = False) -> str:
    """A urlmap of `PIPES` pipelines, each of the same `FILTERS` filters and an app; `moved`,
    with `filter:f10` moved to the end of each."""
    filters = [f"f{i}" for i in range(FILTERS)]
    if moved:
        filters = [*filters[:10], *filters[11:], "f10"]
    lines = ["[composite:main]", "use = egg:Paste#urlmap", *(f"/p{p} = p{p}" for p in range(PIPES))]
    for p in range(PIPES):
        lines += ["", f"[pipeline:p{p}]", f"pipeline = {' '.join(filters)} app"]
    for name in filters:
        lines += ["", f"[filter:{name}]", "paste.filter_factory = demo.f:factory"]
    return "\n".join([*lines, "", "[app:app]", "paste.app_factory = demo.app:factory"]) + "\n"


def test_pipelines_of_3000_filters_compare(dashboard):
    """Each pipeline's table of the longest common subsequence was 9 million cells, 3.6 s and
    hundreds of MB (a 1 MiB upload holds one of 17,000 filters): the answer never came."""
    old = uploaded(dashboard, "long.ini", shared_pipelines())
    new = uploaded(dashboard, "moved.ini", shared_pipelines(moved=True))
    status, _, page = dashboard.get(f"/inis/{new}/diff?with={old}")
    assert status == 200
    assert listed(page) == {"Pipeline members": [
        f"moved.ini:{4 + PIPES + 3 * p}: [pipeline:p{p}] filter:f10 moved from position 10 to "
        f"{FILTERS - 1}: now after filter:f{FILTERS - 1} (was before it)" for p in range(PIPES)]}
