"""Explain a Routes mapper: its route table, and why no route matched a request.

Pure functions over a `routes.Mapper` (no WSGI, no eventlet), so the router's route.miss event,
the stack's announcement and any later "what would this URL hit?" share one explanation.
Routes' own debug matchlog says a route failed but not whether its path or its method condition
did — the difference between a 404 and a 405 — so we ask each route twice.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Mapping
from typing import Any
from typing import TypedDict

import routes

from stack.near_names import edits
from stack.wsgi_path import readable_path

#: How many failed candidates a route.miss event lists (nova has hundreds of routes).
MAX_CANDIDATES = 60
#: How near a path's segment must be to a template's literal one to be named as meant (difflib's
#: ratio): `servrs` is 0.92 near `servers`, `flavor` 0.92 near `flavors`; `images` is not near.
NEAR_SEGMENT = 0.8
#: Most templates a 404's "nearest" names, of those equally near.
MOST_NEAR = 3
#: Longest value of a match tested against a route's requirements (`_fits`); a longer one is
#: taken as fitting.
MAX_REQUIRED_VALUE = 200
#: A template's trailing format variable, as `Mapper.resource` writes it (`/servers.:(format)`):
#: the same route as the template without it, for a reader.
FORMAT_SUFFIX = re.compile(r"\.(?::\(\w+\)|:\w+|\{\w+\})$")


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

    `has_action`, a key a row may lack: whether the route's controller has its action
    (False: the route matches, and the stack answers 404, MissingAction). Absent: not known (a
    stack older than the field; a router that is not `stack.wsgi.Router`; a route whose
    controller or action comes from the path; a controller the router was not given).
    `requirements`, the other (added): the pattern each of its path's variables must fit
    (`requirements={"id": r"\\d+"}`), on a route that has any. Two routes of one template and
    method that only these tell apart ("twins") are then told apart by what a request matched
    (`matched_row`), and `stack.resolve` rebuilds them as the stack matches them.
    """

    has_action: bool
    requirements: dict[str, str]


def unknown_controllers(mapper: routes.Mapper, controllers: Mapping[str, Any]) -> list[str]:
    """The routes of `mapper` naming no controller, or one `controllers` does not hold, in
    words (`show (/items/{id}) names 'itmes'`): a route written `controller="itmes"`, or with
    none, was found only when a request matched it, a KeyError in the router, a 500. A route
    whose path names the controller (`/{controller}/{id}`) is a request's to choose, and a
    redirect (`mapper.redirect`) Routes answers itself: neither is checked."""
    unknown = []
    for route in mapper.matchlist:
        name = route.defaults.get("controller")
        variables = {part["name"] for part in route.routelist if isinstance(part, dict)}
        if "controller" in variables or route.redirect or name in controllers:
            continue
        said = f"names {name!r}" if name else "names none"
        unknown.append(f"{route.name or 'a route'} ({route.routepath}) {said}")
    return unknown


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
        if route.reqs:
            row["requirements"] = dict(route.reqs)
        table.append(row)
    return table


def matched_row(table: list[Route], data: Mapping[str, Any]) -> int | None:
    """Which row of a router's `table` (`route_table`'s) a route.match event's `data` is the
    match of, or None (a table announced before, or since, the route changed).

    The event names a route by its name and template, which twins share (unnamed, or both
    `/servers/{id}` of GET); the row is the first, in matching order as Routes tries them, that
    takes the method, whose fixed controller and action are the match's, and, where two or
    more rows are left so (twins), whose requirements the match's values fit (`_fits`): `show`
    for `/servers/42` and `by_name` for `/servers/abc` where `{id}` is `\\d+` in one and
    `[a-z]+` in the other. Worked out here alone: the pages send the browser its index
    (`matched_row_of`), by which boxes.js's `matchedRoute` lights it, as Live counts it.

    NOTE: requirements are run for twins alone: they are the stack's patterns, run here on
    what a request sent while the store's writer holds its lock, and one that backtracks
    (`(a+)+$`) took seconds on a value of 27 characters.
    """
    rows = [i for i, row in enumerate(table) if _is_route_of(row, data)]
    if len(rows) < 2:
        return rows[0] if rows else None
    return next((i for i in rows if _fits(table[i], data["match"])), None)


def matched_row_of(tables: Mapping[str, list[Route]], event: Mapping[str, Any]) -> int | None:
    """The row of its router's table of `tables` (by router, as a stack announces them) that
    `event` matched, if it is a route.match (`matched_row`); None for any other event, or a
    router `tables` lacks."""
    if event["kind"] != "route.match":
        return None
    return matched_row(tables.get(event["node"] or "", []), event["data"])


def _fits(row: Route, match: Mapping[str, Any]) -> bool:
    """Whether the values of `match` fit the requirements of `row` whole, as Routes puts each
    pattern in the path's. A value the match lacks, or holds as None (an optional `{.format}`
    the path has not), fits: Routes did not test it. A value longer than `MAX_REQUIRED_VALUE`
    is taken as fitting, untested: a pattern that backtracks takes seconds on far less."""
    return all(match.get(key) is None or len(str(match[key])) > MAX_REQUIRED_VALUE
               or re.fullmatch(pattern, str(match[key]))
               for key, pattern in row.get("requirements", {}).items())


def _is_route_of(row: Route, data: Mapping[str, Any]) -> bool:
    match = data["match"]
    return (row["template"] == data["template"] and row["name"] == data["route"]
            and (not row["methods"] or data["method"] in row["methods"])
            and all(not row[key] or row[key] == match.get(key) for key in ("controller", "action")))


def explain_miss(
    mapper: routes.Mapper, method: str, path: str
) -> tuple[int, list[dict[str, Any]], int]:
    """Why no route of `mapper` matches `method path`: (status, candidates, how many more).

    Each candidate says what refused it (`failed`): its path template, a requirement on one of
    its variables (the template fits, the value does not: `requirement`, `pattern` and `value`
    say which), its method condition, or another condition (a function, a sub-domain:
    `condition` names it). The status is 405 when some route's path matched but none allowed
    the method, else 404. Method failures are listed first: they are the ones a reader is
    looking for; then the routes whose template fits but that refused the request.

    NOTE: asked of the route's regular expression and conditions, never by calling
    `route.match` with no environ: Routes then calls a condition function with None, which
    raised in the developer's own function and turned the router's 404 into a 500.
    """
    if not mapper._created_regs:
        mapper.create_regs()
    by_method: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    by_path: list[dict[str, Any]] = []
    for route in mapper.matchlist:
        methods = route_methods(route)
        candidate = {"route": route.name, "template": route.routepath, "methods": methods}
        if not route.regmatch.match(path):
            unmet = _unmet_requirement(route, path)
            bucket = refused if unmet else by_path
            candidate.update(unmet or {"failed": "path"})
        elif methods and method not in methods:
            bucket = by_method
            candidate["failed"] = "method"
        elif condition := _condition(route):
            bucket = refused
            candidate.update(failed="condition", condition=condition)
        elif route.match(path) is False:  # a value Routes could not decode
            bucket = by_path
            candidate["failed"] = "path"
        else:
            continue
        bucket.append(candidate)
    status = 405 if by_method else 404
    if status == 404:
        # NOTE: nearest the path first: a 404's reader reads the first few, and nova's hundreds
        # of routes in table order bury the `/servers` a `/servrs` meant past what is shown.
        # Each template once, as `miss_note` does: a resource's routes share one.
        far = {template: _far(path, template) for template in {c["template"] for c in by_path}}
        by_path.sort(key=lambda c: far[c["template"]])
    candidates = by_method + refused + by_path
    return status, candidates[:MAX_CANDIDATES], max(0, len(candidates) - MAX_CANDIDATES)


def _unmet_requirement(route: routes.route.Route, path: str) -> dict[str, str] | None:
    """The first requirement of `route` that refused `path`, where its template without them
    fits it: `{"failed": "requirement", "requirement", "pattern", "value"}`; None when the
    template does not fit either (a path miss), or no one requirement alone refused it.

    The template's regular expression is made again without the requirements on a copy (the
    route itself stays as the mapper matches with it); only on a miss, for a route that has any.
    """
    if not route.reqs:
        return None
    loose = copy.copy(route)
    loose.reqs = {}
    loose.makeregexp([])
    fit = loose.regmatch.match(path)
    if not fit:
        return None
    values = fit.groupdict()
    for variable, pattern in route.reqs.items():
        value = values.get(variable)
        if value is not None and not _fits({"requirements": {variable: pattern}},
                                           {variable: value}):
            return {"failed": "requirement", "requirement": variable, "pattern": pattern,
                    "value": value}
    return None


def _condition(route: routes.route.Route) -> str:
    """The condition other than its method that refused a route whose path and method fit a
    request no route matched, in words: its condition function's name, or its sub-domain
    condition; "" for none."""
    conditions = route.conditions or {}
    function = conditions.get("function")
    if function is not None:
        return f"function `{getattr(function, '__name__', None) or repr(function)}`"
    if "sub_domain" in conditions:
        return "sub_domain"
    return ""


def allowed_methods(candidates: list[dict[str, Any]]) -> list[str]:
    """The methods a 405's `Allow` header lists: those of the routes whose path matched."""
    allowed = {m for c in candidates if c["failed"] == "method" for m in c["methods"]}
    return sorted(allowed)


def miss_note(method: str, path: str, candidates: list[dict[str, Any]]) -> str:
    """What a router's 404 or 405 most likely means, in words (a sentence), or "" for nothing.

    Routes matches PATH_INFO as written and a method condition as written, so the usual causes
    are a trailing `/` (`/servers/`), a typo (`/servrs`), or a HEAD to a GET route (Routes takes
    HEAD for no GET, as WebOb's apps do). Said from the candidates alone (a `route.miss` event
    holds them), so a served request's story and `which` say the same.
    """
    by_method = [c for c in candidates if c["failed"] == "method"]
    if by_method:
        allowed = {m for c in by_method for m in c["methods"]}
        if method == "HEAD" and "GET" in allowed:
            return ("Routes matches the method as written: a route for GET does not take HEAD, "
                    "so a HEAD needs a route of its own (or none naming a method).")
        return ""
    refused = next((c for c in candidates if c["failed"] in ("requirement", "condition")), None)
    if refused:
        return refused_note(path, refused)
    # NOTE: each template once: a resource's routes share one for each of its methods
    # (`/servers` for GET and POST), and how far a path is from it is the same for all.
    templates = {c["template"] for c in candidates if c["failed"] == "path"}
    if len(path) > 1 and path.endswith("/"):
        bare = path.rstrip("/")
        fits = _shown({template for template in templates if _far(bare, template) == (0, 0, 0)})
        if fits:
            return (f"Without its trailing `/`, `{readable_path(bare)}` fits the "
                    f"{_templates(fits)}: Routes matches the path as written, and "
                    f"`{readable_path(path)}` is not `{readable_path(bare)}`.")
    near = [(_far(path, template), template) for template in templates]
    near = [(far, template) for far, template in near if far[:2] == (0, 0) and far[2] > 0]
    if not near:
        return ""
    best = min(far for far, _ in near)
    meant = _shown({template for far, template in near if far == best})
    return (f"`{readable_path(path)}` is near the {_templates(meant)} but is not it: a typo, "
            "in the URL or in the routes?")


def refused_note(path: str, candidate: dict[str, Any]) -> str:
    """Why a route whose template fits `path` refused it, in a sentence: the requirement the
    path's value does not fit, or the condition that did not take the request. Routes says
    neither: its 404 reads as a path no template has."""
    fits = f"`{readable_path(path)}` fits the template `{candidate['template']}`"
    if candidate["failed"] == "requirement":
        return (f"{fits}, but not its requirement for `{candidate['requirement']}`: "
                f"`{readable_path(candidate['value'])}` does not fit `{candidate['pattern']}` "
                "(Routes takes a requirement as the whole value's pattern).")
    if candidate["condition"] == "sub_domain":
        return f"{fits}, but not its `sub_domain` condition: the request's host does not fit it."
    return f"{fits}, but the route's condition {candidate['condition']} did not take the request."


def _templates(templates: list[str]) -> str:
    words = " or ".join(f"`{t}`" for t in templates)
    return f"template{'s' if len(templates) > 1 else ''} {words}"


def _shown(templates: set[str]) -> list[str]:
    """Templates as a reader knows them: `/servers.:(format)` is `/servers`'s formatted twin."""
    return sorted({FORMAT_SUFFIX.sub("", t) for t in templates})[:MOST_NEAR]


def _far(path: str, template: str) -> tuple[int, int, int]:
    """How far `path` is from fitting `template`, segment by segment: (segments its shape lacks
    or has over, segments unlike the template's, characters to change in those NEAR_SEGMENT
    near). A segment holding a variable (`:(id)`, `{id}`) fits any non-empty one. (0, 0, 0):
    the path fits the template's shape (its requirements aside); (0, 0, N): N slips away."""
    wanted = FORMAT_SUFFIX.sub("", template).split("/")
    given = path.split("/", len(wanted))  # those zipped below whole: a path may be long
    unlike = changes = 0
    for literal, segment in zip(wanted, given, strict=False):  # shapes: counted above
        if ":" in literal or "{" in literal:
            unlike += not segment
        elif literal != segment:
            # NOTE: lengths first (`real_quick_ratio`'s bound, without building a matcher):
            # this runs in the request, on every 404, and the full ratio of a segment of 8,000
            # characters against each of a router's hundreds of templates took seconds.
            lengths = len(segment) + len(literal)
            if (2 * min(len(segment), len(literal)) >= NEAR_SEGMENT * lengths
                    and difflib.SequenceMatcher(None, segment, literal).ratio() >= NEAR_SEGMENT):
                changes += edits(segment, literal)
            else:
                unlike += 1
    return abs(len(wanted) - (path.count("/") + 1)), unlike, changes
