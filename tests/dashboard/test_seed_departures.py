"""Where the seed lessons depart from their articles, each says so, and says it as the code and
the running stack have it: a teacher preparing a class from the articles meets a 405 the
article's router never answers, a match dict naming `servers` where the article passed an
object, and an action given arguments the article's is not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import routes
import routes.middleware
import webob
import webob.dec
import webob.exc

from stack.demo.seed_glance import MyRouterApp
from stack.demo.seed_nova import APIRouter
from tests.dashboard.test_glossary import entry_text

README = Path(__file__).resolve().parents[2] / "README.md"


def said(text: str) -> str:
    """`text` as a reader reads it: one line, backticks dropped."""
    return " ".join(text.replace("`", "").split())


def step_run(dashboard, lesson: str, n: int) -> tuple[str, dict]:
    """Step `n` of `lesson`: its notice, and the trace its Run recorded."""
    notice = dashboard.get(f"/api/lessons/{lesson}")[2]["steps"][n - 1]["notice"]
    status, _, result = dashboard.post(f"/api/lessons/{lesson}/steps/{n}/run")
    assert status == 200, result
    return said(notice), dashboard.get(f"/api/traces/{result['trace']}")[2]


def data_of(trace: dict, kind: str) -> dict:
    return next(e["data"] for e in trace["events"] if e["kind"] == kind)


@webob.dec.wsgify
def dispatch_on_match(req):
    """A dispatch as the articles write theirs: no match is a 404, whatever failed."""
    if not req.environ["wsgiorg.routing_args"][1]:
        return webob.exc.HTTPNotFound()
    return webob.Response("matched")


@pytest.mark.parametrize(("lesson", "n", "router", "mounted_at"), [
    ("glance-seed", 5, MyRouterApp, "/v1"), ("nova-seed", 6, APIRouter, ""),
])
def test_a_seed_405_says_routes_finds_no_match_and_a_plain_dispatch_answers_404(
        dashboard, seed_stacks, lesson, n, router, mounted_at):
    """The steps said "the router answers 405" as if Routes did: Routes only finds no match,
    and the articles' dispatch answers that 404. The 405 is the demo router's own."""
    notice, trace = step_run(dashboard, lesson, n)
    miss = data_of(trace, "route.miss")
    assert miss["status"] == 405 == trace["status"]
    assert any(c["failed"] == "method" for c in miss["candidates"])
    path = trace["path"].removeprefix(mounted_at)
    plain = routes.middleware.RoutesMiddleware(dispatch_on_match, router().map)
    response = webob.Request.blank(path, method=trace["method"]).get_response(plain)
    assert response.status_int == 404
    assert "Routes itself only finds no match" in notice
    assert re.search(r"_dispatch (answers that with 404|that answers no match with 404)", notice)
    assert "this demo router's own" in notice


def test_the_glossarys_405_says_whose_it_is(dashboard):
    text = entry_text(dashboard.get("/glossary")[2], "405")
    assert "Routes itself only finds no match" in text
    assert "a dispatch that answers no match with 404" in text


def test_the_nova_seed_says_routes_keeps_the_articles_callable_controller(dashboard, seed_stacks):
    """The lesson did not say the article passes the controller object, and the README said
    today's Routes turns it into a string so the articles' code cannot run: Routes keeps a
    callable one, as the articles' are, and turns only any other into its string."""

    class Callable:
        def __call__(self, environ, start_response):
            return []

    class Plain:
        pass

    for controller, kept in ((Callable(), True), (Plain(), False)):
        mapper = routes.Mapper()
        mapper.resource("server", "servers", controller=controller)
        match = mapper.match("/servers", environ={"REQUEST_METHOD": "GET"})
        assert (match["controller"] is controller) is kept
        assert kept or match["controller"] == str(controller)
    notice, trace = step_run(dashboard, "nova-seed", 3)
    assert data_of(trace, "route.match")["match"] == {"controller": "servers", "action": "index"}
    assert "The article passes the controller object itself" in notice
    assert "Routes keeps it as it is because it can be called" in notice
    assert "any other object Routes turns into its string" in notice
    readme = said(README.read_text(encoding="utf-8"))
    assert "does not run as written on today's Routes" not in readme
    assert "today's Routes still hands them back, because theirs can be called" in readme


def test_the_nova_seed_action_step_says_whose_signature_takes_id_and_body(dashboard, seed_stacks):
    """The step called `action(self, req, id, body)` the article's; the article's own action
    takes `req` alone and only says nova's take the id and body, as this demo's is given them."""
    notice, trace = step_run(dashboard, "nova-seed", 4)
    assert set(data_of(trace, "controller.action")["args"]) == {"id", "body"}
    assert "action(self, req, id, body), the signature the article says nova's actions have" in (
        notice)
    assert "The article's own action(self, req) gets neither" in notice
    assert "the article's action(self, req, id, body)" not in notice


def test_the_nova_seed_says_the_router_at_slash_is_the_demos(dashboard, seed_stacks):
    """The article's urlmap has `/home` only and serves its router apart; the demo mounts the
    router at `/`, which the lesson presented as the article's."""
    stack = next(s for s in dashboard.get("/api/stacks")[2] if s["name"] == "web")
    keys = {e["label"] for e in stack["graph"]["edges"] if e["source"] == "composite:web"}
    assert keys == {"/home", "/"}
    summary = said(dashboard.get("/api/lessons/nova-seed")[2]["summary"])
    assert "its urlmap has /home only" in summary
    assert "this demo mounts the router at urlmap's /" in summary
