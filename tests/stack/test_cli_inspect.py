"""`python -m stack inspect`: every test ini as JSON and as a tree; bad files exit 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from stack import graph
from stack.__main__ import main
from tests.conftest import DEMO
from tests.conftest import INI_DATA
from tests.conftest import NEUTRON
from tests.conftest import NOVA
from tests.conftest import ROOT
from tests.conftest import SWIFT
from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.stack import paste_oracle
from tests.stack.conftest import chained_defaults

INI_FILES = sorted(path for path in INI_DATA.iterdir() if path.name != "PROVENANCE.md")
#: What no text the CLI prints may hold: C0 controls but tab and newline, DEL, C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inspect(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI in a fresh interpreter, as a user would."""
    return run_cli("inspect", *args, env=env)




@pytest.mark.parametrize("path", INI_FILES, ids=[path.name for path in INI_FILES])
def test_every_file_inspects_with_and_without_name(path: Path, capsys) -> None:
    assert main(["inspect", str(path), "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert whole["file"] == path.name
    assert whole["entries"] == [g["entry"] for g in whole["graphs"]]
    for one in whole["graphs"]:
        name = one["nodes"][0]["name"]
        assert main(["inspect", str(path), "--name", name, "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {**one, "warnings": whole["warnings"]}
        assert main(["inspect", str(path), "--name", name]) == 0
        assert capsys.readouterr().out.startswith(one["entry"])
    assert main(["inspect", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{path.name}: {len(whole['entries'])} entr")
    for entry in whole["entries"]:
        assert f"\n{entry}" in text


def test_json_from_a_real_process() -> None:
    result = inspect(str(NOVA), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["entries"] == ["composite:metadata", "composite:ec2", "composite:osapi_compute"]
    one = inspect(str(NOVA), "--name", "osapi_compute", "--json")
    assert json.loads(one.stdout) == {**data["graphs"][2], "warnings": data["warnings"]}


def test_json_shows_no_password_of_a_url_nor_key_of_a_swift_user(tmp_path: Path) -> None:
    ini = tmp_path / "creds.ini"
    ini.write_text("[app:main]\nuse = egg:myapp\nsqlalchemy.url = mysql://root:eg0n1@db/app\n"
                   "auth_uri = http://k/?password=QPASS2\n"
                   "identity_uri = http://keystone:35357/?password=QPASS&region=north\n"
                   "swift_creds = CREDS\n")
    [app] = json.loads(inspect(str(ini), "--json").stdout)["graphs"][0]["nodes"]
    assert app["conf"] == {"sqlalchemy.url": "mysql://root:***@db/app",
                           "auth_uri": "http://k/?password=***",
                           "identity_uri": "http://keystone:35357/?password=***&region=north",
                           "swift_creds": "***"}
    swift = json.loads(inspect(str(SWIFT), "--json").stdout)
    [tempauth] = [n for g in swift["graphs"] for n in g["nodes"] if n["id"] == "filter:tempauth"]
    assert tempauth["conf"]["user_admin_admin"] == "*** .admin .reseller_admin"
    assert tempauth["conf"]["user_test_tester3"] == "***"


def test_a_tempauth_reached_through_use_has_its_users_keys_redacted(tmp_path: Path) -> None:
    """The factory a section's `use =` chain ends at builds it: a section using one that uses
    tempauth holds tempauth's accounts, its own name and `use` saying nothing of it."""
    ini = tmp_path / "ta.ini"
    ini.write_text("[pipeline:main]\npipeline = more auth proxy\n[filter:base1]\n"
                   "use = egg:swift#tempauth\nuser_test_tester = s3cr3t-A .admin\n"
                   "[filter:auth]\nuse = base1\n"
                   "user_admin_admin = s3cr3t-B .admin .reseller_admin\n"
                   "[filter:more]\nuse = auth\nuser_x_y = s3cr3t-C\n"
                   "[app:proxy]\nuse = egg:swift#proxy\n")
    result = inspect(str(ini), "--json")
    nodes = {node["id"]: node for graph in json.loads(result.stdout)["graphs"]
             for node in graph["nodes"]}
    assert nodes["filter:auth"]["conf"] == {"user_admin_admin": "*** .admin .reseller_admin"}
    assert nodes["filter:base1"]["conf"] == {"user_test_tester": "*** .admin"}
    assert nodes["filter:more"]["conf"] == {"user_x_y": "***"}
    assert "s3cr3t" not in result.stdout


def test_a_secret_interpolated_into_a_setting_of_another_name_is_redacted(
        tmp_path: Path) -> None:
    """A secret's text is hidden wherever a setting holds it, as a word of its own: one
    interpolated (`%(admin_password)s`), or got (`get`), into a setting not named secret."""
    ini = tmp_path / "interp.ini"
    ini.write_text("[DEFAULT]\nadmin_password = s3cr3t-A\n[app:main]\nuse = egg:X#y\n"
                   "admin_user_args = --user nova --pw %(admin_password)s\n"
                   "get who = admin_password\nurl = mysql://nova:dbpw-1@db/nova\n"
                   "again = --db=dbpw-1, not dbpw-12 nor s3cr3t-AB\n")
    result = inspect(str(ini), "--json")
    [app] = json.loads(result.stdout)["graphs"][0]["nodes"]
    assert app["conf"] == {"admin_user_args": "--user nova --pw ***", "who": "***",
                           "url": "mysql://nova:***@db/nova",
                           "again": "--db=***, not dbpw-12 nor s3cr3t-AB"}


def test_a_section_refused_for_several_reasons_is_counted_once_its_app_first(
        tmp_path: Path) -> None:
    ini = tmp_path / "many.ini"
    ini.write_text("[pipeline:api]\npipeline = request_id faultwrap apiv1app\n\n"
                   "[pipeline:other]\npipeline = nothing\n")
    lines = inspect(str(ini)).stdout.splitlines()
    start = lines.index("PasteDeploy would refuse these sections (2), for 4 reasons:")
    assert lines[start + 1:] == [
        "  line 2: [pipeline:api] 'apiv1app': no such app, composite, pipeline or filter-app "
        "section", "  line 2: [pipeline:api] 'request_id': no such filter section",
        "  line 2: [pipeline:api] 'faultwrap': no such filter section",
        "  line 5: [pipeline:other] 'nothing': no such app, composite, pipeline or filter-app "
        "section"]
    which = run_cli("which", str(ini), "GET", "/", "--name", "api").stdout
    assert ("The pipeline `api` cannot be built (line 2): 'apiv1app': no such app, composite, "
            "pipeline or filter-app section. Loading fails, and no request is answered.") in which


@pytest.mark.parametrize(("use", "note"), [
    ("Paste#urlmap", " (a factory of a package is named with its scheme: meant "
                     "`egg:Paste#urlmap`?)"),
    ("urlmap", ""), ("#urlmap", ""), ("/x#y", ""),
    # glance's `use = call:glance.api:root_app_factory`, as a fork of it wrote it.
    ("glance.api.root_app_factory", " (a Python factory is named with its scheme: meant "
                                    "`call:glance.api:root_app_factory`?)"),
    ("glance.api:root_app_factory", " (a Python factory is named with its scheme: meant "
                                    "`call:glance.api:root_app_factory`?)"),
    # `call:` reaches no attribute of an attribute: a `paste.*_factory` does.
    ("nova.api:APIRouter.factory", " (a Python factory is named with its scheme, and one that "
                                   "is an attribute of another, as `APIRouter.factory`, by "
                                   "`paste.composite_factory = nova.api:APIRouter.factory` in "
                                   "place of this `use`)"),
    ("v1.1", ""), ("keystone.auth-token", "")])
def test_a_factory_written_without_its_scheme_is_said_to_want_it(tmp_path: Path, use, note) -> None:
    ini = tmp_path / "map.ini"
    ini.write_text(f"[composite:map]\nuse = {use}\n/photos = photos\n\n"
                   "[app:photos]\nuse = egg:afpy.photos\n")
    lines = inspect(str(ini)).stdout.splitlines()
    assert (f"  line 2: [composite:map] {use!r}: no such app, composite, pipeline or "
            f"filter-app section{note}") in lines


def test_the_tree_reads_top_down() -> None:
    result = inspect(str(NOVA))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "nova-api-paste.ini: 3 entries — metadata, ec2, osapi_compute"
    start = lines.index(
        "composite:osapi_compute = call:nova.api.openstack.urlmap:urlmap_factory   (line 59)"
    )
    assert lines[start + 1 : start + 4] == [
        "├── [/] → pipeline:oscomputeversions   (line 113)",
        "│   ├── 0 → filter:faultwrap = nova.api.openstack:FaultWrapper.factory   (line 89)",
        "│   └── 1 → app:oscomputeversionapp = "
        "nova.api.openstack.compute.versions:Versions.factory   (line 116)",
    ]
    assert (
        "├── [/v2] → composite:openstack_compute_api_v2 = auth:pipeline_factory  (shown above)"
    ) in lines
    assert "│   ├── [keystone] → pipeline:openstack_compute_api_v2[keystone]   (line 70)" in lines
    assert lines[-1] == "Sections no entry uses: filter:ec2lockout, filter:authorizer"


def test_a_refused_section_is_listed_and_the_rest_still_shown() -> None:
    path = INI_DATA / "pastedeploy-test_filter.ini"
    data = json.loads(inspect(str(path), "--json").stdout)
    assert data["errors"] == [
        {
            "section": "pipeline:piped3",
            "error": "a pipeline takes no other settings, found: 'extra_config_option'",
            "line": 26,
        }
    ]
    assert "pipeline:piped" in data["entries"]
    text = inspect(str(path)).stdout
    assert "  ✗ a pipeline takes no other settings, found: 'extra_config_option'" in text
    assert (
        "  line 26: [pipeline:piped3] a pipeline takes no other settings, "
        "found: 'extra_config_option'"
    ) in text
    # The section alone cites the same line (the one at fault, not the section's header).
    alone = inspect(str(path), "--name", "piped3")
    assert alone.returncode == 0
    assert (
        "  pastedeploy-test_filter.ini:26 [pipeline:piped3]: a pipeline takes no other "
        "settings, found: 'extra_config_option'"
    ) in alone.stdout


def test_a_pipeline_setting_in_other_capitals_is_said_once_with_its_line(tmp_path: Path) -> None:
    """`Pipeline =` is no `pipeline` to PasteDeploy: the refusal says why, at that line, and
    names the section once (it read "[pipeline:main] [pipeline:main] has no…")."""
    path = write_ini(tmp_path, "[pipeline:main]\nPipeline = api\n\n[app:api]\nuse = egg:A#api\n")
    why = ("no `pipeline` setting (`Pipeline` is set, but PasteDeploy's setting names are "
           "case-sensitive: write `pipeline`)")
    lines = inspect(str(path)).stdout.splitlines()
    assert f"  ✗ {why}   (line 2)" in lines
    assert [line for line in lines if line.startswith("  line")] == [
        f"  line 2: [pipeline:main] {why}"]
    served = run_cli("serve", str(path), "--port", "0", "--trace-to", "off")
    assert (served.returncode, served.stderr) == (
        2, f"{path}:2: cannot build [main]: [pipeline:main] {why}\n")


def test_one_refusal_made_twice_cites_each_line(tmp_path: Path) -> None:
    """Two prefixes naming one missing app: the section alone lists each at its own line, as
    the whole file does."""
    path = tmp_path / "api-paste.ini"
    path.write_text("[composite:main]\nuse = egg:Paste#urlmap\n/a = gone\n/b = gone\n/c = ok\n\n"
                    "[app:ok]\nuse = egg:A#ok\n")
    refused = "[composite:main] 'gone': no such app, composite, pipeline or filter-app section"
    whole = inspect(str(path)).stdout.splitlines()
    assert [line for line in whole if line.startswith("  line")] == [
        f"  line 3: {refused}", f"  line 4: {refused}"]
    alone = inspect(str(path), "--name", "main").stdout.splitlines()
    assert [line for line in alone if line.startswith("  api-paste")] == [
        f"  api-paste.ini:3 {refused.replace(']', ']:', 1)}",
        f"  api-paste.ini:4 {refused.replace(']', ']:', 1)}",
    ]


def test_a_name_no_section_of_another_file_answers_to_is_said_with_that_file(
    tmp_path: Path,
) -> None:
    """`config:shared.ini` loads its `main`: missing there, while the file read has its own
    [composite:main], a bare "'main': no such … section" sends the operator to the wrong file."""
    path = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = ok\n"
                               "/v2 = config:shared.ini\n/v3 = config:shared.ini#api_v3\n\n"
                               "[app:ok]\nuse = egg:A#ok\n")
    write_ini(tmp_path, "# the apps are still to be copied here\n", "shared.ini")
    missing = "no such app, composite, pipeline or filter-app section in shared.ini"
    lines = inspect(str(path)).stdout.splitlines()
    assert [line for line in lines if line.startswith("  line")] == [
        f"  line 4: [composite:main] 'main': {missing}",
        f"  line 5: [composite:main] 'api_v3': {missing}"]
    served = run_cli("serve", str(path), "--port", "0", "--trace-to", "off")
    assert (served.returncode, served.stderr) == (
        2, f"{path}:4: cannot build [main]: [composite:main] 'main': {missing}\n")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"key = 1\n[app:a]\n", ":1: text before the first [section]: 'key = ***'"),
        (b"[composite:main\n", ":1: '[composite:main' looks like a section header missing its `]`"),
        (b"[app:a]\nuse = egg:A#a\n[app:a]\n",
         ":3: section [app:a] is defined twice (first at line 1)"),
        (b"[app:a]\nuse = egg:A#a\nuse = egg:B#b\n", ":3: option 'use' is set twice in [app:a]"),
        (b"[app:a]\n  \njust words\n", ":3: expected `name = value`, a [section] or a comment"),
        (b"[app:a]\nname = caf\xe9\n", ":2: not UTF-8 text: byte 0xe9 at column 11"),
        (
            chained_defaults(levels=10, fan=5, leaf="x" * 10).encode()
            + b"[app:a]\nuse = egg:A#a\ndoc = %(v9)s\n",
            ":8: option 'v6' grows too large through %(name)s interpolation",
        ),
    ],
)
def test_unreadable_files_exit_2_with_file_and_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "bad.ini"
    path.write_bytes(content)
    line = int(expected.split(":")[1])
    for args in ([str(path)], [str(path), "--json"], [str(path), "--name", "a"],
                 [str(path), "--name", "a", "--json"]):
        result = inspect(*args)
        assert result.returncode == 2
        assert result.stderr.startswith(f"{path}{expected}")
        assert result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
        if "--json" not in args:
            assert result.stdout == ""
            continue
        # a script piping --json into jq gets the error too, as a file's refusals are listed
        message = result.stderr.removeprefix(f"{path}:{line}: ").removesuffix("\n")
        assert json.loads(result.stdout) == {
            "file": "bad.ini", "entries": [], "graphs": [],
            "errors": [{"section": None, "error": message, "line": line}], "warnings": [],
            "unused": [], "named_by_refused": []}


def test_a_continuation_line_indented_no_deeper_than_its_setting_says_why(
    tmp_path: Path,
) -> None:
    """A `pipeline =` indented four spaces, continued on a line indented one tab (an editor
    showing it eight wide): configparser counts the tab as one character, so the line is no
    continuation, and PasteDeploy refuses the file. "expected `name = value`" did not say so."""
    path = write_ini(tmp_path, "[pipeline:main]\n    pipeline = authtoken\n\tapi\n")
    why = ("'api' is indented 1 character (a tab), no deeper than 'pipeline' at line 2, "
           "indented 4 characters (4 spaces): so it does not continue that value, and it is no "
           "`name = value` either; indent it deeper than line 2 (a tab counts as one "
           "character, as a space does)")
    assert (inspect(str(path)).stderr, run_cli("which", str(path), "GET", "/").stderr) == (
        f"{path}:3: {why}\n", f"{path}:3: {why}\n")
    with pytest.raises(paste_oracle.Refused, match="ParsingError"):
        paste_oracle.oracle_graph(str(path), "main")


def test_a_lone_percent_names_its_setting_and_how_to_write_it(tmp_path: Path) -> None:
    """A URL's `%2F` pasted into a setting: PasteDeploy reads `%` as an interpolation and
    refuses it; the refusal names the setting and says a `%` meant as text is `%%`."""
    path = write_ini(tmp_path, "[app:main]\nuse = egg:A#a\nauth_url = http://k/v3?x=a%2Fb\n")
    why = ("option 'auth_url': '%' must be followed by '%' or '(', found: '%2Fb' (a % meant "
           "as text is written %%)")
    assert f"  line 3: [app:main] {why}" in inspect(str(path)).stdout.splitlines()
    served = run_cli("serve", str(path), "--port", "0", "--trace-to", "off")
    assert (served.returncode, served.stderr) == (
        2, f"{path}:3: cannot build [main]: [app:main] {why}\n")
    with pytest.raises(paste_oracle.Refused, match="must be followed by"):
        paste_oracle.oracle_graph(str(path), "main")


def test_json_of_a_file_or_name_that_cannot_be_read_is_json_too(tmp_path: Path) -> None:
    """Exit 2 and the line on stderr, as without --json; the error on stdout as JSON, with
    the entries of a file that was read but has no section the name asks for."""
    missing = inspect(str(tmp_path / "absent.ini"), "--json")
    assert (missing.returncode, missing.stderr) == (2, f"{tmp_path / 'absent.ini'}: no such file\n")
    assert json.loads(missing.stdout) == {
        "file": "absent.ini", "entries": [], "graphs": [],
        "errors": [{"section": None, "error": "no such file", "line": None}], "warnings": [],
        "unused": [], "named_by_refused": []}
    folder = inspect(f"{tmp_path}/", "--json")
    assert folder.returncode == 2
    assert json.loads(folder.stdout)["errors"] == [
        {"section": None, "error": "not a regular file", "line": None}]
    assert json.loads(folder.stdout)["file"] == tmp_path.name
    unknown = inspect(str(NOVA), "--name", "nope", "--json")
    assert unknown.returncode == 2
    said = ("no app, composite, pipeline or filter-app section named 'nope' (entries: "
            "metadata, ec2, osapi_compute; any such section may be named too)")
    assert unknown.stderr == f"{NOVA}: {said}\n"
    assert json.loads(unknown.stdout) == {
        "file": "nova-api-paste.ini",
        "entries": ["composite:metadata", "composite:ec2", "composite:osapi_compute"],
        "graphs": [], "errors": [{"section": None, "error": said, "line": None}],
        "warnings": [],
        # the file's own, whatever the name asked for
        "unused": [{"section": "filter:ec2lockout", "line": 33},
                   {"section": "filter:authorizer", "line": 46}],
        "named_by_refused": []}


@pytest.mark.parametrize(("path", "said"), [
    ("a%b.ini", "the file's name holds a '%', which PasteDeploy reads as interpolation: it "
     "gives every section the file's path as `%(__file__)s`, interpolated as values are, and "
     "refuses it ('%' must be followed by '%' or '(', found: '%b.ini'), so it loads nothing "
     "from this file; rename the file without the '%'"),
    ("100%/api-paste.ini", "the path of the file's folder holds a '%', which PasteDeploy reads "
     "as interpolation: it gives every section that path as `%(here)s`, interpolated as values "
     "are, and refuses it ('%' must be followed by '%' or '(', found: '%'), so it loads "
     "nothing from this file; rename the folder whose name holds the '%'"),
])
def test_a_file_whose_path_pastedeploy_cannot_interpolate_is_refused_saying_so(
        tmp_path: Path, path: str, said: str) -> None:
    """PasteDeploy gives every section `here` and `__file__` from the file's path, and
    interpolates them as values: a `%` there refuses the whole file, whatever it holds."""
    ini = tmp_path / path
    ini.parent.mkdir(exist_ok=True)
    ini.write_text("[app:main]\nuse = egg:A#a\n")
    with pytest.raises(paste_oracle.Refused, match="must be followed by"):
        paste_oracle.oracle_graph(str(ini), "main")
    result = inspect(str(ini))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"{ini}: {said}\n")
    result = inspect(str(ini), "--json")
    assert (result.returncode, json.loads(result.stdout)["errors"]) == (
        2, [{"section": None, "error": said, "line": None}])


def test_a_file_whose_path_pastedeploy_interpolates_is_read_as_by_it(tmp_path: Path) -> None:
    """`%%` is a `%` to PasteDeploy: it reads the file, its `%(__file__)s` one `%` shorter."""
    ini = tmp_path / "a%%b.ini"
    ini.write_text("[app:main]\nuse = egg:A#a\nconfig = %(__file__)s\n")
    assert paste_oracle.oracle_graph(str(ini), "main")["entry"] == "app:main"
    result = inspect(str(ini), "--json")
    assert result.returncode == 0, result.stderr
    [app] = json.loads(result.stdout)["graphs"][0]["nodes"]
    assert app["conf"] == {"config": "%(here)s/a%b.ini"}


def test_a_dash_for_standard_input_is_said_unread_by_every_command(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """`inspect -` said "-: no such file", as if a file named `-` were looked for; an ini is
    read from its path, whose folder its `config:` references and `%(here)s` name."""
    said = ("-: standard input is not read: give the api-paste.ini's path (its folder is "
            "where its `config:` references and %(here)s point)\n")
    for argv in (["inspect", "-"], ["inspect", "-", "--json"], ["which", "-", "GET", "/"],
                 ["serve", "-", "--trace-to", "off", "--port", "0"]):
        done = run_cli(*argv)
        assert (done.returncode, done.stderr) == (2, said), argv
    monkeypatch.chdir(tmp_path)  # a file named `-` is still read, as PasteDeploy would
    (tmp_path / "-").write_text("[app:main]\nuse = egg:A#a\n")
    assert main(["inspect", "-"]) == 0
    assert capsys.readouterr().out.startswith("-: 1 entry — main\n")


def test_missing_files_folders_and_names_exit_2(tmp_path: Path) -> None:
    missing = inspect(str(tmp_path / "absent.ini"))
    assert (missing.returncode, missing.stderr) == (2, f"{tmp_path / 'absent.ini'}: no such file\n")
    folder = inspect(str(tmp_path))
    assert (folder.returncode, folder.stderr) == (2, f"{tmp_path}: not a regular file\n")
    unknown = inspect(str(NOVA), "--name", "nope")
    assert unknown.returncode == 2
    assert unknown.stderr == (
        f"{NOVA}: no app, composite, pipeline or filter-app section named 'nope' (entries: "
        "metadata, ec2, osapi_compute; any such section may be named too)\n"
    )


def test_a_filter_named_by_its_name_alone_is_drawn_as_by_its_id() -> None:
    """Not "no section named 'authtoken'" beside the file's [filter:authtoken]."""
    neutron = str(NEUTRON)
    drawn = "filter:authtoken = keystonemiddleware.auth_token:filter_factory   (line 32)\n"
    for name in ("authtoken", "filter:authtoken"):
        result = inspect(neutron, "--name", name)
        assert (result.returncode, result.stdout, result.stderr) == (0, drawn, ""), name
    as_json = inspect(neutron, "--name", "authtoken", "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["entry"] == "filter:authtoken"


def test_an_ambiguous_name_exits_2_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "api-paste.ini"
    path.write_text("[app:x]\nuse = egg:A#a\n\n[pipeline:x]\npipeline = y\n")
    result = inspect(str(path), "--name", "x")
    assert result.returncode == 2
    assert result.stderr == (
        f"{path}:1: [app:x]: ambiguous: [app:x], [pipeline:x] both answer to the name 'x'\n"
    )


def test_inspecting_imports_nothing_the_ini_names() -> None:
    code = (
        "import json, sys\n"
        "from stack.__main__ import main\n"
        f"for name in ('nova-api-paste.ini', 'aodh-api-paste.ini'):\n"
        f"    main(['inspect', {str(INI_DATA)!r} + '/' + name, '--json'])\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    roots = {name.split(".")[0] for name in json.loads(result.stderr)}
    # aodh names oslo_middleware, which is installed here: it must still not be imported.
    assert not roots & {"nova", "keystonemiddleware", "oslo_middleware", "aodh", "osprofiler"}
    assert not roots & {"eventlet", "flask"}


def test_a_module_named_by_the_ini_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    (tmp_path / "loud_factory.py").write_text(
        f"open({str(marker)!r}, 'w').close()\ndef app(global_conf, **local):\n    return None\n"
    )
    ini = tmp_path / "loud.ini"
    ini.write_text(
        "[composite:main]\nuse = call:loud_factory:app\nroot = pipe\n\n"
        "[pipeline:pipe]\npipeline = f app\n\n"
        "[filter:f]\npaste.filter_factory = loud_factory:app\n\n"
        "[app:app]\nuse = egg:loud_factory#app\nrequire = loud_factory\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    for args in ([str(ini), "--json"], [str(ini)], [str(ini), "--name", "main"]):
        result = inspect(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert not marker.exists()
    assert json.loads(inspect(str(ini), "--json", env=env).stdout)["entries"] == ["composite:main"]
    # The control: the module really would leave the marker if it were imported.
    subprocess.run([sys.executable, "-c", "import loud_factory"], env=env, check=True, timeout=60)
    assert marker.exists()


def test_the_cli_and_the_library_agree() -> None:
    path = str(INI_DATA / "manila-api-paste.ini")
    ini = graph.read_ini(path)
    assert json.loads(inspect(path, "--json").stdout) == ini.to_json()


@pytest.mark.parametrize(
    "args",
    [
        ["inspect", str(DEMO / "compute.ini")],
        ["inspect", str(DEMO / "compute.ini"), "--json"],
        ["which", str(DEMO / "compute.ini"), "GET", "/v2.1/servers"],
    ],
)
def test_a_reader_that_stops_early_ends_it_quietly(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a byte is written (`| head -c 0`)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "stack", *args],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (141, "")  # 128 + SIGPIPE, as `cat` ends


def test_control_characters_are_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "ansi.ini"
    path.write_text(
        "[app:\x1b[31mred\x1b[0m]\nuse = egg:\x1b[2Jclear\n\n"
        "[app:x\x1b]0;pwned\x07]\nuse = egg:A\x9b1m\x7f\n\n"
        "[app:m\x00n]\nuse = egg:Tab\tB\n"
    )
    tree = inspect(str(path))
    assert tree.returncode == 0, tree.stderr
    assert not CONTROL.search(tree.stdout)
    assert tree.stdout.splitlines()[0] == (
        "ansi.ini: 3 entries — \\x1b[31mred\\x1b[0m, x\\x1b]0;pwned\\x07, m\\x00n"
    )
    assert "app:x\\x1b]0;pwned\\x07 = egg:A\\x9b1m\\x7f   (line 4)" in tree.stdout
    assert "app:m\\x00n = egg:Tab\tB   (line 7)" in tree.stdout  # a tab is no control
    # JSON escapes them itself: the names come back as they are in the file.
    entries = json.loads(inspect(str(path), "--json").stdout)["entries"]
    assert entries == ["app:\x1b[31mred\x1b[0m", "app:x\x1b]0;pwned\x07", "app:m\x00n"]
    several = run_cli("which", str(path), "GET", "/")
    assert several.returncode == 2
    assert several.stderr == (
        f"{path}: several entries and none named 'main' (which loadapp loads when given no "
        "name), pick one with --name: "
        "\\x1b[31mred\\x1b[0m, x\\x1b]0;pwned\\x07, m\\x00n\n"
    )
    which = run_cli("which", str(path), "GET", "/", "--name", "x\x1b]0;pwned\x07")
    assert which.returncode == 0, which.stderr
    assert "the app `x\\x1b]0;pwned\\x07`" in which.stdout
    assert not CONTROL.search(which.stdout)


def test_a_long_echo_of_the_file_is_cut_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "long.ini"
    path.write_text("x" * 5_000_000 + "\n[app:a]\nuse = egg:A#a\n")
    result = inspect(str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:1: text before the first [section]: 'xxx")
    assert "xxx…[4999235 of 5000035 characters cut]…xxx" in result.stderr
    assert result.stderr.endswith("xxx'\n")
    assert len(result.stderr) < 1000
    # A refusal quoting a long value, in the tree: cut too, its reason kept.
    path.write_text("[app:a]\nuse = egg:A#a\nx = %(" + "y" * 1_000_000 + ")s\n")
    tree = inspect(str(path))
    assert tree.returncode == 0, tree.stderr
    refusal = next(line for line in tree.stdout.splitlines() if line.startswith("  ✗ "))
    assert len(refusal) < 1000
    assert refusal.endswith(")s names no option of [app:a] or [DEFAULT]   (line 3)")


def test_a_value_on_continuation_lines_is_quoted_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "api-paste.ini"
    path.write_text("[app:main]\nuse = call:x\n  main\n")
    result = inspect(str(path), "--name", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "  api-paste.ini:2 [app:main]: line 3 `main` is indented: PasteDeploy reads it as the "
        "rest of the value of `use` (line 2), not as a setting of its own; so use = call:x main: "
        "a call: reference needs module:function"
    )


def test_a_section_whose_name_holds_a_hash_is_picked_by_that_name(tmp_path: Path) -> None:
    """PasteDeploy loads `[composite:main#1]` as `loadapp(…, name="main#1")`; so do --name and
    `which`, and a section of another file (`other.ini#app:inner`) is still not a name here."""
    path = tmp_path / "api-paste.ini"
    path.write_text(
        "[composite:main#1]\nuse = egg:Paste#urlmap\n/ = my#app\n/other = config:other.ini#inner\n"
        "\n[app:my#app]\nuse = egg:A#a\n"
    )
    (tmp_path / "other.ini").write_text("[app:inner]\nuse = egg:A#b\n")
    found = inspect(str(path), "--name", "main#1", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["entry"] == "composite:main#1"
    app = inspect(str(path), "--name", "my#app")
    assert (app.returncode, app.stdout.split("   ")[0]) == (0, "app:my#app = egg:A#a")
    for picked in ([], ["--name", "main#1"]):
        which = run_cli("which", str(path), "GET", "/x", *picked)
        assert which.returncode == 0, which.stderr
        went = "GET /x would go: the composite `main#1` → the app `my#app`."
        assert which.stdout.startswith(went)
    other = inspect(str(path), "--name", "inner")
    assert (other.returncode, other.stderr) == (
        2, f"{path}: no app, composite, pipeline or filter-app section named 'inner' "
        "(entries: main#1; any such section may be named too)\n"
    )


def test_a_header_missing_its_bracket_is_a_warning_in_the_tree_and_the_json(
    tmp_path: Path,
) -> None:
    path = tmp_path / "api-paste.ini"
    path.write_text("[app:x]\nuse = egg:A#a\n\n[pipeline:p\npipeline = x\n")
    warning = ("api-paste.ini:4: '[pipeline:p' looks like a section header missing its `]`: "
               "PasteDeploy reads it, and the lines after it up to the next [section], as "
               "settings of [app:x]")
    tree = inspect(str(path))
    assert tree.returncode == 0, tree.stderr
    assert f"  ! {warning}" in tree.stdout.splitlines()
    whole = json.loads(inspect(str(path), "--json").stdout)
    assert whole["graphs"][0]["nodes"][0]["warnings"] == [warning]


@pytest.mark.parametrize("header", [" app:main ", "app : main"])
def test_spaces_pastedeploy_does_not_strip_are_said(tmp_path: Path, header: str) -> None:
    path = tmp_path / "api-paste.ini"
    path.write_text(f"[{header}]\nuse = egg:A#a\n")
    lines = inspect(str(path)).stdout.splitlines()
    assert lines[-1] == (f"  line 1: [{header}] spaces around 'app', which PasteDeploy does not "
                         "strip: no name loads this section (write [app:main])")


def test_a_file_whose_only_app_sections_are_a_cycle_shows_them_refused(tmp_path: Path) -> None:
    path = tmp_path / "api-paste.ini"
    path.write_text("[app:a]\nuse = b\n\n[app:b]\nuse = a\n")
    lines = inspect(str(path)).stdout.splitlines()
    assert lines[0] == "api-paste.ini: 1 entry — a"
    assert "  ✗ cycle: app:a → app:b → app:a" in "\n".join(lines)


def test_a_name_near_a_section_asks_if_it_was_meant(tmp_path: Path) -> None:
    """A typo is why a pipeline names a section that is not there, most often."""
    path = tmp_path / "typo.ini"
    path.write_text("[pipeline:main]\npipeline = faultwrap authtokn myapp\n"
                    "[filter:faultwrap]\npaste.filter_factory = a:b\n"
                    "[filter:AuthToken]\npaste.filter_factory = a:c\n"
                    "[app:myapp]\npaste.app_factory = a:d\n")
    text = inspect(str(path)).stdout
    assert ("line 2: [pipeline:main] 'authtokn': no such filter section (did you mean "
            "[filter:AuthToken] at line 5?)") in text
    path.write_text(path.read_text().replace("authtokn", "keystone"))
    assert "'keystone': no such filter section\n" in inspect(str(path)).stdout  # nothing near


def test_a_service_config_in_place_of_its_ini_is_asked_about(tmp_path: Path) -> None:
    path = tmp_path / "nova.conf"
    path.write_text("[DEFAULT]\ndebug = true\n[api]\nauth_strategy = keystone\n")
    assert inspect(str(path)).stdout == (
        "nova.conf: 0 entries\nNo [app:…], [composite:…], [pipeline:…] or [filter-app:…] "
        "section to load: is this the service's own config (nova.conf…) rather than its "
        "api-paste.ini?\n")


#: What the "is this the service's own config" answer ends with, naming the file a setting names.
NAMES_INI = " names the api-paste.ini the service loads."


@pytest.mark.parametrize(("text", "named"), [
    ("[DEFAULT]\ndebug = true\napi_paste_config = /etc/neutron/api-paste.ini\n",
     " Its [DEFAULT] api_paste_config = /etc/neutron/api-paste.ini (line 3)" + NAMES_INI),
    ("[DEFAULT]\ndebug = true\n[wsgi]\napi_paste_config = /etc/nova/api-paste.ini\n",
     " Its [wsgi] api_paste_config = /etc/nova/api-paste.ini (line 4)" + NAMES_INI),
    ("[paste_deploy]\nflavor = keystone\nconfig_file = /etc/glance/glance-api-paste.ini\n",
     " Its [paste_deploy] config_file = /etc/glance/glance-api-paste.ini (line 3)" + NAMES_INI),
    # `api_paste_config =` names no file: "api_paste_config =  (line 2) names the
    # api-paste.ini" sent the operator looking for a file it does not name.
    ("[DEFAULT]\napi_paste_config =\n", ""),
    ("[DEFAULT]\napi_paste_config =\n[wsgi]\napi_paste_config = /etc/nova/api-paste.ini\n",
     " Its [wsgi] api_paste_config = /etc/nova/api-paste.ini (line 4)" + NAMES_INI),
], ids=["neutron", "nova", "glance", "empty-alone", "empty-before-one-that-names"])
def test_a_service_config_naming_its_ini_says_which_file_to_inspect(
        tmp_path: Path, text: str, named: str) -> None:
    """The operator picked the service's config: the api-paste.ini it loads is named in it,
    by the first setting that names one."""
    path = tmp_path / "service.conf"
    path.write_text(text)
    assert inspect(str(path)).stdout == (
        "service.conf: 0 entries\nNo [app:…], [composite:…], [pipeline:…] or [filter-app:…] "
        "section to load: is this the service's own config (nova.conf…) rather than its "
        f"api-paste.ini?{named}\n")


def test_heat_s_sections_say_the_class_its_factory_hands_them_to(tmp_path: Path) -> None:
    """heat's `heat.common.wsgi` factories build what the section's `heat.filter_factory`
    (`heat.app_factory`) names: drawn as the factory alone, every heat filter read the same.
    `--json` keeps the factory PasteDeploy calls (the oracle checks it)."""
    heat = INI_DATA / "heat-api-paste.ini"
    lines = inspect(str(heat)).stdout.splitlines()
    assert lines[7:10] == [
        "├── 1 → filter:faultwrap = heat.common.wsgi:filter_factory via heat.filter_factory = "
        "heat.api.openstack:faultwrap_filter   (line 59)",
        "├── 2 → filter:ssl = heat.common.wsgi:filter_factory via heat.filter_factory = "
        "heat.api.openstack:sslmiddleware_filter   (line 77)",
        "├── 3 → filter:versionnegotiation = heat.common.wsgi:filter_factory via "
        "heat.filter_factory = heat.api.openstack:version_negotiation_filter   (line 55)"]
    assert lines[14] == ("└── 8 → app:apiv1app = heat.common.wsgi:app_factory via "
                         "heat.app_factory = heat.api.openstack.v1:API   (line 43)")
    nodes = json.loads(inspect(str(heat), "--json").stdout)["graphs"][0]["nodes"]
    faultwrap = next(node for node in nodes if node["id"] == "filter:faultwrap")
    assert faultwrap["factory"] == "heat.common.wsgi:filter_factory"
    # without the setting heat reads, nothing is said it would hand the section to
    lacking = write_ini(tmp_path, "[app:main]\npaste.app_factory = heat.common.wsgi:app_factory\n")
    assert inspect(str(lacking)).stdout.splitlines()[5] == (
        "app:main = heat.common.wsgi:app_factory   (line 1)")
