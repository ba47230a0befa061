"""Explain a trace in plain words: what each step did and why, and why a request failed.

The dashboard's classroom view shows a sentence per hop and a failure's story across layers;
every word is built from the events themselves (kinds, nodes, labels, statuses, candidates), so
any stack's trace is explained, not only the demo's URLs. Pure: events (and optionally the graph
JSON) in, text out.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from stack.graph_model import built_by
from stack.graph_model import indexed
from stack.graph_model import inline_name
from stack.graph_model import is_pipeline_factory
from stack.graph_model import is_position
from stack.graph_model import split_id
from stack.graph_model import strategy
from stack.graph_model import strategy_setting
from stack.graph_model import unread_setting
from stack.near_names import first_and_more
from stack.near_names import listed
from stack.near_names import near_prefix_note
from stack.redact import by_type
from stack.redact import header_name
from stack.response_headers import header_change_words
from stack.response_headers import headers_below
from stack.routing import miss_note
from stack.trace import NO_START
from stack.trace import NOT_A_BODY
from stack.trace import label_host
from stack.trace import label_prefix
from stack.wsgi_path import held_note
from stack.wsgi_path import lookalike_note
from stack.wsgi_path import named_path
from stack.wsgi_path import quoted_path
from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args
from stack.wsgi_path import shown_args
from stack.wsgi_path import starts_with_prefix

#: The error type of a route whose controller lacks the action (`stack.wsgi.MissingAction`).
MISSING_ACTION = "MissingAction"
#: The message of the error a traced stack's root records for a body of bytes or a str.
NOT_A_BODY_WORDS = re.compile(re.escape(NOT_A_BODY).replace(re.escape("{}"), r"(\w+)"))
#: Route candidates named in a failure story before "and N more".
SHOWN_CANDIDATES = 5
#: Runs of slashes, which Paste's URLMap reads as one before it compares a path with its keys.
SLASHES = re.compile("//+")
#: Most characters of an error's body the last step quotes (WebOb's 401 page says why in
#: its last sentence, some 290 characters in).
QUOTED_BODY = 400
#: The earlier answers of a layer called more than once that are named before "and N more".
SHOWN_ANSWERS = 5
#: What the trace cannot say of an error a body raised after every layer had returned: the
#: request page and the story both say it, in these words.
UNPLACED_BODY = "which layer's body it was, the trace does not record"
#: How the wsgi.warning messages begin (after the layer's id) that a layer's body breaks, as
#: it is read (`stack.wsgi_checks`: a body item, no start_response, a Content-Length).
BODY_WORDS = ("passed up a body item", "returned its body", "passed up `Content-Length:")
#: The words for a layer's place among the places a pipeline lists it at, up to the tenth.
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


@dataclass
class Step:
    """One event explained: a sentence, and what changed in the WSGI environ at that hop."""

    text: str
    #: Each change is {"key", "before", "after"}: SCRIPT_NAME, PATH_INFO,
    #: `wsgiorg.routing_args` or `status` (a status a layer replaced on the way up).
    changes: list[dict[str, Any]] = field(default_factory=list)


class _Trace:
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
                self.inner[index] = leaves_by_parent.get(event["span"])
                leaves_by_parent[event["parent"]] = event
            elif kind == "controller.action":
                actions_by_span[event["span"]] = event
            elif kind in ("controller.return", "error"):
                self.action[index] = actions_by_span.get(event["span"])
                returned = returned_instead(event["data"]) if kind == "error" else None
                if returned is not None and event["data"]["raised_at"] is not None:
                    self.no_body.setdefault(event["data"]["raised_at"], returned)

    @functools.cached_property
    def indexed(self) -> tuple[dict[str, dict], dict[str, list[dict]]]:
        """The graph the trace ran on, indexed (`graph_model.indexed`; empty without it)."""
        return indexed(self.graph or {})

    @property
    def nodes(self) -> dict[str, dict]:
        """The graph's nodes by id: where each is in the ini (`_in_ini`)."""
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
        layer it names was running then, itself or below it (`_warned_words`). Indexed only
        for a trace whose warnings a step view explains."""
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
            place = ORDINALS[nth] if nth < len(ORDINALS) else numbered(nth + 1)
            words[event["span"]] = f" (its {place} place in {name(lane)})"
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


def numbered(n: int) -> str:
    """`n` as an ordinal in figures: 11th, 21st, 22nd, 113th."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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


def outcome_words(status: int | None, no_status: bool) -> str:
    """"404", "no status" or "raised": what a layer passed up, in the words every page uses;
    `no_status`, whether its span is one of `no_status_spans` (it passed up none and raised
    nothing), else a layer with no status raised (a layer above may have turned the
    exception into a status)."""
    if status is not None:
        return str(status)
    return "no status" if no_status else "raised"


def left_with(event: dict, no_status: set) -> str | None:
    """What `event` says its layer passed up (`outcome_words`) when it is a node.leave; else
    None. `no_status`: the trace's `no_status_spans`. The pages' scripts show these words as
    they come (a box's `data-outcome`, Live's log), so there is no copy of the rule to drift."""
    if event["kind"] != "node.leave":
        return None
    return outcome_words(event["data"]["status"], event["span"] in no_status)


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


def repeat_words(leaves: list[dict], passed_up: int | None, no_status: set) -> str:
    """`called the layer below it, the app `app`, twice; the first answer (503) was not passed
    up`: what a layer that passed up `passed_up` did with the answers of the calls `leaves`
    (`repeated_calls`; `no_status`, the trace's `no_status_spans`). That the earlier ones were
    dropped is said only when the status passed up is the last call's and none of theirs;
    else the answers are listed."""
    times = "twice" if len(leaves) == 2 else f"{len(leaves)} times"
    answers = [outcome_words(leave["data"]["status"], leave["span"] in no_status)
               for leave in leaves]
    text = f"called the layer below it, {name(leaves[0]['node'])}, {times}"
    last, earlier = leaves[-1]["data"]["status"], answers[:-1]
    if passed_up is None or passed_up != last or str(passed_up) in earlier:
        return f"{text}, which answered {_answers(answers)}"
    first = "the first answer" if len(earlier) == 1 else f"the first {len(earlier)} answers"
    were = "was" if len(earlier) == 1 else "were"
    return f"{text}; {first} ({_answers(earlier)}) {were} not passed up"


def _answers(answers: list[str]) -> str:
    """`200, 200, 200, 200, 200 and 4 more`: at most `SHOWN_ANSWERS` of `answers`."""
    return first_and_more(answers, SHOWN_ANSWERS)


def explain_step(events: list[dict], index: int) -> Step:
    """Explain `events[index]` of one trace (events in seq order); `explain_steps` for all."""
    return _explain(_Trace(events), index)


def explain_steps(events: list[dict], graph: dict | None = None,
                  places: dict[Any, tuple[str | None, int]] | None = None) -> list[Step]:
    """Explain every event of one trace (events in seq order), in time linear in its length;
    with the graph JSON and the trace's span places, a layer its pipeline lists more than once
    is said with its place there (`place_words`)."""
    trace = _Trace(events, graph, places)
    return [_explain(trace, index) for index in range(len(events))]


def _explain(trace: _Trace, index: int) -> Step:
    event = trace.events[index]
    explain = _EXPLAINERS.get(event["kind"])
    if explain is None:
        return Step(f"{event['kind']} at {name(event['node'])}.")
    return explain(trace, index, event, event["data"])


def steps_and_story(
    events: list[dict], graph: dict | None, places: dict[Any, tuple[str | None, int]] | None,
) -> tuple[list[Step], list[str] | None]:
    """`explain_steps` and the failure story (`_failure_story`), from one index of the trace
    (`_Trace`): the step view shows both, and indexing a trace thousands of layers deep is the
    costly part."""
    trace = _Trace(events, graph, places)
    return [_explain(trace, index) for index in range(len(events))], _failure_story(trace)


def failure_and_error_places(
    events: list[dict], graph: dict | None,
    places: dict[Any, tuple[str | None, int]] | None,
) -> tuple[list[str] | None, list[tuple[dict, str, str]]]:
    """The failure story (`_failure_story`), and each error event of the trace, in order, with
    the place words of the layers that raised and caught it ("" for a layer its pipeline lists
    once): the request page's errors line names the box the failure story names, in its words.

    Both from one index of the trace (`_Trace`): the page shows both, and indexing a trace
    thousands of layers deep is the costly part of either.
    """
    trace = _Trace(events, graph, places)
    errors = [(event, _raised_place(trace, event), _caught_place(trace, event))
              for event in events if event["kind"] == "error"]
    return _failure_story(trace), errors


def _failure_story(trace: _Trace) -> list[str] | None:
    """Why the request of the trace `trace` indexes failed or was answered early, across
    layers; None if nothing went wrong.

    A request needs explaining when its status is 400 or more (or none), when a layer raised,
    or when a layer answered without calling the next. The trace's graph (the graph JSON)
    lets the story name the layers a short circuit kept from running; with the trace's span
    places (`_Trace`), a layer its pipeline lists more than once is said with its place there.
    A failed request's story ends with the headers the client sent that the server passed on
    to no app.
    """
    events = trace.events
    start = trace.first.get("request.start")
    end = trace.first.get("request.end")
    status = end["data"]["status"] if end else None
    shorts = [e for e in events if e["kind"] == "node.leave" and e["data"]["short_circuit"]]
    if status is not None and status < 400 and not shorts and "error" not in trace.first:
        return None
    what = (f"{start['data']['method']} {readable_path(start['data']['path'])}" if start
            else "The request")
    ended = status if status is not None else "no answer" if end else "no status"
    story = [f"{what} ended with {ended}."]
    missed = {e["node"] for e in events if e["kind"] == "composite.miss"}
    warned: Counter = Counter()
    for index, event in enumerate(events):
        kind, data = event["kind"], event["data"]
        if kind == "wsgi.warning":
            warned[event["node"]] += 1
        elif kind == "composite.dispatch":
            story.append(_sentence(_dispatch_words(trace, index)))
        elif kind == "composite.miss":
            story.append(_sentence(_miss_words(trace, event)))
        elif kind == "route.match":
            story.append(_sentence(_match_words(event, data)))
        elif kind == "route.miss":
            story.extend(_route_miss_story(event, data))
        elif kind == "error":
            story.append(_error_story(trace, index))
        elif kind == "node.leave" and data["short_circuit"]:
            if event["node"] in missed:
                continue  # the miss already said it answered itself
            story.append(_short_circuit_story(trace, index))
        elif kind == "node.leave" and _replaced(trace, index) is not None:
            story.append(_sentence(_leave_words(trace, index)))
        if kind == "node.leave" and event["span"] in trace.repeats:
            story.append(_sentence(f"{name(event['node'])} {_repeat_words(trace, index)}"))
        # NOTE: on its leave alone: its enter, in the same span, would say it a second time
        above = (_raised_above(trace, event)
                 if kind == "node.leave" and event["span"] in trace.no_status else None)
        if above is not None:
            story.append(f"{_capital(_named(trace, above))} raised on the body with no status "
                         f"{_named(trace, event)} passed up to it.")
    explained = {"composite.miss", "route.miss", "error"} & trace.first.keys()
    origin = _origin(events, status)
    if not explained and not shorts and origin is not None:
        story.append(f"{_capital(_located(trace, origin))} was the first layer to answer "
                     f"{_status(status)}: its own code decided, no event says why.")
    if warned:
        story.append(_broken_rules_words(warned, status))
    dropped = start["data"].get("dropped_headers") if start else None
    if dropped and (status is None or status >= 400):
        story.append(_dropped_words(dropped))
    return story


def _broken_rules_words(warned: Counter, status: int | None) -> str:
    """The layers that broke WSGI rules (`serve --check-wsgi`), and where to read which: a
    story that told only of a short circuit, its 2xx answered with a second start_response
    or a body of str, left a developer who read it first thinking the layer was sound."""
    count = sum(warned.values())
    rules = "a WSGI rule" if count == 1 else f"{count} WSGI rules"
    passed = ", which eventlet let pass" if status is not None and status < 400 else ""
    return (f"{_capital(listed([name(node) for node in warned]))} broke {rules}{passed}: "
            "“WSGI rules broken” says which.")


def _raised_above(trace: _Trace, leave: dict) -> dict | None:
    """The node.leave of the layer above `leave` (one that passed up no status and raised
    nothing) when an exception left that layer: a WebOb layer fails reading the status that
    never came, in its own code, and that error names the layer with no bug in it."""
    above = trace.leave_of.get(leave["parent"])
    if above is None or above["data"]["status"] is not None or above["span"] in trace.no_status:
        return None
    return above


def _dropped_words(dropped: list[dict]) -> str:
    """The headers the client sent that the server passed on to no app, each with why
    (request.start's `dropped_headers`): the likeliest clue to a 401 saying a header the
    client did send "is missing", which no layer's event can give, as no layer saw it."""
    if len(dropped) == 1:
        return (f"The client sent `{dropped[0]['name']}`, which the server passed on to no "
                f"app ({dropped[0]['why']}).")
    return ("The client sent these headers, which the server passed on to no app: "
            + "; ".join(f"`{d['name']}` ({d['why']})" for d in dropped) + ".")


def _origin(events: list[dict], status: int | None) -> dict | None:
    """The innermost layer that passed up `status` first (its inner layers passed another)."""
    for event in events:
        if event["kind"] == "node.leave" and event["data"]["status"] == status:
            return event
    return None


def name(node: str | None) -> str:
    """A reader's name for a node id: `filter:request_id` → "the filter `request_id`"; a
    section of another file (`other.ini#pipeline:api`) → "the pipeline `api` of other.ini",
    as that file has sections of the same names as the file read, often."""
    if not node:
        return "the server"
    file, node = split_id(node)
    kind, _, short = node.partition(":")
    of = f" of {file}" if file else ""
    return f"the {kind} `{short}`{of}" if short else f"`{node}`"


def _named(trace: _Trace, event: dict) -> str:
    """`name` of the layer of a span's event, with its place when that is ambiguous
    (`place_words`)."""
    return name(event["node"]) + trace.where.get(event["span"], "")


def _located(trace: _Trace, event: dict) -> str:
    """`_named`, with where the layer is in the ini and what put it where it ran
    (`_in_ini`): "the filter `authtoken` (api-paste.ini line 40, placed by [pipeline:main] at
    line 12)". Said of the layer that answered a request itself: the operator's next step is
    that line, and a name alone left them to search a file of many sections."""
    where = trace.where.get(event["span"], "")
    ini = _in_ini(trace, event, bool(where))
    if not ini:
        return name(event["node"]) + where
    return name(event["node"]) + (f"{where[:-1]}; {ini})" if where else f" ({ini})")


def _in_ini(trace: _Trace, event: dict, named: bool) -> str:
    """`api-paste.ini line 40, placed by [pipeline:main] at line 12`: the line of the layer of
    `event` in the graph the trace ran on, and that of the pipeline that listed it there (for
    a composite's inline pipeline, its key's: `placed by the `keystone` key of
    [composite:api] at line 20`); "" without the graph or a line. `named`: whether the
    pipeline is named already (`place_words`), then only its line is said."""
    node = trace.nodes.get(event["node"] or "")
    if node is None or node.get("line") is None:
        return ""
    here = _file_line(node, None)
    enter = trace.pipelines.pipeline_around(event["parent"]) if trace.pipelines else None
    pipeline = trace.nodes.get(enter["node"]) if enter is not None else None
    if (pipeline is None or pipeline.get("line") is None
            or event["node"] not in trace.pipelines.positions.get(pipeline["id"], [])):
        return here
    at = f"at {_file_line(pipeline, node.get('file'))}"
    composite, key = trace.keys_into.get(pipeline["id"], (None, None))
    if named:
        return f"{here}, the {'pipeline' if key is None else f'`{key}` key'} {at}"
    if key is not None:
        return f"{here}, placed by the `{key}` key of [{split_id(composite)[1]}] {at}"
    return f"{here}, placed by [{split_id(pipeline['id'])[1]}] {at}"


def _file_line(node: dict, file: str | None) -> str:
    """`api-paste.ini line 40`, or `line 40` where the node is in `file`, said already."""
    shown = node.get("file")
    return f"line {node['line']}" if not shown or shown == file else f"{shown} line {node['line']}"


def _catcher(trace: _Trace, error: dict) -> dict | None:
    """The node.leave of the layer that caught `error` (an error event): the nearest layer
    above the one that raised it of the node `caught_by` that passed a status up. Its node
    alone names two boxes when a pipeline lists it twice."""
    span, walked = trace.parent_of.get(error["span"]), set()
    while span in trace.parent_of and span not in walked:
        walked.add(span)
        leave = trace.leave_of.get(span)
        if (leave is not None and leave["node"] == error["data"].get("caught_by")
                and leave["data"]["status"] is not None):
            return leave
        span = trace.parent_of[span]
    return None


def _raised_place(trace: _Trace, error: dict) -> str:
    """The place words (`place_words`) of the layer that raised `error`: its span's, when
    the error was recorded in the span of the layer that raised it."""
    if error["node"] != error["data"]["raised_at"]:
        return ""
    return trace.where.get(error["span"], "")


def _caught_place(trace: _Trace, error: dict) -> str:
    """The place words (`place_words`) of the layer that caught `error` (`_catcher`)."""
    catcher = _catcher(trace, error)
    return trace.where.get(catcher["span"], "") if catcher is not None else ""


def _bytes(count: int) -> str:
    return f"{count} byte" if count == 1 else f"{count} bytes"


def _capital(words: str) -> str:
    return words[0].upper() + words[1:]


def _sentence(words: str) -> str:
    """Words as a sentence: a capital first letter and a full stop."""
    return _capital(words) + ("" if words.endswith(".") else ".")


def _environ_changes(before: dict, after: dict) -> list[dict[str, Any]]:
    changes = []
    for key, field_name in (("SCRIPT_NAME", "script_name"), ("PATH_INFO", "path_info")):
        was, now = before.get(field_name), after.get(field_name)
        if was != now:
            change = {"key": key, "before": readable_path(was), "after": readable_path(now)}
            # a path the environ holds otherwise than shown says so (`held_note`)
            notes = {"before_note": held_note(was), "after_note": held_note(now)}
            changes.append(change | {field: note for field, note in notes.items() if note})
    return changes


def environ_keys(keys: dict[str, str | None]) -> str:
    """A reader's words for environ keys, each with its value unless None or an object's
    type: "the header X-Auth = `1` and the keys `a` = `x` and `b`". Headers and other keys are
    said apart: in one list, a key's bare name would read as one more header; and a value
    follows an `=`, or "`routes.route` `None`" read as two keys."""
    headers = [(header_name(key), value) for key, value in keys.items() if key[:5] == "HTTP_"]
    others = [(f"`{key}`", value) for key, value in keys.items() if key[:5] != "HTTP_"]
    groups = []
    for kind, items in (("header", headers), ("key", others)):
        if items:
            shown = [label if value is None or by_type(value)
                     else f"{label} = `{value}`" for label, value in items]
            plural = "s" if len(items) > 1 else ""
            groups.append(f"the {kind}{plural} {listed(shown)}")
    return " and ".join(groups)


def _added(added: dict[str, str]) -> tuple[str, list[dict[str, Any]]]:
    """Words and changes for environ keys a layer added (an object is named, not shown)."""
    return (environ_keys(added),
            [{"key": key, "before": None, "after": value} for key, value in added.items()])


def _replaced(trace: _Trace, index: int) -> dict | None:
    """The inner layer's node.leave when the node.leave at `index` passed up a different
    status, else None."""
    inner = trace.inner[index]
    if inner is None or inner["data"]["status"] == trace.events[index]["data"]["status"]:
        return None
    return inner


def _status(status: int | None) -> str:
    return str(status) if status is not None else "no status (an exception)"


def _start(trace, index, event, data) -> Step:
    entry = trace.first.get("node.enter")
    to = f" to {name(entry['node'])}" if entry else ""
    query = f"?{data['query']}" if data.get("query") else ""
    return Step(f"{data['method']} {readable_path(data['path'])}{query} arrived from "
                f"{data['remote']} (Host {data.get('host') or '-'}); the server hands it{to}.")


def _enter(trace, index, event, data) -> Step:
    previous = trace.previous[index]
    changes = _environ_changes(previous["data"], data) if previous else []
    text = (f"{_named(trace, event)} is entered; it sees "
            f"{named_path('SCRIPT_NAME', data['script_name'])} and "
            f"{named_path('PATH_INFO', data['path_info'])}")
    above = trace.above[index]
    if changes:
        moved = "; ".join(f"{c['key']} was `{c['before']}`" if c["before"]
                          else f"{c['key']} was empty" for c in changes)
        # The layer entered just before, when it is the one calling this: it rewrote them.
        by = (f"{_named(trace, above)} changed {'them' if len(changes) > 1 else 'it'}: "
              if above is not None and above is previous else "")
        text += f" ({by}{moved})"
    if data.get("added"):
        words, added = _added(data["added"])
        text += (f"; on its way in {_named(trace, above) if above else name(None)} added {words}, "
                 f"which every layer from here down sees")
        changes = changes + added
    return Step(_sentence(text), changes)


def _dispatch_words(trace: _Trace, index: int) -> str:
    """The composite.dispatch at `index` in words; with the layer the same composite
    dispatched to first, when it tries another (as Paste's cascade does after a 404)."""
    event = trace.events[index]
    data, before = event["data"], trace.passed_on[index]
    label, target = data["label"], data["target"]
    if before is not None:
        outcome = outcome_words(before["data"]["status"], before["span"] in trace.no_status)
        answered = "raised an exception" if outcome == "raised" else f"answered {outcome}"
        return (f"{name(before['node'])} {answered}, so {name(event['node'])} passed the "
                f"request on to its `{label}` alternative, {name(target)}")
    if label.startswith("/") or "://" in label:
        composite = name(event["node"]).removeprefix("the ")
        prefixes = ([edge["label"] for edge in trace.out_edges.get(event["node"], [])]
                    if label == "/" else [])
        return (f"the urlmap {composite} chose `{label}`, "
                f"{prefix_reason(label, data['path_info'], prefixes)}, leading to {name(target)}")
    return (f"{name(event['node'])} chose its `{label}` alternative, {name(target)}"
            f"{_chosen_words(trace, event['node'], label, target)}")


def _chosen_words(trace: _Trace, composite: str, label: str, target: str) -> str:
    """`, as `auth_strategy = keystone` at api-paste.ini line 18 says (its `keystone` key at
    line 20)`: why a keyed composite chose `label`, where the setting `auth_strategy` that
    names it is written (a `pipeline_factory`: in the composite, or in the section it `use`s,
    `stack.graph_model.strategy_setting`), and the line of that key (known where it names a
    pipeline of its own: the key's line is that pipeline's), from the graph the trace ran on.
    The operator who wants the other alternative edits one of them. Where nothing the
    factory reads sets it (`auth_strategy` in [DEFAULT], or `set auth_strategy`, is global
    conf, which it does not read: `inspect` warns so), OpenStack's default is said, with the
    line of a `set auth_strategy`, which reads as choosing; elsewhere, or where the graph has
    no setting lines (an older stack's), the composite's own line stands in for the
    setting's; "" without the graph."""
    node = trace.nodes.get(composite)
    if node is None:
        return ""
    factory, conf = built_by(trace.nodes, trace.out_edges, composite)
    picked, chosen_by = strategy(conf)
    said = (is_pipeline_factory(factory) and chosen_by == "setting auth_strategy"
            and picked == label)
    setting = strategy_setting(trace.nodes, trace.out_edges, composite) if said else None
    key = trace.nodes.get(target) if trace.keys_into.get(target) == (composite, label) else None
    if setting is not None and setting[1] is not None:
        holder, line = setting
        used = "" if holder is node else f" ([{split_id(holder['id'])[1]}], which it uses)"
        where = _file_line({**holder, "line": line}, None)
        keyed = (f" (its `{label}` key at {_file_line(key, holder.get('file'))})"
                 if key is not None and key.get("line") is not None else "")
        return f", as `auth_strategy = {picked}` at {where}{used} says{keyed}"
    default = is_pipeline_factory(factory) and picked == label and not said
    why = (f", as its `auth_strategy = {picked}` says" if said else
           ", OpenStack's default `auth_strategy`, as the composite sets none it reads"
           if default else "")
    unread = strategy_setting(trace.nodes, trace.out_edges, composite, unread=True)
    if default and unread is not None and unread[1] is not None:
        holder, line = unread
        option = unread_setting(holder)
        used = "" if holder is node else f" ([{split_id(holder['id'])[1]}], which it uses)"
        keyed = (f" (its `{label}` key at {_file_line(key, holder.get('file'))})"
                 if key is not None and key.get("line") is not None else "")
        return (f"{why}: `{option} = {holder['conf'][option]}` at "
                f"{_file_line({**holder, 'line': line}, None)}{used} puts it in the "
                f"global_conf, which the factory does not read{keyed}")
    if node.get("line") is None:
        return why
    keyed = (f", its `{label}` key at {_file_line(key, node.get('file'))}"
             if key is not None and key.get("line") is not None else "")
    return f"{why} (the composite at {_file_line(node, None)}{keyed})"


def prefix_reason(label: str, path: str, prefixes: Iterable[str] = ()) -> str:
    """Why a urlmap chose its key `label` for `path` (the path within the urlmap), as Paste's
    URLMap decides: the keys naming the request's host before any naming none, then the
    longest prefix that matches. `/` is said to be the catch-all it is: "the longest prefix
    that matches" read, for `/v3/servers`, as if `/` were the one meant for it; with the
    urlmap's `prefixes`, one the path nearly starts with is named (`near_prefix_note`)."""
    host = label_host(label)
    prefix = label_prefix(label) or "/"
    if host:
        return (f"a key for the request's host `{host}`, tried before every key naming no "
                f"host" + ("" if prefix == "/" else ", and the longest of its prefixes that "
                                                     "matches"))
    if prefix == "/":
        return (f"the catch-all, as no longer prefix matches {quoted_path(path)}"
                f"{near_prefix_note(path, prefixes)}")
    return "the longest prefix that matches"


def _dispatch(trace, index, event, data) -> Step:
    enter = trace.opened[index]
    changes = _environ_changes(enter["data"], data) if enter else []
    text = _dispatch_words(trace, index)
    path_info = readable_path(data["path_info"])
    if any(c["key"] == "SCRIPT_NAME" for c in changes):
        before = enter["data"].get("script_name") or ""
        prefix = readable_path((data.get("script_name") or "")[len(before):])
        sees = f"`{path_info}`" if path_info else "an empty PATH_INFO"
        text += (f"; `{prefix}` moved from PATH_INFO to SCRIPT_NAME, so {name(data['target'])} "
                 f"sees {sees}")
    else:
        text += (f"; SCRIPT_NAME and PATH_INFO are unchanged "
                 f"({named_path('PATH_INFO', data['path_info'])})")
    return Step(_sentence(text), changes)


def _miss_words(trace: _Trace, event: dict) -> str:
    data = event["data"]
    tried = ", ".join(f"`{label}`" for label in data["tried"]) or "no prefixes"
    requested = _request_host(trace)
    return (f"{_located(trace, event)} tried {tried}, longest first; "
            f"{unmatched_words(data['tried'], data['path'], requested, 'a prefix of it')}, so "
            "it answered 404 itself and no branch ran")


def _miss(trace, index, event, data) -> Step:
    return Step(_sentence(_miss_words(trace, event)))


def _request_host(trace: _Trace) -> str:
    """Words for the Host header the request arrived with, for `unmatched_words`; "" when the
    trace has no request.start to say it."""
    start = trace.first.get("request.start")
    if start is None:
        return ""
    if not start["data"].get("host"):
        return ("this request had no Host header (Paste's URLMap then compares the server's "
                "own name)")
    return f"this request's Host is `{start['data']['host']}`"


def unmatched_words(tried: list[str], path: str, requested: str, prefix: str) -> str:
    """Why none of a urlmap's keys `tried` took `path` (the path within the urlmap): "none is
    `/x` or PREFIX", or, where a key naming a host has a prefix of the path, that the host
    is why (`host_bound_words`, given `requested`); then a key the path only looks like
    (`lookalike_note`), or nearly starts with (`near_prefix_note`)."""
    notes = lookalike_note(path, tried) + near_prefix_note(path, tried)
    bound = host_bound(tried, path)
    if not bound:
        return f"none is {quoted_path(path)} or {prefix}{notes}"
    rest = (f"none of the others is {quoted_path(path)} or {prefix}"
            if len(bound) < len(tried) else "it has no other key")
    return f"{host_bound_words(bound, path, requested)}; {rest}{notes}"


def host_bound(tried: list[str], path: str) -> list[str]:
    """The keys of `tried` naming a host whose prefix `path` starts with, of a urlmap that
    took no key for `path`: Paste's URLMap skips a key naming a host unless the request is
    for that host (`stack.trace.serves_host`), so after a miss these are the keys it skipped
    for the host alone, which "none is a prefix" would deny."""
    path = SLASHES.sub("/", path)
    return [label for label in tried
            if label_host(label) and starts_with_prefix(path, label_prefix(label))]


def host_bound_words(keys: list[str], path: str, requested: str) -> str:
    """`the key `http://a/v3` has `/v3`, a prefix of `/v3/x`, but takes only requests for the
    host `a``, then `, and ` and `requested`, the words for the request's host (if any)."""
    hosts = list(dict.fromkeys(f"`{label_host(key)}`" for key in keys))
    for_hosts = f"the host{'s' if len(hosts) > 1 else ''} {listed(hosts)}"
    if len(keys) == 1:
        text = (f"the key `{keys[0]}` has `{label_prefix(keys[0]) or '/'}`, a prefix of "
                f"{quoted_path(path)}, but takes only requests for {for_hosts}")
    else:
        text = (f"the keys {listed([f'`{key}`' for key in keys])} have prefixes of "
                f"{quoted_path(path)}, but take only requests for {for_hosts}")
    return f"{text}, and {requested}" if requested else text


def _leave_words(trace: _Trace, index: int) -> str:
    event = trace.events[index]
    data = event["data"]
    node = _named(trace, event)
    returned = trace.no_body.get(event["node"])
    if data["short_circuit"] and returned is not None:
        return f"{node} returned {returned}, no response body, without calling the next layer"
    no_status = event["span"] in trace.no_status
    if no_status and trace.unstarted:
        what = "what the layer below it returned" if trace.inner.get(index) else "a body"
        return (f"{node} returned {what} with no status after {data['duration_ms']} ms: "
                f"nothing had called start_response")
    if no_status:  # a layer above answered for it (WebOb's, or the server)
        if trace.inner.get(index):
            return (f"{node} passed up what the layer below it returned, with no status: "
                    f"nothing below it had called start_response")
        return (f"{node} returned a body without calling start_response (no status)"
                + (", and without calling the next layer" if data["short_circuit"] else ""))
    if data["short_circuit"] and data["status"] is None:  # it answered nothing: it raised
        return f"{node} raised an exception without calling the next layer"
    if data["short_circuit"]:
        # NOTE: where in the ini it is: a 401 or 404 sends its reader to the ini, not the code.
        return (f"{_located(trace, event)} answered {_status(data['status'])} itself, without "
                f"calling the next layer (a short circuit)")
    inner = _replaced(trace, index)
    if inner is not None and inner["span"] in trace.no_status:
        return (f"{node} answered {_status(data['status'])} instead of the body with no status "
                f"{_named(trace, inner)} passed up to it")
    if inner is not None and inner["data"]["status"] is None:
        return (f"{node} turned the exception that left {_named(trace, inner)} into "
                f"{_status(data['status'])}")
    if inner is not None:
        return (f"{node} replaced the status {_status(inner['data']['status'])} of "
                f"{_named(trace, inner)} with {_status(data['status'])}")
    return f"{node} returned {_status(data['status'])} after {data['duration_ms']} ms"


def _leave(trace, index, event, data) -> Step:
    inner = _replaced(trace, index)
    changes = ([{"key": "status", "before": inner["data"]["status"], "after": data["status"]}]
               if inner is not None else [])
    text = _leave_words(trace, index)
    if event["span"] in trace.repeats:
        text += f"; it {_repeat_words(trace, index)}"
    if data.get("added"):
        words, added = _added(data["added"])
        when = "while it ran" if not trace.inner[index] else "on its way out"
        text += f"; {when} it added {words} to the environ"
        changes = changes + added
    if index in trace.headers_below:
        made = header_change_words(trace.headers_below[index], data["headers"])
        if made:
            text += f"; in the response headers it {', '.join(made)}"
    return Step(_sentence(text), changes)


def _repeat_words(trace: _Trace, index: int) -> str:
    """`repeat_words` for the node.leave at `index` of a layer that called one more than once."""
    event = trace.events[index]
    return repeat_words(trace.repeats[event["span"]], event["data"]["status"], trace.no_status)


def _match_words(event: dict, data: dict) -> str:
    route = f"route `{data['route']}`" if data["route"] else "an unnamed route"
    match = data["match"]
    args = route_args(match)
    return (f"the router of {name(event['node'])} matched {data['method']} to {route} "
            f"(template `{data['template']}`): controller `{match.get('controller')}`, action "
            f"`{match.get('action')}`" + (f" with {args}" if args else ""))


def _match(trace, index, event, data) -> Step:
    change = {"key": "wsgiorg.routing_args", "before": None, "after": data["match"]}
    return Step(_sentence(_match_words(event, data)), [change])


def _candidate(candidate: dict) -> str:
    route = f"`{candidate['route']}`" if candidate["route"] else "unnamed"
    methods = ", ".join(candidate["methods"]) or "any method"
    return f"{route} (`{candidate['template']}`, {methods})"


def _route_miss_story(event: dict, data: dict) -> list[str]:
    node = name(event["node"])
    path = quoted_path(data["path"])
    by_method = [c for c in data["candidates"] if c["failed"] == "method"]
    by_path = [c for c in data["candidates"] if c["failed"] == "path"]
    story = []
    if by_method:
        allowed = sorted({m for c in by_method for m in c["methods"]})
        listed = "; ".join(_candidate(c) for c in by_method)
        story.append(f"The router of {node} found routes whose template matches "
                     f"{path} but whose method condition refuses {data['method']}: "
                     f"{listed}; so {data['status']} (allowed: {', '.join(allowed)}).")
    if by_path:
        shown = "; ".join(_candidate(c) for c in by_path[:SHOWN_CANDIDATES])
        more = len(by_path) - SHOWN_CANDIDATES + data.get("more", 0)
        tail = f", and {more} more" if more > 0 else ""
        if by_method:
            story.append(f"Other routes failed on the path {path}: {shown}{tail}.")
        else:
            story.append(f"No route of the router of {node} has a template matching "
                         f"{path}: {shown}{tail}; so {data['status']}.")
    note = miss_note(data["method"], data["path"], data["candidates"])
    return [*story, note] if note else story


def _route_miss(trace, index, event, data) -> Step:
    return Step(" ".join(_route_miss_story(event, data)))


def _action(trace, index, event, data) -> Step:
    args = shown_args({k: v for k, v in data["args"].items() if k != "body"})
    with_args = f" with {args}" if args else ""
    body = " and a JSON body" if "body" in data["args"] else ""
    return Step(f"{_capital(name(event['node']))} called the `{data['controller']}` "
                f"controller's `{data['action']}` action{with_args}{body}.")


def _return(trace, index, event, data) -> Step:
    action = trace.action[index]
    what = f"`{action['data']['controller']}.{action['data']['action']}` " if action else ""
    return Step(f"The action {what}of {name(event['node'])} returned "
                f"{_status(data['status'])} after {data['duration_ms']} ms.")


def _error_story(trace: _Trace, index: int) -> str:
    data = trace.events[index]["data"]
    if data.get("closing"):
        return _closing_story(trace, data)
    returned = returned_instead(data)
    if data["raised_at"] is None and returned is not None:
        failed = ("so the server could not send it"
                  if NOT_A_BODY_WORDS.fullmatch(data["message"])
                  else f"so reading it raised {data['type']} ({data['message']!r})")
        return (f"The response body the layers returned was {returned}, which is no response "
                f"body (a WSGI layer returns an iterable of bytes), {failed}; no layer caught it"
                f"{_server_ending(trace, data)}")
    if data["raised_at"] is None and data["message"] == NO_START:
        return (f"No layer called start_response, so the server had no status to send the "
                f"body with ({data['type']}: \"{NO_START}\"){_server_ending(trace, data)}")
    if data["raised_at"] is None:  # a streamed body failed as it was sent (stack.trace)
        return (f"{data['type']} ({data['message']!r}) was raised by the response body"
                f"{_line(data)} as the server sent it, after every layer had returned; "
                f"{UNPLACED_BODY}{_server_ending(trace, data)}")
    action = trace.action[index]
    error = trace.events[index]
    where = name(data["raised_at"]) + _raised_place(trace, error)
    if action is not None and data["type"] == MISSING_ACTION:
        return (f"The route matched, but the `{action['data']['controller']}` controller of "
                f"{where} has no `{action['data']['action']}` action, so {data['type']} "
                f"({data['message']!r}).")
    if returned is not None:
        text = (f"{_capital(where)} returned {returned}, which is no response body (a WSGI "
                f"layer returns an iterable of bytes), so reading it raised {data['type']} "
                f"({data['message']!r})")
    else:
        if action is not None:
            where = (f"the `{action['data']['controller']}` controller's "
                     f"`{action['data']['action']}` action in {where}")
        raised = f"as the body of {where} was read" if data.get("in_body") else f"by {where}"
        text = f"{data['type']} ({data['message']!r}) was raised {raised}{_line(data)}"
    caught = data.get("caught_by")
    if caught == "server":
        return text + "; no layer caught it" + _server_ending(trace, data)
    if caught is None:
        return text + "; nobody has caught it yet."
    by = name(caught) + _caught_place(trace, error)
    if caught == data["raised_at"]:
        return text + f"; {by} turned it into its response."
    return text + f"; it crossed the layers up to {by}, which turned it into a response."


def returned_instead(error: dict) -> str | None:
    """What a layer returned instead of a response body (`None`, "an `int`"), when `error`
    is the TypeError the stack's probe raised iterating it, or the one its root raised for
    bytes or a str (`stack.trace.NOT_A_BODY`); None for any other error.

    Such an error has no `raised_in`: no line of the app raised it (`stack.trace.raised_in`),
    so saying only that the layer raised sent a developer looking for a `raise` that is not
    there.
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


def article(word: str) -> str:
    """`a bytes`, `an int`: `word` (a type's name, ticked or not) with its indefinite article."""
    return f"{'an' if word.strip('`')[:1] in 'aeiou' else 'a'} {word}"


def _line(data: dict) -> str:
    """` (`app.py:12 in index`)`: the line that raised an error, when the event says it. The
    layer named before it is where the error left, which may be a filter passing on what the
    layer below it raised."""
    return f" (`{data['raised_in']}`)" if data.get("raised_in") else ""


def _server_ending(trace: _Trace, error: dict) -> str:
    """How the server ended a response the exception `error` reached it in: cut short when
    some of it was sent (a streamed body, a generator layer's, what an app wrote), which the
    client notices only as a connection closed early; else its own 500, or, for an exception
    that is no Exception (request.end has no status), no answer at all."""
    end = trace.first.get("request.end")
    if end is not None and end["data"]["bytes"]:
        return (f"; the client had got the status and {_bytes(end['data']['bytes'])} of the "
                f"body, and then the server cut the connection.")
    if end is not None and end["data"]["status"] is None:
        return (f"; the server closed the connection without answering: it answers 500 to an "
                f"Exception, and {error['type']} is not one, so the client got no response.")
    return "; nothing had been sent yet, so the server answered 500 itself."


def _closing_story(trace: _Trace, data: dict) -> str:
    """An exception a response body raised in its close(), which the server calls once the
    body is done: the client keeps what it got, and loses the connection."""
    end = trace.first.get("request.end")
    body = ("the response body" if data["raised_at"] is None
            else f"the body of {name(data['raised_at'])}")
    got = (f"the status and {_bytes(end['data']['bytes'])} of the body" if end is not None
           else "what the server had sent")
    return (f"{data['type']} ({data['message']!r}) was raised by the close() of {body}"
            f"{_line(data)}, which "
            f"the server calls once the body is done; the client had got {got}, and then the "
            f"server dropped the connection (a client keeping it open for its next request "
            f"must open another).")


def _error(trace, index, event, data) -> Step:
    return Step(_error_story(trace, index))


def _short_circuit_story(trace: _Trace, index: int) -> str:
    text = _capital(_leave_words(trace, index))
    leave = trace.events[index]
    nth = trace.places.get(leave["span"], (None, 0))[1]
    never = trace.pipelines.never_ran(leave, nth) if trace.pipelines is not None else []
    if never:
        return text + "; these layers never ran: " + ", ".join(name(n) for n in never) + "."
    return text + "."


class _Pipelines:
    """The pipelines of a trace's layers, to name the layers a short circuit kept from running.

    Built once for a whole failure story (every span's node.enter, every pipeline's positions
    in order), and each span's pipeline is remembered once found, so a trace with a short
    circuit at each of thousands of layers is still read in one pass.
    """

    def __init__(self, enter_of: dict[Any, dict], members: dict[str, list[str]]) -> None:
        self.enter_of = enter_of  # a span → its node.enter (`_Trace.enter_of`)
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


def _end(trace, index, event, data) -> Step:
    if data["status"] is None and not data["bytes"]:  # no Exception: eventlet said nothing
        text = (f"The client got no answer: the server closed the connection "
                f"{data['duration_ms']} ms after the request arrived, without a status or "
                f"any of the body.")
    elif data.get("client_gone"):  # bytes the server wrote: what reached the client may be less
        text = (f"The server answered {_status(data['status'])} and had written "
                f"{_bytes(data['bytes'])} of the body, {data['duration_ms']} ms after the request "
                "arrived, when the client went away: writing to it failed, so the rest was "
                "never sent.")
    else:
        # NOTE: not "the client got": a body given whole (a list, as WebOb's) is counted as it
        # is handed to the server, and a client that goes away as it is written is not seen.
        text = (f"The stack answered {_status(data['status'])}, {_bytes(data['bytes'])}, "
                f"{data['duration_ms']} ms after the request arrived.")
    streamed = streamed_words(trace.events)
    text += f" {streamed}" if streamed else ""
    told = _told(data.get("body") or "", data.get("content_type") or "")
    if told:
        text += f" Its body said: “{told}”."
    changes = []
    if data.get("removed"):
        text += (" A layer removed " + environ_keys(dict.fromkeys(data["removed"]))
                 + " from the request's environ.")
        changes = [{"key": key, "before": value, "after": None}
                   for key, value in data["removed"].items()]
    if data.get("added"):
        words, added = _added(data["added"])
        text += f" Layers added {words}; which layer added each cannot be told."
        changes += added
    return Step(text, changes)


#: Time a request's body took after its layers returned that is worth a word (ms), when it is
#: most of the request's too.
STREAMED_MS = 10.0


def streamed_words(events: list[dict]) -> str:
    """`The layers had returned after …`: where the time went when most of it went into
    sending a body the layers returned unread (a generator produces its chunks only as the
    server asks), which no layer's time holds: without a word, a developer looking for the
    slow middleware was sent to the request itself, or to a fast layer. "" otherwise."""
    leave = _outermost_leave(events)
    end = next((e["data"] for e in events if e["kind"] == "request.end"), {})
    total = end.get("duration_ms")
    if leave is None or total is None or leave["data"]["duration_ms"] is None:
        return ""
    after = total - leave["data"]["duration_ms"]
    if after < max(STREAMED_MS, total / 2):
        return ""
    return (f"The layers had all returned after {leave['data']['duration_ms']} ms; the other "
            f"{round(after, 3)} ms went into the body, which the server read from what they "
            f"returned as it sent it (a generator runs only then), so no layer's time holds it.")


def _outermost_leave(events: list[dict]) -> dict | None:
    """The node.leave of the outermost layer: what it passed up is what the server got."""
    outer = next((e for e in events if e["kind"] == "node.enter"), None)
    return next((e for e in events if e["kind"] == "node.leave"
                 and outer is not None and e["span"] == outer["span"]), None)


def refused_body(events: list[dict]) -> tuple[Any, str] | None:
    """The span of the layer that passed the server a body it refused (bytes or a str,
    `stack.trace.NOT_A_BODY`), and what that body was ("a `bytes`"); None for no such body,
    or when that layer passed up no status.

    The server got it from the outermost layer, with the status that layer passed up: its
    row showed that 200, and nothing said its body was the 500's cause. Which layer below it
    made the body, if not this one, is not recorded.
    """
    returned = next((returned_instead(e["data"]) for e in events if e["kind"] == "error"
                     and e["data"]["raised_at"] is None
                     and NOT_A_BODY_WORDS.fullmatch(e["data"]["message"])), None)
    leave = _outermost_leave(events)
    if returned is None or leave is None or leave["data"]["status"] is None:
        return None
    return leave["span"], returned


def refused_of(event: dict, refused: tuple[Any, str] | None) -> str | None:
    """What the body was (`refused_body`) when `event` is the leave of the layer that passed
    the server a body it refused; else None."""
    if refused is None or event["kind"] != "node.leave" or event["span"] != refused[0]:
        return None
    return refused[1]


def _told(body: str, content_type: str) -> str:
    """An error's body as one line to quote (`body_line`), cut at `QUOTED_BODY` characters."""
    words = body_line(body, content_type)
    return words if len(words) <= QUOTED_BODY else words[:QUOTED_BODY - 1] + "…"


def body_line(body: str, content_type: str) -> str:
    """An error's body as one line: an HTML page's text (its head and tags left out), spaces
    run together; what is quoted of it, here and on /compare."""
    if "html" in content_type:
        body = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?is)<head>.*?</head>", "", body)))
    return " ".join(body.split())


def _wsgi_warning(trace, index, event, data) -> Step:
    """A rule the layer broke (`stack.wsgi_checks`), its message naming the layer by its id;
    then why it is said here, when that is not inside that layer (`_warned_words`)."""
    words = data["message"].removeprefix(f"{event['node']} ")
    text = _sentence(f"WSGI rule broken: {name(event['node'])} {words}")
    where = _warned_words(trace, index, event, words)
    return Step(f"{text} {where}" if where else text)


def _warned_words(trace: _Trace, index: int, event: dict, words: str) -> str:
    """Why the wsgi.warning at `index` comes where it does among the steps, when the layer
    running then is not the one it names; "" when it is.

    A warning is recorded as the rule is broken, and that is often inside another layer: a
    filter's start_response wrapper runs when the layer below calls it, which a WebOb layer
    does only as it answers, after the layers below it returned; a body's items are checked
    as they are read, after the layer that returned it. Said between the steps of other
    layers with no word of why, it read as out of order.
    """
    running, named_running = trace.warned_from[index]
    if running is not None and running["node"] == event["node"]:
        return ""
    warned = name(event["node"])
    read = words.startswith(BODY_WORDS)
    if named_running and running is not None and not read:
        handed = "write callable" if words.startswith("wrote ") else "start_response"
        return (f"It happened inside {_named(trace, running)}, which runs below {warned} and "
                f"called the {handed} {warned} had handed down.")
    if running is None:
        return (f"It happened as the server read the body {warned} returned, after every "
                "layer had returned.")
    if named_running:
        return (f"It happened as the body {warned} returned was read, while "
                f"{_named(trace, running)} below it was still running.")
    return (f"It happened after {warned} had returned, as the body it returned was read "
            f"inside {_named(trace, running)}.")


_EXPLAINERS = {
    "request.start": _start,
    "node.enter": _enter,
    "composite.dispatch": _dispatch,
    "composite.miss": _miss,
    "node.leave": _leave,
    "route.match": _match,
    "route.miss": _route_miss,
    "controller.action": _action,
    "controller.return": _return,
    "error": _error,
    "request.end": _end,
    "wsgi.warning": _wsgi_warning,
}
