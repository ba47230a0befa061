"""Lines that look like a section header but are not read as one, and sections refused unread.

An indented `  [app:b]` is a continuation of the value before it, a `[pipeline:p` missing its
`]` a setting: PasteDeploy reads either so, the section vanishes, and `inspect` says where,
whichever section the line falls into ([DEFAULT] and [server:main] have no node to carry it).
A section refused before it is read (two answering to one name) is refused by its id too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stack import graph
from stack.__main__ import main
from tests.stack.test_cli_inspect import cli
from tests.stack.test_graph_oracle import check_entry

#: [app:b]'s header is indented under [app:a]'s `script`: it and its `answer` are [app:a]'s.
INDENTED = """\
[composite:main]
use = egg:Paste#urlmap
/ = a
/b = b

[app:a]
use = egg:A#a
script = run
  [app:b]
answer = 42
"""
INDENTED_WARNING = (
    "api-paste.ini:9: '[app:b]' is indented: PasteDeploy reads it as a continuation of the "
    "value of 'script' in [app:a], not as a section header, and the lines after it up to the "
    "next [section] as settings of [app:a]"
)
#: [DEFAULT] and [server:main] are no nodes: what falls into them is the file's to say.
OUTSIDE_THE_GRAPH = """\
[DEFAULT]
debug = true
[app:main
use = egg:A#a

[server:main]
use = egg:Paste#http
  [filter:f]
port = 8080

[app:other]
use = egg:A#b
"""
#: Two sections answering to `main`: PasteDeploy refuses both, whichever is asked for.
AMBIGUOUS = """\
[app:main]
use = egg:A#a

[composite:main]
use = egg:Paste#urlmap
/ = other

[app:other]
use = egg:A#b

[filter:main]
use = egg:A#f
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "api-paste.ini"
    path.write_text(text)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_an_indented_header_is_said_at_its_line_and_the_graph_stays_paste_deploys(
    tmp_path: Path, capsys
) -> None:
    path = write(tmp_path, INDENTED)
    status, out, _ = run(capsys, "inspect", str(path))
    assert status == 0
    assert f"      ! {INDENTED_WARNING}" in out.splitlines()  # under [app:a] in the tree
    assert "  line 4: [composite:main] 'b': no such app, composite, pipeline or filter-app " \
        "section" in out.splitlines()
    status, out, _ = run(capsys, "inspect", str(path), "--json")
    nodes = {node["id"]: node for node in json.loads(out)["graphs"][0]["nodes"]}
    assert nodes["app:a"]["warnings"] == [INDENTED_WARNING]
    assert nodes["app:a"]["conf"] == {"script": "run\n[app:b]", "answer": "42"}
    ini = graph.read_ini(str(path))
    for pipeline_graph in ini.graphs:
        check_entry(path, pipeline_graph)  # a warning, not another composition


def test_options_set_twice_through_an_indented_header_name_that_header(
    tmp_path: Path, capsys
) -> None:
    path = write(tmp_path, "[app:a]\nuse = egg:A#a\n\n  [app:b]\nuse = egg:B#b\n")
    status, out, err = run(capsys, "inspect", str(path))
    assert (status, out) == (2, "")
    assert err == (
        f"{path}:4: '[app:b]' is indented: PasteDeploy reads it as a continuation of the value "
        "of 'use' in [app:a], not as a section header, and the lines after it up to the next "
        "[section] as settings of [app:a]; so option 'use' is set twice in [app:a] (line 5)\n"
    )


def test_options_set_twice_with_no_misread_header_between_are_said_as_before(
    tmp_path: Path, capsys
) -> None:
    path = write(tmp_path, "[app:a]\nuse = egg:A#a\n  [app:b]\nx = 1\nuse = egg:B#b\n"
                           "[app:c]\nuse = egg:C#c\nuse = egg:D#d\n")
    assert run(capsys, "inspect", str(path))[2] == (
        f"{path}:3: '[app:b]' is indented: PasteDeploy reads it as a continuation of the value "
        "of 'use' in [app:a], not as a section header, and the lines after it up to the next "
        "[section] as settings of [app:a]; so option 'use' is set twice in [app:a] (line 5)\n"
    )
    path.write_text("[app:a]\nuse = egg:A#a\n  [app:b]\n[app:c]\nuse = egg:C#c\nuse = egg:D#d\n")
    assert run(capsys, "inspect", str(path))[2] == (
        f"{path}:6: option 'use' is set twice in [app:c]\n"
    )


def test_headers_misread_outside_the_graph_are_the_files_warnings(
    tmp_path: Path, capsys
) -> None:
    path = write(tmp_path, OUTSIDE_THE_GRAPH)
    status, out, _ = run(capsys, "inspect", str(path), "--json")
    assert status == 0
    whole = json.loads(out)
    assert list(whole) == ["file", "entries", "graphs", "errors", "warnings"]
    assert whole["entries"] == ["app:other"]
    assert whole["warnings"] == [
        {"section": "DEFAULT", "line": 3, "warning": (
            "'[app:main' looks like a section header missing its `]`: PasteDeploy reads it, "
            "and the lines after it up to the next [section], as settings of [DEFAULT]")},
        {"section": "server:main", "line": 8, "warning": (
            "'[filter:f]' is indented: PasteDeploy reads it as a continuation of the value of "
            "'use' in [server:main], not as a section header, and the lines after it up to the "
            "next [section] as settings of [server:main]")},
    ]
    status, out, _ = run(capsys, "inspect", str(path))
    lines = out.splitlines()
    assert "Lines read otherwise than they look (2):" in lines
    assert ("  ! api-paste.ini:3: '[app:main' looks like a section header missing its `]`: "
            "PasteDeploy reads it, and the lines after it up to the next [section], as "
            "settings of [DEFAULT]") in lines
    assert any(line.startswith("  ! api-paste.ini:8: '[filter:f]' is indented") for line in lines)


def test_a_misread_header_in_a_section_no_graph_shows_is_the_files_warning(
    tmp_path: Path,
) -> None:
    """An unused filter, and a section refused unread, have no node in any graph."""
    path = write(tmp_path, "[filter:f]\nuse = egg:A#f\n[app:x\n\n[app:main]\nuse = egg:A#a\n"
                           "  [app:y]\n[composite:main]\nuse = egg:Paste#urlmap\n")
    ini = graph.read_ini(str(path))
    assert [(w["section"], w["line"]) for w in ini.to_json()["warnings"]] == [
        ("filter:f", 3), ("app:main", 7)]


@pytest.mark.parametrize(
    ("name", "line"),
    [("app:main", 1), ("composite:main", 4), ("main", 1)],
)
def test_an_ambiguous_section_named_by_id_or_name_is_said_ambiguous(
    tmp_path: Path, capsys, name: str, line: int
) -> None:
    path = write(tmp_path, AMBIGUOUS)
    section = name if ":" in name else "app:main"
    said = (f"{path}:{line}: [{section}]: ambiguous: [app:main], [composite:main] all answer "
            "to the name 'main'\n")
    assert run(capsys, "which", str(path), "GET", "/", "--name", name) == (2, "", said)
    assert run(capsys, "inspect", str(path), "--name", name) == (2, "", said)
    served = cli("serve", str(path), "--name", name, "--port", "0", "--trace-to", "off")
    assert (served.returncode, served.stdout, served.stderr) == (2, "", said)
