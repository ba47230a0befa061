"""The seed articles' examples and the third-party (oslo.middleware) demo, served and traced."""

from __future__ import annotations

import re

import pytest
import requests

from tests.conftest import DEMO
from tests.conftest import file_traced
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import hops
from tests.stack.trace_checks import leave_status
from tests.stack.trace_checks import through


def get(server, path: str, method: str = "GET", **kwargs):
    response = requests.request(method, server.url + path, timeout=10, **kwargs)
    events = server.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    return response, events


def only(events: list[dict], kind: str) -> dict:
    [event] = [e for e in events if e["kind"] == kind]
    return event["data"]


@pytest.fixture(scope="module")
def seed_glance(tmp_path_factory):
    with file_traced(DEMO / "seed_glance.ini", "common",
                     tmp_path_factory.mktemp("seed_glance")) as server:
        yield server


@pytest.fixture(scope="module")
def seed_nova(tmp_path_factory):
    with file_traced(DEMO / "seed_nova.ini", "web", tmp_path_factory.mktemp("seed_nova")) as server:
        yield server


def test_glance_seed_version_at_root(seed_glance):
    response, events = get(seed_glance, "/")
    assert (response.status_code, response.text) == (200, "1.0.0\n")
    assert hops(events) == through(["composite:common", "app:showversion"])


def test_glance_seed_log_pipeline(seed_glance):
    response, events = get(seed_glance, "/log")
    assert (response.status_code, response.text) == (200, "1.0.0\n")
    assert hops(events) == through(["composite:common", "pipeline:showversion_log",
                                    "filter:filter_log", "app:showversion"])
    assert only(events, "composite.dispatch")["label"] == "/log"


def test_glance_seed_v1_router(seed_glance):
    response, events = get(seed_glance, "/v1/test")
    assert response.json() == {"name": "test", "properties": "test"}
    app = "app:apiv1app"
    assert hops(events) == through(
        ["composite:common", app],
        [("route.match", app), ("controller.action", app), ("controller.return", app)])
    assert only(events, "route.match")["template"] == "/test"


def test_nova_seed_home_through_faultwarp_and_logrequest(seed_nova):
    response, events = get(seed_nova, "/home")
    assert (response.status_code, response.text) == (200, "welcome to home page, hello world!")
    assert hops(events) == through(["composite:web", "pipeline:home", "filter:faultwarp",
                                    "filter:logrequest", "app:homeapp"])


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/home", 'GET /home (urlmap moved "/home" to SCRIPT_NAME; PATH_INFO "")'),
        ("/home/", 'GET /home/ (urlmap moved "/home" to SCRIPT_NAME; PATH_INFO "/")'),
    ],
)
def test_nova_seed_logrequest_says_what_urlmap_did_with_the_path(seed_nova, path, said):
    """The article's filter logged PATH_INFO alone: for `/home`, under urlmap, an empty one, and
    `GET ` with nothing after it read as a bug rather than as what urlmap does."""
    response, _ = get(seed_nova, path)
    assert response.status_code == 200
    # eventlet's access line is written once the filters have logged theirs.
    seed_nova.wait_for_output(re.compile(rf'"GET {re.escape(path)} HTTP/1\.1" 200 '))
    logged = [line.partition("filter:RequestLogging is called: ")[2]
              for line in seed_nova.output().splitlines() if "filter:RequestLogging" in line]
    assert logged[-1] == said


@pytest.mark.parametrize(
    ("method", "path", "text", "action"),
    [
        ("GET", "/version/", "in version show fun", "show"),
        ("GET", "/servers", "welcome to servers app", "index"),
        ("POST", "/servers/2/action", "server action function (server 2)", "action"),
    ],
)
def test_nova_seed_api_router(seed_nova, method, path, text, action):
    response, events = get(seed_nova, path, method, json={"msg": "hello world"}
                           if method == "POST" else None)
    assert (response.status_code, response.text) == (200, text)
    app = "app:apirouter"
    assert hops(events) == through(
        ["composite:web", app],
        [("route.match", app), ("controller.action", app), ("controller.return", app)])
    assert only(events, "controller.action")["action"] == action


def test_nova_seed_missing_action_is_explained(seed_nova):
    """The article's ServersApp has no `show`: the route matches, the action is missing."""
    response, events = get(seed_nova, "/servers/2", headers={"Accept": "text/plain"})
    assert response.status_code == 404
    assert "The servers controller has no action 'show'" in response.text
    error = only(events, "error")
    assert (error["type"], error["message"]) == (
        "MissingAction", "The servers controller has no action 'show'")


@pytest.fixture(scope="module")
def oslo(tmp_path_factory):
    with file_traced(DEMO / "oslo.ini", "oslo_compute", tmp_path_factory.mktemp("oslo")) as server:
        yield server


OSLO_FILTERS = ["filter:http_proxy_to_wsgi", "filter:request_id", "filter:catch_errors",
                "filter:sizelimit"]


def test_oslo_filters_are_traced_unchanged(oslo):
    response, events = get(oslo, "/v2.1/servers")
    assert response.status_code == 200
    assert response.headers["X-OpenStack-Request-Id"].startswith("req-")
    app = "app:compute_app"
    assert hops(events) == through(
        ["composite:oslo_compute", "pipeline:oslo_pipeline", *OSLO_FILTERS, app],
        [("route.match", app), ("controller.action", app), ("controller.return", app)])


def test_oslo_catch_errors_catches_the_exception(oslo):
    response, events = get(oslo, "/v2.1/servers/1/action", "POST", json={"migrate": None})
    assert response.status_code == 500
    error = only(events, "error")
    assert (error["raised_at"], error["caught_by"]) == ("app:compute_app", "filter:catch_errors")


def test_oslo_sizelimit_short_circuits(oslo):
    response, events = get(oslo, "/v2.1/servers", "POST", data=b"x" * 200_000)
    assert response.status_code == 413
    assert leave_status(events)["filter:sizelimit"] == (413, True)


def test_oslo_healthcheck_app(oslo):
    response, events = get(oslo, "/healthcheck")
    assert (response.status_code, response.text) == (200, "OK")
    assert hops(events) == through(["composite:oslo_compute", "app:healthcheck"])


def test_urlmap_miss_names_the_prefixes_it_tried(oslo):
    response, events = get(oslo, "/v3/servers")
    assert response.status_code == 404
    assert hops(events) == [
        ("request.start", None), ("node.enter", "composite:oslo_compute"),
        ("composite.miss", "composite:oslo_compute"), ("node.leave", "composite:oslo_compute"),
        ("request.end", None)]
    assert only(events, "composite.miss") == {"path": "/v3/servers",
                                              "tried": ["/healthcheck", "/v2.1"]}
    assert leave_status(events)["composite:oslo_compute"] == (404, True)


@pytest.mark.parametrize(
    ("server", "ini", "name", "paths"),
    [
        ("seed_glance", "seed_glance.ini", "common", ["/", "/log", "/v1/test", "/v1/x"]),
        ("seed_nova", "seed_nova.ini", "web", ["/home", "/version/", "/servers", "/zzz"]),
        ("oslo", "oslo.ini", "oslo_compute", ["/v2.1/servers", "/healthcheck", "/v3"]),
    ],
)
def test_every_event_node_is_a_node_of_the_inspected_graph(request, server, ini, name, paths):
    from stack import graph

    stack = request.getfixturevalue(server)
    nodes = {node["id"] for node in graph.load_graph(str(DEMO / ini), name).to_json()["nodes"]}
    for path in paths:
        _, events = get(stack, path)
        seen = {e["node"] for e in events if e["node"] is not None}
        seen |= {e["data"]["target"] for e in events if e["kind"] == "composite.dispatch"}
        assert seen and seen <= nodes, (path, seen - nodes)
