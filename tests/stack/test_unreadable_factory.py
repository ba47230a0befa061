"""A `paste.*_factory` value PasteDeploy cannot read as `module:object` (empty, words beside the
names, or run over an indented line): it fails as it parses the value, before importing
anything, with a bare `AttributeError: 'NoneType' object has no attribute 'group'`. Said with
the section, the line and why, by `inspect`, `which` and `which --load` (as `serve`)."""

from __future__ import annotations

from tests.conftest import INI_DATA
from tests.conftest import run_cli
from tests.conftest import which_lines
from tests.conftest import write_ini

UNREADABLE = """\
[composite:main]
use = egg:Paste#urlmap
/ = home
/test = test

[app:home]
paste.app_factory =

[app:test]
paste.app_factory = stack.demo.compute:APIRouter.factory extra
"""
EMPTY = ("`paste.app_factory =` is empty: PasteDeploy reads a `module:object` reference "
         "there, and fails reading an empty one, before importing anything")
WORDS = ("`paste.app_factory = stack.demo.compute:APIRouter.factory extra` is no "
         "`module:object` reference (names of letters, digits, `_` and `.` only): PasteDeploy "
         "fails reading it, before importing anything")


def test_inspect_refuses_an_empty_factory_and_one_with_words_at_their_lines(tmp_path):
    done = run_cli("inspect", str(write_ini(tmp_path, UNREADABLE)))
    assert done.returncode == 0, done.stderr
    assert f"  line 7: [app:home] {EMPTY}" in done.stdout
    assert f"  line 10: [app:test] {WORDS}" in done.stdout


def test_loading_says_which_setting_cannot_be_read_not_an_attribute_error(tmp_path):
    path = write_ini(tmp_path, UNREADABLE)
    done = run_cli("which", str(path), "GET", "/", "--load")
    assert done.returncode == 2
    assert done.stderr == f"{path}:7: cannot build [main]: [app:home] {EMPTY}\n"


def test_volts_factory_on_an_indented_line_is_refused_as_paste_deploy_refuses_it():
    """volt's `paste.filter_factory =` has its value on the next, indented line: PasteDeploy
    reads a value starting with a line break, and fails reading it as a reference."""
    lines = which_lines(INI_DATA / "volt-api-paste.ini", "GET", "/v1/x", "--name", "volt-api",
                        status=2)
    assert lines[0] == "GET /v1/x would get no answer: the stack would not load."
    assert lines[1].startswith(
        "The filter `unauthenticated-context` cannot be built: line 26 "
        "`volt.api.auth:UnauthenticatedContextMiddleware.factory` is indented: PasteDeploy "
        "reads it as the rest of the value of `paste.filter_factory` (line 25), not as a "
        "setting of its own; so `paste.filter_factory =  "
        "volt.api.auth:UnauthenticatedContextMiddleware.factory` holds a line break: "
        "PasteDeploy fails reading it as `module:object`, before importing anything.")


def test_a_value_is_quoted_as_written_and_a_line_break_blamed_only_where_it_starts_one(tmp_path):
    """`%(here)s` is quoted, not the folder it stands for (as every other refusal quotes it);
    and a value run over a line is no reference for its words, not for the break: PasteDeploy
    reads `module:` then `object` on the next line as one."""
    path = write_ini(tmp_path, UNREADABLE.replace(
        "paste.app_factory =\n", "paste.app_factory = %(here)s\n").replace(
        ".factory extra\n", ".factory\n    extra\n"))
    done = run_cli("inspect", str(path))
    assert done.returncode == 0, done.stderr
    assert ("  line 7: [app:home] `paste.app_factory = %(here)s` is no `module:object` "
            "reference (names of letters, digits, `_` and `.` only)") in done.stdout
    assert f"so {WORDS}" in done.stdout
    assert str(tmp_path) not in done.stdout
