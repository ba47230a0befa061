"""Values an operator wrote otherwise than PasteDeploy reads them, said in what `inspect` and
`which` print: indented lines continuing a value, an inline `# comment`, names separated by
commas, a misspelt `paste.*_factory` key, `Use` and `Next` in capitals, a `[default]` in
lower case, a factory with no `:`.

PasteDeploy's reading is right (the oracle refuses each file as we do); the words say why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stack import graph
from stack.__main__ import main
from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.stack.paste_oracle import check_entry

#: Two urlmap prefixes indented under `use =`: they are its value's lines, not keys.
INDENTED_PREFIXES = """\
[composite:main]
use = egg:Paste#urlmap
    /: api
    /v2: api

[app:api]
use = call:tests.stack.paste_apps:make_app
"""
#: One urlmap prefix indented under the one before it.
INDENTED_PREFIX = """\
[composite:main]
use = egg:Paste#urlmap
/: api
\t/v2: api2

[app:api]
use = call:tests.stack.paste_apps:make_app

[app:api2]
use = call:tests.stack.paste_apps:make_app
"""
APP = "[app:myapp]\nuse = call:tests.stack.paste_apps:make_app\n"
FILTERS = "[filter:filt]\nuse = egg:Paste#cgitb\n\n[filter:authtoken]\nuse = egg:Paste#cgitb\n"
COMMENT_HINT = (
    "line 2: [pipeline:main] `# keep auth off for now` is read as part of the value: `#` after "
    "a value is not a comment in PasteDeploy: only a line starting with `#` or `;` is"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def refusals(capsys, path: Path) -> list[str]:
    """The lines `inspect` lists under "PasteDeploy would refuse …"."""
    out = run(capsys, "inspect", str(path))[1].splitlines()
    start = next(at for at, line in enumerate(out) if line.startswith("PasteDeploy would refuse"))
    return [line.strip() for line in out[start + 1:] if line.startswith("  ")]


def refused_by_pastedeploy(path: Path) -> None:
    for pipeline_graph in graph.read_ini(str(path)).graphs:
        check_entry(path, pipeline_graph)


def test_lines_indented_under_use_are_named_as_its_value(tmp_path: Path, capsys) -> None:
    path = write_ini(tmp_path, INDENTED_PREFIXES)
    said = (
        "line 3 `/: api` and line 4 `/v2: api` are indented: PasteDeploy reads them as the rest "
        "of the value of `use` (line 2), not as settings of their own; so use = egg:Paste#urlmap "
        "/: api /v2: api: entry point 'urlmap /: api /v2: api' not found in egg 'Paste'"
    )
    [refusal] = refusals(capsys, path)
    assert refusal.startswith(f"line 2: [composite:main] {said} (none by that name in ")
    assert "\\n" not in refusal
    status, out, _ = run(capsys, "which", str(path), "GET", "/v2")
    assert status == 2
    assert f"The composite `main` cannot be built: {said}" in out
    assert "\\n" not in out
    refused_by_pastedeploy(path)


def test_a_prefix_indented_under_another_is_named_as_its_value(tmp_path: Path, capsys) -> None:
    path = write_ini(tmp_path, INDENTED_PREFIX)
    assert refusals(capsys, path) == [
        "line 3: [composite:main] line 4 `/v2: api2` is indented: PasteDeploy reads it as the "
        "rest of the value of `/` (line 3), not as a setting of its own; so 'api /v2: api2': no "
        "such app, composite, pipeline or filter-app section"
    ]
    refused_by_pastedeploy(path)


def test_an_inline_comment_is_said_first(tmp_path: Path, capsys) -> None:
    path = write_ini(tmp_path, f"[pipeline:main]\npipeline = filt myapp  # keep auth off for "
                               f"now\n\n{FILTERS}\n{APP}")
    listed = refusals(capsys, path)
    assert listed[0] == COMMENT_HINT
    assert "line 2: [pipeline:main] '#': no such filter section" in listed  # still each word
    status, out, _ = run(capsys, "which", str(path), "GET", "/")
    assert status == 2
    assert COMMENT_HINT.partition("] ")[2] in out
    refused_by_pastedeploy(path)


def test_an_inline_comment_after_a_urlmap_app(tmp_path: Path, capsys) -> None:
    path = write_ini(tmp_path, f"[composite:main]\nuse = egg:Paste#urlmap\n/ = myapp  ; v1\n\n"
                               f"{APP}")
    assert refusals(capsys, path) == [
        "line 3: [composite:main] 'myapp  ; v1': no such app, composite, pipeline or filter-app "
        "section (`; v1` is read as part of the value: `;` after a value is not a comment in "
        "PasteDeploy: only a line starting with `#` or `;` is)"
    ]


def test_names_separated_by_commas(tmp_path: Path, capsys) -> None:
    path = write_ini(tmp_path, f"[pipeline:main]\npipeline = filt, authtoken, myapp\n\n"
                               f"{FILTERS}\n{APP}")
    assert refusals(capsys, path) == [
        "line 2: [pipeline:main] names are separated by spaces, not commas: `filt,` and "
        "`authtoken,` are read with their commas",
        "line 2: [pipeline:main] 'filt,': no such filter section (did you mean [filter:filt] "
        "at line 4?)",
        "line 2: [pipeline:main] 'authtoken,': no such filter section (did you mean "
        "[filter:authtoken] at line 7?)",
    ]
    refused_by_pastedeploy(path)


def test_a_misspelt_factory_key_is_named_at_its_line(tmp_path: Path, capsys) -> None:
    text = (f"[pipeline:main]\npipeline = sizelimit myapp\n\n[filter:sizelimit]\n"
            f"# oslo.middleware's\nKEY = oslo_middleware:RequestBodySizeLimiter.factory\n\n{APP}")
    wanted = "no factory: needs `use = …` or paste.filter_factory or paste.filter_app_factory"
    path = write_ini(tmp_path, text.replace("KEY", "paste.filter_factroy"))
    assert refusals(capsys, path) == [
        f"line 6: [filter:sizelimit] {wanted}; line 6 `paste.filter_factroy`: did you mean "
        "`paste.filter_factory`?"
    ]
    path = write_ini(tmp_path, text.replace("KEY", "Paste.Filter_Factory"))
    assert refusals(capsys, path) == [
        f"line 6: [filter:sizelimit] {wanted}; line 6 `Paste.Filter_Factory`: did you mean "
        "`paste.filter_factory`? PasteDeploy's keys are case-sensitive"
    ]
    refused_by_pastedeploy(path)


def test_use_and_next_in_capitals_are_named_at_their_lines(tmp_path: Path, capsys) -> None:
    """`Use =` and `Next =` are settings to PasteDeploy (its keys are case-sensitive), so the
    section has no factory, or no `next`: the refusal names the line that looks right."""
    path = write_ini(tmp_path, "[filter-app:main]\nuse = egg:Paste#cgitb\nNext = myapp\n\n"
                               "[composite:map]\nUse = egg:Paste#urlmap\n/ = myapp\n\n"
                               f"{APP}")
    assert refusals(capsys, path) == [
        "line 3: [filter-app:main] no `next` setting (`Next` is set, but PasteDeploy's "
        "setting names are case-sensitive: write `next`)",
        "line 6: [composite:map] no factory: needs `use = …` or paste.app_factory or "
        "paste.composite_factory; line 6 `Use`: did you mean `use`? PasteDeploy's keys are "
        "case-sensitive",
    ]
    status, out, _ = run(capsys, "which", str(path), "GET", "/", "--name", "map")
    assert status == 2
    assert "line 6 `Use`: did you mean `use`?" in out
    refused_by_pastedeploy(path)


def test_a_lowercase_default_section_is_named(tmp_path: Path, capsys) -> None:
    path = write_ini(tmp_path, "[default]\nauth_uri = http://keystone:5000\n\n[app:main]\n"
                               "use = call:tests.stack.paste_apps:make_app\n"
                               "uri = %(auth_uri)s\nget other = auth_uri\n")
    assert refusals(capsys, path) == [
        "line 6: [app:main] option 'uri': %(auth_uri)s names no option of [app:main] or "
        "[DEFAULT] ([default] (line 1) sets 'auth_uri', but is an ordinary section, not "
        "[DEFAULT]: PasteDeploy's section names are case-sensitive)"
    ]
    refused_by_pastedeploy(path)
    path.write_text(path.read_text().replace("uri = %(auth_uri)s\n", ""))
    assert refusals(capsys, path) == [
        "line 6: [app:main] `get other = auth_uri`: no 'auth_uri' in [DEFAULT] or a `set` "
        "([default] (line 1) sets 'auth_uri', but is an ordinary section, not [DEFAULT]: "
        "PasteDeploy's section names are case-sensitive)"
    ]


def test_a_factory_without_its_colon_is_warned_of(tmp_path: Path, capsys) -> None:
    """No module `fake` is on this machine's path: where the `:` goes is not guessed."""
    path = write_ini(tmp_path, "[app:main]\npaste.app_factory = fake.app_factory\n")
    out = run(capsys, "inspect", str(path))[1].splitlines()
    assert (
        "  ! api-paste.ini:2: `paste.app_factory = fake.app_factory` has no colon: a factory is "
        "`module:object`; without one, PasteDeploy imports all of `fake.app_factory` as a "
        "module and calls the module itself, which fails"
    ) in out


#: A package of the operator's whose modules say, by a file beside them, that they were imported.
MARKED = 'import pathlib\n\npathlib.Path(__file__).with_name("imported").write_text("yes")\n'


@pytest.mark.parametrize(("factory", "meant"), [
    ("stack.filters.request_id.RequestId.factory", "stack.filters.request_id:RequestId.factory"),
    ("mypkg.compute.Maker.factory", "mypkg.compute:Maker.factory"),
    ("mypkg.compute.app_factory", "mypkg.compute:app_factory"),
    ("mypkg.Maker.factory", "mypkg:Maker.factory"),
    ("mypkg.compte.Maker.factory", None),
    ("mypkg.compute", None),
    ("nova.api.openstack.compute.APIRouterV21.factory", None),
], ids=["class", "own_class", "function", "in_init", "misspelt_module", "module", "not_here"])
def test_the_colon_meant_is_where_the_module_ends_found_without_importing(tmp_path, factory,
                                                                          meant):
    """A class's factory has two dots after its module: the `:` goes before the class. Where
    the module ends is read from Python's path, nothing imported; where it cannot be told
    (a module misspelt, a package not on this machine), nothing is guessed."""
    package = tmp_path / "mypkg"
    package.mkdir()
    (package / "__init__.py").write_text(MARKED + "from mypkg.compute import Maker\n")
    (package / "compute.py").write_text(MARKED + "class Maker:\n    pass\n")
    ini = write_ini(tmp_path, f"[app:main]\npaste.app_factory = {factory}\n")
    done = run_cli("inspect", str(ini), env={**os.environ, "PYTHONPATH": str(tmp_path)})
    warned = (f"  ! api-paste.ini:2: `paste.app_factory = {factory}` has no colon: a factory is "
              f"`module:object`; without one, PasteDeploy imports all of `{factory}` as a "
              "module and calls the module itself, which fails")
    assert warned + (f" (did you mean `{meant}`?)" if meant else "") in done.stdout.splitlines()
    assert not (package / "imported").exists()
