"""A stack's announcement checked (`POST /api/stacks`, `dashboard.ingest`; a loaded file's
stacks, `dashboard.bundles`): its name and address, which say which stack it is, and its graph,
which must be one every page can draw and `which` can walk, or it is refused (`BadInput`) saying
which field is wrong.
"""

from __future__ import annotations

import re
import typing
from typing import Any
from urllib.parse import urlsplit

from dashboard.diagram import render_svg
from dashboard.ingest_events import BadInput
from dashboard.ingest_events import check_name
from dashboard.upload_places import Places
from stack import wire
from stack.event_data import DataError
from stack.event_data import brief
from stack.event_data import check_json
from stack.event_data import check_value
from stack.event_data import describe
from stack.explain_words import article
from stack.graph_model import Node
from stack.resolve import check_walk
from stack.routing import Route

#: A graph node's fields and their types, as a stack announces them, and those an upload's
#: nodes add that the drawing reads (`check_node_fields`).
NODE_FIELDS: dict[str, Any] = {**typing.get_type_hints(Node), **typing.get_type_hints(Places)}


def check_identity(info: Any) -> dict[str, Any]:
    """An announcement whose `name` and `url` are valid, which is all that says which stack
    it is (`check_stack` checks the rest); BadInput if they are not. Its `url` is one
    `urlsplit` reads with its port: the dashboard reads it so (`dashboard.ingest.reached`)."""
    if not isinstance(info, dict):
        raise BadInput("body must be a JSON object")
    for name in ("name", "url"):
        if not isinstance(info.get(name), str):
            raise BadInput(f"field {name!r} is required and must be {describe(str)}")
    if not info["name"] or len(info["name"]) > wire.MAX_NAME:
        raise BadInput(f"field 'name' must be 1 to {wire.MAX_NAME} characters")
    check_name(info["name"], "field 'name'")
    if not info["url"].startswith(("http://", "https://")):
        raise BadInput(f"field 'url' must be an http:// URL, got {info['url'][:80]!r}")
    try:
        parts = urlsplit(info["url"])
    except ValueError as exc:  # `http://[::1:80/`: Invalid IPv6 URL
        raise BadInput(f"field 'url' cannot be read as a URL ({exc}), "
                       f"got {info['url'][:80]!r}") from None
    try:
        parts.port  # noqa: B018 — read for its ValueError
    except ValueError:
        raise BadInput(f"field 'url' must name a port 0-65535, got {info['url'][:80]!r}") from None
    return info


def check_stack(info: Any) -> dict[str, Any]:
    """A validated stack announcement (`name`, `url`, `file`, `graph`, `pid`, `routes`)."""
    check_identity(info)
    if not isinstance(info.get("graph"), dict):
        raise BadInput(f"field 'graph' is required and must be {describe(dict)}")
    graph = info["graph"]
    if not isinstance(graph.get("nodes"), list) or not isinstance(graph.get("edges"), list):
        raise BadInput("field 'graph' must be a graph object with 'nodes' and 'edges' lists")
    try:
        # NOTE: text is checked too: JSON can escape a lone surrogate ("\udce9": a file name
        # Python could not decode); it is no character, so SQLite cannot store it and no page
        # could show it.
        check_value(info.get("file"), str | None, "field 'file'")
        check_value(info.get("pid"), int | None, "field 'pid'")
        check_value(info.get("routes"), dict[str, list[Route]] | None, "field 'routes'")
        check_requirements(info.get("routes") or {})
        check_node_fields(graph["nodes"])
        for name in ("name", "url", "graph"):
            check_json(info[name], f"field {name!r}")
    except DataError as exc:
        raise BadInput(str(exc)) from None
    try:
        render_svg(graph, info.get("routes"))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInput(f"field 'graph' cannot be drawn: {exc}") from None
    try:
        check_walk(graph)
    except ValueError as exc:
        raise BadInput(f"field 'graph'{exc}") from None
    return info


def check_requirements(routes: dict[str, list[Route]]) -> None:
    """DataError unless each route's `requirements` are patterns Python reads: a request's
    match is checked against them to find the row it matched (`stack.routing.matched_row`),
    and `which` rebuilds the routes with them. One nested past what Python's compiler recurses
    through (`(` a thousand times) raises RecursionError, not re.error: refused the same."""
    for router, table in routes.items():
        for index, row in enumerate(table):
            for name, pattern in row.get("requirements", {}).items():
                try:
                    re.compile(pattern)
                except (re.error, RecursionError) as exc:
                    why = exc if isinstance(exc, re.error) else "nested too deep"
                    raise DataError(
                        f"""field 'routes'["{router}"][{index}].requirements["{name}"] must be """
                        f"a regular expression ({why}), got {brief(pattern)}") from None


def check_node_fields(nodes: list[Any]) -> None:
    """DataError unless each node's fields of the graph contract (`stack.graph_model.Node`'s)
    that it has are of their types: `which` (`stack.resolve`) and the pages read them as
    `stack.graph` writes them (`errors` a list of strings, `conf` an object of strings…).
    Fields left out are an older stack's; a node that is no object is the drawing's to refuse.
    An upload's `missing` (`dashboard.upload_places.Places`) is a pipeline's: on another node
    the drawing would take it for a stand-in of its own."""
    for index, node in enumerate(nodes):
        if isinstance(node, dict):
            for name, hint in NODE_FIELDS.items():
                if name in node:
                    check_value(node[name], hint, f"""field 'graph'["nodes"][{index}]["{name}"]""")
            kind = node.get("kind")
            if "missing" in node and isinstance(kind, str) and kind != "pipeline":
                raise DataError(f"""field 'graph'["nodes"][{index}]["missing"] is a pipeline's """
                                "(the members it names that PasteDeploy would not find), not "
                                f"{article(kind)}'s")
