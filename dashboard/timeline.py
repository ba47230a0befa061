"""A trace's events rebuilt into what the request detail shows: spans, route, headers, errors.

Pure functions over the event list (no Flask, no IO): node.enter/node.leave and
controller.action/controller.return pairs share a span id and name their parent span, so the
request's path is a tree, osprofiler style; self time is a span's time minus its children's.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from dashboard.retried_calls import RetriedCalls
from dashboard.retried_calls import call_tags
from dashboard.shortened import shortened
from dashboard.status_words import status_text
from dashboard.trace_rows import span_places
from stack.body_preview import BODY_PREVIEW
from stack.body_preview import IDENTITY
from stack.body_preview import can_undo
from stack.body_preview import coding
from stack.body_preview import is_binary_type
from stack.explain import failure_and_error_places
from stack.explain_answer import refused_body
from stack.explain_answer import refused_of
from stack.explain_answer import streamed_words
from stack.explain_index import TraceIndex
from stack.explain_index import calls_of
from stack.explain_index import no_status_spans
from stack.explain_index import repeated_calls
from stack.explain_places import said_within
from stack.explain_routes import path_set_words
from stack.explain_words import left_with
from stack.explain_words import outcome_words
from stack.explain_words import repeat_words
from stack.redact_environ import by_type
from stack.response_headers import header_change_words
from stack.response_headers import headers_below
from stack.response_headers import none_passed_up
from stack.routing import Route
from stack.routing import matched_row_of
from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args

#: Events that open a span, and the events that close one.
OPENS = ("node.enter", "controller.action")
CLOSES = ("node.leave", "controller.return")


@dataclass
class Span:
    """One layer's time in a request: when it was entered (ms from start), for how long."""

    span: Any
    parent: Any
    node: str | None
    label: str
    start_ms: float
    duration_ms: float | None = None
    status: int | None = None
    #: It passed up no status with no exception: nothing it called had called start_response
    #: (`stack.explain_index.no_status_spans`), so it is shown as such, not as raised.
    unstarted: bool = False
    #: It had returned its body, and the exception that left it came out of that body as it
    #: was read, after its call (node.leave's `body_raised`): shown so, not as raised.
    body_raised: bool = False
    short_circuit: bool = False
    #: What its status cell says, in the words every page uses: of a layer that left,
    #: `stack.explain_words.outcome_words` ("404", "raised", "body raised", "no status"); of the
    #: request itself, `status_text` ("404", "no answer"), as the headings say it; "" while it
    #: has not ended.
    outcome: str = ""
    #: It called the layer below it more than once: what it did with the answers
    #: (`stack.explain_words.repeat_words`).
    repeated: str = ""
    #: It is one of the calls of a layer called more than once: which ("second of 2 calls",
    #: `dashboard.retried_calls.call_tags`); the rows of its calls read alike otherwise.
    call: str = ""
    #: It passed the server a body the server refused: what that body was ("a `bytes`").
    refused: str = ""
    depth: int = 0
    self_ms: float | None = None
    children: list[Span] = field(default_factory=list)


def build_timeline(events: list[dict[str, Any]], trace_index: TraceIndex | None = None
                   ) -> list[Span]:
    """The request's spans in depth-first order (the request itself first, at depth 0).

    `trace_index`: the trace's index, where the caller made one (the request page, for its
    story): the layers it says passed up no status, or called one more than once, are read
    from it, not worked out again."""
    start = next((e for e in events if e["kind"] == "request.start"), None)
    end = next((e for e in events if e["kind"] == "request.end"), None)
    t0 = start["ts"] if start else min((e["ts"] for e in events), default=0.0)
    root = Span(0, None, None, "request", 0.0)
    if end is not None:
        root.duration_ms = end["data"].get("duration_ms")
        root.status = end["data"].get("status")
    root.outcome = status_text(root.status, root.duration_ms is not None, "")
    spans: dict[Any, Span] = {}
    left: set[Any] = set()
    for event in events:
        if event["kind"] in OPENS:
            label = event["node"] or "?"
            if event["kind"] == "controller.action":
                data = event["data"]
                label = f"{data.get('controller')}.{data.get('action')}()"
            spans[event["span"]] = Span(event["span"], event["parent"], event["node"], label,
                                        round((event["ts"] - t0) * 1000, 3))
        elif event["kind"] in CLOSES and event["span"] in spans:
            span = spans[event["span"]]
            span.duration_ms = event["data"].get("duration_ms")
            span.status = event["data"].get("status")
            span.short_circuit = bool(event["data"].get("short_circuit"))
            span.body_raised = bool(event["data"].get("body_raised"))
            left.add(event["span"])
    no_status = trace_index.no_status if trace_index else no_status_spans(events)
    repeats = trace_index.repeats if trace_index else repeated_calls(events)
    calls = call_tags(trace_index.calls if trace_index else calls_of(repeats))
    for span in spans.values():
        span.call = calls.get(span.span, "")
        spans.get(span.parent, root).children.append(span)
        span.unstarted = span.span in no_status
        if span.span in left:
            span.outcome = outcome_words(span.status, span.unstarted, span.body_raised)
        if span.span in repeats:
            span.repeated = repeat_words(repeats[span.span], span.status, no_status)
    refused = refused_body(events)
    if refused is not None and refused[0] in spans:
        spans[refused[0]].refused = refused[1]
    # NOTE: walked with a list, not recursion: a posted trace may nest thousands deep.
    ordered: list[Span] = []
    pending = [(root, 0)]
    while pending:
        span, depth = pending.pop()
        span.depth = depth
        ordered.append(span)
        inner = sum(child.duration_ms or 0.0 for child in span.children)
        if span.duration_ms is not None:
            span.self_ms = round(max(0.0, span.duration_ms - inner), 3)
        earliest_last = reversed(sorted(span.children, key=lambda s: s.start_ms))
        pending.extend((child, depth + 1) for child in earliest_last)
    return ordered


def request_detail(trace: dict[str, Any], graph: dict[str, Any] | None = None,
                   routers: Collection[str] = ()) -> dict[str, Any]:
    """Everything the request detail page shows, from a stored trace (summary + events), the
    graph its stack had then (`TraceStore.stack_of`), if known, and the nodes it announced a
    route table of (`routers`): with the failure `story` and what it tells (`why`,
    `_why.html`), told from the same index of the trace as the errors' places."""
    events = trace["events"]
    start = next((e for e in events if e["kind"] == "request.start"), None)
    trace_index = TraceIndex(events, graph, span_places(events))
    story, error_places, why = failure_and_error_places(trace_index)
    timeline = build_timeline(events, trace_index)
    calls = RetriedCalls(trace_index)
    router_unmatched = router_entered(timeline, routers)
    composite_miss = next((e for e in events if e["kind"] == "composite.miss"), None)
    total = max((s.start_ms + (s.duration_ms or 0.0) for s in timeline), default=0.0) or 1.0
    t0 = start["ts"] if start else (events[0]["ts"] if events else 0.0)
    return {
        "trace": trace,
        "timeline": timeline,
        "total_ms": total,
        "offsets": [round((e["ts"] - t0) * 1000, 3) for e in events],
        "request": start["data"] if start else {},
        # Each with the call of a retried layer it ran in (`RetriedCalls.words`), as the
        # route and the errors are.
        "dispatches": [{**e, "call": calls.words(e["span"])} for e in events
                       if e["kind"] == "composite.dispatch"],
        "routes": [{**route, "path_set": path_set_words(trace_index, route["span"])}
                   for route in routes_by_call(events, calls)],
        "composite_miss": composite_miss and {**composite_miss,
                                              "call": calls.words(composite_miss["span"])},
        "router_unmatched": router_unmatched,  # said where no route matched or missed
        "router_call": calls.words(router_unmatched.span) if router_unmatched else "",
        "story": story,
        "why": why,  # what the story tells, its heading (`_why.html`)
        # Each error with the words after the names of the layers that raised and caught it,
        # for a layer its pipeline lists more than once, as the story says, and the call of a
        # retried layer it was raised in.
        "errors": [{**error, "raised_place": said_within(raised, calls.words(error["span"]), ","),
                    "caught_place": caught}
                   for error, raised, caught in error_places],
        # Said under the timeline too: a layer whose body streamed shows a few µs of its own.
        "streamed": streamed_words(events),
        "response": response_shown(next((e["data"] for e in events
                                         if e["kind"] == "request.end"), None)),
        "typed": typed_values(events),
        "response_headers": response_headers(events),
        "no_headers_up": none_passed_up(events),  # none recorded, whatever the stack's flags
    }


def routes_by_call(events: list[dict[str, Any]], calls: RetriedCalls) -> list[dict[str, Any]]:
    """What the Route section says: the request's route.match, else its route.miss, each with
    `call`, the call of a retried layer it ran in (`RetriedCalls.words`), "" for none. One per
    call: a layer called twice asked its routes twice, and the page showed the first call's
    match alone, as if it were what the client got; a request without a retry has one."""
    said: dict[Any, dict[str, Any]] = {}
    for event in events:
        if event["kind"] not in ("route.match", "route.miss"):
            continue
        call = calls.within.get(event["span"])
        if call not in said or (event["kind"] == "route.match"
                                and said[call]["kind"] == "route.miss"):
            said[call] = event
    return [{**event, "call": calls.words(event["span"])} for event in said.values()]


def router_entered(timeline: list[Span], routers: Collection[str]) -> Span | None:
    """The span of the first router (a node of `routers`) the request entered, or None: where
    it matched no route and missed none (no route.match or route.miss), it raised, or
    answered, before it asked its routes (Routes reading a form body for `_method`, a Router
    subclass's own `__call__`).

    The page said "the request never reached a router" of a request that did."""
    return next((span for span in timeline if span.node in routers), None)


def response_headers(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The response headers as the page shows them, from a stack served with --check-wsgi:
    `layers`, each layer that recorded its headers, innermost first (as the response went
    up), with the words for what it did to the headers below it (`changes`, empty when it
    passed them on) and how many of its headers were not recorded (`more`); `answered`, what
    the outermost passed up to the server (None when no layer's reached it: the server
    answered with its own). None when no layer recorded them (a stack served
    without --check-wsgi, or a trace from before they were recorded)."""
    below, answered = headers_below(events)
    if not below:
        return None
    layers = [{"node": events[index]["node"],
               "changes": header_change_words(headers, events[index]["data"]["headers"]),
               "more": events[index]["data"].get("more_headers", 0)}
              for index, headers in below.items()]
    return {"layers": layers, "answered": answered}


def typed_values(events: list[dict[str, Any]]) -> list[str]:
    """The environ values layers added or removed that are recorded by type only (`<list>`),
    each once, in the order met: the page says once what they are."""
    found: dict[str, None] = {}
    for event in events:
        for changed in ("added", "removed"):
            for value in (event["data"].get(changed) or {}).values():
                if isinstance(value, str) and by_type(value):
                    found.setdefault(value)
    return list(found)


def response_shown(end: dict[str, Any] | None) -> dict[str, Any] | None:
    """request.end's response as the page shows it: its body indented when it is whole JSON
    (a fault's `{"computeFault": …}` is easier read that way), and where the stack cut it.
    None while the trace holds no request.end (still arriving, or lost).

    An error that sent bytes but came with no body text had one the stack would not show:
    `not_shown` says why, "binary" when its Content-Type says it is no text (an image),
    "encoded" when its Content-Encoding is one Pastescope cannot undo (br, zstd), "unreadable"
    otherwise (holding NULs, or not what its Content-Encoding says). `cut_at`: the preview's
    length when the body sent was longer; for an encoded body the sizes do not compare (what
    was sent is compressed, the preview inflated), so `compressed` says so instead.
    """
    if end is None:
        return None
    body = end.get("body") or ""
    try:
        body = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        pass  # text, or JSON cut short at BODY_PREVIEW: shown as it came
    status, sent = end.get("status"), end.get("bytes") or 0
    content_type = end.get("content_type") or ""
    encoding = end.get("content_encoding") or ""
    compressed = coding(encoding) not in IDENTITY
    not_shown = None
    if not body and sent and status is not None and status >= 400:
        not_shown = ("binary" if is_binary_type(content_type)
                     else "unreadable" if can_undo(encoding) else "encoded")
    return {"status": status, "bytes": sent, "body": body, "content_type": content_type,
            "encoding": encoding, "preview": BODY_PREVIEW,
            "compressed": compressed,
            "cut_at": BODY_PREVIEW if body and sent > BODY_PREVIEW and not compressed else None,
            "not_shown": not_shown, "client_gone": bool(end.get("client_gone"))}


def shown_trace(trace: dict[str, Any], tables: Mapping[str, list[Route]]) -> dict[str, Any]:
    """A trace as Live replays it: the trace, and each of its events that holds a path or a
    route's match, with `shown`, those in the words every other page uses; each route.match
    with `route_row`, the row of its router's table it matched (`matched_row_of`, of `tables`,
    the route tables by router of the graph the trace was served with: `TraceStore.stack_of`),
    which Live lights and counts its hit on, or None where that is not known; each node.enter
    with `place`, the box it lights (`span_places`: its lane, and which of its node's boxes
    there), as the step view's steps and the boxes' figures have it; each node.leave with
    `outcome`, what its layer passed up in the pages' words (`left_with`: "404", "raised", "no
    status"), so Live says of each layer what the pages say, and, of a layer that passed up
    no status and raised nothing, `no_status` (`no_status_spans`) for clients that read it.

    `shown.path` is the path as its client typed it, `shown.args` the arguments the match
    passes its action (stack/wsgi_path.py's `readable_path` and `route_args`); the trace's own
    `shown.path`, which names the request above the diagram, is that path shortened as the
    headings of the other pages have it (`dashboard.shortened`), and `shown.status` its status
    as they word it (`status_text`: "404", "no answer"). The page prints them as they come, so
    Live says what the step view and the request page say, with no copy of their rules to
    drift; the events themselves stay as recorded.
    """
    places = span_places(trace["events"])
    refused = refused_body(trace["events"])
    no_status = no_status_spans(trace["events"])
    # NOTE: its `path` as `GET /api/traces/ID` gives it (`dashboard.traces.api_row`)
    path = readable_path(trace["path"])
    status = status_text(trace["status"], trace["duration_ms"] is not None, "no status")
    return {**trace, "path": path, "shown": {"path": shortened(path), "status": status},
            "events": [shown_event(event, places, refused, no_status, tables)
                       for event in trace["events"]]}


def shown_event(event: dict[str, Any], places: dict[Any, tuple[str | None, int]],
                refused: tuple[Any, str] | None, no_status: set[int],
                tables: Mapping[str, list[Route]]) -> dict[str, Any]:
    """`event`, with `shown` if its data holds a path or a route's match, `route_row` if it is
    a route.match (`matched_row_of` on `tables`), `place` if it
    enters a span (`places`, the trace's `span_places`), `refused` if it is the leave of
    the layer whose body the server refused (`refused`, the trace's `refused_body`), and
    `outcome` if it is a leave (`left_with`), with `no_status` if its layer passed up no
    status and raised nothing (`no_status`, the trace's `no_status_spans`)."""
    data = event["data"]
    shown = {}
    if "path" in data:
        shown["path"] = readable_path(data["path"])
    if "match" in data:
        shown["args"] = route_args(data["match"])
    added: dict[str, Any] = {"shown": shown} if shown else {}
    if event["kind"] == "route.match":
        added["route_row"] = matched_row_of(tables, event)
    if event["kind"] == "node.enter":
        added["place"] = places[event["span"]]
    if (what := refused_of(event, refused)) is not None:
        added["refused"] = what
    if (outcome := left_with(event, no_status)) is not None:
        added["outcome"] = outcome
        if event["span"] in no_status:
            added["no_status"] = True
    return {**event, **added} if added else event
