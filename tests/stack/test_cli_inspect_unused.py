"""`python -m stack inspect` on sections no entry uses and on an empty file: the tree and
`--json` name the same sections, each with its line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

DATA = Path(__file__).parents[1] / "data" / "ini"
#: A `[filter:authtoken]` no pipeline names: the clue to a 401 that never comes.
UNUSED = """\
[pipeline:main]
pipeline = request_id apiapp

[filter:request_id]
paste.filter_factory = a:b

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:apiapp]
paste.app_factory = a:c
"""


def test_json_lists_the_sections_the_tree_says_no_entry_uses() -> None:
    path = DATA / "nova-api-paste.ini"
    tree = run_cli("inspect", str(path)).stdout
    assert "\nSections no entry uses: filter:ec2lockout, filter:authorizer\n" in tree
    doc = json.loads(run_cli("inspect", str(path), "--json").stdout)
    assert doc["unused"] == [{"section": "filter:ec2lockout", "line": 33},
                             {"section": "filter:authorizer", "line": 46}]
    lines = path.read_text().splitlines()
    assert [lines[u["line"] - 1] for u in doc["unused"]] == ["[filter:ec2lockout]",
                                                            "[filter:authorizer]"]


def test_a_refused_name_still_lists_the_file_s_unused_sections(tmp_path: Path) -> None:
    """`--json` prints the same shape for a --name no section answers to."""
    path = tmp_path / "api-paste.ini"
    path.write_text(UNUSED)
    done = run_cli("inspect", str(path), "--name", "nope", "--json")
    assert done.returncode == 2
    doc = json.loads(done.stdout)
    assert (doc["graphs"], doc["unused"]) == ([], [{"section": "filter:authtoken", "line": 7}])


def test_an_empty_file_is_said_to_be_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.ini"
    path.write_bytes(b"")
    done = run_cli("inspect", str(path))
    assert (done.returncode, done.stdout) == (0, (
        "empty.ini: 0 entries\nThe file is empty: it has no [section] at all (at most "
        "comments), so nothing to load.\n"))
    path.write_text("# only a comment\n\n")
    assert "The file is empty" in run_cli("inspect", str(path)).stdout
    path.write_text("[DEFAULT]\ndebug = true\n")  # a section, none to load: asked about
    assert "is this the service's own config" in run_cli("inspect", str(path)).stdout
