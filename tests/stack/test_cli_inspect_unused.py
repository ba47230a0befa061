"""`python -m stack inspect` on sections no entry uses and on an empty file: the tree and
`--json` name the same sections, each with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import NOVA
from tests.conftest import run_cli
from tests.stack.refused_alternatives import REFUSED_ALTERNATIVE

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
    path = NOVA
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


def test_a_filter_only_a_refused_alternative_names_is_not_said_unused(tmp_path: Path) -> None:
    """An operator chasing a 401 was told [filter:authtoken] was reached from no entry, and
    the tree drew `noauth` alone: the `keystone` alternative that fails was nowhere."""
    path = tmp_path / "api-paste.ini"
    path.write_text(REFUSED_ALTERNATIVE)
    tree = run_cli("inspect", str(path)).stdout
    assert (
        "├── [noauth] → pipeline:main[noauth]   (line 3)\n"
        "│   ├── 0 → filter:noauth = nova.api.openstack.auth:NoAuthMiddleware.factory   (line 5)\n"
        "│   └── 1 → app:myapp = nova.api.openstack.compute:APIRouterV21.factory   (line 11)\n"
        "└── [keystone] ✗ not built: PasteDeploy would refuse it   (line 4)\n"
        "    ├── 0 → filter:authtoken = keystonemiddleware.auth_token:filter_factory   (line 7)\n"
        "    ├── 1 ✗ 'keystonecontxt' names no filter section (did you mean "
        "[filter:keystonecontext] at line 9?)\n"
        "    └── 2 → app:myapp = nova.api.openstack.compute:APIRouterV21.factory   (line 11)\n"
        "\n"
        "Sections no entry uses: filter:keystonecontext\n"
        "\n"
        "Sections named only by what PasteDeploy refuses: filter:authtoken (by "
        "[composite:main] at line 4)\n") in tree
    doc = json.loads(run_cli("inspect", str(path), "--json").stdout)
    assert doc["unused"] == [{"section": "filter:keystonecontext", "line": 9}]
    assert doc["named_by_refused"] == [
        {"section": "filter:authtoken", "line": 7, "by": "composite:main", "by_line": 4}]


@pytest.mark.parametrize(("text", "by"), [
    # A pipeline refused for a setting too many: its words are never linked.
    ("[pipeline:main]\npipeline = authtoken myapp\nfoo = bar\n", "[pipeline:main] at line 2"),
    # A pipeline two sections answer to, refused unread, behind a urlmap.
    ("[composite:main]\nuse = egg:Paste#urlmap\n/: myapp\n[pipeline:myapp]\n"
     "pipeline = authtoken myapp\n", "[pipeline:myapp] at line 5"),
])
def test_a_filter_only_a_refused_pipeline_names_is_not_said_unused(
        tmp_path: Path, text: str, by: str) -> None:
    path = tmp_path / "api-paste.ini"
    path.write_text(text + "[filter:authtoken]\npaste.filter_factory = a:b\n"
                    "[app:myapp]\npaste.app_factory = a:c\n")
    tree = run_cli("inspect", str(path)).stdout
    assert "Sections no entry uses" not in tree
    assert f"\nSections named only by what PasteDeploy refuses: filter:authtoken (by {by})\n" in (
        tree)
