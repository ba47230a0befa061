"""Refusals by the thousand: a pipeline naming 20,000 missing filters printed each refusal
under its section and again in the summary, 40,009 lines. The tree lists the first ten of
each and counts the rest, as it names entries; `--json` still lists them all."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cli_lines
from tests.conftest import write_ini
from tests.stack.inspect_cli import inspect_json
from tests.stack.inspect_cli import node

MISSING = 3000
#: One pipeline naming `MISSING` filters no section defines, then its app.
MANY_MISSING = (f"[pipeline:main]\npipeline = {' '.join(f'f{i}' for i in range(MISSING))} app\n"
                "\n[app:app]\npaste.app_factory = demo.app:factory\n")


def test_thousands_of_refusals_are_listed_ten_and_counted(tmp_path: Path) -> None:
    path = write_ini(tmp_path, MANY_MISSING)
    trees = {}
    for argv in ((), ("--name", "main")):
        lines = trees[argv] = cli_lines("inspect", path, *argv)
        assert len(lines) < 40, argv
        under = lines.index("pipeline:main   (line 1)")
        assert lines[under + 1:under + 13] == [
            *(f"  ✗ 'f{i}': no such filter section   (line 2)" for i in range(10)),
            "  ✗ … and 2,990 more refusals (--json lists them all)",
            "└── 3000 → app:app = demo.app:factory   (line 4)"]
        summary = lines[-11:]
        assert summary[-1] == "  … and 2,990 more refusals (--json lists them all)"
        assert summary[-2].endswith("'f9': no such filter section")
    assert "PasteDeploy would refuse this section, for 3,000 reasons:" in trees[()]
    doc = inspect_json(path)
    assert [error["error"] for error in doc["errors"]] == [
        f"'f{i}': no such filter section" for i in range(MISSING)]
    assert len(node(doc, "pipeline:main")["errors"]) == MISSING


def test_ten_refusals_are_all_listed(tmp_path: Path) -> None:
    text = MANY_MISSING.replace(" ".join(f"f{i}" for i in range(MISSING)),
                                " ".join(f"f{i}" for i in range(10)))
    lines = cli_lines("inspect", write_ini(tmp_path, text))
    assert "  line 2: [pipeline:main] 'f9': no such filter section" == lines[-1]
    assert not any("more refusals" in line for line in lines)
