"""Explain a Routes mapper: its route table, and why no route matched a request.

Pure functions over a `routes.Mapper` (no WSGI, no eventlet), so the router's route.miss event,
the stack's announcement and any later "what would this URL hit?" share one explanation.
Routes' own debug matchlog says a route failed but not whether its path or its method condition
did — the difference between a 404 and a 405 — so we ask each route twice.
"""

from __future__ import annotations

from typing import Any
from typing import TypedDict

import routes

#: How many failed candidates a route.miss event lists (nova has hundreds of routes).
MAX_CANDIDATES = 60


def route_methods(route: routes.route.Route) -> list[str]:
    """The methods a route's condition allows (empty: any method)."""
    return list((route.conditions or {}).get("method") or [])


class Route(TypedDict):
    """A route as a stack announces it (`route_table`): the router box lists these, and
    `stack.resolve` rebuilds a Routes mapper from them."""

    name: str | None
    template: str
    methods: list[str]
    controller: str
    action: str


def route_table(mapper: routes.Mapper) -> list[Route]:
    """Every route of `mapper` in matching order, as shown on the dashboard's router box."""
    return [
        {
            "name": route.name,
            "template": route.routepath,
            "methods": route_methods(route),
            "controller": str(route.defaults.get("controller", "")),
            "action": str(route.defaults.get("action", "")),
        }
        for route in mapper.matchlist
    ]


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
