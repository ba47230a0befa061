"""One trace's events indexed once, for every sentence about them: which event each one
refers back to (the layer above, the one before, the one inside), and what the whole trace
says of its layers (those that passed up no status, those that called one more than once,
the place of a layer its pipeline lists more than once).

Explaining every event of a trace reads these indexes, not the events again: a trace
thousands of layers deep is explained in time linear in its length.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from itertools import pairwise
from typing import Any

from stack.explain_environ import environ_changes
from stack.explain_words import article
from stack.explain_words import name
from stack.graph_json import indexed
from stack.graph_model import inline_name
from stack.graph_model import is_position
from stack.response_headers import headers_below
from stack.trace import NO_START
from stack.trace import NOT_A_BODY

#: The message of the error a traced stack's root records for a body of bytes or a str.
NOT_A_BODY_WORDS = re.compile(re.escape(NOT_A_BODY).replace(re.escape("{}"), r"(\w+)"))
#: The words for a layer's place among the places a pipeline lists it at, up to the tenth.
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


class TraceIndex:
    """One trace's events, with the earlier events each one's explanation refers back to.

    One pass forward finds them all, so explaining every event of a trace is linear: looking
    each one up backwards from its event made a trace 3,000 layers deep take seconds to
    explain, and 15,000 layers deep most of a minute.
    """

    def __init__(self, events: list[dict], graph: dict | None = None,
                 places: dict[Any, tuple[str | None, int]] | None = None) -> None:
        self.events = events
        #: A span → which of its node's places in its pipeline it ran at, in words, for a
        #: layer its pipeline lists more than once (`place_words`).
        self.graph = graph
        #: Each pipeline's members in order (`pipeline_members`), given the graph.
        self.members = pipeline_members(graph) if graph is not None else {}
        self.where = place_words(events, graph, places, self.members)
        self.places = places or {}
        #: kind → the first event of that kind.
        self.first: dict[str, dict] = {}
        #: A node.enter's index → the node.enter or composite.dispatch just before it.
        self.previous: dict[int, dict | None] = {}
        #: A node.enter's index → the node.enter of its parent span (the layer above).
        self.above: dict[int, dict | None] = {}
        #: A composite.dispatch's index → the last node.enter of its composite before it.
        self.opened: dict[int, dict | None] = {}
        #: A composite.dispatch's index → the node.leave of the layer its composite dispatched
        #: to before, when it passes the request on (Paste's cascade, after a 404).
        self.passed_on: dict[int, dict | None] = {}
        #: A node.leave's index → the node.leave of the layer directly inside (its last child).
        self.inner: dict[int, dict | None] = {}
        #: A controller.return's or error's index → the last controller.action of its span.
        self.action: dict[int, dict | None] = {}
        #: A layer → what it returned instead of a response body (`returned_instead`).
        self.no_body: dict[str, str] = {}
        #: Whether no layer called start_response (`no_start`): the server answered for the
        #: body it was passed, not a layer above.
        self.unstarted = no_start(events)
        #: The spans of the layers that passed up no status and raised nothing (`no_status_spans`).
        self.no_status = no_status_spans(events, self.unstarted)
        #: A span → the node.leave events of the layer it called more than once.
        self.repeats = repeated_calls(events)
        #: A span → the span it was called by (an action's too), and its node.leave.
        self.parent_of: dict[Any, Any] = {}
        self.leave_of: dict[Any, dict] = {}
        #: A span → the index of its node.leave (its last, for a span that left twice).
        self.leave_index: dict[Any, int] = {}
        #: A span → the layers above it that changed its paths (`path_setters`), once asked.
        self.setters: dict[Any, list[tuple[dict, list[dict]]]] = {}
        #: A span → its node.enter.
        self.enter_of: dict[Any, dict] = {}
        step = None
        enters_by_node: dict[str | None, dict] = {}
        leaves_by_parent: dict[Any, dict] = {}
        actions_by_span: dict[Any, dict] = {}
        for index, event in enumerate(events):
            kind = event["kind"]
            self.first.setdefault(kind, event)
            self.parent_of.setdefault(event["span"], event["parent"])
            if kind == "node.enter":
                self.previous[index] = step
                self.above[index] = self.enter_of.get(event["parent"])
                enters_by_node[event["node"]] = event
                self.enter_of[event["span"]] = event
                step = event
            elif kind == "composite.dispatch":
                self.opened[index] = enters_by_node.get(event["node"])
                self.passed_on[index] = leaves_by_parent.get(event["span"])
                step = event
            elif kind == "node.leave":
                self.leave_of[event["span"]] = event
                self.leave_index[event["span"]] = index
                self.inner[index] = leaves_by_parent.get(event["span"])
                leaves_by_parent[event["parent"]] = event
            elif kind == "controller.action":
                actions_by_span[event["span"]] = event
            elif kind in ("controller.return", "error"):
                self.action[index] = actions_by_span.get(event["span"])
                returned = returned_instead(event["data"]) if kind == "error" else None
                if returned is not None and event["data"]["raised_at"] is not None:
                    self.no_body.setdefault(event["data"]["raised_at"], returned)

    def path_setters(self, span: Any) -> list[tuple[dict, list[dict]]]:
        """Each layer above the span `span` that changed SCRIPT_NAME or PATH_INFO as it called
        the layer below it, outermost first: its node.enter, and the changes (`environ_changes`),
        read from the paths each layer saw as it was entered. A composite's choice that moved
        its prefix from PATH_INFO to SCRIPT_NAME is not one: its dispatch says it
        (`stack.explain_composite`). Worked out once a span: a router's page says them in its
        timeline row, its miss step and the failure story."""
        if span not in self.setters:
            self.setters[span] = _path_setters(self, span)
        return self.setters[span]

    @functools.cached_property
    def calls(self) -> dict[Any, tuple[list[dict], int]]:
        """The span of each call of a retried layer → its calls (`repeats`) and which it is
        (`calls_of`): the story, the timeline, the steps and the page's words all read it."""
        return calls_of(self.repeats)

    @functools.cached_property
    def indexed(self) -> tuple[dict[str, dict], dict[str, list[dict]]]:
        """The graph the trace ran on, indexed (`graph_json.indexed`; empty without it)."""
        return indexed(self.graph or {})

    @property
    def nodes(self) -> dict[str, dict]:
        """The graph's nodes by id: where each is in the ini (`stack.explain_places`)."""
        return self.indexed[0]

    @property
    def out_edges(self) -> dict[str, list[dict]]:
        """A node → its edges out: a urlmap's prefixes, which its events do not list when it
        took one (`composite.miss` lists those it tried), and a section's `use`."""
        return self.indexed[1]

    @functools.cached_property
    def keys_into(self) -> dict[str, tuple[str, str]]:
        """An inline pipeline (`pipeline:COMPOSITE[KEY]`) → its composite and KEY: the line
        the operator edits is that key's, which the inline pipeline's `line` is."""
        return {edge["target"]: (edge["source"], edge["label"])
                for edge in (self.graph or {}).get("edges", [])
                if self.nodes.get(edge["target"], {}).get("name") == inline_name(
                    self.nodes.get(edge["source"], {}).get("name"), edge["label"])}

    @functools.cached_property
    def dispatched(self) -> set:
        """The spans of the composites that chose a branch (a composite.dispatch each): what
        they moved between SCRIPT_NAME and PATH_INFO their choice says, not a rewrite."""
        return {self.events[index]["span"] for index in self.opened}

    @functools.cached_property
    def pipelines(self) -> _Pipelines | None:
        """The trace's pipelines (`_Pipelines`), given the graph; None without it."""
        return _Pipelines(self.enter_of, self.members) if self.graph is not None else None

    @functools.cached_property
    def headers_below(self) -> dict[int, list[dict] | None]:
        """A node.leave's index → the response headers the layer below it passed up, for
        each that recorded its own (`serve --check-wsgi`): only a step view reads it."""
        return headers_below(self.events)[0]

    @functools.cached_property
    def warned_from(self) -> dict[int, tuple[dict | None, bool]]:
        """A wsgi.warning's index → the node.enter of the layer running as it was said (None
        for none: the server was reading the body every layer returned), and whether the
        layer it names was running then, itself or below it (`stack.explain_warnings`).
        Indexed only for a trace whose warnings a step view explains."""
        running: Counter = Counter()
        found = {}
        for index, event in enumerate(self.events):
            kind = event["kind"]
            if kind == "node.enter":
                running[event["node"]] += 1
            elif kind == "node.leave":
                running[event["node"]] -= 1
            elif kind == "wsgi.warning":
                span = event["span"]  # an action's is its app's
                enter = self.enter_of.get(span) or self.enter_of.get(self.parent_of.get(span))
                found[index] = (enter, running[event["node"]] > 0)
        return found


class _Pipelines:
    """The pipelines of a trace's layers, to name the layers a short circuit kept from running.

    Built once for a whole failure story (every span's node.enter, every pipeline's positions
    in order), and each span's pipeline is remembered once found, so a trace with a short
    circuit at each of thousands of layers is still read in one pass.
    """

    def __init__(self, enter_of: dict[Any, dict], members: dict[str, list[str]]) -> None:
        self.enter_of = enter_of  # a span → its node.enter (`TraceIndex.enter_of`)
        self.positions = members  # each pipeline's, in order (`pipeline_members`)
        self.found: dict[Any, dict | None] = {}

    def never_ran(self, leave: dict, nth: int = 0) -> list[str]:
        """The positions after `leave`'s node in the pipeline that entered it, at its `nth`
        place there (0 for the first: a pipeline may list a filter twice)."""
        parent = self.pipeline_around(leave["parent"])
        targets = self.positions.get(parent["node"], []) if parent is not None else []
        at = [position for position, node in enumerate(targets) if node == leave["node"]]
        if nth >= len(at):
            return []
        return targets[at[nth] + 1:]

    def pipeline_around(self, span: Any) -> dict | None:
        """The node.enter of the nearest pipeline at or above `span` (None for none, or for
        spans whose parents go round in a circle)."""
        walked = set()
        enter = self.enter_of.get(span)
        while enter is not None and not (enter["node"] or "").startswith("pipeline:"):
            if span in self.found or span in walked:
                enter = self.found.get(span)
                break
            walked.add(span)
            span = enter["parent"]
            enter = self.enter_of.get(span)
        for seen in walked:
            self.found[seen] = enter
        return enter


def _path_setters(trace: TraceIndex, span: Any) -> list[tuple[dict, list[dict]]]:
    """`TraceIndex.path_setters`, worked out: up the spans' parents from `span`'s node.enter,
    each pair of a layer and the one it called compared."""
    chain = []
    enter = trace.enter_of.get(span)
    while enter is not None and len(chain) <= len(trace.enter_of):  # parents may loop
        chain.append(enter)
        enter = trace.enter_of.get(enter["parent"])
    setters = []
    for inner, outer in pairwise(chain):
        was, now = outer["data"], inner["data"]
        changes = environ_changes(was, now)
        moved = was["script_name"] + was["path_info"] == now["script_name"] + now["path_info"]
        if changes and not (moved and outer["span"] in trace.dispatched):
            setters.append((outer, changes))
    return setters[::-1]


def place_words(events: list[dict], graph: dict | None,
                places: dict[Any, tuple[str | None, int]] | None,
                members: dict[str, list[str]] | None = None) -> dict[Any, str]:
    """` (its second place in the pipeline `main`)`: the words after a layer's name, by its
    span, for each span whose pipeline lists its node more than once (`pipeline = a b a app`).

    Such a node is two boxes on the diagram, and "the filter `a`" does not say which one a
    step is about. `places` are the trace's `span_places` (the lane each span ran in, and
    which of its node's boxes there); `graph` says how many places each pipeline gives a node.
    Without either, or for a node listed once, there are no words: the common case reads as
    it always has. `members`: `pipeline_members(graph)`, where the caller has it already.
    """
    if graph is None or places is None:
        return {}
    members = members if members is not None else pipeline_members(graph)
    listed_again = {(pipeline, node) for pipeline, listed_in in members.items()
                    for node, times in Counter(listed_in).items() if times > 1}
    words = {}
    for event in events:
        if event["kind"] != "node.enter" or event["span"] not in places:
            continue
        lane, nth = places[event["span"]]
        if (lane, event["node"]) in listed_again:
            words[event["span"]] = f" (its {ordinal(nth)} place in {name(lane)})"
    return words


def pipeline_members(graph: dict) -> dict[str, list[str]]:
    """Each pipeline's members in the graph JSON `graph`, in position order, by pipeline id:
    the layers a short circuit kept from running (`_Pipelines`), and the places of a node a
    pipeline lists more than once (`place_words`), are read from the same lists."""
    members: dict[str, list[str]] = {}
    edges = (e for e in graph["edges"] if is_position(e["label"]))
    for edge in sorted(edges, key=lambda e: int(e["label"])):
        members.setdefault(edge["source"], []).append(edge["target"])
    return members


def no_start(events: list[dict]) -> bool:
    """Whether no layer called start_response: the server says so (`stack.trace.NO_START`),
    and the layers that passed up no status then raised nothing."""
    return any(e["kind"] == "error" and e["data"].get("message") == NO_START for e in events)


def no_status_spans(events: list[dict], unstarted: bool | None = None) -> set:
    """The spans of the layers of `events` that passed up no status and raised nothing (they
    returned a body before anything had called start_response): every page says "no status"
    of them, and "raised" of the other layers that passed up no status (`outcome_words`).

    Those whose node.leave says `unstarted`. A trace from before that field (0.2.23) has none:
    there, when the server says no layer called start_response (`no_start`), every layer that
    passed up no status is one. Not in a trace that has the field: a layer whose exception a
    layer above caught, that one then returning a body without calling start_response, raised.
    `unstarted`: `no_start(events)`, where the caller has it already.
    """
    leaves = [event for event in events if event["kind"] == "node.leave"]
    said = {event["span"] for event in leaves if event["data"].get("unstarted")}
    if said or not (no_start(events) if unstarted is None else unstarted):
        return said
    return {event["span"] for event in leaves if event["data"]["status"] is None}


def repeated_calls(events: list[dict]) -> dict[Any, list[dict]]:
    """The span of each layer that called the layer below it more than once (a retry), and
    the node.leave events of those calls, in order.

    Each call is a span of its own under the caller's, and the caller passes up at most one
    of their answers: without a word, the page showed two runs of the app under one filter,
    and the answer that was dropped read as part of the one the client got. A caller that
    called several layers more than once (a cascade that retried) is said of its first.
    """
    calls: dict[tuple[Any, str | None], list[dict]] = {}
    for event in events:
        if event["kind"] == "node.leave":
            calls.setdefault((event["parent"], event["node"]), []).append(event)
    repeats: dict[Any, list[dict]] = {}
    for (caller, _), leaves in calls.items():
        if len(leaves) > 1:
            repeats.setdefault(caller, leaves)
    return repeats


def calls_of(repeats: dict[Any, list[dict]]) -> dict[Any, tuple[list[dict], int]]:
    """The span of each call of a retried layer → the node.leave events of that layer's calls
    (`repeated_calls`), and which of them it is (0 for the first): what a call's sentences,
    row and step say of it ("a second time", "second of 2 calls") is read from its span."""
    return {leave["span"]: (leaves, nth) for leaves in repeats.values()
            for nth, leave in enumerate(leaves)}


def returned_instead(error: dict) -> str | None:
    """What a layer returned instead of a response body (`None`, "an `int`"), when `error`
    is the TypeError the stack's probe raised iterating it, or the one its root raised for
    bytes or a str (`stack.trace.NOT_A_BODY`); None for any other error.

    Such an error has no `raised_in`: no line of the app raised it
    (`stack.recorded_errors.raised_in`), so saying only that the layer raised sent a developer
    looking for a `raise` that is not there.
    """
    if error.get("raised_in") or error["type"] != "TypeError":
        return None
    found = (re.fullmatch(r"'(\w+)' object is not iterable", error["message"])
             or NOT_A_BODY_WORDS.fullmatch(error["message"]))
    if found is None:
        return None
    if found[1] == "NoneType":
        return "None"
    return article(f"`{found[1]}`")


def ordinal(nth: int) -> str:
    """`first` for 0, `second` for 1, … `tenth`, then in figures (`11th`)."""
    return ORDINALS[nth] if nth < len(ORDINALS) else _numbered(nth + 1)


def _numbered(n: int) -> str:
    """`n` as an ordinal in figures: 11th, 21st, 22nd, 113th."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
