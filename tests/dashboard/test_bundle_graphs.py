"""A saved request is loaded with the graph its stack had when it was served: a request from
before an ini edit is drawn as it went, wherever the file is loaded — on a dashboard with no
stack, or one where a stack of the same name runs another graph."""

from __future__ import annotations

import pytest

from tests.dashboard.edited_stack import AFTER
from tests.dashboard.edited_stack import BEFORE
from tests.dashboard.edited_stack import NAME
from tests.dashboard.edited_stack import NOTE
from tests.dashboard.edited_stack import boxes
from tests.dashboard.edited_stack import served_before_edit
from tests.dashboard.edited_stack import started_again_edited
from tests.dashboard.samples import EDITED
from tests.dashboard.samples import GRAPH
from tests.dashboard.samples import ROUTES
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import exported
from tests.dashboard.servers import load
from tests.dashboard.servers import stored


@pytest.fixture(scope="module")
def saved(dashboard) -> dict:
    """A file of `before-edit`, served before `edited`'s ini was edited, and `after-edit`."""
    started_again_edited(dashboard, served_before_edit(dashboard))
    assert dashboard.post("/api/events", trace_events("after-edit", NAME))[0] == 202
    stored(dashboard, "after-edit")
    return exported(dashboard, ["before-edit", "after-edit"]).json()


def drawn(server, trace_id: str) -> tuple[set[str], bool]:
    """The boxes a request's step view draws, and whether it says the graph was another."""
    page = server.get(f"/requests/{trace_id}/steps")[2]
    return boxes(page), NOTE in page


def test_the_file_holds_each_requests_graph_once(saved):
    assert saved["graphs"] == [
        {"stack": NAME, "graph": GRAPH, "routes": ROUTES, "traces": ["before-edit"]},
        {"stack": NAME, "graph": EDITED, "routes": ROUTES, "traces": ["after-edit"]},
    ]


def test_a_request_from_before_an_edit_is_loaded_as_it_was_served(classroom, saved):
    assert load(classroom.url, saved).status_code == 200
    assert drawn(classroom, "before-edit") == (BEFORE, True)
    assert drawn(classroom, "after-edit") == (AFTER, False)


def test_loaded_beside_a_running_stack_of_that_name_it_keeps_its_graph(classroom, saved):
    running = {**announcement(NAME), "graph": EDITED}
    assert classroom.post("/api/stacks", running)[0] == 200
    answer = load(classroom.url, saved)
    assert answer.status_code == 200 and answer.json()["kept_live"] == [NAME]
    assert drawn(classroom, "before-edit") == (BEFORE, True)
    assert drawn(classroom, "after-edit") == (AFTER, False)


def test_a_file_saved_before_graphs_were_kept_loads_as_it_did(classroom, saved):
    older = {key: value for key, value in saved.items() if key != "graphs"}
    assert load(classroom.url, older).status_code == 200
    # Each request is drawn with its stack's graph in the file: the one after the edit.
    assert drawn(classroom, "before-edit") == (AFTER, False)
    assert drawn(classroom, "after-edit") == (AFTER, False)


@pytest.mark.parametrize(("change", "message"), [
    (lambda graphs: graphs.append(graphs[0]),
     "graph 2: request 'before-edit' is in graph 0 too; each request has one graph"),
    (lambda graphs: graphs[1]["traces"].append("nowhere"),
     "graph 1: no request 'nowhere' in the file (a request taken out of 'traces' is taken out "
     "of this graph's 'traces' too)"),
    (lambda graphs: graphs[0].update(stack="other"),
     "graph 0: request 'before-edit' is of the stack 'edited', not 'other'"),
    (lambda graphs: graphs[0].update(stack="other", traces=[]),
     "graph 0: no stack 'other' in the file"),
    (lambda graphs: graphs[0]["graph"].pop("edges"),
     "graph 0: field 'graph' must be a graph object with 'nodes' and 'edges' lists"),
    (lambda graphs: graphs[0].update(traces="before-edit"),
     "graph 0: field 'traces' must be a list of request ids"),
])
def test_a_graph_edited_wrong_is_refused_saying_where(classroom, saved, change, message):
    edited = {**saved, "graphs": [{**graph, "graph": dict(graph["graph"]),
                                   "traces": list(graph["traces"])}
                                  for graph in saved["graphs"]]}
    change(edited["graphs"])
    answer = load(classroom.url, edited, "edited.json")
    assert answer.status_code == 400
    assert answer.json()["error"] == f"edited.json: {message}"
    assert classroom.get("/api/traces")[2] == []
