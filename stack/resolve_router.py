"""Where an app's router sends a request, from its route table: the route it matches and
the call it makes, or the 404 or 405 it answers, and why.

The table is a running stack's (announced with its graph) or a load's (`which --load`); a
Routes `Mapper` is rebuilt from it (`mapper_of`), so Routes itself decides, not a copy of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

import routes

from stack import routing
from stack.explain_words import action_word
from stack.explain_words import name
from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args

if TYPE_CHECKING:
    from stack.resolve import Resolution


def routed(node: str, result: Resolution, table: list[dict[str, Any]], path_info: str) -> None:
    """At app `node`, whose route `table` is known: the route its router would match, or why
    it answers 404 or 405 (the routes tried, each with why it fails). A matched route whose
    controller lacks the action is the stack's 404 (`stack.wsgi.MissingAction`)."""
    typed = readable_path(path_info)
    mapper = mapper_of(table)
    found = mapper.routematch(path_info, environ={"REQUEST_METHOD": result.method})
    if found:
        _matched(node, result, table, mapper, found)
        return
    status, candidates, more = routing.explain_miss(mapper, result.method, path_info)
    result.candidates = candidates
    by_method = [c for c in candidates if c["failed"] == "method"]
    shown = f"`{typed}`" if path_info else "an empty PATH_INFO"
    refusing = ("a route, which does not allow" if len(by_method) == 1 else
                f"{len(by_method)} routes, none of which allows")
    reason = (f"{shown} matches {refusing} {result.method} "
              f"(allowed: {', '.join(routing.allowed_methods(candidates))})"
              if status == 405 else _not_found(shown, candidates))
    result.stopped = {"node": node, "status": status, "reason": reason,
                      "tried": [c["template"] for c in candidates], "more": more}
    result.say(f"{name(node)}'s router answers {status}: {reason}.")
    if note := routing.miss_note(result.method, path_info, candidates):
        result.say(note)


def _not_found(shown: str, candidates: list[dict[str, Any]]) -> str:
    """Why a router answers 404: no template matches the path, or the templates that do
    belong to routes a requirement or a condition refuses it (`routing.miss_note` says which)."""
    refused = sum(c["failed"] in ("requirement", "condition") for c in candidates)
    if not refused:
        return f"no route template matches {shown}"
    routes_said = "a route" if refused == 1 else f"{refused} routes"
    return f"{shown} matches the template of {routes_said}, refused by a requirement or condition"


def _matched(node: str, result: Resolution, table: list[dict[str, Any]],
             mapper: routes.Mapper, found: tuple[dict, Any]) -> None:
    """Say which route matches, and whether its controller has the action it names. The
    route is the table's row with its `match` and its index there (`row`), by which the page
    lights that row and no twin of it (boxes.js's `matchedRoute`)."""
    match, route = found
    index = mapper.matchlist.index(route)
    row = table[index]
    result.route = {**row, "match": dict(match), "row": index}
    called = f"`{row['name']}`" if row["name"] else "an unnamed route"
    matches = (f"{name(node)}'s router matches {called} (`{row['template']}`, "
               f"{', '.join(row['methods']) or 'any method'})")
    call = f"{row['controller']}.{row['action']}({route_args(match)})"
    lacks = f"the `{row['controller']}` controller has no {action_word(row['action'])}"
    if row.get("has_action") is False:
        result.stopped = {"node": node, "status": 404,
                          "reason": f"the route matches, but {lacks} (MissingAction)"}
        result.say(f"{matches}, but {lacks}, so the stack answers 404 (MissingAction) "
                   f"instead of calling {call}.")
    elif row.get("has_action") is True:
        result.say(f"{matches}: {call}.")
    else:
        result.say(f"{matches}, for {call}; the stack's route table does not say "
                   f"whether the `{row['controller']}` controller has the "
                   f"{action_word(row['action'])}, and without it the stack answers 404 "
                   "(MissingAction).")


def mapper_of(table: list[dict[str, Any]]) -> routes.Mapper:
    """A Routes mapper with the routes of a route table (`stack.routing.route_table`)."""
    mapper = routes.Mapper()
    for row in table:
        conditions = {"method": list(row["methods"])} if row["methods"] else None
        mapper.connect(row["name"], row["template"], controller=row["controller"],
                       action=row["action"], conditions=conditions,
                       requirements=row.get("requirements") or {})
    mapper.create_regs()
    return mapper
