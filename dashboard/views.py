"""The live page: a stack's diagram, the send form, the request list, and the template helpers.

`/` shows the stack started most recently (`newest`), `/?stack=NAME` another; for an htmx request it
answers with the stack's panel alone (diagram, figures, route table), which the page loads when
a stack first appears.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import Response
from flask import abort
from flask import make_response
from flask import render_template
from flask import request
from flask import url_for

from dashboard import errors
from dashboard.box_figures import FIGURES_REQUESTS
from dashboard.drawing import draw
from dashboard.drawing import page_graph
from dashboard.feed import figures
from dashboard.presets import first_request
from dashboard.presets import presets_for
from dashboard.refusals import unknown_stack
from dashboard.shortened import shortened
from dashboard.status_words import status_class
from dashboard.status_words import status_text
from dashboard.store import get_store
from dashboard.stream import latest_id
from dashboard.text import counted
from dashboard.text import whole_words
from dashboard.trace_rows import NO_ROUTE
from dashboard.upload_read import stack_demo_token
from stack.wsgi_path import readable_path
from stack.wsgi_path import typed_note

#: Rows shown when the live page opens.
INITIAL_ROWS = 100

bp = Blueprint("views", __name__)


def route_table(stack: dict[str, Any], hits: dict[str, int]) -> list[dict[str, Any]]:
    """The routes each router announced, with hit counts, and a `(no route)` row per router.

    Each route's `row` is its index in its router's table, which a hit names and the page's
    rows carry (`data-route-row`), so Live counts a request where this does."""
    rows = []
    for node, routes in sorted(stack["routes"].items()):
        for index, route in enumerate(routes):
            rows.append({**route, "node": node, "row": index,
                         "methods": route.get("methods") or [], "hits": 0})
        rows.append({"node": node, "row": None, "name": None, "template": NO_ROUTE,
                     "methods": [], "controller": None, "action": None, "hits": 0})
    for key, count in hits.items():
        row = matched_route(rows, *key.split(" ", 3))
        if row:
            row["hits"] += count
    return rows


def matched_route(rows: list[dict[str, Any]], node: str, method: str, index: str,
                  template: str) -> dict[str, Any] | None:
    """The row of `rows` (`route_table`'s) a request `method` matched by `template` on `node`.

    `index` is the row the store found the request matched (`store_figures.route_hits`'s
    ROW): routes may share a template and a method, told apart by their actions or their
    requirements (`stack.routing.matched_row`), so a request counts on that row alone, the
    row Live's figures count it on and a replay lights (boxes.js's `matchedRoute`). Where it
    is not known (`-`: a miss, a hit stored before rows were) or the table has changed since
    (another template there), the first row of its template in table order that takes its
    method (any, if it names none), as Routes tries its routes in order.
    NOTE: a near-copy of static/js/live_figures.js's `countRouteHits`; change both."""
    known = next((row for row in rows if row["node"] == node and str(row["row"]) == index
                  and row["template"] == template), None)
    return known or next((row for row in rows if row["node"] == node
                          and row["template"] == template
                          and (not row["methods"] or method in row["methods"])), None)


def stack_panel(stack: dict[str, Any]) -> dict[str, Any]:
    """What `_stack_view.html` needs for one stack: its graph folded (`dashboard.diagram_fold`)
    unless the address asks for every branch (`all`)."""
    data = figures(get_store(), stack["name"])
    graph = page_graph(stack["graph"], url_for("views.live", stack=stack["name"], all=1))
    return {
        "stack": stack,
        "svg": draw(graph, stack["routes"]),
        "routes": route_table(stack, data["routes"]),
        "figures": data,
        "figures_window": FIGURES_REQUESTS,
    }


@bp.get("/")
def live():
    """The live page (or, for htmx, the selected stack's panel)."""
    stream_id = latest_id()
    store = get_store()
    stacks = store.stacks()
    name = request.args.get("stack") or newest(stacks)
    stack = store.stack(name) if name else None
    if name and stack is None:
        abort(404, unknown_stack(name))
    panel = stack_panel(stack) if stack else {"stack": None}
    presets = presets_for(stack)
    form = {"presets": presets, "start": first_request(presets),
            "demo_token": stack_demo_token(stack)}
    if request.headers.get("HX-Request"):
        # `view=only`: the stack's diagram redrawn (its graph changed); the form is kept as
        # the teacher left it.
        only = request.args.get("view") == "only"
        return render_template("_stack_view.html" if only else "_stack_swap.html", **panel, **form)
    return not_kept(render_template(
        "live.html",
        stacks=stacks,
        current=name,
        rows=store.traces(limit=INITIAL_ROWS),
        stream_id=stream_id,
        filters={},
        methods_kept=store.methods(),
        **panel,
        **form,
    ))


def newest(stacks: list[dict[str, Any]]) -> str | None:
    """The name of the stack `/` opens: the running one started most recently (the one a user
    just started), else the one loaded from a file most recently; None if there is none. The
    stack picker marks it (`_stacks.html`): a Live page opened with no stack draws it."""
    if not stacks:
        return None
    return max(stacks, key=lambda s: (s["loaded_from"] is None, s["started"] or 0,
                                      s["seen"]))["name"]


def not_kept(page: str) -> Response:
    """A page holding the live request list, which the browser is told not to keep.

    NOTE: Back (to the stack shown before another was picked) would show the copy in the
    browser's cache, which a back or forward load uses however old: the list as it was first
    served, without the requests that came since (the stream sends those after it connects).
    """
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


def clock(ts: float | None) -> str:
    """Epoch seconds → `HH:MM:SS.mmm` (local time) for the request list."""
    if ts is None:
        return ""
    return datetime.datetime.fromtimestamp(ts).strftime("%H:%M:%S.%f")[:-3]


def day_clock(ts: float) -> str:
    """Epoch seconds → `YYYY-MM-DD HH:MM` (local time), for what is kept longer than a day."""
    return datetime.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def json_text(value: Any) -> str:
    """A value as JSON for a reader: `"Ã©"`, where `tojson` (made for scripts) writes
    `"\\u00c3\\u00a9"`. A character that would hide or reorder the text (a right-to-left
    override), or that no page can carry (a lone surrogate), keeps its escape."""
    text = json.dumps(value, ensure_ascii=False)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else json.dumps(char)[1:-1] for char in text)


def data_text(value: Any) -> str:
    """Event data as JSON for the events table: `<p>` as itself (the page escapes it), where
    `tojson` (made for scripts) writes `\\u003cp\\u003e`. Text beyond ASCII keeps its escapes:
    the data is as recorded, and a path's bytes read as Latin-1 would read garbled (`Ã©`),
    where every other part of the page shows it as typed."""
    return json.dumps(value)


def vary_on_htmx(response: Response) -> Response:
    """Tell caches that an answer depends on `HX-Request`: many URLs answer htmx with a
    fragment and a browser with the whole page (STYLE: one URL, two representations).

    NOTE: without it a browser keeps the fragment as the URL's page: the upload page's entry
    picker puts the URL it fetched in the address bar, and Back to it, after leaving the page,
    showed the fragment alone, with no page around it.
    """
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    app.after_request(vary_on_htmx)
    app.add_template_filter(clock)
    app.add_template_filter(day_clock)
    app.add_template_filter(json_text)
    app.add_template_filter(data_text)
    app.add_template_filter(status_class)
    app.add_template_filter(whole_words)
    app.add_template_filter(counted)
    app.add_template_filter(status_text)
    app.add_template_filter(readable_path)
    app.add_template_filter(shortened)
    app.add_template_filter(typed_note)
    app.add_template_filter(newest)
    app.register_blueprint(bp)
    errors.init_app(app)
