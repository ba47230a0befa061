"""A graph from outside (an announcement, a file of saved requests) whose fields are of the
wrong type or shape is refused naming the field, or `which` answers it: never a 500."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import requests

from tests.dashboard.samples import announcement
from tests.dashboard.servers import exported
from tests.dashboard.servers import load
from tests.dashboard.servers import send

#: Values of the wrong type for some field or other (a string is right for a few).
WRONG: list[Any] = [None, "text", 5, True, [], [{"x": 1}], [["x"]], {"x": 1}, {"x": {"y": 1}}]
#: Edge labels a graph `stack.graph` builds never gives the edge they replace.
WRONG_LABELS = ["last", "", "use", "next", "keystone", "/x", "http://h/x"]
#: Fields every node of the stack's announced graph has (`stack.graph_model.Node`).
NODE_FIELDS = ["id", "kind", "name", "factory", "file", "line", "conf", "warnings", "errors",
               "error_lines", "refused_members", "built_as", "refused_alternatives",
               "refused_targets", "refused_links"]
#: What `which` is asked of each graph announced: both sides of the compute demo's urlmap.
PATHS = ["/", "/v2.1/servers"]


def mutations(graph: dict[str, Any]) -> list[tuple[str, list[str], dict[str, Any]]]:
    """`(what, names, the graph)`: one node of each kind the demo has, each field set to each
    wrong value; each edge, each field. A refusal names one of `names`: the field (as
    `["nodes"][2]`, or `nodes[2]` in the drawing's check), or the node whose id it says."""
    kinds = {}
    for index, node in enumerate(graph["nodes"]):
        kinds.setdefault(node["factory"] if node["kind"] == "composite" else node["kind"], index)
    found = []
    for index in kinds.values():
        names = [f'["nodes"][{index}]', f"nodes[{index}]", graph["nodes"][index]["id"]]
        for field in NODE_FIELDS:
            for value in WRONG:
                changed = copy.deepcopy(graph)
                changed["nodes"][index][field] = value
                found.append((f"nodes[{index}].{field}={json.dumps(value)}", names, changed))
    for index, edge in enumerate(graph["edges"]):
        names = [f'["edges"][{index}]', f"edges[{index}]", edge["source"]]
        for field in ("source", "target", "label"):
            for value in [*WRONG, *WRONG_LABELS] if field == "label" else WRONG:
                changed = copy.deepcopy(graph)
                changed["edges"][index][field] = value
                found.append((f"edges[{index}].{field}={json.dumps(value)}", names, changed))
    return found


def test_every_wrong_field_is_refused_at_announcement_or_answered(dashboard, stack):
    real = next(s for s in dashboard.get("/api/stacks")[2] if s["name"] == stack.stack_name)
    session = requests.Session()
    refused = answered = 0
    for number, (what, names, graph) in enumerate(mutations(real["graph"])):
        name = f"mutant-{number}"
        info = {"name": name, "url": "http://127.0.0.1:9", "file": "compute.ini",
                "graph": graph, "pid": 1, "routes": real["routes"]}
        answer = session.post(f"{dashboard.url}/api/stacks", json=info, timeout=15)
        if answer.status_code == 400:
            error = answer.json()["error"]
            assert error.startswith("field 'graph'"), (what, error)
            assert any(name in error for name in names), (what, error)
            refused += 1
            continue
        assert answer.status_code == 200, (what, answer.text)
        answered += 1
        for path in PATHS:
            asked = session.get(f"{dashboard.url}/api/which", timeout=15,
                                params={"stack": name, "method": "GET", "path": path})
            assert asked.status_code == 200, (what, path, asked.text)
            assert asked.json()["describe"], (what, path)
    assert refused and answered  # both kinds of mutation were met


def test_a_which_that_failed_is_now_refused_naming_the_field(dashboard):
    """The tester's example: a node's `errors` holding an object."""
    graph = {"entry": "app:a", "edges": [], "nodes": [
        {"id": "app:a", "kind": "app", "name": "a", "factory": "x", "errors": [{"x": 1}]}]}
    status, _, body = dashboard.post("/api/stacks", {"name": "qa1-min",
                                                     "url": "http://127.0.0.1:9", "graph": graph})
    assert (status, body) == (400, {"error": """field 'graph'["nodes"][0]["errors"][0] must be """
                                              "a string, got an object"})
    assert dashboard.get("/api/which?stack=qa1-min&path=/")[0] == 404


def test_a_pipeline_step_that_is_no_position_is_refused(dashboard, stack):
    real = next(s for s in dashboard.get("/api/stacks")[2] if s["name"] == stack.stack_name)
    graph = copy.deepcopy(real["graph"])
    index, edge = next((i, e) for i, e in enumerate(graph["edges"]) if e["label"] == "0")
    edge["label"] = "last"
    status, _, body = dashboard.post("/api/stacks", {"name": "last-step",
                                                     "url": "http://127.0.0.1:9", "graph": graph})
    assert (status, body) == (400, {"error": f"""field 'graph'["edges"][{index}]["label"] must """
                                              """be a position ("0", "1", …): """
                                              f"{edge['source']} is walked as a pipeline, whose "
                                              "steps are its positions, got 'last'"})


def test_a_pipeline_factory_building_no_key_it_has_is_refused(dashboard, stack):
    real = next(s for s in dashboard.get("/api/stacks")[2] if s["name"] == stack.stack_name)
    graph = copy.deepcopy(real["graph"])
    index = next(i for i, node in enumerate(graph["nodes"])
                 if "pipeline_factory" in (node["factory"] or ""))
    graph["nodes"][index]["conf"] = {"auth_strategy": "ldap"}
    status, _, body = dashboard.post("/api/stacks", {"name": "no-key",
                                                     "url": "http://127.0.0.1:9", "graph": graph})
    assert status == 400
    assert body["error"] == (
        f"""field 'graph'["nodes"][{index}] (composite:openstack_compute_api_v21) builds its """
        "key 'ldap' (as its `auth_strategy` setting says), which none of its edges has: a key "
        'it cannot build is in its "refused_alternatives", and its "errors" say why')


def test_a_saved_file_whose_graph_has_a_wrong_field_is_refused_naming_it(classroom, dashboard,
                                                                           stack):
    trace = send(dashboard, stack, "GET", "/")
    saved = exported(dashboard, [trace["trace"]]).json()
    saved["graphs"][0]["graph"]["nodes"][0]["conf"] = "auth_strategy = noauth"
    answer = load(classroom.url, saved, "edited.json")
    assert answer.status_code == 400
    assert answer.json()["error"] == (
        """edited.json: graph 0: field 'graph'["nodes"][0]["conf"] must be an object of """
        'strings, got "auth_strategy = noauth"')


#: A pipeline member PasteDeploy would not find, as an upload places it (`missing`'s items).
HOLE = {"pos": 0, "name": "authtokn", "kind": "filter", "error": "no section", "cause": None}


@pytest.mark.parametrize(("index", "field", "value", "said"), [
    (2, "missing", [HOLE],
     """field 'graph'["nodes"][2]["missing"] is a pipeline's (the members it names that """
     "PasteDeploy would not find), not a filter's"),
    (1, "missing", "authtokn",
     """field 'graph'["nodes"][1]["missing"] must be a list of values that are each an object """
     'with name, kind, pos, error (and maybe cause or named or unread), got "authtokn"'),
    (1, "missing", [{**HOLE, "pos": "0"}],
     '''field 'graph'["nodes"][1]["missing"][0].pos must be an integer, got "0"'''),
    (0, "missing_branches", [{"label": "/v2", "line": 3, "members": [{**HOLE, "error": 5}]}],
     """field 'graph'["nodes"][0]["missing_branches"][0].members[0].error must be a string or """
     "null, got 5"),
    (3, "missing_links", [{**HOLE, "label": "use", "line": "7"}],
     """field 'graph'["nodes"][3]["missing_links"][0].line must be an integer or null, """
     'got "7"'),
])
def test_a_wrong_missing_field_is_refused_naming_it_and_what_was_wrong(dashboard, index, field,
                                                                       value, said):
    """An upload's `missing`, `missing_branches` and `missing_links`, which the drawing reads
    from any graph, refused as the graph contract's own fields are."""
    info = announcement(f"holes-{index}-{field}")
    info["graph"] = copy.deepcopy(info["graph"])
    info["graph"]["nodes"][index][field] = value
    assert dashboard.post("/api/stacks", info)[::2] == (400, {"error": said})
