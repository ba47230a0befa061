"""Why a request failed or was answered early, told across its layers: the failure story the
step view and the request page show, from the same sentences as the steps.
"""

from __future__ import annotations

from collections import Counter

from stack.explain_answer import body_reason
from stack.explain_answer import quote
from stack.explain_answer import unread_after
from stack.explain_answer import unread_sent
from stack.explain_composite import dispatch_words
from stack.explain_composite import miss_words
from stack.explain_environ import environ_changes
from stack.explain_environ import path_was
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


def failure_story(trace: TraceIndex) -> tuple[list[str] | None, str | None]:
    """Why the request of the trace `trace` indexes failed or was answered early, across
    layers, or, when it ended well, the errors layers caught on its way; None if nothing went
    wrong. Beside it, what it tells (`told_as`), which both pages head it by (`_why.html`).

    A request needs explaining when its status is 400 or more (or none), when a layer raised,
    or when a layer answered without calling the next (`told_as`). The trace's graph (the
    graph JSON) lets the story name the layers a short circuit kept from running; with the
    trace's span places (`TraceIndex`), a layer its pipeline lists more than once is said
    with its place there.
    A failed request's story ends with the headers the client sent that the server passed on
    to no app.
    """
    events = trace.events
    tells, errors, short = told_as(events)
    if tells is None:
        return None, None
    start = trace.first.get("request.start")
    end = trace.first.get("request.end")
    status = end["data"]["status"] if end else None
    what = (f"{start['data']['method']} {readable_path(start['data']['path'])}" if start
            else "The request")
    ended = status if status is not None else "no answer" if end else "no status"
    caught = _caught_words(errors) if tells in ("caught", "early") else ""
    story = [f"{what} ended with {ended}{caught}."]
    missed = {e["node"] for e in events if e["kind"] == "composite.miss"}
    warned: Counter = Counter()
    begins: dict = {}  # each call of a repeated one → where its sentences begin in `story`
    said: dict = {}  # each call of a repeated one that left → its sentences
    for index, event in enumerate(events):
        kind, data = event["kind"], event["data"]
        if kind == "node.enter" and event["span"] in trace.calls:
            begins[event["span"]] = len(story)
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
            story.extend(route_miss_story(trace, event, data))
        elif kind == "error":
            story.append(error_story(trace, index))
        elif kind == "node.leave" and data["short_circuit"]:
            if event["node"] not in missed:  # a miss already said it answered itself
                story.append(short_circuit_story(trace, index))
            # NOTE: no `continue`: a retried urlmap's miss is said of its call below (`_tell_call`)
        elif kind == "node.leave" and replaced(trace, index) is not None:
            story.append(sentence(leave_words(trace, index)))
        if kind == "node.leave" and event["span"] in trace.calls:
            _tell_call(trace, story, begins, said, event, *trace.calls[event["span"]])
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
    if not explained and not short and origin is not None:
        story.append(f"{capital(located(trace, origin))} was the first layer to answer "
                     f"{status_said(status)}: its own code decided, no event says why.")
    elif not explained and origin is None and status is not None and (
            late := _late_status(trace, status)):
        story.append(late)
    # NOTE: told by the body alone where no event says why (an exception, a miss say it better)
    reason = (body_reason(status, end["data"].get("body") or "", end["data"].get("content_type")
                          or "") if end and not explained and (status or 0) >= 400 else "")
    if reason:
        # NOTE: not as the client's: eventlet sends a HEAD's body after the headers, unread
        unread = unread_after(trace, end["data"])
        story.append(f"The body the server {unread_sent(unread)}, says why: {quote(reason)}"
                     if unread
                     else f"The answer's body says why: {quote(reason)}")
    if warned:
        story.append(broken_rules_words(warned, status))
    dropped = start["data"].get("dropped_headers") if start else None
    if dropped and (status is None or status >= 400):
        story.append(_dropped_words(dropped))
    return story, tells


def told_as(events: list[dict]) -> tuple[str | None, int, bool]:
    """What the story of a request (`failure_story`) tells: "failed" (it ended with 400 or
    more, or no status), "error" (a layer's error that no layer caught: the server's to
    answer, a body's as it was sent or closed), "early" (a layer answered without calling the
    next, whether or not a layer caught an error on the way), "caught" (it ended well, every
    error on the way caught by a layer and no layer answered early: a retry that worked);
    None when there is nothing to tell. With how many errors were raised on its way, which the
    story's first line counts (`_caught_words`), and whether a layer answered early.

    A request that ended 200 after a filter caught its app's error and called it again did
    not fail: the step view headed it "What went wrong" in red, as the server's 500 is. One
    pass over `events`: `failure_story` returns what it tells beside the story, which both
    pages head it by (`_why.html`), so the heading and the story are decided here alike."""
    status, errors, short = None, [], False
    for event in events:
        if event["kind"] == "request.end":
            status = event["data"]["status"]
        elif event["kind"] == "error":
            errors.append(event["data"])
        elif event["kind"] == "node.leave":
            short = short or event["data"]["short_circuit"]
    if status is None or status >= 400:
        tells = "failed"
    elif any(error.get("caught_by") in (None, "server") for error in errors):
        tells = "error"
    else:
        tells = "early" if short else "caught" if errors else None
    return tells, len(errors), short


def _caught_words(caught: int) -> str:
    """`: an error was raised on the way and a layer caught it, …`: why a request that ended
    well has a story (`told_as`), in words that do not read as its failure, `caught` the
    errors raised on its way; empty for none. Said of one answered early too: its heading
    names the short circuit, and without these words the caught error its story tells read
    as its failure."""
    if not caught:
        return ""
    if caught == 1:
        return ": an error was raised on the way and a layer caught it, so the request did not fail"
    return (f": {caught:,} errors were raised on the way and layers caught them, so the request "
            f"did not fail")


def _tell_call(trace: TraceIndex, story: list[str], begins: dict, said: dict, leave: dict,
               leaves: list[dict], nth: int) -> None:
    """Say which call of a layer's repeated ones (`TraceIndex.repeats`, a retry) the sentences
    since its node.enter are of, once it left (`leave`, the `nth` of `leaves`): said as they
    came, a second call that went as the first read as the same sentences said twice, the
    reader left to guess why. A later call that went as the one before it is said so in one
    sentence; one that went otherwise is introduced as that call. `begins` has where each
    call's sentences begin in `story`; `said` gets what they were once it leaves."""
    start = begins.get(leave["span"], len(story))
    these = said[leave["span"]] = story[start:]
    if nth == 0 or not these:
        return
    caller = trace.leave_of.get(leave["parent"])
    which = (f"{capital(named(trace, caller)) if caller else 'The layer above'} called "
             f"{named(trace, leave)} a {ordinal(nth)} time")
    if said.get(leaves[nth - 1]["span"]) == these:
        story[start:] = [f"{which}, and it went as the {ordinal(nth - 1)} call did."]
    else:
        story.insert(start, f"{which}.")


def _rewritten(trace: TraceIndex, index: int) -> str | None:
    """What the layer above the node.enter at `index` changed of SCRIPT_NAME and PATH_INFO as
    it called it, in a sentence; None if it changed neither. A filter that strips a prefix
    or moves the request elsewhere is a likely cause of a 404 below it, which the router
    says of the path it was given: without this, the path the client sent and the one the
    router missed on differ with no word why. A composite's move is its dispatch's to say.
    A later call of a layer called more than once (`TraceIndex.calls`, a retry) is said
    otherwise: what changed came from its call before (`_changed_by_call`)."""
    above, event = trace.above[index], trace.events[index]
    if above is None:
        return None
    if above is not trace.previous[index]:
        call = trace.calls.get(event["span"])
        return _changed_by_call(trace, index, *call) if call and call[1] else None
    changes = environ_changes(above["data"], event["data"])
    if not changes:
        return None
    return (f"{capital(named(trace, above))} changed {_changes_said(changes)} as it called "
            f"{named(trace, event)}.")


def _changed_by_call(trace: TraceIndex, index: int, leaves: list[dict], nth: int) -> str | None:
    """What the call before the `nth` of a layer called more than once (its node.enter at
    `index`; `leaves`, its calls' node.leave events) changed of SCRIPT_NAME and PATH_INFO in
    the environ its caller passed it, in a sentence naming the layer that changed them,
    or naming none where that layer changed only some of them; None when this call was given
    the paths the one before was, or when no event of that call recorded the paths this one
    was given.

    Paste's urlmap moves the prefix it chose from PATH_INFO to SCRIPT_NAME in the environ it
    is given: a filter that calls it again with the same environ gets `/servers` chosen
    against its prefixes, the catch-all's 404. The story said the second choice, not why the
    path it was made on had changed: the classic retry bug, which a copy of the environ per
    call avoids. The events of the call before are those from its node.enter to its
    node.leave, read backwards from this call's node.enter: each call's once, in all.
    The first layer to show this call's paths is blamed only for what it changed itself (its
    own node.enter against them; a composite's, for its dispatch): a filter under a urlmap
    that changes PATH_INFO alone is the first to show SCRIPT_NAME as the urlmap set it too.
    Events cannot show whether the caller passed each call the same environ or a copy: the
    sentence says what the later call was given, and what a caller must do, not which."""
    enter, last = trace.events[index], leaves[nth - 1]
    before = trace.enter_of.get(last["span"])
    changes = environ_changes(before["data"], enter["data"]) if before is not None else []
    if not changes:
        return None
    paths = (enter["data"].get("script_name"), enter["data"].get("path_info"))
    found, inside = None, False
    for at in range(index - 1, -1, -1):
        event = trace.events[at]
        if event is before:
            break
        inside = inside or event is last
        if (inside and event["kind"] in ("node.enter", "composite.dispatch")
                and (event["data"].get("script_name"), event["data"].get("path_info")) == paths):
            found = at  # the earliest of that call to hold them: where they were changed
    event = trace.events[found] if found is not None else None
    if event is not None and event["kind"] == "composite.dispatch":
        changer, how = event, f"as it chose `{event['data']['label']}`"
        given = trace.enter_of.get(event["span"])
    elif event is not None and trace.above[found] is not None:
        changer, how = trace.above[found], f"as it called {named(trace, event)}"
        given = changer
    else:
        return None
    said = _changes_said(changes)
    then = (f"in the environ {named(trace, trace.above[index])} passed to each call, so the "
            f"{ordinal(nth)} call was given the paths the {ordinal(nth - 1)} set: a layer that "
            f"calls another again with one environ must give each call a copy "
            f"(`environ.copy()`).")
    if given is None or environ_changes(given["data"], event["data"]) != changes:
        return f"The {ordinal(nth - 1)} call of {named(trace, enter)} changed {said} {then}"
    own = changer["span"] == last["span"]
    which = (f"in its {ordinal(nth - 1)} call" if own
             else f"in the {ordinal(nth - 1)} call of {named(trace, enter)}")
    return (f"{capital(named(trace, changer))}{' itself' if own else ''} changed {said} {how} "
            f"{which}, {then}")


def _changes_said(changes: list[dict]) -> str:
    """SCRIPT_NAME and PATH_INFO as they changed (`environ_changes`), in words."""
    return " and ".join(f"{change['key']} from {path_was(change, 'before')} to "
                        f"{path_was(change, 'after')}" for change in changes)


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
    outermost layer (the first entered, the last to leave) passed up none (the server
    answered for it)."""
    enter = trace.first.get("node.enter")
    outer = trace.leave_of.get(enter["span"]) if enter is not None else None
    if outer is None or outer["data"]["status"] is None:
        return ""
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
