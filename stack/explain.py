"""Explain a trace in plain words: what each step did and why, and why a request failed.

The dashboard's classroom view shows a sentence per hop and a failure's story across layers;
every word is built from the events themselves (kinds, nodes, labels, statuses, candidates), so
any stack's trace is explained, not only the demo's URLs. Pure: events (and optionally the graph
JSON) in, text out.

This module is the way in: it indexes a trace once (`stack.explain_index`) and hands each
event to the sentences of its kind: `explain_layers` (arrival, a layer entered and left),
`explain_composite` (a composite's choice, a urlmap's miss), `explain_routes` (a route matched
or missed, a controller's action), `explain_errors`, `explain_answer` (request.end),
`explain_warnings` (WSGI rules broken); `explain_story` tells the failure across layers.
Their shared words are in `explain_words`, `explain_places` and `explain_environ`.
"""

from __future__ import annotations

from typing import Any

from stack.explain_answer import end_step
from stack.explain_composite import dispatch_step
from stack.explain_composite import miss_step
from stack.explain_errors import error_step
from stack.explain_index import TraceIndex
from stack.explain_layers import enter_step
from stack.explain_layers import leave_step
from stack.explain_layers import start_step
from stack.explain_places import caught_place
from stack.explain_places import raised_place
from stack.explain_routes import action_step
from stack.explain_routes import match_step
from stack.explain_routes import return_step
from stack.explain_routes import route_miss_step
from stack.explain_story import failure_story
from stack.explain_warnings import warning_step
from stack.explain_words import Step
from stack.explain_words import name


def explain_step(events: list[dict], index: int) -> Step:
    """Explain `events[index]` of one trace (events in seq order); `explain_steps` for all."""
    return _explain(TraceIndex(events), index)


def explain_steps(events: list[dict], graph: dict | None = None,
                  places: dict[Any, tuple[str | None, int]] | None = None) -> list[Step]:
    """Explain every event of one trace (events in seq order), in time linear in its length;
    with the graph JSON and the trace's span places, a layer its pipeline lists more than once
    is said with its place there (`place_words`)."""
    return _steps(TraceIndex(events, graph, places))


def _explain(trace: TraceIndex, index: int) -> Step:
    event = trace.events[index]
    explain = _EXPLAINERS.get(event["kind"])
    if explain is None:
        return Step(f"{event['kind']} at {name(event['node'])}.")
    return explain(trace, index, event, event["data"])


def steps_and_story(
    trace: TraceIndex,
) -> tuple[list[Step], list[str] | None, str | None]:
    """`explain_steps`, the failure story and what it tells (`failure_story`), from the
    caller's one index of the trace: the step view shows both, and what the index says of the
    layers (`no_status`) beside them; indexing a trace thousands of layers deep is the costly
    part."""
    return _steps(trace), *failure_story(trace)


def _steps(trace: TraceIndex) -> list[Step]:
    return [_explain(trace, index) for index in range(len(trace.events))]


def failure_and_error_places(
    trace: TraceIndex,
) -> tuple[list[str] | None, list[tuple[dict, str, str]], str | None]:
    """The failure story, and each error event of the trace, in order, with the place words of
    the layers that raised and caught it ("" for a layer its pipeline lists once): the request
    page's errors line names the box the failure story names, in its words. Last, what the
    story tells (`failure_story`), which the page heads it by.

    Both from the caller's one index of the trace: the page shows both, and its timeline what
    the index says of the layers (`no_status`, `repeats`); indexing a trace thousands of layers
    deep is the costly part of either.
    """
    errors = [(event, raised_place(trace, event), caught_place(trace, event))
              for event in trace.events if event["kind"] == "error"]
    story, why = failure_story(trace)
    return story, errors, why


_EXPLAINERS = {
    "request.start": start_step,
    "node.enter": enter_step,
    "composite.dispatch": dispatch_step,
    "composite.miss": miss_step,
    "node.leave": leave_step,
    "route.match": match_step,
    "route.miss": route_miss_step,
    "controller.action": action_step,
    "controller.return": return_step,
    "error": error_step,
    "request.end": end_step,
    "wsgi.warning": warning_step,
}
