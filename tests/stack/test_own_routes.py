"""A developer's own Routes router (`own_routes_apps`) served traced: a requirement on a
variable, or a condition function, that refuses a path whose template fits is said as such in
the route.miss event, the step view and the client's 404, as Routes itself decides it; a
condition function is not called without the request's environ (which raised in it: a 500)."""

from __future__ import annotations

import pytest
import routes

from stack import explain
from stack.explain import explain_steps
from stack.explain_index import TraceIndex
from tests.conftest import run_cli
from tests.stack.app_inis import traced_router
from tests.stack.app_inis import twins_ini
from tests.stack.own_routes_apps import make_items
from tests.stack.own_routes_apps import make_shop
from tests.stack.trace_checks import send

#: The likely cause of the 404 of `GET /items/abc`, said to the client, in the story and by `which`.
NOT_DIGITS = ("`/items/abc` fits the template `/items/{id}`, but not its requirement for `id`: "
              "`abc` does not fit `\\d+` (Routes takes a requirement as the whole value's "
              "pattern).")
#: That of `GET /admin/1` with no `X-Role: admin`.
NOT_ADMIN = ("`/admin/1` fits the template `/admin/{id}`, but the route's condition function "
             "`is_admin` did not take the request.")


@pytest.fixture(scope="module")
def items_stack(tmp_path_factory):
    """The router of `make_items` served traced, once for the module's tests, which only send."""
    with traced_router(tmp_path_factory, "make_items") as server:
        yield server


def miss_of(events: list[dict]) -> dict:
    [miss] = [e["data"] for e in events if e["kind"] == "route.miss"]
    return miss


def said(events: list[dict]) -> list[str]:
    """Every step's words and the failure story's."""
    return [step.text for step in explain_steps(events)] + explain.steps_and_story(
        TraceIndex(events))[1]


def routes_answer(mapper: routes.Mapper, method: str, path: str, **environ: str):
    """What Routes itself matches for `method path`: (name, match) or None."""
    found = mapper.routematch(path, environ={"REQUEST_METHOD": method, "PATH_INFO": path,
                                             **environ})
    return (found[1].name, found[0]) if found else None


def test_a_requirement_that_refuses_a_fitting_path_is_named_not_taken_for_a_path_miss(
        items_stack):
    mapper = make_items({}).map
    assert routes_answer(mapper, "GET", "/items/abc") is None
    assert routes_answer(mapper, "GET", "/items/42") == (
        "show", {"id": "42", "controller": "items", "action": "show"})
    response, events = send(items_stack, "GET", "/items/abc")
    assert response.status_code == 404
    assert NOT_DIGITS in response.text.replace("&#x27;", "'")
    miss = miss_of(events)
    assert miss["status"] == 404
    assert miss["candidates"][:2] == [
        {"route": "show", "template": "/items/{id}", "methods": ["GET"], "failed": "requirement",
         "requirement": "id", "pattern": r"\d+", "value": "abc"},
        {"route": "update", "template": "/items/{id}", "methods": ["PUT", "PATCH"],
         "failed": "requirement", "requirement": "id", "pattern": r"\d+", "value": "abc"}]
    assert miss["candidates"][2:] == [
        {"route": "admin", "template": "/admin/{id}", "methods": [], "failed": "path"}]
    words = said(events)
    assert ("The router of the app `twins` found routes whose template matches `/items/abc` but "
            "that refused the request: `show` (`/items/{id}`, GET: `id` `abc` does not fit "
            "`\\d+`); `update` (`/items/{id}`, PUT, PATCH: `id` `abc` does not fit `\\d+`); so "
            "404. Other routes failed on the path `/items/abc`: `admin` (`/admin/{id}`, any "
            f"method). {NOT_DIGITS}") in words
    assert not [line for line in words if "has a template matching" in line]


def test_a_condition_function_that_refuses_is_a_404_said_of_it_not_a_500_raised_in_it(
        items_stack):
    mapper = make_items({}).map
    assert routes_answer(mapper, "GET", "/admin/1") is None
    assert routes_answer(mapper, "GET", "/admin/1", HTTP_X_ROLE="admin") == (
        "admin", {"id": "1", "controller": "items", "action": "show"})
    response, events = send(items_stack, "GET", "/admin/1")
    assert response.status_code == 404
    assert not [e for e in events if e["kind"] == "error"]
    assert NOT_ADMIN in response.text.replace("&#x27;", "'")
    miss = miss_of(events)
    assert miss["candidates"][0] == {
        "route": "admin", "template": "/admin/{id}", "methods": [], "failed": "condition",
        "condition": "function `is_admin`"}
    assert {c["failed"] for c in miss["candidates"][1:]} == {"path"}
    assert ("The router of the app `twins` found routes whose template matches `/admin/1` but "
            "that refused the request: `admin` (`/admin/{id}`, any method: its condition "
            "function `is_admin`); so 404. Other routes failed on the path `/admin/1`: `show` "
            "(`/items/{id}`, GET); `update` (`/items/{id}`, PUT, PATCH). "
            f"{NOT_ADMIN}") in said(events)
    response, events = send(items_stack, "GET", "/admin/1", {"X-Role": "admin"})
    assert response.status_code == 200
    [match] = [e["data"] for e in events if e["kind"] == "route.match"]
    assert (match["route"], match["match"]) == ("admin", {"id": "1", "controller": "items",
                                                          "action": "show"})


def test_a_method_no_route_of_a_fitting_template_allows_is_still_the_405(items_stack):
    """The requirement's digits fit: DELETE is refused by the method, as Routes refuses it."""
    response, events = send(items_stack, "DELETE", "/items/42")
    assert (response.status_code, response.headers["Allow"]) == (405, "GET, PATCH, PUT")
    assert [c["failed"] for c in miss_of(events)["candidates"]] == ["method", "method", "path"]
    response, events = send(items_stack, "DELETE", "/items/abc")
    assert response.status_code == 404  # the requirement fails first: Routes' regex holds it
    assert [c["failed"] for c in miss_of(events)["candidates"]] == [
        "requirement", "requirement", "path"]


def test_a_format_outside_its_requirement_is_named(serve_stack, tmp_path):
    mapper = make_shop({}).map
    assert routes_answer(mapper, "GET", "/reports/3.json")[0] == "report"
    assert routes_answer(mapper, "GET", "/reports/3.csv") is None
    stack = serve_stack(twins_ini(tmp_path, "make_shop"), "main")
    response, events = send(stack, "GET", "/reports/3.csv")
    assert response.status_code == 404
    assert miss_of(events)["candidates"][0] == {
        "route": "report", "template": "/reports/{id}.{format}", "methods": [],
        "failed": "requirement", "requirement": "format", "pattern": "json|xml", "value": "csv"}
    assert ("`/reports/3.csv` fits the template `/reports/{id}.{format}`, but not its "
            "requirement for `format`: `csv` does not fit `json|xml` (Routes takes a "
            "requirement as the whole value's pattern).") in said(events)


def test_which_load_names_the_requirement_too(tmp_path):
    done = run_cli("which", twins_ini(tmp_path, "make_items"), "GET", "/items/abc", "--load")
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[-3:-1] == [
        "The app `twins`'s router answers 404: `/items/abc` matches the template of 2 routes, "
        "refused by a requirement or condition.", NOT_DIGITS]



@pytest.mark.parametrize(("factory", "said"), [
    ("make_misnamed", "show (/items/{id}) names 'itmes'"),
    ("make_unnamed", "home (/home) names none")])
def test_a_route_naming_a_controller_the_router_was_not_given_fails_the_load(
        tmp_path, factory, said):
    """It was found only when a request matched it: a KeyError in the router, a 500. The
    shop's redirect and resources (`make_shop`) load, as the other tests show."""
    done = run_cli("serve", twins_ini(tmp_path, factory), "--port", "0", "--trace-to", "off")
    assert done.returncode == 2
    assert (f"[app:twins] LookupError: Router: {said}, a controller it was not given (given: "
            "items), raised at own_routes_apps.py:") in done.stderr
    assert "Traceback" not in done.stderr
