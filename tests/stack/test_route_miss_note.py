"""A router's 404 or 405 says its likely cause (`stack.routing.miss_note`): a path a slip from a
template (`/servrs`), a trailing `/` Routes does not drop, a HEAD to a GET route. The client's
body, a served request's story and `which` (with the stack's route tables) say it alike."""

from __future__ import annotations

import routes

from stack import explain
from stack import routing
from stack.explain_index import TraceIndex
from stack.resolve import describe
from stack.resolve import resolve
from tests.conftest import TOKEN
from tests.stack.trace_checks import send

TYPO = ("`/servrs` is near the template `/servers` but is not it: a typo, in the URL or in the "
        "routes?")
SLASH = ("Without its trailing `/`, `/servers/1` fits the template `/servers/:(id)`: Routes "
         "matches the path as written, and `/servers/1/` is not `/servers/1`.")
HEAD = ("Routes matches the method as written: a route for GET does not take HEAD, so a HEAD "
        "needs a route of its own (or none naming a method).")


def story(events: list[dict]) -> list[str]:
    return explain.steps_and_story(TraceIndex(events))[1]


def test_a_typo_is_named_to_the_client_and_in_the_story(compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1/servrs", TOKEN)
    assert response.status_code == 404
    assert f"No route matches GET /servrs. {TYPO}" in response.text.replace("&#x27;", "'")
    assert TYPO in story(events)


def test_a_trailing_slash_is_named_to_the_client_and_in_the_story(compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1/servers/1/", TOKEN)
    assert response.status_code == 404
    assert SLASH in response.text
    assert SLASH in story(events)


def test_a_head_to_a_get_route_says_routes_takes_head_for_no_get(compute_stack):
    response, events = send(compute_stack, "HEAD", "/v2.1/servers", TOKEN)
    assert (response.status_code, response.headers["Allow"]) == (405, "GET, POST")
    assert HEAD in story(events)


def test_which_says_it_from_the_route_tables(compute, compute_routes):
    lines = describe(resolve(compute, "GET", "/v2.1/servrs", routes=compute_routes))
    assert lines[lines.index(TYPO) - 1] == (
        "The app `compute_app`'s router answers 404: no route template matches `/servrs`.")
    assert SLASH in describe(resolve(compute, "GET", "/v2.1/servers/1/", routes=compute_routes))


def test_a_path_near_no_template_is_given_no_guess(compute, compute_routes):
    lines = describe(resolve(compute, "GET", "/v2.1/nothing", routes=compute_routes))
    assert not [line for line in lines if "near the template" in line or "Without its" in line]


def test_the_template_meant_is_the_first_candidate_among_hundreds():
    """nova's hundreds of routes in table order put `/servers` past the five a story shows."""
    mapper = routes.Mapper()
    for number in range(200):
        mapper.connect(f"r{number}", f"/os-thing{number}", controller="c", action="index")
    mapper.connect("servers", "/servers", controller="servers", action="index")
    status, candidates, _ = routing.explain_miss(mapper, "GET", "/servrs")
    assert (status, candidates[0]["template"]) == (404, "/servers")
    assert routing.miss_note("GET", "/servrs", candidates) == TYPO


def test_each_template_is_measured_against_the_path_once(monkeypatch):
    """A resource's routes share a template for each of its methods (nova's hundreds of
    routes hold a few of each): how far the path is from it was measured again for each."""
    mapper = routes.Mapper()
    for method in ("GET", "POST", "PUT", "DELETE"):
        mapper.connect(None, "/servers", controller="servers", action=method.lower(),
                       conditions={"method": [method]})
        mapper.connect(None, "/servers/{id}", controller="servers", action=method.lower(),
                       conditions={"method": [method]})
    _, candidates, _ = routing.explain_miss(mapper, "GET", "/servrs")
    measured = []

    def far(path, template):
        measured.append((path, template))
        return far_as_it_is(path, template)

    far_as_it_is = routing._far
    monkeypatch.setattr(routing, "_far", far)
    assert routing.miss_note("GET", "/servrs", candidates) == TYPO
    assert sorted(measured) == [("/servrs", "/servers"), ("/servrs", "/servers/{id}")]
