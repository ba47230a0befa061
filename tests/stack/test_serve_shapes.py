"""Serving PasteDeploy's less common shapes: filter-with chains, filter-app, use, config:."""

from __future__ import annotations

import pytest
import requests

from stack import graph
from stack.explain import explain_steps
from stack.resolve import resolve
from stack.section_factories import MAX_USE_HOPS
from tests.conftest import INI_DATA
from tests.conftest import file_traced
from tests.stack.conftest import use_chain
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import hops

SHAPES = INI_DATA / "pastescope-shapes.ini"


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    with file_traced(SHAPES, "main", tmp_path_factory.mktemp("shapes")) as server:
        yield server


@pytest.mark.parametrize(
    ("path", "text", "entered"),
    [
        ("/with", "[tag]FILTERED", ["filter:tag", "filter:upper", "app:filtered"]),
        ("/filterapp", "[wrapped]plain", ["filter-app:wrapped", "app:plain"]),
        ("/use", "reused", ["app:reused"]),
        ("/other", "from the other file", ["app:foreign"]),
    ],
)
def test_shapes_are_served_and_traced_with_graph_ids(shapes, path, text, entered):
    response = requests.get(shapes.url + path, timeout=10)
    assert (response.status_code, response.text) == (200, text)
    events = shapes.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    nodes = [node for kind, node in hops(events) if kind == "node.enter"]
    assert nodes == ["composite:main", *entered]
    known = {n["id"] for n in graph.load_graph(str(SHAPES), "main").to_json()["nodes"]}
    assert set(nodes) <= known, set(nodes) - known
    [dispatch] = [e["data"] for e in events if e["kind"] == "composite.dispatch"]
    assert (dispatch["label"], dispatch["script_name"]) == (path, path)
    # The edge's target: for /with the section wrapped by its filter-with chain.
    assert dispatch["target"] == entered[-1] if path == "/with" else entered[0]


def test_a_section_whose_name_holds_a_hash_is_served_by_that_name(serve_stack, tmp_path):
    ini = tmp_path / "hash.ini"
    ini.write_text("[composite:main#1]\nuse = egg:Paste#urlmap\n/ = my#app\n\n"
                   "[app:my#app]\nuse = call:tests.stack.paste_apps:make_app\ntext = hashed\n")
    stack = serve_stack(ini, "main#1")
    response = requests.get(stack.url + "/x", timeout=10)
    assert (response.status_code, response.text) == (200, "hashed")
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    entered = [node for kind, node in hops(events) if kind == "node.enter"]
    assert entered == ["composite:main#1", "app:my#app"]


def test_a_use_chain_as_long_as_paste_deploy_follows_is_served_traced(serve_stack, tmp_path):
    """Tracing wraps PasteDeploy's recursion over `use =` with a frame of its own a hop."""
    ini = tmp_path / "chain.ini"
    ini.write_text(use_chain(MAX_USE_HOPS))
    stack = serve_stack(ini, "s0")
    response = requests.get(stack.url + "/", timeout=10)
    assert (response.status_code, response.text) == (200, "hello")
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    assert [node for kind, node in hops(events) if kind == "node.enter"] == ["app:s0"]


def test_sections_of_files_named_alike_are_traced_with_their_graph_ids(serve_stack, tmp_path):
    """Two files of the name of the file read, in other folders: each keeps the ids `inspect`
    gives its sections (told apart by their paths), so their events land on their boxes."""
    for folder in ("one", "two", "three"):
        (tmp_path / folder).mkdir()
    ini = tmp_path / "one" / "api.ini"
    ini.write_text("[composite:main]\nuse = egg:Paste#urlmap\n/a = config:../two/api.ini#api\n"
                   "/b = config:../three/api.ini#api\n")
    for folder in ("two", "three"):
        (tmp_path / folder / "api.ini").write_text(
            "[pipeline:api]\npipeline = tag app\n\n"
            "[filter:tag]\npaste.filter_factory = tests.stack.paste_apps:make_tag\n\n"
            f"[app:app]\npaste.app_factory = tests.stack.paste_apps:make_app\ntext = {folder}\n")
    known = {n["id"] for n in graph.load_graph(str(ini), "main").to_json()["nodes"]}
    stack = serve_stack(ini, "main")
    for path, folder in (("/a", "two"), ("/b", "three")):
        response = requests.get(stack.url + path, timeout=10)
        assert (response.status_code, response.text) == (200, f"[tag]{folder}")
        events = stack.trace(response.headers["X-Pastescope-Trace"])
        check_well_formed(events)
        entered = [node for kind, node in hops(events) if kind == "node.enter"]
        assert entered == ["composite:main", *(f"../{folder}/api.ini#{section}" for section in (
            "pipeline:api", "filter:tag", "app:app"))]
        assert set(entered) <= known, set(entered) - known


CASCADE = """\
[composite:main]
use = egg:Paste#cascade
app2 = second
app1 = first
catch = 404

[app:first]
paste.app_factory = tests.stack.paste_apps:make_app
text = not here
status = 404 Not Found

[app:second]
paste.app_factory = tests.stack.paste_apps:make_app
text = found
"""


def test_a_cascade_passing_a_404_on_is_traced_and_told(serve_stack, tmp_path):
    """Paste's cascade asks its apps in turn, by key: the trace shows both, the steps why."""
    ini = tmp_path / "cascade.ini"
    ini.write_text(CASCADE)
    stack = serve_stack(ini, "main")
    response = requests.get(stack.url + "/x", timeout=10)
    assert (response.status_code, response.text) == (200, "found")
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    assert [(kind, node) for kind, node in hops(events) if kind == "node.enter"] == [
        ("node.enter", "composite:main"), ("node.enter", "app:first"),
        ("node.enter", "app:second")]
    steps = [step.text for step in explain_steps(events)]
    assert ("The composite `main` chose its `app1` alternative, the app `first`; SCRIPT_NAME "
            "and PATH_INFO are unchanged (PATH_INFO `/x`).") in steps
    assert ("The app `first` answered 404, so the composite `main` passed the request on to "
            "its `app2` alternative, the app `second`; SCRIPT_NAME and PATH_INFO are unchanged "
            "(PATH_INFO `/x`).") in steps
    which = resolve(graph.load_graph(str(ini), "main").to_json(), "GET", "/x")
    assert which.nodes == ["composite:main", "app:first"]
    assert ("The composite `main` (Paste's cascade) asks its apps in turn, by key: `app1`, then "
            "`app2`; an answer of 404 (its `catch`) passes the request to the next, and the last "
            "one's answer stands. `app1`, the first asked, is followed.") in which.story
