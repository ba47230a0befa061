"""A request Routes matches by its `_method` (`stack.method_override`), served traced: route.match
and route.miss carry the method Routes matched with and where the `_method` came from, the
step view says so, and a miss is explained (404 or 405, `Allow`) for that method."""

from __future__ import annotations

import pytest

from stack import routing
from stack.explain import explain_steps
from tests.stack.app_inis import traced_router
from tests.stack.own_routes_apps import make_shop
from tests.stack.test_own_routes import miss_of
from tests.stack.test_own_routes import routes_answer
from tests.stack.test_own_routes import said
from tests.stack.trace_checks import send

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def shop_stack(tmp_path_factory):
    """The router of `make_shop` served traced, once for the module's tests, which only send."""
    with traced_router(tmp_path_factory, "make_shop") as server:
        yield server


def match_of(events: list[dict]) -> dict:
    [match] = [e["data"] for e in events if e["kind"] == "route.match"]
    return match


@pytest.mark.parametrize(("sent", "path", "headers", "body", "source", "word"), [
    ("POST", "/servers/1/ips/2?_method=DELETE", None, None, "query", "query parameter"),
    ("POST", "/servers/1/ips/2", FORM, b"_method=delete", "form", "form field"),
    ("GET", "/servers/1/ips/2?_method=delete", None, None, "query", "query parameter")])
def test_a_route_matched_by_method_override_is_told_with_the_method_routes_matched(
        shop_stack, sent, path, headers, body, source, word):
    mapper = make_shop({}).map
    assert routes_answer(mapper, "DELETE", "/servers/1/ips/2")[1]["action"] == "delete"
    response, events = send(shop_stack, sent, path, headers, body)
    assert response.status_code == 204
    match = match_of(events)
    assert (match["method"], match["method_override"]) == (
        "DELETE", {"sent": sent, "source": source})
    assert match["match"]["action"] == "delete"
    assert ("The router of the app `twins` matched DELETE to an unnamed route (template "
            "`/servers/:server_id/ips/:(id)`): controller `items`, action `delete` with "
            f"server_id='1', id='2'. Routes matched this {sent} as DELETE, the method its "
            f"`_method` {word} names (Routes' method override).") in [
        step.text for step in explain_steps(events)]
    # The dashboard lights the route Routes matched: the DELETE one.
    table = routing.route_table(mapper)
    row = routing.matched_row(table, match)
    assert (table[row]["methods"], table[row]["action"]) == (["DELETE"], "delete")


def test_a_request_without_method_override_leaves_the_field_out(shop_stack):
    response, events = send(shop_stack, "POST", "/v1/things?method=DELETE", FORM, b"x=1")
    assert response.status_code == 200
    match = match_of(events)
    assert match["method"] == "POST"
    assert "method_override" not in match


def test_a_miss_is_explained_for_the_method_routes_matched_with(shop_stack):
    """`/servers` takes GET and POST: a POST Routes matched as PATCH is refused for PATCH."""
    response, events = send(shop_stack, "POST", "/servers?_method=PATCH")
    assert (response.status_code, response.headers["Allow"]) == (405, "GET, POST")
    override = ("Routes matched this POST as PATCH, the method its `_method` query parameter "
                "names (Routes' method override).")
    assert override in response.text.replace("&#x27;", "'")
    miss = miss_of(events)
    assert (miss["method"], miss["method_override"]) == ("PATCH", {"sent": "POST",
                                                                   "source": "query"})
    assert [c["methods"] for c in miss["candidates"] if c["failed"] == "method"] == [
        ["POST"], ["GET"]]
    words = said(events)
    assert ("The router of the app `twins` found routes whose template matches `/servers` but "
            "whose method condition refuses PATCH: unnamed (`/servers`, POST); `servers` "
            "(`/servers`, GET); so 405 (allowed: GET, POST).") in words
    assert override in words
    response, events = send(shop_stack, "POST", "/nothing?_method=GET")
    assert response.status_code == 404
    assert f"No route matches GET /nothing. {override.replace('PATCH', 'GET')}" in (
        response.text.replace("&#x27;", "'"))
    assert miss_of(events)["method"] == "GET"
