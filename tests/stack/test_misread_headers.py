"""Lines that look like a section header but are not read as one, and sections refused unread.

An indented `  [app:b]` is a continuation of the value before it, a `[pipeline:p` missing its
`]` a setting: PasteDeploy reads either so, the section vanishes, and `inspect` says where,
whichever section the line falls into ([DEFAULT] and [server:main] have no node to carry it).
Text after a header's `]` (`[filter:a]paste.filter_factory = …`) is dropped, and said so.
A section refused before it is read (two answering to one name) is refused by its id too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stack import graph
from stack.__main__ import main
from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.stack.misread_inis import INDENTED
from tests.stack.paste_oracle import check_entry

INDENTED_WARNING = (
    "api-paste.ini:9: '[app:b]' is indented: PasteDeploy reads it as a continuation of the "
    "value of 'script' in [app:a], not as a section header, and the non-indented lines after "
    "it up to the next [section] as settings of [app:a]"
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


def read(tmp_path: Path, text: str) -> graph.IniFile:
    """The ini `text`, written in `tmp_path`, as `graph.read_ini` reads it."""
    return graph.read_ini(str(write_ini(tmp_path, text)))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_an_indented_header_is_said_at_its_line_and_the_graph_stays_paste_deploys(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, INDENTED)
    status, out, _ = run(capsys, "inspect", str(path))
    assert status == 0
    # under [app:a] in the tree, above the refused `/b` branch
    assert f"│     ! {INDENTED_WARNING}" in out.splitlines()
    assert (
        "  line 4: [composite:main] 'b': no such app, composite, pipeline or filter-app section "
        "(line 9, '  [app:b]', looks like its header but is read as part of the value of "
        "'script' in [app:a]: it is indented)"
    ) in out.splitlines()
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
    path = write_ini(tmp_path, "[app:a]\nuse = egg:A#a\n\n  [app:b]\nuse = egg:B#b\n")
    status, out, err = run(capsys, "inspect", str(path))
    assert (status, out) == (2, "")
    assert err == (
        f"{path}:4: '[app:b]' is indented: PasteDeploy reads it as a continuation of the value "
        "of 'use' in [app:a], not as a section header, and the non-indented lines after it up to "
        "the next [section] as settings of [app:a]; so option 'use' is set twice in [app:a] "
        "(line 5)\n"
    )


def test_options_set_twice_with_no_misread_header_between_are_said_as_before(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, "[app:a]\nuse = egg:A#a\n  [app:b]\nx = 1\nuse = egg:B#b\n"
                           "[app:c]\nuse = egg:C#c\nuse = egg:D#d\n")
    assert run(capsys, "inspect", str(path))[2] == (
        f"{path}:3: '[app:b]' is indented: PasteDeploy reads it as a continuation of the value "
        "of 'use' in [app:a], not as a section header, and the non-indented lines after it up to "
        "the next [section] as settings of [app:a]; so option 'use' is set twice in [app:a] "
        "(line 5)\n"
    )
    path.write_text("[app:a]\nuse = egg:A#a\n  [app:b]\n[app:c]\nuse = egg:C#c\nuse = egg:D#d\n")
    assert run(capsys, "inspect", str(path))[2] == (
        f"{path}:6: option 'use' is set twice in [app:c]\n"
    )


def test_headers_misread_outside_the_graph_are_the_files_warnings(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, OUTSIDE_THE_GRAPH)
    status, out, _ = run(capsys, "inspect", str(path), "--json")
    assert status == 0
    whole = json.loads(out)
    assert list(whole) == ["file", "entries", "graphs", "errors", "warnings", "unused",
                          "named_by_refused"]
    assert whole["entries"] == ["app:other"]
    assert whole["warnings"] == [
        {"section": "DEFAULT", "line": 3, "warning": (
            "'[app:main' looks like a section header missing its `]`: PasteDeploy reads it, "
            "and the lines after it up to the next [section], as settings of [DEFAULT]")},
        {"section": "server:main", "line": 8, "warning": (
            "'[filter:f]' is indented: PasteDeploy reads it as a continuation of the value of "
            "'use' in [server:main], not as a section header, and the non-indented lines after it "
            "up to the next [section] as settings of [server:main]")},
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
    ini = read(tmp_path, "[filter:f]\nuse = egg:A#f\n[app:x\n\n[app:main]\nuse = egg:A#a\n"
                         "  [app:y]\n[composite:main]\nuse = egg:Paste#urlmap\n")
    assert [(w["section"], w["line"]) for w in ini.to_json()["warnings"]] == [
        ("filter:f", 3), ("app:main", 7)]


@pytest.mark.parametrize(
    ("name", "line"),
    [("app:main", 1), ("composite:main", 4), ("main", 1)],
)
def test_an_ambiguous_section_named_by_id_or_name_is_said_ambiguous(
    tmp_path: Path, capsys, name: str, line: int
) -> None:
    path = write_ini(tmp_path, AMBIGUOUS)
    section = name if ":" in name else "app:main"
    said = (f"{path}:{line}: [{section}]: ambiguous: [app:main], [composite:main] both answer "
            "to the name 'main'\n")
    assert run(capsys, "which", str(path), "GET", "/", "--name", name) == (2, "", said)
    assert run(capsys, "inspect", str(path), "--name", name) == (2, "", said)
    served = run_cli("serve", str(path), "--name", name, "--port", "0", "--trace-to", "off")
    assert (served.returncode, served.stdout, served.stderr) == (2, "", said)


#: [filter:later] lost its `]` inside [DEFAULT]: the pipeline naming `later` is refused.
MISSING_BRACKET = """\
[DEFAULT]
debug = true
[filter:later
paste.filter_factory = myfilters:later

[pipeline:p]
pipeline = later app

[app:app]
paste.app_factory = myapp:factory
"""
LATER_REFUSED = (
    "'later': no such filter section (line 3, '[filter:later', looks like its header but is "
    "read as a setting of [DEFAULT]: it is missing its `]`)"
)
DEFAULT_WARNING = (
    "api-paste.ini:3: '[filter:later' looks like a section header missing its `]`: PasteDeploy "
    "reads it, and the lines after it up to the next [section], as settings of [DEFAULT]"
)


def test_a_missing_section_names_the_line_that_looks_like_its_header(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, MISSING_BRACKET)
    out = run(capsys, "inspect", str(path))[1]
    assert f"  line 7: [pipeline:p] {LATER_REFUSED}" in out.splitlines()
    out = run(capsys, "inspect", str(path), "--name", "p")[1]
    assert f"  api-paste.ini:7 [pipeline:p]: {LATER_REFUSED}" in out.splitlines()
    status, out, _ = run(capsys, "which", str(path), "GET", "/", "--name", "p")
    assert status == 2
    assert f"The pipeline `p` cannot be built (line 7): {LATER_REFUSED}." in out
    for pipeline_graph in graph.read_ini(str(path)).graphs:
        check_entry(path, pipeline_graph)  # PasteDeploy refuses it too


def test_a_section_found_is_not_said_missing_for_a_misread_line_of_its_name(
    tmp_path: Path,
) -> None:
    """`[app:b]` exists; a `[filter:b` misread elsewhere is no hint for a filter named b
    in a pipeline, where only the filter is missing."""
    errors = read(tmp_path, "[DEFAULT]\n[app:b\n\n[pipeline:p]\npipeline = b app\n"
                            "[app:app]\npaste.app_factory = m:f\n").errors
    assert [error["error"] for error in errors] == ["'b': no such filter section"]


def test_file_warnings_are_said_with_name_and_by_which(tmp_path: Path, capsys) -> None:
    path = write_ini(tmp_path, MISSING_BRACKET)
    lines = run(capsys, "inspect", str(path), "--name", "app")[1].splitlines()
    assert lines[lines.index("Lines read otherwise than they look (1):") + 1] == (
        f"  ! {DEFAULT_WARNING}")
    whole = json.loads(run(capsys, "inspect", str(path), "--json")[1])
    one = json.loads(run(capsys, "inspect", str(path), "--name", "app", "--json")[1])
    assert list(one) == ["entry", "nodes", "edges", "defaults", "file_defaults", "warnings"]
    assert one["entry"] == "app:app"
    assert one["warnings"] == whole["warnings"]
    assert [w["line"] for w in one["warnings"]] == [3]
    out = run(capsys, "which", str(path), "GET", "/", "--name", "app")[1]
    assert f"\nLines read otherwise than they look (1):\n  ! {DEFAULT_WARNING}\n" in out


def test_a_referred_files_warnings_are_said_with_its_name(tmp_path: Path, capsys) -> None:
    write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = config:other.ini#x\n")
    other = tmp_path / "other.ini"
    other.write_text("[DEFAULT]\ndebug = true\n[filter:zz\n\n[app:x]\n"
                     "paste.app_factory = m:f\n")
    path = tmp_path / "api-paste.ini"
    warning = ("'[filter:zz' looks like a section header missing its `]`: PasteDeploy reads "
               "it, and the lines after it up to the next [section], as settings of [DEFAULT]")
    whole = json.loads(run(capsys, "inspect", str(path), "--json")[1])
    assert whole["warnings"] == [
        {"file": "other.ini", "section": "DEFAULT", "line": 3, "warning": warning}]
    for argv in ([], ["--name", "main"]):
        out = run(capsys, "inspect", str(path), *argv)[1]
        assert f"  ! other.ini:3: {warning}" in out.splitlines()
    one = json.loads(run(capsys, "inspect", str(path), "--name", "main", "--json")[1])
    assert one["warnings"] == whole["warnings"]


def test_two_headers_missing_their_bracket_in_one_section_are_both_named(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, "[DEFAULT]\ndebug = true\n[filter:one\nx = 1\n\n\n[filter:two\n"
                           "y = 2\n[app:main]\npaste.app_factory = m:f\n")
    assert run(capsys, "inspect", str(path)) == (2, "", (
        f"{path}:7: '[filter:two' (and '[filter:one' at line 3 before it) look like section "
        "headers missing their `]`: PasteDeploy reads each as a setting '[filter' of "
        "[DEFAULT]; so option '[filter' is set twice in [DEFAULT]\n"))


@pytest.mark.parametrize("value", ["[1, 2, 3]", "[::1]", "[1, 2,", "[a:b]"])
def test_an_indented_value_that_is_no_section_header_is_not_warned_about(
    tmp_path: Path, value: str
) -> None:
    ini = read(tmp_path, f"[app:main]\npaste.app_factory = m:f\nhosts =\n  {value}\n")
    assert ini.nodes["app:main"].warnings == []
    assert ini.warnings == []


def test_an_indented_header_says_only_the_lines_not_indented_are_settings(
    tmp_path: Path,
) -> None:
    """The lines after it indented too are more of the same value, not settings."""
    ini = read(tmp_path, "[app:main]\npaste.app_factory = m:f\nhosts =\n  [::1]\n"
                         "  [DEFAULT]\n  x = 1\ny = 2\n")
    assert ini.nodes["app:main"].warnings == [
        "api-paste.ini:5: '[DEFAULT]' is indented: PasteDeploy reads it as a continuation of "
        "the value of 'hosts' in [app:main], not as a section header, and the non-indented "
        "lines after it up to the next [section] as settings of [app:main]"]
    assert ini.nodes["app:main"].conf["hosts"] == "\n[::1]\n[DEFAULT]\nx = 1"


def test_a_value_with_continuation_lines_is_one_line_of_the_tree(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = a\n\n[app:a]\n"
                           "paste.app_factory = myapp:factory\n  [app:b]\n")
    lines = run(capsys, "inspect", str(path))[1].splitlines()
    assert "└── [/] → app:a = myapp:factory [app:b]   (line 5)" in lines
    assert not any(line.startswith("[app:b]") for line in lines)
    whole = json.loads(run(capsys, "inspect", str(path), "--json")[1])
    assert whole["graphs"][0]["nodes"][1]["factory"] == "myapp:factory\n[app:b]"  # as read
    for pipeline_graph in graph.read_ini(str(path)).graphs:
        check_entry(path, pipeline_graph)


#: cinder's versions pipeline under a misspelt kind, `[pipline:…]`, which no name loads.
PIPLINE = ("[composite:main]\nuse = egg:Paste#urlmap\n/ = apiversions\n\n"
           "[pipline:apiversions]\npipeline = versions\n\n"
           "[app:versions]\npaste.app_factory = cinder.api.versions:Versions.factory\n")
PIPLINE_WARNING = ("[pipline:apiversions]: `pipline` is no section kind PasteDeploy reads (did "
                   "you mean `pipeline`?), so no name loads this section")
PIPLINE_REFUSED = ("'apiversions': no such app, composite, pipeline or filter-app section "
                   "([pipline:apiversions] at line 5 has that name, but `pipline` is no section "
                   "kind PasteDeploy reads: did you mean [pipeline:apiversions]?)")


def test_a_section_of_a_kind_paste_deploy_reads_none_by_is_said_at_its_line(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, PIPLINE)
    out = run(capsys, "inspect", str(path))[1].splitlines()
    assert f"  ! api-paste.ini:5: {PIPLINE_WARNING}" in out
    assert f"  line 3: [composite:main] {PIPLINE_REFUSED}" in out
    data = json.loads(run(capsys, "inspect", str(path), "--json")[1])
    assert data["warnings"] == [
        {"section": "pipline:apiversions", "line": 5, "warning": PIPLINE_WARNING}]
    assert data["errors"] == [{"section": "composite:main", "error": PIPLINE_REFUSED, "line": 3}]
    status, out, _ = run(capsys, "which", str(path), "GET", "/", "--name", "main")
    assert status == 2
    assert f"The composite `main` cannot be built (line 3): {PIPLINE_REFUSED}." in out


@pytest.mark.parametrize(("kind", "meant"), [
    ("APP", "app"), ("FILTER-APP", "filter-app"), ("Filter-App", "filter-app"),
    ("PIPELINE", "pipeline"), ("COMPOSIT", "composite")])
def test_a_kind_in_capitals_is_said_to_mean_the_kind_paste_deploy_reads(
    tmp_path: Path, capsys, kind: str, meant: str
) -> None:
    """PasteDeploy reads a header's kind as written: `[APP:home]` is no app to it (the
    oracle's loadapp refuses `home`), and the kind meant is named, as for `Filter`."""
    path = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = home\n\n"
                               f"[{kind}:home]\npaste.app_factory = myapp:factory\n")
    out = run(capsys, "inspect", str(path))[1].splitlines()
    assert (f"  ! api-paste.ini:5: [{kind}:home]: `{kind}` is no section kind PasteDeploy reads "
            f"(did you mean `{meant}`?), so no name loads this section") in out
    assert (f"  line 3: [composite:main] 'home': no such app, composite, pipeline or filter-app "
            f"section ([{kind}:home] at line 5 has that name, but `{kind}` is no section kind "
            f"PasteDeploy reads: did you mean [{meant}:home]?)") in out
    for pipeline_graph in graph.read_ini(str(path)).graphs:
        check_entry(path, pipeline_graph)


#: quark's api-paste.ini (written by a script that sets `[section]key` settings): the
#: factory of [filter:authtoken] is on its header's line, where PasteDeploy drops it.
HEADER_TAIL = """\
[DEFAULT]admin_password = s3cr3t

[pipeline:main]
pipeline = authtoken app

[filter:authtoken]paste.filter_factory = keystonemiddleware.auth_token:filter_factory
auth_host = 127.0.0.1

[app:app]  # the api
paste.app_factory = myapp:factory
"""
TAIL_WARNING = (
    "api-paste.ini:6: 'paste.filter_factory = keystonemiddleware.auth_token:filter_factory' "
    "follows the header '[filter:authtoken]' on its line: PasteDeploy reads the header and "
    "drops the rest of the line, so it sets nothing; put it on a line of its own"
)


def test_text_after_a_headers_bracket_is_said_dropped_where_the_section_is_refused(
    tmp_path: Path, capsys
) -> None:
    path = write_ini(tmp_path, HEADER_TAIL)
    status, out, _ = run(capsys, "inspect", str(path))
    assert status == 0
    lines = out.splitlines()
    # above the refusal that names the setting the line holds
    at = lines.index(f"│     ! {TAIL_WARNING}")
    assert lines[at + 1] == (
        "│     ✗ no factory: needs `use = …` or paste.filter_factory or paste.filter_app_factory")
    assert ("  ! api-paste.ini:1: 'admin_password = ***' follows the header '[DEFAULT]' on its "
            "line: PasteDeploy reads the header and drops the rest of the line, so it sets "
            "nothing; put it on a line of its own") in lines
    assert "s3cr3t" not in out
    whole = json.loads(run(capsys, "inspect", str(path), "--json")[1])
    nodes = {node["id"]: node for node in whole["graphs"][0]["nodes"]}
    assert nodes["filter:authtoken"]["warnings"] == [TAIL_WARNING]
    assert nodes["app:app"]["warnings"] == []  # a comment after `]` is dropped as meant
    assert [(w["section"], w["line"]) for w in whole["warnings"]] == [("DEFAULT", 1)]
    for pipeline_graph in graph.read_ini(str(path)).graphs:
        check_entry(path, pipeline_graph)  # PasteDeploy refuses the filter too


def test_a_long_text_after_a_headers_bracket_is_quoted_at_readable_length(
    tmp_path: Path,
) -> None:
    ini = read(tmp_path, "[app:main]" + "x" * 100_000 + "\npaste.app_factory = m:f\n")
    (warning,) = ini.nodes["app:main"].warnings
    assert warning.startswith("api-paste.ini:1: 'xxx")
    assert warning.endswith("so it sets nothing; put it on a line of its own")
    assert len(warning) < 500
