"""Why a request failed or was answered early, told across its layers: the failure story the
step view and the request page show, from the same sentences as the steps.
"""

from __future__ import annotations

from collections import Counter

from stack.explain_answer import body_reason
from stack.explain_answer import quote
from stack.explain_composite import dispatch_words
from stack.explain_composite import miss_words
from stack.explain_environ import environ_changes
from stack.explain_errors import error_story
from stack.explain_index import TraceIndex
from stack.explain_index import ordinal
from stack.explain_layers import leave_words
from stack.explain_layers import repeat_words_at
from stack.explain_layers import replaced
from stack.explain_layers import short_circuit_story
from stack.explain_places import located
from stack.explain_places import named
from stack.explain_routes import match_words
from stack.explain_routes import route_miss_story
from stack.explain_warnings import broken_rules_words
from stack.explain_words import capital
from stack.explain_words import name
from stack.explain_words import sentence
from stack.explain_words import status_said
from stack.wsgi_path import readable_path


def failure_story(trace: TraceIndex) -> list[str] | None:
    """Why the request of the trace `trace` indexes failed or was answered early, across
    layers; None if nothing went wrong.

    A request needs explaining when its status is 400 or more (or none), when a layer raised,
    or when a layer answered without calling the next. The trace's graph (the graph JSON)
    lets the story name the layers a short circuit kept from running; with the trace's span
    places (`TraceIndex`), a layer its pipeline lists more than once is said with its place there.
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
    calls = {leave["span"]: (leaves, nth) for leaves in trace.repeats.values()
             for nth, leave in enumerate(leaves)}
    told: dict = {}  # each call of a repeated one → where its sentences begin, then them
    for index, event in enumerate(events):
        kind, data = event["kind"], event["data"]
        if kind == "node.enter" and event["span"] in calls:
            told[event["span"]] = len(story)
        if kind == "wsgi.warning":
            warned[event["node"]] += 1
        elif kind == "node.enter" and (rewritten := _rewritten(trace, index)) is not None:
            story.append(rewritten)
        elif kind == "composite.dispatch":
            story.append(sentence(dispatch_words(trace, index)))
        elif kind == "composite.miss":
            story.append(sentence(miss_words(trace, event)))
        elif kind == "route.match":
            story.append(sentence(match_words(event, data)))
        elif kind == "route.miss":
            story.extend(route_miss_story(event, data))
        elif kind == "error":
            story.append(error_story(trace, index))
        elif kind == "node.leave" and data["short_circuit"]:
            if event["node"] in missed:
                continue  # the miss already said it answered itself
            story.append(short_circuit_story(trace, index))
        elif kind == "node.leave" and replaced(trace, index) is not None:
            story.append(sentence(leave_words(trace, index)))
        if kind == "node.leave" and event["span"] in calls:
            _tell_call(trace, story, told, event, *calls[event["span"]])
        if kind == "node.leave" and event["span"] in trace.repeats:
            story.append(sentence(f"{name(event['node'])} {repeat_words_at(trace, index)}"))
        # NOTE: on its leave alone: its enter, in the same span, would say it a second time
        above = (_raised_above(trace, event)
                 if kind == "node.leave" and event["span"] in trace.no_status else None)
        if above is not None:
            story.append(f"{capital(named(trace, above))} raised on the body with no status "
                         f"{named(trace, event)} passed up to it.")
    explained = {"composite.miss", "route.miss", "error"} & trace.first.keys()
    origin = _origin(events, status)
    if not explained and not shorts and origin is not None:
        story.append(f"{capital(located(trace, origin))} was the first layer to answer "
                     f"{status_said(status)}: its own code decided, no event says why.")
    elif not explained and origin is None and status is not None and (
            late := _late_status(trace, status)):
        story.append(late)
    # NOTE: told by the body alone where no event says why (an exception, a miss say it better)
    reason = (body_reason(status, end["data"].get("body") or "", end["data"].get("content_type")
                          or "") if end and not explained and (status or 0) >= 400 else "")
    if reason:
        story.append(f"The answer's body says why: {quote(reason)}")
    if warned:
        story.append(broken_rules_words(warned, status))
    dropped = start["data"].get("dropped_headers") if start else None
    if dropped and (status is None or status >= 400):
        story.append(_dropped_words(dropped))
    return story


def _tell_call(trace: TraceIndex, story: list[str], told: dict, leave: dict,
               leaves: list[dict], nth: int) -> None:
    """Say which call of a layer's repeated ones (`TraceIndex.repeats`, a retry) the sentences
    since its node.enter are of, once it left (`leave`, the `nth` of `leaves`): said as they
    came, a second call that went as the first read as the same sentences said twice, the
    reader left to guess why. A later call that went as the one before it is said so in one
    sentence; one that went otherwise is introduced as that call. `told` has where each
    call's sentences begin in `story` until it leaves, then what they were."""
    start = told.get(leave["span"], len(story))
    said = told[leave["span"]] = story[start:]
    if nth == 0 or not said:
        return
    caller = trace.leave_of.get(leave["parent"])
    which = (f"{capital(named(trace, caller)) if caller else 'The layer above'} called "
             f"{named(trace, leave)} a {ordinal(nth)} time")
    if told.get(leaves[nth - 1]["span"]) == said:
        story[start:] = [f"{which}, and it went as the {ordinal(nth - 1)} call did."]
    else:
        story.insert(start, f"{which}.")


def _rewritten(trace: TraceIndex, index: int) -> str | None:
    """What the layer above the node.enter at `index` changed of SCRIPT_NAME and PATH_INFO as
    it called it, in a sentence; None if it changed neither. A filter that strips a prefix
    or moves the request elsewhere is a likely cause of a 404 below it, which the router
    says of the path it was given: without this, the path the client sent and the one the
    router missed on differ with no word why. A composite's move is its dispatch's to say."""
    above, event = trace.above[index], trace.events[index]
    if above is None or above is not trace.previous[index]:
        return None
    changes = environ_changes(above["data"], event["data"])
    if not changes:
        return None
    said = " and ".join(f"{change['key']} from {_was(change, 'before')} to "
                        f"{_was(change, 'after')}" for change in changes)
    return f"{capital(named(trace, above))} changed {said} as it called {named(trace, event)}."


def _was(change: dict, side: str) -> str:
    """A path of `change` (`environ_changes`) as the story says it, its `side` ("before" or
    "after"): in backticks, or "empty"; with its note where the environ holds it otherwise
    than shown (`held_note`), or the `/caf%E9` shown reads as what the app got. Never None:
    a node.enter's paths are text (`stack.events.NodeEnter`), checked as they come in."""
    path = change[side]
    return (f"`{path}`" if path else "empty") + change.get(f"{side}_note", "")


def _raised_above(trace: TraceIndex, leave: dict) -> dict | None:
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


def _late_status(trace: TraceIndex, status: int) -> str:
    """Why the request ended with `status` when no layer passed it up as it returned: a layer
    called start_response again, with exc_info, as the server read its body, which replaces
    the status while none of the body has gone out. Each layer's node.leave says the status
    it had passed up when it returned, so without this the story ends with a status no step
    shows; said only where no layer passed up `status` (`_origin`), and not when the
    outermost layer passed up none (the server answered for it)."""
    leaves = [e for e in trace.events if e["kind"] == "node.leave"]
    if not leaves or leaves[-1]["data"]["status"] is None:
        return ""
    outer = leaves[-1]
    return (f"{capital(named(trace, outer))} passed up {outer['data']['status']} as it "
            f"returned, yet the server sent {status}: a layer called start_response again, "
            f"with exc_info, while the server read its body and before any of it was sent, "
            f"which replaces the status (PEP 3333: an error's way to replace a response); no "
            f"event says which layer, as each layer's status is taken when it returns.")


def _origin(events: list[dict], status: int | None) -> dict | None:
    """The innermost layer that passed up `status` first (its inner layers passed another)."""
    for event in events:
        if event["kind"] == "node.leave" and event["data"]["status"] == status:
            return event
    return None
