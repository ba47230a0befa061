"""Which layer added which environ keys: node.enter/node.leave `added`, request.end `removed`."""

from __future__ import annotations

import pytest
import requests

from stack.environ_changes import environ_changes
from stack.explain import explain_step
from stack.trace_records import TRACE_KEY
from tests.conftest import INI_DATA
from tests.conftest import TOKEN
from tests.conftest import file_traced
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import send

ENVIRON = INI_DATA / "pastescope-environ.ini"


@pytest.fixture(scope="module")
def environ_stack(tmp_path_factory):
    with file_traced(ENVIRON, "main", tmp_path_factory.mktemp("environ")) as server:
        yield server


def get(server, path: str, headers: dict | None = None) -> list[dict]:
    response = requests.get(server.url + path, headers=headers, timeout=10)
    assert response.status_code == 200
    events = server.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    return events


def event(events: list[dict], kind: str, node: str | None) -> dict:
    [found] = [e for e in events if e["kind"] == kind and e["node"] == node]
    return found


def test_keys_a_filter_adds_are_on_the_next_layers_enter_secrets_redacted(environ_stack):
    events = get(environ_stack, "/add")
    enter = event(events, "node.enter", "app:plain")
    assert enter["data"]["added"] == {
        "HTTP_X_ADDED": "yes", "tests.note": "hello", "HTTP_X_SUBJECT_TOKEN": "***"}
    others = [e for e in events if e["kind"] in ("node.enter", "node.leave") and e is not enter]
    assert all(e["data"]["added"] == {} for e in others)
    end = event(events, "request.end", None)
    assert end["data"]["added"] == {} and end["data"]["removed"] == {}
    step = explain_step(events, events.index(enter))
    assert ("on its way in the filter `add` added the headers X-Added = `yes` and "
            "X-Subject-Token = `***` and the key `tests.note` = `hello`") in step.text
    assert {"key": "tests.note", "before": None, "after": "hello"} in step.changes


def test_a_deleted_request_key_is_reported_and_positions_are_not_trusted(environ_stack):
    events = get(environ_stack, "/strip", {"X-Spoofed": "admin", "X-Auth-Token": "t0ken"})
    end = event(events, "request.end", None)
    assert end["data"]["removed"] == {"HTTP_X_SPOOFED": "admin"}
    # A deletion shifts positions, so the added key is not put on a layer, but at the end.
    assert end["data"]["added"] == {"HTTP_X_CLEAN": "1"}
    assert event(events, "node.enter", "app:plain")["data"]["added"] == {}
    step = explain_step(events, events.index(end))
    assert "A layer removed the header X-Spoofed from the request's environ." in step.text
    assert "Layers added the header X-Clean = `1`; which layer added each cannot be told." in (
        step.text)


def test_compute_demo_filters_add_request_id_and_identity_status(compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1/servers", TOKEN)
    assert event(events, "node.enter", "filter:faultwrap")["data"]["added"] == {
        "openstack.request_id": response.headers["X-OpenStack-Request-Id"]}
    assert event(events, "node.enter", "app:compute_app")["data"]["added"] == {
        "HTTP_X_IDENTITY_STATUS": "Confirmed"}
    leave = event(events, "node.leave", "app:compute_app")
    assert leave["data"]["added"]["wsgiorg.routing_args"] == "<tuple>"
    # Objects are named, not shown: their text would be a repr, noise to a reader.
    *first, last = [f"`{key}`" for key in leave["data"]["added"]]
    step = explain_step(events, events.index(leave))
    assert (f"; while it ran it added the keys {', '.join(first)} and {last} to the environ."
            in step.text)


def test_a_layer_deleting_a_key_another_added_leaves_every_key_to_the_end(environ_stack):
    events = get(environ_stack, "/both")
    # `unnote` deleted `tests.note`, which `add` had added: the environ's key count went
    # down between two layers, so positions no longer say who added what.
    assert all(e["data"]["added"] == {} for e in events
               if e["kind"] in ("node.enter", "node.leave"))
    end = event(events, "request.end", None)["data"]
    assert end["added"] == {"HTTP_X_ADDED": "yes", "HTTP_X_SUBJECT_TOKEN": "***"}
    assert end["removed"] == {}


def test_each_request_shows_its_own_values_though_a_path_is_planned_once():
    # The same keys, added request after request, hold text, a number, an object, long text.
    before = {"PATH_INFO": "/"}
    cases = [("v1", "v1"), (7, "7"), (object(), "<object>"), ("x" * 300, "x" * 200), ("v2", "v2")]
    for value, text in cases:
        after = {**before, TRACE_KEY: None, "my.name": value, "webob.x": 1, "my.token": "t"}
        (first, offsets, names, texts), removed = environ_changes(before, after, len(after))
        assert (first, offsets, names, list(texts)) == (2, [0, 2], ["my.name", "my.token"],
                                                        [text, "***"])
        assert removed == []
