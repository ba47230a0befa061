"""Explain a Routes mapper: its route table, and why no route matched a request.

Pure functions over a `routes.Mapper` (no WSGI, no eventlet), so the router's route.miss event,
the stack's announcement and any later "what would this URL hit?" share one explanation.
Routes' own debug matchlog says a route failed but not whether its path or its method condition
did — the difference between a 404 and a 405 — so we ask each route twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from typing import TypedDict

import routes

#: How many failed candidates a route.miss event lists (nova has hundreds of routes).
MAX_CANDIDATES = 60


def route_methods(route: routes.route.Route) -> list[str]:
    """The methods a route's condition allows (empty: any method)."""
    return list((route.conditions or {}).get("method") or [])


def find_action(controller: Any, action: str) -> Any:
    """The method a `stack.wsgi.Resource` calls for `action` of `controller`, or None: it has
    none by that name, or the name is private (`_get`), which a URL must not reach."""
    if action.startswith("_"):
        return None
    return getattr(controller, action, None)


class _RouteKeys(TypedDict):
    name: str | None
    template: str
    methods: list[str]
    controller: str
    action: str


class Route(_RouteKeys, total=False):
    """A route as a stack announces it (`route_table`): the router box lists these, and
    `stack.resolve` rebuilds a Routes mapper from them.

    `has_action`, the one key a row may lack: whether the route's controller has its action
    (False: the route matches, and the stack answers 404, MissingAction). Absent: not known (a
    stack older than the field; a router that is not `stack.wsgi.Router`; a route whose
    controller or action comes from the path; a controller the router was not given).
    """

    has_action: bool


def route_table(
    mapper: routes.Mapper, controllers: Mapping[str, Any] | None = None
) -> list[Route]:
    """Every route of `mapper` in matching order, as shown on the dashboard's router box.

    Given the `controllers` its router dispatches to (by the names routes give them), each
    route whose controller and action are fixed says whether that controller has the action
    (`has_action`): looked up, never called.
    """
    controllers = controllers or {}
    table: list[Route] = []
    for route in mapper.matchlist:
        row = {
            "name": route.name,
            "template": route.routepath,
            "methods": route_methods(route),
            "controller": str(route.defaults.get("controller", "")),
            "action": str(route.defaults.get("action", "")),
        }
        fixed = {"controller", "action"} <= set(route.hardcoded)
        if fixed and row["controller"] in controllers:
            controller = controllers[row["controller"]]
            row["has_action"] = find_action(controller, row["action"]) is not None
        table.append(row)
    return table


def explain_miss(
    mapper: routes.Mapper, method: str, path: str
) -> tuple[int, list[dict[str, Any]], int]:
    """Why no route of `mapper` matches `method path`: (status, candidates, how many more).

    Each candidate says whether its path template or its method condition failed. The status is
    405 when some route's path matched but none allowed the method, else 404. Method failures
    are listed first: they are the ones a reader is looking for.
    """
    if not mapper._created_regs:
        mapper.create_regs()
    by_method: list[dict[str, Any]] = []
    by_path: list[dict[str, Any]] = []
    for route in mapper.matchlist:
        methods = route_methods(route)
        failed = "path" if route.match(path) is False else "method"
        if failed == "method" and methods and method not in methods:
            bucket = by_method
        elif failed == "path":
            bucket = by_path
        else:
            continue
        bucket.append(
            {"route": route.name, "template": route.routepath, "methods": methods,
             "failed": failed}
        )
    candidates = by_method + by_path
    status = 405 if by_method else 404
    return status, candidates[:MAX_CANDIDATES], max(0, len(candidates) - MAX_CANDIDATES)


def allowed_methods(candidates: list[dict[str, Any]]) -> list[str]:
    """The methods a 405's `Allow` header lists: those of the routes whose path matched."""
    allowed = {m for c in candidates if c["failed"] == "method" for m in c["methods"]}
    return sorted(allowed)
