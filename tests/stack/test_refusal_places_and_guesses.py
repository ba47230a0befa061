"""Two things `inspect` and `which` tell an operator about a refused section: the `call:` a
`use = module:attr` lacks, where PasteDeploy reads its module as an unknown scheme; and, in
the tree, the line of the value refused (a bad `%(…)s`), as the summary after it gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    ("Glance:api.root_app_factory", "glance", True),
    # Read as no module:attr: a Windows path, a URL, a misspelt scheme's reference.
    ("C:\\etc\\api-paste.ini", "c", False),
    ("http://example.com/app", "http", False),
    ("conf:other.ini#api", "conf", False),
    ("eggs:Paste#urlmap", "eggs", False),
    ("glance:", "glance", False)])
def test_a_use_read_as_an_unknown_scheme_is_told_the_call_it_may_lack(
        tmp_path: Path, use: str, scheme: str, guess: bool) -> None:
    path = write_ini(tmp_path, MAPPED.format(use=use))
    refused = f"{use}: {UNKNOWN.format(scheme=scheme)}" + (GUESS.format(use=use) if guess else "")
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
