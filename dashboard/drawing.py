"""The diagram as markup for templates: `dashboard.diagram.render_svg`, marked safe.

The renderer escapes every text it writes (it builds the SVG with ElementTree), so its output
can go into a page as is.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from dashboard.diagram import render_svg


def draw(graph_json: dict[str, Any], routes: dict[str, Any] | None = None) -> Markup:
    """The graph's whole `<svg>`, safe to put in a template."""
    return Markup(render_svg(graph_json, routes))
