"""Two things `inspect` and `which` tell an operator about a refused section: the `call:` a
`use = module:attr` lacks, where PasteDeploy reads its module as an unknown scheme; and, in
the tree, the line of the value refused (a bad `%(…)s`), as the summary after it gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from paste.deploy import loadwsgi

from tests.conftest import cli_lines
from tests.conftest import write_ini
from tests.stack import paste_oracle

#: An app whose factory is `{use}`, behind a urlmap: glance's `root_app_factory` as a fork
#: might write it, without `call:` and with a `:` but no dot.
MAPPED = "[composite:main]\nuse = egg:Paste#urlmap\n/ = api\n\n[app:api]\nuse = {use}\n"
#: What PasteDeploy says of a scheme it does not know, as `inspect` words it.
UNKNOWN = "unknown scheme {scheme!r} (PasteDeploy knows config, egg, call)"
#: The guess `call_note` makes.
GUESS = " (a Python factory is named with its scheme: meant `call:{use}`?)"


@pytest.mark.parametrize(("use", "scheme", "guess"), [
    ("glance:root_app_factory", "glance", True),
    # `call:` reaches no attribute of an attribute (PasteDeploy's `lookup_object`).
    ("Glance:api.root_app_factory", "glance",
     " (a Python factory is named with its scheme, and one that is an attribute of another, as "
     "`api.root_app_factory`, by `paste.app_factory = Glance:api.root_app_factory` in place "
     "of this `use`)"),
    # Read as no module:attr: a Windows path, a URL, a misspelt scheme's reference.
    ("C:\\etc\\api-paste.ini", "c", False),
    ("http://example.com/app", "http", False),
    ("conf:other.ini#api", "conf", False),
    ("eggs:Paste#urlmap", "eggs", False),
    ("glance:", "glance", False)])
def test_a_use_read_as_an_unknown_scheme_is_told_the_call_it_may_lack(
        tmp_path: Path, use: str, scheme: str, guess: bool | str) -> None:
    path = write_ini(tmp_path, MAPPED.format(use=use))
    note = guess if isinstance(guess, str) else GUESS.format(use=use) if guess else ""
    refused = f"{use}: {UNKNOWN.format(scheme=scheme)}{note}"
    assert f"  line 6: [app:api] {refused}" in cli_lines("inspect", path)
    said = cli_lines("which", path, "GET", "/", status=2)
    assert f"The app `api` cannot be built (line 6): {refused}." in " ".join(said)
    with pytest.raises(paste_oracle.Refused, match="scheme"):  # as PasteDeploy refuses it
        paste_oracle.oracle_graph(str(path), "main")


def test_a_pipeline_word_read_as_an_unknown_scheme_gets_no_call_guess(tmp_path: Path) -> None:
    """PasteDeploy builds no `call:` word of a pipeline (it has no protocol for it there), so
    `meant call:…?` would send the operator to another refusal."""
    path = write_ini(tmp_path, "[pipeline:main]\npipeline = glance:f api\n\n"
                               "[app:api]\nuse = egg:Paste#static\ndocument_root = /\n")
    assert (f"  line 2: [pipeline:main] glance:f: {UNKNOWN.format(scheme='glance')}"
            in cli_lines("inspect", path))


@pytest.mark.parametrize("value", ["%(nothere)s/x", "%(x", "100%"])
def test_the_tree_cites_a_refused_values_line_as_the_summary_does(tmp_path: Path,
                                                                  value: str) -> None:
    path = write_ini(tmp_path, MAPPED.format(use="egg:Paste#static")
                     + f"# the folder served\ndocument_root = {value}\n")
    lines = cli_lines("inspect", path)
    header = lines.index("└── [/] → app:api   (line 5)")
    refusal = lines[header + 1]
    [summary] = [line for line in lines if line.startswith("  line ")]
    assert summary.startswith("  line 8: [app:api] ")
    assert refusal == f"      ✗ {summary.removeprefix('  line 8: [app:api] ')}   (line 8)"



#: A filter factory PasteDeploy can import (written in the test's folder), as a pipeline
#: word might name glance's `glance.api:foo`.
FILTER_FACTORY = "written_filter:foo"
#: Its module: a `paste.filter_factory` that passes the request on.
FILTER_MODULE = "def foo(global_conf, **local_conf):\n    return lambda app: app\n"
#: A pipeline of `{word}` before a static app PasteDeploy builds.
PIPELINE = ("[pipeline:main]\npipeline = {word} api\n\n"
            "[app:api]\nuse = egg:Paste#static\ndocument_root = /\n{more}")


def test_a_pipeline_word_written_as_a_factory_is_told_the_section_that_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipeline word written `module:attr` was told "meant `call:module:attr`?", which
    PasteDeploy refuses in a pipeline too (`Protocol None unknown`): told instead the
    `[filter:…]` section to write, which loads."""
    path = write_ini(tmp_path, PIPELINE.format(word=FILTER_FACTORY, more=""))
    said = " ".join(cli_lines("which", path, "GET", "/", status=2))
    assert (f"'{FILTER_FACTORY}': no such filter section (a pipeline's word, as a composite's "
            "value, names a section, not a factory, and PasteDeploy builds no `call:` one: "
            "write a `[filter:foo]` section with `paste.filter_factory = "
            f"{FILTER_FACTORY}` and name `foo` in its place)") in said
    assert f"meant `call:{FILTER_FACTORY}`" not in said
    (tmp_path / "written_filter.py").write_text(FILTER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    guessed = write_ini(tmp_path, PIPELINE.format(word=f"call:{FILTER_FACTORY}", more=""),
                        "guessed.ini")
    with pytest.raises(AssertionError, match="Protocol None unknown"):
        loadwsgi.loadapp(f"config:{guessed}")
    told = write_ini(tmp_path, PIPELINE.format(
        word="foo", more=f"\n[filter:foo]\npaste.filter_factory = {FILTER_FACTORY}\n"),
        "told.ini")
    assert callable(loadwsgi.loadapp(f"config:{told}"))
