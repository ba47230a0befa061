"""Which section `serve` and `which` start from, and why a name cannot be: said by the real CLI.

No `--name` means PasteDeploy's `main` when the file has one, even one it refuses or finds by
no name (`[app :main]`); a `--name` whose section's header line is misread says which line; a
misread line of another file is cited with that file's name.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import DEMO
from tests.conftest import NOVA
from tests.conftest import run_cli
from tests.conftest import write_ini

#: Two sections answering to `main`; the urlmap routes to `other`, the only other entry.
AMBIGUOUS_MAIN = """\
[composite:main]
use = egg:Paste#urlmap
/ = other

[app:main]
use = egg:A#a

[app:other]
use = egg:A#b
"""
#: [app:b]'s header is indented under [app:a]'s `root`, or missing its `]`.
INDENTED_B = "[app:a]\nuse = egg:A#a\nroot = /srv\n  [app:b]\npaste.app_factory = m:b\n"
UNCLOSED_B = "[app:a]\nuse = egg:A#a\n[app:b\npaste.app_factory = m:b\n"
INDENTED_NOTE = (
    "(line 4, '  [app:b]', looks like its header but is read as part of the value of 'root' "
    "in [app:a]: it is indented)"
)
UNCLOSED_NOTE = (
    "(line 3, '[app:b', looks like its header but is read as a setting of [app:a]: it is "
    "missing its `]`)"
)


def said(done: subprocess.CompletedProcess) -> tuple[int, str, str]:
    return done.returncode, done.stdout, done.stderr


#: What `which` and `serve` add to why the `main` loadapp loads when given no name is refused.
MAIN_REFUSED = ("; so PasteDeploy would refuse 'main', the name it loads when given none: pick "
                "the section to start from with --name (entries: other)\n")


def with_no_name(path: Path) -> list[tuple[int, str, str]]:
    """What `which` and `serve` say of the file given no --name."""
    return [said(run_cli("which", str(path), "GET", "/")),
            said(run_cli("serve", str(path), "--port", "0", "--trace-to", "off"))]


def test_an_ambiguous_main_is_said_when_no_name_is_given(tmp_path: Path) -> None:
    """Not the only other entry, silently: `main` is what loadapp would load, and refuse."""
    path = write_ini(tmp_path, AMBIGUOUS_MAIN)
    ambiguous = (f"{path}:1: [composite:main]: ambiguous: [app:main], [composite:main] both "
                 "answer to the name 'main'")
    assert with_no_name(path) == [(2, "", ambiguous + MAIN_REFUSED)] * 2
    # --name main says the same refusal; inspect shows the whole file, the refusal in it.
    assert said(run_cli("inspect", str(path), "--name", "main")) == (2, "", f"{ambiguous}\n")
    assert said(run_cli("which", str(path), "GET", "/", "--name", "main")) == (
        2, "", f"{ambiguous}\n")
    whole = run_cli("inspect", str(path))
    assert whole.returncode == 0, whole.stderr
    assert ("  line 1: [composite:main] ambiguous: [app:main], [composite:main] both answer to "
            "the name 'main'") in whole.stdout.splitlines()
    chosen = run_cli("which", str(path), "GET", "/", "--name", "other")
    assert said(chosen) == (0, "GET / would go: the app `other`.\nThe app `other` is handed "
                               "`GET /`. Nothing here loads its code (its factory is only "
                               "named), so this cannot tell whether it answers 200, 404 or "
                               "another status: only sending the request shows.\n", "")


#: One entry, `api`; the app `admin` was written beside it but no name loads it (`[app :…]`),
#: and two sections answer to `public`. Without them `api` is picked silently.
REFUSED_BESIDE = """\
[pipeline:api]
pipeline = f app

[filter:f]
use = egg:F#f

[app:app]
use = egg:A#a

[app :admin]
use = egg:A#b

[app:public]
use = egg:A#c

[composite:public]
use = egg:A#c
"""


def test_the_only_entry_is_not_picked_silently_beside_refused_sections(tmp_path: Path) -> None:
    """The writer may have meant a refused section: `serve` must not serve another unasked
    (loadapp, given no name and no `main`, loads none)."""
    path = write_ini(tmp_path, REFUSED_BESIDE)
    refused = (f"{path}: no section named 'main' (which loadapp loads when given no name), and "
               "'api', the only entry, may not be the one meant: PasteDeploy would refuse "
               "[app :admin] (line 10), [app:public] (line 13), [composite:public] (line 16), "
               f"see python -m stack inspect {path}; pick the section to start from with "
               "--name\n")
    assert with_no_name(path) == [(2, "", refused)] * 2
    named = said(run_cli("which", str(path), "GET", "/", "--name", "api"))
    assert named[0] == 0 and named[1].startswith("GET / would go: the pipeline `api` → ")
    alone = write_ini(tmp_path, REFUSED_BESIDE.partition("[app :admin]")[0], name="alone.ini")
    picked = said(run_cli("which", str(alone), "GET", "/"))
    assert picked[0] == 0 and picked[1].startswith("GET / would go: the pipeline `api` → ")


def test_an_only_entry_refused_over_the_refused_sections_says_its_own_refusal(
        tmp_path: Path) -> None:
    """The only entry's pipeline is refused for the very sections refused unread (two
    answering to `a`): its own refusal says what is wrong, not "may not be the one meant"."""
    path = write_ini(tmp_path, "[pipeline:p]\npipeline = a\n\n[app: a]\nuse = egg:A#a\n\n"
                               "[app:a]\nuse = egg:A#b\n")
    status, out, err = said(run_cli("which", str(path), "GET", "/"))
    assert (status, err) == (2, ""), err
    assert "The pipeline `p` cannot be built (line 2): 'a' is ambiguous: [app: a], [app:a]" in out


def test_main_is_what_no_name_means_beside_other_entries(tmp_path: Path) -> None:
    """As loadapp, given no name: `main` is walked, not refused as one of several entries;
    the others are named, with the way to ask about one."""
    path = write_ini(tmp_path, (
        "[composite:main]\nuse = egg:Paste#urlmap\n/ = api\n\n[app:api]\nuse = egg:A#a\n\n"
        "[app:version]\nuse = egg:A#b\n"))
    assert said(run_cli("which", str(path), "GET", "/v1")) == (0, (
        "GET /v1 would go: the composite `main` → the app `api`.\n"
        "This walks `main`, the entry which loadapp loads when given no name; the file has 1 "
        "other, `version`: ask about it with --name version.\n"
        "The composite `main` (a urlmap) picks `/` (of 1), the catch-all, as no longer prefix "
        "matches `/v1`; "
        "nothing moves: the app `api` sees PATH_INFO `/v1`.\n"
        "The app `api` is handed `GET /v1`. Nothing here loads its code (its factory is only "
        "named), so this cannot tell whether it answers 200, 404 or another status: only "
        "sending the request shows.\n"), "")


def test_a_main_whose_header_is_misspelt_is_said_when_no_name_is_given(tmp_path: Path) -> None:
    """`[app :main]` was written as `main`: PasteDeploy finds no section by that header, and
    the file's other entry is not what its writer meant loadapp to load."""
    path = write_ini(tmp_path, "[app :main]\nuse = egg:A#a\n\n[app:other]\nuse = egg:A#b\n")
    spaced = (f"{path}:1: [app :main]: spaces around 'app', which PasteDeploy does not strip: "
              "no name loads this section (write [app:main])")
    assert with_no_name(path) == [(2, "", spaced + MAIN_REFUSED)] * 2
    assert said(run_cli("which", str(path), "GET", "/", "--name", "main")) == (2, "", f"{spaced}\n")


@pytest.mark.parametrize(
    ("text", "line", "note"),
    [(INDENTED_B, 4, INDENTED_NOTE), (UNCLOSED_B, 3, UNCLOSED_NOTE)],
    ids=["indented", "unclosed"],
)
@pytest.mark.parametrize("name", ["b", "app:b"])
def test_a_name_whose_header_is_misread_says_which_line(
    tmp_path: Path, text: str, line: int, note: str, name: str
) -> None:
    path = write_ini(tmp_path, text)
    refused = (f"{path}:{line}: no app, composite, pipeline or filter-app section named "
               f"{name!r} {note}\n")
    assert said(run_cli("which", str(path), "GET", "/", "--name", name)) == (2, "", refused)
    assert said(run_cli("inspect", str(path), "--name", name)) == (2, "", refused)
    served = run_cli("serve", str(path), "--name", name, "--port", "0", "--trace-to", "off")
    assert said(served) == (2, "", refused)


def test_a_name_with_no_misread_header_lists_the_entries_as_before(tmp_path: Path) -> None:
    path = write_ini(tmp_path, INDENTED_B)
    assert said(run_cli("which", str(path), "GET", "/", "--name", "c")) == (2, "", (
        f"{path}: no app, composite, pipeline or filter-app section named 'c' (entries: a; "
        "any such section may be named too)\n"))


#: The pipeline's app `app` lost its header: indented under [filter:f]'s `use`.
OTHER = """\
[pipeline:api]
pipeline = f app

[filter:f]
use = egg:F#f
  [app:app]
paste.app_factory = m:app
"""


def test_a_misread_line_of_another_file_is_cited_with_that_files_name(tmp_path: Path) -> None:
    path = write_ini(tmp_path, "[app:main]\nuse = config:other.ini#api\n")
    write_ini(tmp_path, OTHER, "other.ini")
    missing = ("'app': no such app, composite, pipeline or filter-app section (other.ini:6, "
               "'  [app:app]', looks like its header but is read as part of the value of 'use' "
               "in [filter:f]: it is indented)")
    assert said(run_cli("which", str(path), "GET", "/")) == (2, (
        "GET / would get no answer: the stack would not load.\n"
        f"The pipeline `api` of other.ini cannot be built (other.ini:2): {missing}. "
        "PasteDeploy builds every section the "
        "app `main` reaches as it loads it, so loading fails, and no request is answered.\n"), "")
    served = run_cli("serve", str(path), "--port", "0", "--trace-to", "off")
    assert said(served) == (2, "", (
        f"other.ini:2: cannot build [main]: [other.ini#pipeline:api] {missing}\n"))
    tree = run_cli("inspect", str(path))
    assert tree.returncode == 0, tree.stderr
    assert f"      ✗ {missing}   (other.ini:2)" in tree.stdout.splitlines()
    # The other file's section and its refusal are cited with that file's name, not a bare
    # line that reads as the file read's.
    assert "└── [use] → other.ini#pipeline:api   (other.ini:1)" in tree.stdout.splitlines()
    assert f"  other.ini:2: [other.ini#pipeline:api] {missing}" in tree.stdout.splitlines()
    assert ("          ! other.ini:6: '[app:app]' is indented: PasteDeploy reads it as a "
            "continuation of the value of 'use' in [filter:f], not as a section header, and "
            "the non-indented lines after it up to the next [section] as settings of "
            "[filter:f]") in tree.stdout.splitlines()


def test_a_misread_line_of_the_file_read_is_cited_by_its_line_alone(tmp_path: Path) -> None:
    """Named by a section of the file read itself, its line is that file's: no name needed."""
    path = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = b\n" + INDENTED_B)
    done = run_cli("which", str(path), "GET", "/", "--name", "main")
    assert done.returncode == 2, done.stderr
    assert ("The composite `main` cannot be built (line 3): 'b': no such app, composite, "
            "pipeline or filter-app section (line 7, '  [app:b]', looks like its header but is "
            "read as part of the value of 'root' in [app:a]: it is indented). Loading fails, and "
            "no request is answered.") in done.stdout.splitlines()


def test_a_file_named_as_the_file_read_is_cited_by_its_relative_path(tmp_path: Path) -> None:
    """Another folder's api.ini is not the api.ini read: its lines are cited by their path."""
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
    path = write_ini(tmp_path / "one", "[app:main]\nuse = config:../two/api.ini#api\n", "api.ini")
    write_ini(tmp_path / "two", "\n[app:api]\npaste.app_factory = m:app\n", "api.ini")
    tree = run_cli("inspect", str(path))
    assert tree.returncode == 0, tree.stderr
    assert ("└── [use] → ../two/api.ini#app:api = m:app   (../two/api.ini:2)"
            in tree.stdout.splitlines())


def test_the_name_inspect_gives_an_alternatives_pipeline_is_no_section(tmp_path: Path) -> None:
    """`which` and the tree call the keystone alternative `openstack_compute_api_v21[keystone]`;
    pasted back as --name, every command refuses it, as `serve` (PasteDeploy) must."""
    path = write_ini(tmp_path, (DEMO / "compute.ini").read_text())
    refused = (f"{path}:22: 'openstack_compute_api_v21[keystone]' is no section but the "
               "`keystone` alternative of [composite:openstack_compute_api_v21], and PasteDeploy "
               "loads sections: name 'openstack_compute_api_v21' (`which` follows this "
               "alternative with --choose openstack_compute_api_v21=keystone)\n")
    name = "openstack_compute_api_v21[keystone]"
    assert said(run_cli("which", str(path), "GET", "/servers", "--name", name)) == (2, "", refused)
    assert said(run_cli("inspect", str(path), "--name", name)) == (2, "", refused)
    served = run_cli("serve", str(path), "--name", name, "--port", "0", "--trace-to", "off")
    assert said(served) == (2, "", refused)
    chosen = run_cli("which", str(path), "GET", "/v2.1/servers", "--choose",
                     "openstack_compute_api_v21=keystone")
    assert chosen.returncode == 0 and "`keystone` is followed (as chosen)" in chosen.stdout


@pytest.mark.parametrize("name", ["osapi_compte", "composite:osapi_compte"])
def test_a_misspelt_name_is_met_with_the_section_it_is_near(name: str) -> None:
    """The operator's typo for a composite: every command names the section it is near, and no
    kind of section the name may have is left out of what was looked for."""
    refused = (f"{NOVA}: no app, composite, pipeline or filter-app section named {name!r}: did "
               "you mean `osapi_compute`? (entries: metadata, ec2, osapi_compute; any such "
               "section may be named too)\n")
    assert said(run_cli("which", str(NOVA), "GET", "/", "--name", name)) == (2, "", refused)
    assert said(run_cli("inspect", str(NOVA), "--name", name)) == (2, "", refused)
    served = run_cli("serve", str(NOVA), "--name", name, "--port", "0", "--trace-to", "off")
    assert said(served) == (2, "", refused)
