"""A urlmap prefix that only looks like one of the path: `/café` and `/%25` read as prefixes
of `/café/x` and `/%25/x` as typed, but urlmap compares the path the server handed over
(`/cafÃ©/x`, `/%/x`). The 404 is Paste's own; the words say why, served and in `which`."""

from __future__ import annotations

import pytest
import requests

from stack import graph
from stack.resolve import describe
from stack.resolve import resolve
from tests.stack.trace_checks import failure_story

#: A urlmap whose prefixes hold text beyond ASCII and a `%` (PasteDeploy reads them as written).
INI = ("[composite:main]\nuse = egg:Paste#urlmap\n/café = a\n/%25 = a\n\n"
       "[app:a]\npaste.app_factory = stack.demo.seed_nova:HomeApp.factory\n")
CASES = [
    ("/caf%C3%A9/x", "/café", "'/cafÃ©/x' (WSGI reads a path's bytes as Latin-1)"),
    ("/%25/x", "/%25", "'/%/x' (the server decodes a path's %-escapes)"),
]


@pytest.mark.parametrize(("sent", "prefix", "held"), CASES)
def test_a_prefix_that_only_looks_like_one_is_said_so(serve_stack, tmp_path, sent, prefix,
                                                      held):
    ini = tmp_path / "lookalike.ini"
    ini.write_text(INI, encoding="utf-8")
    note = (f"; `{prefix}` only looks like one: urlmap compares the path the server handed "
            f"over, {held}")
    stack = serve_stack(ini, "main")
    response = requests.get(stack.url + sent, timeout=10)
    assert response.status_code == 404  # Paste's urlmap, untouched
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    assert note + ", so it answered 404 itself" in " ".join(failure_story(events))
    found = graph.load_graph(str(ini), "main").to_json()
    assert any(note + ", so it answers 404 itself." in line
               for line in describe(resolve(found, "GET", sent)))


def test_a_path_no_prefix_reads_as_matching_gets_no_note(tmp_path):
    ini = tmp_path / "lookalike.ini"
    ini.write_text(INI, encoding="utf-8")
    found = graph.load_graph(str(ini), "main").to_json()
    assert not any("only looks like" in line
                   for line in describe(resolve(found, "GET", "/caf%C3%A8/x")))
