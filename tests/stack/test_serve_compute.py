"""The compute demo served on eventlet: every demo URL's response and exact event sequence."""

from __future__ import annotations

import json

import pytest

from stack.demo import compute
from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.stack.trace_checks import hops
from tests.stack.trace_checks import leave_status
from tests.stack.trace_checks import raised_source
from tests.stack.trace_checks import send
from tests.stack.trace_checks import through

URLMAP = "composite:osapi_compute"
V21 = "composite:openstack_compute_api_v21"
KEYSTONE = "pipeline:openstack_compute_api_v21[keystone]"
FILTERS = ["filter:request_id", "filter:faultwrap", "filter:sizelimit", "filter:authtoken"]
APP = "app:compute_app"
TO_APP = [URLMAP, V21, KEYSTONE, *FILTERS, APP]
ACTION = [("route.match", APP), ("controller.action", APP), ("controller.return", APP)]


def data(events: list[dict], kind: str) -> dict:
    [event] = [e for e in events if e["kind"] == kind]
    return event["data"]


def test_versions_at_root(compute_stack):
    response, events = send(compute_stack, "GET", "/")
    assert response.status_code == 200
    assert response.json()["versions"][0]["id"] == "v2.1"
    assert hops(events) == through([URLMAP, "pipeline:computeversions", "filter:faultwrap",
                                    "app:versionsapp"])
    dispatch = data(events, "composite.dispatch")
    assert dispatch == {"label": "/", "target": "pipeline:computeversions",
                        "script_name": "", "path_info": "/"}


def test_list_servers_walks_the_whole_keystone_pipeline(compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1/servers", TOKEN)
    assert response.status_code == 200
    assert {"id": "1", "name": "web-1"} in response.json()["servers"]
    assert response.headers["X-OpenStack-Request-Id"].startswith("req-")
    assert hops(events) == through(TO_APP, ACTION)
    dispatches = [e["data"] for e in events if e["kind"] == "composite.dispatch"]
    assert dispatches == [
        {"label": "/v2.1", "target": V21, "script_name": "/v2.1", "path_info": "/servers"},
        {"label": "keystone", "target": KEYSTONE, "script_name": "/v2.1",
         "path_info": "/servers"},
    ]
    match = data(events, "route.match")
    assert match["route"] == "servers" and match["template"] == "/servers"
    assert match["match"] == {"controller": "servers", "action": "index"}
    assert data(events, "controller.action") == {
        "controller": "servers", "action": "index", "args": {}}
    statuses = leave_status(events)
    assert all(statuses[node] == (200, False) for node in TO_APP)
    end = data(events, "request.end")
    assert end["status"] == 200 and end["bytes"] == len(response.content)
    assert (end["body"], end["content_type"]) == ("", "")  # a 2xx's body is not kept
    start = data(events, "request.start")
    assert start["method"] == "GET" and start["path"] == "/v2.1/servers"
    assert start["headers"]["X-Auth-Token"] == "***"


def test_missing_token_is_a_401_short_circuit_the_router_never_sees(compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1/servers")
    assert response.status_code == 401
    chain = TO_APP[:-1]
    assert hops(events) == through(chain)
    statuses = leave_status(events)
    assert statuses["filter:authtoken"] == (401, True)
    assert statuses["filter:sizelimit"] == (401, False)
    assert APP not in statuses
    end = data(events, "request.end")  # what the client was told, and so why
    assert end["body"] == response.text and "X-Auth-Token header is missing" in end["body"]
    assert end["content_type"] == response.headers["Content-Type"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "action"),
    [
        ("GET", "/v2.1/servers/1", None, 200, "show"),
        ("POST", "/v2.1/servers", {"server": {"name": "vm1", "flavorRef": "1"}}, 202, "create"),
        ("PUT", "/v2.1/servers/2", {"server": {"name": "renamed"}}, 200, "update"),
        ("POST", "/v2.1/servers/1/action", {"reboot": {"type": "SOFT"}}, 202, "action"),
        ("GET", "/v2.1/flavors", None, 200, "index"),
        ("GET", "/v2.1/flavors/2", None, 200, "show"),
    ],
)
def test_controller_actions(compute_stack, method, path, body, status, action):
    headers = {**TOKEN, "Content-Type": "application/json"}
    response, events = send(compute_stack, method, path, headers, body)
    assert response.status_code == status
    assert hops(events) == through(TO_APP, ACTION)
    called = data(events, "controller.action")
    assert called["action"] == action
    if body is not None:
        assert called["args"]["body"] == body
    assert data(events, "controller.return")["status"] == status
    assert leave_status(events)[APP] == (status, False)


@pytest.mark.parametrize(
    ("path", "body", "status", "action"),
    [
        ("/v2.1/servers", {"server": {"name": "chunked-vm"}}, 202, "create"),
        ("/v2.1/servers/1/action", {"reboot": {"type": "SOFT"}}, 202, "action"),
    ],
)
def test_a_body_sent_chunked_is_read(compute_stack, path, body, status, action):
    """`curl -H 'Transfer-Encoding: chunked'` sends no Content-Length: the router reads the
    body all the same, as WebOb reads one (it had answered 400, as if none were sent)."""
    headers = {**TOKEN, "Content-Type": "application/json"}
    sent = json.dumps(body).encode()
    response, events = send(compute_stack, "POST", path, headers, iter([sent[:5], sent[5:]]))
    assert response.status_code == status, response.text
    assert data(events, "controller.action") == {
        "controller": "servers", "action": action,
        "args": {"body": body, **({"id": "1"} if action == "action" else {})}}
    if action == "create":
        assert response.json()["server"]["name"] == "chunked-vm"


def test_create_then_delete_a_server(compute_stack):
    headers = {**TOKEN, "Content-Type": "application/json"}
    created, _ = send(compute_stack, "POST", "/v2.1/servers", headers,
                      {"server": {"name": "tmp"}})
    server_id = created.json()["server"]["id"]
    deleted, events = send(compute_stack, "DELETE", f"/v2.1/servers/{server_id}", TOKEN)
    assert deleted.status_code == 204
    assert data(events, "controller.action")["args"] == {"id": server_id}
    gone, _ = send(compute_stack, "GET", f"/v2.1/servers/{server_id}", TOKEN)
    assert gone.status_code == 404


def test_unknown_id_is_the_controllers_404(compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1/servers/999", TOKEN)
    assert response.status_code == 404
    assert hops(events) == through(
        TO_APP, [("route.match", APP), ("controller.action", APP), ("error", APP),
                 ("controller.return", APP)])
    error = data(events, "error")
    assert error["type"] == "HTTPNotFound" and "999" in error["message"]
    assert error["raised_at"] == APP and error["caught_by"] == APP
    assert leave_status(events)[APP] == (404, False)


def test_wrong_method_is_the_routers_405_with_every_candidate_explained(compute_stack):
    response, events = send(compute_stack, "DELETE", "/v2.1/flavors", TOKEN)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    assert hops(events) == through(TO_APP, [("route.miss", APP)])
    miss = data(events, "route.miss")
    assert miss["status"] == 405 and miss["method"] == "DELETE" and miss["path"] == "/flavors"
    by_method = [c for c in miss["candidates"] if c["failed"] == "method"]
    assert {(c["template"], tuple(c["methods"])) for c in by_method} == {
        ("/flavors", ("GET",)), ("/flavors", ("POST",))}
    assert all(c["failed"] == "path" for c in miss["candidates"][len(by_method):])


def test_unknown_path_is_the_routers_404(compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1/nothing", TOKEN)
    assert response.status_code == 404
    miss = data(events, "route.miss")
    assert miss["status"] == 404
    assert miss["candidates"] and all(c["failed"] == "path" for c in miss["candidates"])


def test_unexpected_exception_is_caught_by_the_fault_wrapper(compute_stack):
    headers = {**TOKEN, "Content-Type": "application/json"}
    response, events = send(compute_stack, "POST", "/v2.1/servers/1/action", headers,
                            {"migrate": None})
    assert response.status_code == 500
    assert "No valid host" in response.json()["computeFault"]["message"]
    assert hops(events) == through(
        TO_APP, [("route.match", APP), ("controller.action", APP), ("error", APP),
                 ("controller.return", APP)])
    error = data(events, "error")
    # The line that raised it, in the controller: the layer is only where it left.
    assert raised_source(error, compute) == (
        "action", 'raise RuntimeError(f"No valid host was found for server {id}")')
    assert error == {"type": "RuntimeError", "message": "No valid host was found for server 1",
                     "raised_at": APP, "caught_by": "filter:faultwrap",
                     "raised_in": error["raised_in"]}
    statuses = leave_status(events)
    assert statuses[APP] == (None, False)
    assert statuses["filter:authtoken"] == (None, False)
    assert statuses["filter:faultwrap"] == (500, False)
    assert statuses[URLMAP] == (500, False)
    end = data(events, "request.end")
    assert json.loads(end["body"]) == response.json()
    assert end["content_type"] == response.headers["Content-Type"]


#: What the action's 400 asks for, whatever kept it from reading one.
SEND_JSON = ("Send a JSON object naming the action (reboot or migrate), with the header "
             "Content-Type: application/json.")


@pytest.mark.parametrize(
    ("content_type", "body", "why"),
    [
        ("application/x-www-form-urlencoded", {"migrate": None},
         "The body was not read as JSON: its Content-Type is application/x-www-form-urlencoded,"
         " not application/json."),
        (None, {"migrate": None},  # eventlet hands it over as text/plain
         "The body was not read as JSON: its Content-Type is text/plain, not application/json."),
        (None, None, "The request has no body."),
        ("application/json", ["migrate"], "The body is JSON, but not an object."),
        ("application/json", {}, "The JSON object names no action."),
        # requests sends an iterator chunked: a chunked form is still a form, and empty, none
        ("application/x-www-form-urlencoded", iter([b"reboot=1"]),
         "The body was not read as JSON: its Content-Type is application/x-www-form-urlencoded,"
         " not application/json."),
        ("application/json", iter([b""]), "The request has no body."),
    ],
    ids=["curl -d, a form", "no content type", "no body", "a JSON list", "an empty object",
         "a chunked form", "chunked, empty"],
)
def test_an_action_not_sent_as_a_json_object_is_told_why(compute_stack, content_type, body, why):
    """`curl -d` sends a form: the answer said `Unknown action None`, as if None were asked."""
    headers = {**TOKEN, **({"Content-Type": content_type} if content_type else {})}
    response, events = send(compute_stack, "POST", "/v2.1/servers/1/action", headers, body)
    assert response.status_code == 400
    assert f"{why} {SEND_JSON}" in response.text
    assert "Unknown action" not in response.text
    assert data(events, "controller.return")["status"] == 400


def test_oversized_body_stops_at_the_size_limit(compute_stack):
    response, events = send(compute_stack, "POST", "/v2.1/servers", TOKEN,
                            {"pad": "x" * 200_000})
    assert response.status_code == 413
    assert hops(events) == through(TO_APP[:-2])
    assert leave_status(events)["filter:sizelimit"] == (413, True)


def test_secrets_are_redacted_from_events(compute_stack):
    headers = {**TOKEN, "Content-Type": "application/json", "Cookie": "session=s3cret"}
    body = {"server": {"name": "pw", "adminPass": "hunter2", "meta": {"password": "p4ss"}}}
    response, events = send(
        compute_stack, "POST", "/v2.1/servers?token=qs-secret-77&limit=5", headers, body)
    assert response.status_code == 202
    text = json.dumps(events)
    for secret in ("demo-token", "s3cret", "hunter2", "p4ss", "qs-secret-77"):
        assert secret not in text
    assert data(events, "request.start")["query"] == "token=***&limit=5"
    sent = data(events, "controller.action")["args"]["body"]["server"]
    assert sent["adminPass"] == "***" and sent["meta"]["password"] == "***"


def test_text_that_is_not_utf8_is_traced_all_the_same(compute_stack):
    # A lone surrogate: valid in a JSON body's escapes and in Python text, not in UTF-8, so the
    # stack's fast encoder refuses it and the trace must take the slower way, not be dropped.
    body = {"server": {"name": "half \ud800 pair"}}
    response, events = send(compute_stack, "POST", "/v2.1/servers",
                            {**TOKEN, "Content-Type": "application/json"}, body)
    assert response.status_code == 202
    sent = data(events, "controller.action")["args"]["body"]["server"]
    assert sent["name"] == "half \ufffd pair"  # shown as a decoder shows what it cannot read


def test_every_event_node_is_a_node_of_the_inspected_graph(compute_stack):
    from stack import graph

    nodes = {n["id"] for n in graph.load_graph(str(DEMO / "compute.ini"),
                                               "osapi_compute").to_json()["nodes"]}
    seen: set[str] = set()
    for method, path, headers in [("GET", "/", None), ("GET", "/v2.1/servers", TOKEN),
                                  ("GET", "/v2.1/servers", None),
                                  ("DELETE", "/v2.1/flavors", TOKEN)]:
        _, events = send(compute_stack, method, path, headers)
        seen |= {e["node"] for e in events if e["node"] is not None}
        seen |= {e["data"]["target"] for e in events if e["kind"] == "composite.dispatch"}
    assert seen <= nodes, seen - nodes
    assert {URLMAP, V21, KEYSTONE, APP, "app:versionsapp"} <= seen
