"""`[app:main] use = egg:Paste#urlmap`: PasteDeploy builds a composite (the entry point's
group decides, not the header), so `inspect`, `which` and `serve` show one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from stack import graph
from tests.conftest import run_cli
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import hops
from tests.stack.urlmap_app import BUILT_AS_COMPOSITE
from tests.stack.urlmap_app import URLMAP_APP

CASCADE_APP = """\
[app:main]
use = egg:Paste#cascade
app1 = a
app2 = b

[app:a]
use = egg:A

[app:b]
use = egg:B
"""


@pytest.fixture
def urlmap_app(tmp_path: Path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "hello.txt").write_text("hello from the static app\n")
    path = tmp_path / "api-paste.ini"
    path.write_text(URLMAP_APP)
    return path


def test_inspect_draws_its_prefixes_and_says_it_is_built_as_a_composite(urlmap_app):
    done = run_cli("inspect", str(urlmap_app))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "api-paste.ini: 1 entry — main"
    at = lines.index("app:main = egg:Paste#urlmap   (line 1)")
    assert lines[at + 1:at + 3] == [
        f"  ! {BUILT_AS_COMPOSITE}",
        "└── [/demo] → app:app = egg:Paste#static   (line 5)",
    ]
    whole = json.loads(run_cli("inspect", str(urlmap_app), "--json").stdout)
    assert whole["entries"] == ["app:main"]
    [main] = [node for node in whole["graphs"][0]["nodes"] if node["id"] == "app:main"]
    assert (main["kind"], main["built_as"]) == ("app", "composite")
    assert whole["graphs"][0]["edges"] == [
        {"source": "app:main", "target": "app:app", "label": "/demo"}]


def test_which_walks_it_as_a_urlmap(urlmap_app):
    done = run_cli("which", str(urlmap_app), "GET", "/demo/hello.txt")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "GET /demo/hello.txt would go: the app `main` → the app `app`.",
        "The app `main` (a urlmap) picks `/demo` (of 1), the longest prefix that matches; "
        "`/demo` moves from PATH_INFO to SCRIPT_NAME, so the app `app` sees PATH_INFO "
        "`/hello.txt`."]
    missed = run_cli("which", str(urlmap_app), "GET", "/hello.txt").stdout.splitlines()
    # the section's warning, which says why an [app:…] is walked as a urlmap, follows
    assert missed[-4:] == ["It would stop at the app `main` with 404.", "",
                           "Warnings on the sections this request passes through (1):",
                           f"  ! {BUILT_AS_COMPOSITE}"]


def test_which_follows_a_cascade_app_and_takes_its_bare_name_in_a_choice(tmp_path):
    path = tmp_path / "api-paste.ini"
    path.write_text(CASCADE_APP)
    first = run_cli("which", str(path), "GET", "/x")
    assert first.stdout.splitlines()[0] == "GET /x would go: the app `main` → the app `a`."
    chosen = run_cli("which", str(path), "GET", "/x", "--choose", "main=app2")
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.splitlines()[0] == "GET /x would go: the app `main` → the app `b`."


def test_serve_traces_only_nodes_of_its_graph(urlmap_app, serve_stack):
    stack = serve_stack(urlmap_app, "main")
    response = requests.get(stack.url + "/demo/hello.txt", timeout=10)
    assert (response.status_code, response.text) == (200, "hello from the static app\n")
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    entered = [node for kind, node in hops(events) if kind == "node.enter"]
    assert entered == ["app:main", "app:app"]
    [dispatch] = [e for e in events if e["kind"] == "composite.dispatch"]
    assert (dispatch["node"], dispatch["data"]["label"], dispatch["data"]["target"]) == (
        "app:main", "/demo", "app:app")
    missed = requests.get(stack.url + "/hello.txt", timeout=10)
    assert missed.status_code == 404
    [miss] = [e for e in stack.trace(missed.headers["X-Pastescope-Trace"])
              if e["kind"] == "composite.miss"]
    assert miss["node"] == "app:main"
    drawn = graph.load_graph(str(urlmap_app), "main")
    assert set(entered) <= set(drawn.nodes)
    assert [(e.source, e.target) for e in drawn.edges] == [("app:main", "app:app")]
