"""The diagram as markup for templates: `dashboard.diagram.render_svg`, marked safe; and the
graph as a page draws it, folded unless its address asks for every branch.

The renderer escapes every text it writes (it builds the SVG with ElementTree), so its output
can go into a page as is.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from flask import request
from flask import url_for
from markupsafe import Markup

from dashboard.diagram import render_svg
from dashboard.diagram_fold import fold_graph


def draw(graph_json: dict[str, Any], routes: dict[str, Any] | None = None) -> Markup:
    """The graph's whole `<svg>`, safe to put in a template."""
    return Markup(render_svg(graph_json, routes))


def page_graph(graph: dict[str, Any], show_all: str,
               keep: Collection[str] = ()) -> dict[str, Any]:
    """`graph` as this page draws it: folded (`dashboard.diagram_fold`; `show_all` the address
    drawing everything, `keep` the nodes a request or an answer went through) unless the address
    asks for every branch (`all`)."""
    if request.args.get("all"):
        return graph
    return fold_graph(graph, show_all, keep)


def show_all_url() -> str:
    """This page's address, asking for every branch drawn (`all=1`)."""
    args = request.args.to_dict(flat=False)
    args["all"] = ["1"]
    return url_for(request.endpoint, **request.view_args, **args)
