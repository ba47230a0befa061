"""A `[filter-app:…]` whose filter PasteDeploy refuses still has its `next`: PasteDeploy finds
the app a filter-app wraps before its filter (`_filter_app_context`), so `inspect` draws that
edge, as it draws a refused pipeline's other members, and the app is no entry of its own."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.stack import paste_oracle
from tests.stack.inspect_cli import inspect_json

#: A filter-app wrapping `app1`, its filter given by `{filter}`.
WRAPPED = """\
[filter-app:wrapped]
{filter}
next = {next}

[app:app1]
use = egg:Paste#static
document_root = /tmp
"""
#: Filters PasteDeploy refuses as it reads the section, not as it looks a name up: an entry
#: point the installed package lacks, `call:` (no protocol in a filter-app), no factory; each
#: with the line and the error `inspect` gives it.
REFUSED_FILTERS = {
    "entry point": ("use = egg:Paste#nosuch", 2, "use = egg:Paste#nosuch: entry point 'nosuch' "
                    "not found in egg 'Paste' (none by that name in paste.filter_factory, "
                    "paste.filter_app_factory)"),
    "call": ("use = call:demo:f", 2, "PasteDeploy has no protocol for `use = call:…` in a "
             "[filter-app:…]"),
    "no factory": ("", 1, "no factory: needs `use = …` or paste.filter_factory or "
                   "paste.filter_app_factory"),
}


def inspect(path) -> str:
    """`python -m stack inspect PATH`: the tree it prints."""
    done = run_cli("inspect", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("case", REFUSED_FILTERS)
def test_a_refused_filter_app_keeps_the_edge_to_its_next(case: str, tmp_path) -> None:
    written, line, error = REFUSED_FILTERS[case]
    path = write_ini(tmp_path, WRAPPED.format(filter=written, next="app1"))
    data = inspect_json(path)
    assert data["entries"] == ["filter-app:wrapped"]  # app1 is what it wraps, not an entry
    [drawn] = data["graphs"]
    assert drawn["edges"] == [
        {"source": "filter-app:wrapped", "target": "app:app1", "label": "next"}]
    wrapped = drawn["nodes"][0]
    assert (wrapped["id"], wrapped["errors"], wrapped["conf"]) == (
        "filter-app:wrapped", [error], {})  # `next` is the edge, not a setting
    assert data["errors"] == [{"section": "filter-app:wrapped", "error": error, "line": line}]
    tree = inspect(path).splitlines()
    # cited at the line the summary gives it, where that is not the header's
    at = tree.index(f"  ✗ {error}" + ("" if line == 1 else f"   (line {line})"))
    assert tree[at + 1] == "└── [next] → app:app1 = egg:Paste#static   (line 5)"
    assert tree[0] == f"{path.name}: 1 entry — wrapped"
    with pytest.raises(paste_oracle.Refused):  # and PasteDeploy refuses it, as we say
        paste_oracle.oracle_graph(str(path), "wrapped")


def test_paste_deploy_finds_next_before_the_refused_filter(tmp_path) -> None:
    """Why the edge is drawn: with `next` naming nothing too, PasteDeploy's refusal is the
    `next`'s, so it had looked `next` up first; `inspect` has that hole too."""
    written, _, error = REFUSED_FILTERS["entry point"]
    path = write_ini(tmp_path, WRAPPED.format(filter=written, next="nosuchapp"))
    with pytest.raises(paste_oracle.Refused, match="nosuchapp"):
        paste_oracle.oracle_graph(str(path), "wrapped")
    missing = "'nosuchapp': no such app, composite, pipeline or filter-app section"
    data = inspect_json(path)
    assert data["graphs"][0]["nodes"][0]["refused_links"] == [
        {"label": "next", "line": 3, "name": "nosuchapp", "kind": "app", "error": missing,
         "cause": "no section"}]
    assert [e["error"] for e in data["errors"]] == [error, missing]  # in line order
