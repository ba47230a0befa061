"""Routers' tables of unnamed GET routes of one template, controller and action ("twins") that
only their requirements tell apart, and a sample request matched by one: what the store counts
(`stack.routing.matched_row`) and a page lights (boxes.js's `matchedRoute`) the same way."""

from __future__ import annotations

from typing import Any

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: The template every twin here shares: an optional format Routes leaves None when not given.
TEMPLATE = "/x/{id}{.format}"
#: Twins' requirements: an id of digits, one of letters, and a format of two.
DIGITS, LETTERS, FORMATS = {"id": r"\d+"}, {"id": "[a-z]+"}, {"format": "json|xml"}


def twins(*requirements: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The routes of the sample's router (`app:router`): a twin for each of `requirements`, in
    matching order."""
    return {"app:router": [
        {"name": None, "template": TEMPLATE, "methods": ["GET"], "controller": "x",
         "action": "show", **({"requirements": reqs} if reqs else {})}
        for reqs in requirements]}


def twins_stack(name: str, *requirements: dict[str, str]) -> dict[str, Any]:
    """The sample stack `name`'s announcement, its router's routes `twins(*requirements)`."""
    return {**announcement(name), "routes": twins(*requirements)}


def matching(trace: str, stack: str, match: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample request `trace` of `stack`, its router's route.match one of `TEMPLATE` whose
    values are `match`'s."""
    events = trace_events(trace, stack)
    for event in events:
        if event["kind"] == "route.match":
            event["data"] = {"route": None, "template": TEMPLATE, "method": "GET",
                             "match": {"controller": "x", "action": "show", **match}}
    return events


def counted(row: int) -> str:
    """A route hit's key (`TraceStore.route_hits`): one on `row` of the router's twins."""
    return f"app:router GET {row} {TEMPLATE}"
