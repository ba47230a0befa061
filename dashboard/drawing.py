"""The diagram as markup for templates: `dashboard.diagram.render_svg`, marked safe; and the
graph as a page draws it, folded unless its address asks for every branch.

The renderer escapes every text it writes (it builds the SVG with ElementTree), so its output
can go into a page as is.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import urlencode
from urllib.parse import urlsplit

from flask import request
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from dashboard.diagram import render_svg
from dashboard.diagram_fold import fold_all
from dashboard.diagram_fold import fold_graph
from dashboard.diagram_fold import fold_lanes


def draw(graph_json: dict[str, Any], routes: dict[str, Any] | None = None) -> Markup:
    """The graph's whole `<svg>`, safe to put in a template."""
    return Markup(render_svg(graph_json, routes))


def every_branch() -> bool:
    """Whether this page's address asks for every branch drawn (`all`): read here alone, so
    that every page, and the drawing beside "which", means the same by it."""
    return bool(request.args.get("all"))


def page_graph(graph: dict[str, Any], show_all: str, keep: Collection[str] = (),
               listed: bool = False) -> dict[str, Any]:
    """`graph` as this page draws it: folded (`dashboard.diagram_fold`: a composite's many
    branches, a long pipeline's middle filters; `show_all` the address drawing everything,
    `keep` the nodes a request or an answer went through) unless the address asks for every
    branch (`every_branch`): then whole, or, on a page that lists in text what it does not
    draw (`listed`: an upload's), up to `MAX_ALL_BRANCHES` branches, every lane whole."""
    if every_branch():
        return fold_all(graph, keep) if listed else graph
    return fold_lanes(fold_graph(graph, show_all, keep), show_all, keep)


def url_with(name: str, value: str, external: bool = False,
             query: MultiDict | None = None) -> str:
    """This request's address with `value` alone for its query's `name`: `all=1` asks for
    every branch drawn, `before=ID` for the next page of a list; `external`, with its scheme
    and host, as a `Link` header has it; `query`, the query to keep, where not the request's."""
    args = (request.args if query is None else query).to_dict(flat=False)
    args[name] = [value]
    # NOTE: not `url_for`, which reads a query's `_external` or `endpoint` as its own argument
    base = request.base_url if external else urlsplit(request.base_url).path
    return f"{base}?{urlencode(args, doseq=True, safe='/')}"
