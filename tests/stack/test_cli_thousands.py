"""Files of thousands: of entries, `inspect`'s first line names the first few and counts the
rest (it named all 3,000, a line of 20,000 characters), each tree is still printed and
`--json` still lists every entry, and `serve`'s refusal to guess one names them the same way;
of filters in one pipeline, `which` names them all once, on the path, not again in its
caveat about their code."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.dashboard.many_branches import many_entries
from tests.dashboard.many_branches import one_pipeline

ENTRIES = 3000


def test_the_first_line_names_ten_entries_and_counts_the_rest(tmp_path: Path) -> None:
    result = run_cli("inspect", str(write_ini(tmp_path, many_entries(ENTRIES))))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("api-paste.ini: 3,000 entries — p0, p1, p2, p3, p4, p5, p6, p7, p8, p9 "
                        "and 2,990 more, each drawn below (--json lists them all)")
    assert "pipeline:p2999   (line 17998)" in lines


def test_json_lists_every_entry(tmp_path: Path) -> None:
    result = run_cli("inspect", "--json", str(write_ini(tmp_path, many_entries(ENTRIES))))
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["entries"] == [f"pipeline:p{i}" for i in range(ENTRIES)]
    assert len(doc["graphs"]) == ENTRIES


def test_a_few_entries_are_all_named(tmp_path: Path) -> None:
    result = run_cli("inspect", str(write_ini(tmp_path, many_entries(10))))
    assert result.stdout.splitlines()[0] == (
        "api-paste.ini: 10 entries — p0, p1, p2, p3, p4, p5, p6, p7, p8, p9")


def test_thousands_of_unused_sections_are_named_as_the_entries_are(tmp_path: Path) -> None:
    """The line named every one: 3,000 unused filters made a line of 40,912 characters."""
    unused = "".join(f"\n[filter:f{i}]\npaste.filter_factory = demo.f:factory\n"
                     for i in range(ENTRIES))
    path = write_ini(tmp_path, many_entries(1) + unused)
    result = run_cli("inspect", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "Sections no entry uses: filter:f0, filter:f1, filter:f2, filter:f3, filter:f4, "
        "filter:f5, filter:f6, filter:f7, filter:f8, filter:f9 and 2,990 more (--json lists "
        "them all, each with its line)")
    doc = json.loads(run_cli("inspect", "--json", str(path)).stdout)
    assert [u["section"] for u in doc["unused"]] == [f"filter:f{i}" for i in range(ENTRIES)]


def test_serve_asking_for_a_name_counts_the_entries_past_ten(tmp_path: Path) -> None:
    path = write_ini(tmp_path, many_entries(ENTRIES))
    result = run_cli("serve", str(path), "--port", "0", "--trace-to", "off")
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "pick one with --name: p0, p1, p2, p3, p4, p5, p6, p7, p8, p9 and 2,990 more")


def test_which_names_thousands_of_filters_once(tmp_path: Path) -> None:
    path = write_ini(tmp_path, one_pipeline(ENTRIES))
    result = run_cli("which", str(path), "GET", "/x")
    assert result.returncode == 0, result.stderr
    said = result.stdout.splitlines()
    assert said[0].endswith("→ the filter `f2998` → the filter `f2999` → the app `app`.")
    assert said[-1].startswith(
        "This reads the ini, not the filters' code: it takes each filter on the way (`f0`, `f1`, "
        "`f2`, `f3`, `f4`, `f5`, `f6`, `f7`, `f8`, `f9` and 2,990 more) to pass the request on "
        "unchanged")
