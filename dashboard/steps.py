"""The step view: a recorded request explained one event at a time, and why it failed.

The words come from `stack.explain` (built from the events themselves); this module only pairs
them with what the page needs — the stack's diagram, the hop each step lights — and serves one
URL two ways, the partial for htmx (a lesson or a viewer's page loads it) and the whole page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask import Flask
from flask import jsonify
from flask import render_template
from flask import request
from markupsafe import Markup

from dashboard.drawing import draw
from dashboard.drawing import page_graph
from dashboard.drawing import url_with
from dashboard.retried_calls import call_tags
from dashboard.store import get_store
from dashboard.text import breakable
from dashboard.text import ticks
from dashboard.trace_rows import span_places
from dashboard.traces import trace_or_404
from stack.explain import steps_and_story
from stack.explain_answer import refused_body
from stack.explain_answer import refused_of
from stack.explain_errors import UNPLACED_BODY
from stack.explain_index import TraceIndex
from stack.explain_words import left_with
from stack.explain_words import name
from stack.routing import matched_row_of
from stack.wsgi_path import shown_args

#: Speeds a replay offers, the live player's and the step view's alike (they differed, for no
#: reason said); the step view's keys 1–7 pick them in this order.
SPEEDS = (0.25, 0.5, 1, 2, 4, 8, 16)
#: The speed a replay starts at.
DEFAULT_SPEED = 1

bp = Blueprint("steps", __name__)


def build_steps(trace: dict[str, Any], stack: dict[str, Any] | None) -> dict[str, Any]:
    """The `GET /api/traces/ID/steps` answer: every event explained, each node.enter with the
    box it lights (`place`, `span_places`), each node.leave with what its layer passed up in
    the pages' words (`outcome`, `left_with`), every event of the span of a call of a layer
    called more than once (its enter and leave, and what the layer recorded between them: an
    error it raised, a composite's dispatch, a router's match or miss, a WSGI warning) with
    which call it is (`call`, `call_tags`: the steps of two calls read alike otherwise), each
    route.match with the row of its router's table on `stack` it matched (`route_row`,
    `matched_row_of`: the step view lights that row), and the failure story told on `stack`
    (`TraceStore.stack_of`) with what it tells (`why`), its heading."""
    events = trace["events"]
    places = span_places(events)
    refused = refused_body(events)
    trace_index = TraceIndex(events, stack["graph"] if stack else None, places)
    explained, story, why = steps_and_story(trace_index)
    calls = call_tags(trace_index.calls)
    tables = (stack or {}).get("routes") or {}
    steps = []
    for index, (event, step) in enumerate(zip(events, explained, strict=True)):
        place = places[event["span"]] if event["kind"] == "node.enter" else None
        steps.append({"index": index, "kind": event["kind"], "node": event["node"],
                      "place": place, "text": step.text, "changes": step.changes,
                      "refused": refused_of(event, refused),
                      "outcome": left_with(event, trace_index.no_status),
                      "call": calls.get(event["span"]),
                      "route_row": matched_row_of(tables, event)})
    for step, said in zip(steps, paths_changed(steps, events), strict=True):
        step["paths_changed"] = said
    return {"trace": trace["trace"], "stack": trace["stack"], "steps": steps,
            "failure": story, "why": why}


#: The environ keys a layer's sentence says it sees (`stack.explain_layers.enter_step`).
PATH_KEYS = ("SCRIPT_NAME", "PATH_INFO")


def paths_changed(steps: list[dict[str, Any]], events: list[dict]) -> list[str | None]:
    """For each step, where the SCRIPT_NAME and PATH_INFO a layer entered there sees were
    changed, when an earlier step changed them and this one did not ("SCRIPT_NAME and
    PATH_INFO changed at step 3, when the composite `common` chose `/log`"); else None.

    A layer's sentence says the paths it sees; a bare "No change to SCRIPT_NAME, PATH_INFO …
    at this step" right under "it sees SCRIPT_NAME `/log`" read as a contradiction to a class
    that saw the request arrive with an empty SCRIPT_NAME: the urlmap had moved `/log` steps
    before. Step numbers are the page's (from 1)."""
    last: dict[str, int] = {}  # a path key → the index of the step that last changed it
    said: list[str | None] = []
    for step in steps:
        changed = [c["key"] for c in step["changes"] if c["key"] in PATH_KEYS]
        said.append(_changed_at(last, events) if step["kind"] == "node.enter" and not changed
                    else None)
        last.update(dict.fromkeys(changed, step["index"]))
    return said


def _changed_at(last: dict[str, int], events: list[dict]) -> str | None:
    """"PATH_INFO changed at step 5, on the way into the app `x`": each step of `last`
    (`paths_changed`) with the keys it changed last, in `PATH_KEYS` order."""
    parts = []
    for index in sorted(set(last.values())):
        keys = " and ".join(key for key in PATH_KEYS if last.get(key) == index)
        event = events[index]
        how = (f"when {name(event['node'])} chose `{event['data']['label']}`"
               if event["kind"] == "composite.dispatch"
               else f"on the way into {name(event['node'])}")
        parts.append(f"{keys} changed at step {index + 1}, {how}")
    return "; ".join(parts) or None


def step_diagram(trace: dict[str, Any], stack: dict[str, Any]) -> Markup:
    """The diagram of `stack` as the request went through it: folded (`dashboard.diagram_fold`)
    unless the address asks for every branch (`all`), the branches the request took kept, so
    that every step lights a box drawn."""
    keep = {event["node"] for event in trace["events"] if event["node"]}
    return draw(page_graph(stack["graph"], url_with("all", "1"), keep), stack["routes"])


def shown(value: Any) -> str:
    """An environ value for the before/after table: `(unset)` for None, JSON-ish otherwise."""
    if value is None:
        return "(unset)"
    if isinstance(value, dict):
        return shown_args(value) or "{}"
    return str(value) if value != "" else "(empty)"


@bp.get("/api/traces/<trace_id>/steps")
def api_steps(trace_id: str):
    """`GET /api/traces/ID/steps` — each event's explanation and environ changes, as JSON."""
    trace = trace_or_404(trace_id)
    return jsonify(build_steps(trace, get_store().stack_of(trace)))


@bp.get("/requests/<trace_id>/steps")
def steps_page(trace_id: str):
    """The step view: the diagram, the controls and the explanations; the partial for htmx."""
    trace = trace_or_404(trace_id)
    stack = get_store().stack_of(trace)
    context = {
        **build_steps(trace, stack),
        "summary": trace,
        "events": trace["events"],
        "svg": step_diagram(trace, stack) if stack else None,
        "graph_changed": bool(stack and stack.get("changed")),
    }
    if request.headers.get("HX-Request"):
        return render_template("_steps.html", **context)
    return render_template("steps.html", **context)


def init_app(app: Flask) -> None:
    app.add_template_filter(ticks)
    app.add_template_filter(breakable)
    app.add_template_filter(shown)
    app.add_template_global(UNPLACED_BODY, "unplaced_body")
    app.add_template_global(SPEEDS, "speeds")  # the step view's and the live player's
    app.add_template_global(DEFAULT_SPEED, "default_speed")
    app.register_blueprint(bp)
