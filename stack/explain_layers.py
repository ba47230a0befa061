"""The request's arrival and each layer's steps in words: a layer entered (what it sees, who
changed it), a layer left (what it passed up, what it replaced, what it added), and a short
circuit with the layers it kept from running.
"""

from __future__ import annotations

from stack.explain_environ import added_keys
from stack.explain_environ import environ_changes
from stack.explain_index import TraceIndex
from stack.explain_places import located
from stack.explain_places import named
from stack.explain_words import Step
from stack.explain_words import capital
from stack.explain_words import name
from stack.explain_words import repeat_words
from stack.explain_words import sentence
from stack.explain_words import status_said
from stack.response_headers import header_change_words
from stack.trace_records import node_kind
from stack.wsgi_path import named_path
from stack.wsgi_path import readable_path

#: The kinds of layer with code of their own around the call of the layer below.
FILTER_KINDS = ("filter", "filter-app")


def is_filter(node: str) -> bool:
    """Whether `node` (a graph id, of another file's too) is a filter or filter-app."""
    return node_kind(node) in FILTER_KINDS


def start_step(trace, index, event, data) -> Step:
    entry = trace.first.get("node.enter")
    to = f" to {name(entry['node'])}" if entry else ""
    query = f"?{data['query']}" if data.get("query") else ""
    return Step(f"{data['method']} {readable_path(data['path'])}{query} arrived from "
                f"{data['remote']} (Host {data.get('host') or '-'}); the server hands it{to}.")


def enter_step(trace, index, event, data) -> Step:
    previous = trace.previous[index]
    changes = environ_changes(previous["data"], data) if previous else []
    text = (f"{named(trace, event)} is entered; it sees "
            f"{named_path('SCRIPT_NAME', data['script_name'])} and "
            f"{named_path('PATH_INFO', data['path_info'])}")
    above = trace.above[index]
    if changes:
        moved = "; ".join(f"{c['key']} was `{c['before']}`" if c["before"]
                          else f"{c['key']} was empty" for c in changes)
        # The layer entered just before, when it is the one calling this: it rewrote them.
        by = (f"{named(trace, above)} changed {'them' if len(changes) > 1 else 'it'}: "
              if above is not None and above is previous else "")
        text += f" ({by}{moved})"
    if data.get("added"):
        words, added = added_keys(data["added"])
        text += (f"; on its way in {named(trace, above) if above else name(None)} added {words}, "
                 f"which every layer from here down sees")
        changes = changes + added
    return Step(sentence(text), changes)


def leave_step(trace, index, event, data) -> Step:
    inner = replaced(trace, index)
    changes = ([{"key": "status", "before": inner["data"]["status"], "after": data["status"]}]
               if inner is not None else [])
    text = leave_words(trace, index)
    if event["span"] in trace.repeats:
        text += f"; it {repeat_words_at(trace, index)}"
    if data.get("added"):
        words, added = added_keys(data["added"])
        when = "while it ran" if not trace.inner[index] else "on its way out"
        text += f"; {when} it added {words} to the environ"
        changes = changes + added
    if index in trace.headers_below:
        made = header_change_words(trace.headers_below[index], data["headers"])
        if made:
            text += f"; in the response headers it {', '.join(made)}"
    return Step(sentence(text), changes)


def leave_words(trace: TraceIndex, index: int) -> str:
    event = trace.events[index]
    data = event["data"]
    node = named(trace, event)
    returned = trace.no_body.get(event["node"])
    if data["short_circuit"] and returned is not None:
        return f"{node} returned {returned}, no response body, without calling the next layer"
    no_status = event["span"] in trace.no_status
    kept = kept_words(trace, index, f"the start_response {node} handed it") if no_status else None
    if kept is not None:
        reached = "the server" if trace.unstarted else "the layer above it"
        return (f"{node} returned the body of the layer below it without calling the "
                f"start_response it was given (its caller's), so no status reached {reached}: "
                f"{kept}")
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
        return (f"{located(trace, event)} answered {status_said(data['status'])} itself, without "
                f"calling the next layer (a short circuit)")
    inner = replaced(trace, index)
    if inner is not None and inner["span"] in trace.no_status:
        return (f"{node} answered {status_said(data['status'])} instead of the body with no status "
                f"{named(trace, inner)} passed up to it")
    if inner is not None and inner["data"]["status"] is None:
        return (f"{node} turned the exception that left {named(trace, inner)} into "
                f"{status_said(data['status'])}")
    if inner is not None and data["status"] is None:
        below, status = named(trace, inner), status_said(inner["data"]["status"])
        if read_error(trace, index, inner) is not None:
            return (f"{node} was reading the body {below} passed up with its {status} when "
                    f"the exception raised in that body left it, so it passed up no status")
        return f"{node} raised after {below} had answered it {status}, so it passed up no status"
    if inner is not None:
        return (f"{node} replaced the status {status_said(inner['data']['status'])} of "
                f"{named(trace, inner)} with {status_said(data['status'])}")
    if data["status"] is None and data.get("body_raised"):
        return body_raised_words(trace, index)
    below = trace.inner.get(index)
    if data["status"] is None and unstarted_read_error(trace, index, below):
        return (f"{node} was reading the body {named(trace, below)} passed up with no status "
                f"when the exception raised in that body left it, so it passed up no status")
    return f"{node} returned {status_said(data['status'])} after {data['duration_ms']} ms"


def body_raised_words(trace: TraceIndex, index: int) -> str:
    """`the filter `x` had returned the body of the layer below it, …`: a layer the exception
    left as the body it had returned was read, after its call (`body_raised`). Said so, not as
    "returned no status (an exception)", which sent a fault wrapper's author looking for why
    its try/except around the call of its app missed an exception that never crossed that
    call: a generator below runs only as its body is read, and only a layer that reads the
    body in its own call (WebOb's `get_response` does, up to start_response) can catch what
    it raises."""
    event = trace.events[index]
    node, ms = named(trace, event), event["data"]["duration_ms"]
    if not trace.inner.get(index):
        return (f"{node} passed up no status after {ms} ms: it had returned its body, and "
                f"the exception came out of that body as it was read, after its call (a "
                f"generator's code runs only then)")
    words = (f"{node} passed up no status after {ms} ms: it had returned the body of the "
             f"layer below it, and the exception came out of that body as it was read, after "
             f"its call")
    if is_filter(event["node"]):
        words += (", so no try/except around its call of the layer below could catch it (only "
                  "one around reading that body can)")
    return words


def read_error(trace: TraceIndex, index: int, inner: dict) -> dict | None:
    """The error event of an exception raised in the body `inner` (the node.leave of the layer
    right below) passed up, which left the layer that left at `index` as it read that body in
    its own call: raised in `inner`'s span or one below it, after that layer had answered, and
    caught by no layer below the one at `index`. None when that layer raised on its own.

    Without it, "replaced the status 200 with no status" sent a filter's author looking for a
    bug in the filter's own code when the body it read had raised.

    NOTE: `caught_by` None is "nobody has caught it yet" (`stack.events.Error`): no layer
    below caught it either, as when the server did. A layer above is named by its node.enter
    or, in a trace that came without it (its events split over batches, one not arrived), by
    its node.leave: left unnamed, the layer that caught the exception counted as one below,
    and the reader was said to have raised."""
    leave = trace.events[index]
    above = {leave["node"], "server"}
    span = leave["parent"]
    for _ in range(len(trace.events)):  # bounded: each span has one parent, the chain ends
        if span is None:
            break
        held = trace.enter_of.get(span) or trace.leave_of.get(span)
        if held is not None:
            above.add(held["node"])
        span = trace.parent_of.get(span)
    for event in trace.events[:index]:
        if event["kind"] != "error":
            continue
        caught = event["data"].get("caught_by")
        if caught is not None and caught not in above:
            continue
        span = event["span"]
        for _ in range(len(trace.events)):  # bounded, as above
            if span is None or span == inner["span"]:
                break
            span = trace.parent_of.get(span)
        if span is not None:
            return event
    return None


def unstarted_read_error(trace: TraceIndex, index: int, inner: dict | None) -> bool:
    """Whether the layer that left at `index` raised nothing itself but was reading, in its
    own call, the body `inner` (the node.leave of the layer right below) passed up before
    anything had called start_response, when that body raised (`body_raised`: its generator
    raised before calling it, or it never did): `read_error` for a layer below that passed up
    no status. Its `body_raised` tells a body's exception from one of its call, which left
    the reader the same way.

    Without it, "returned no status (an exception)" sent a filter's author looking for a bug
    in the filter's own code when the body it read had raised."""
    return (inner is not None and inner["data"]["status"] is None
            and bool(inner["data"].get("body_raised"))
            and read_error(trace, index, inner) is not None)


def kept_words(trace: TraceIndex, index: int, handed: str) -> str | None:
    """`the app `x` had answered 200 OK to {handed}`: the status the layer below the one that
    left at `index` passed up to it, when that layer passed up none itself, said of the
    start_response it was `handed`, or None when it kept none. One wording for the step and
    the error heading that say it.

    Such a layer called its app with a start_response of its own and never called the one it
    was handed. The status stopped there, and "nothing below it had called start_response"
    sent its developer looking below for a bug that is not there."""
    inner = trace.inner.get(index)
    if inner is None or inner["data"]["status"] is None:
        return None
    return f"{named(trace, inner)} had answered {status_said(inner['data']['status'])} to {handed}"


def replaced(trace: TraceIndex, index: int) -> dict | None:
    """The inner layer's node.leave when the node.leave at `index` passed up a different
    status, else None."""
    inner = trace.inner[index]
    if inner is None or inner["data"]["status"] == trace.events[index]["data"]["status"]:
        return None
    return inner


def repeat_words_at(trace: TraceIndex, index: int) -> str:
    """`repeat_words` for the node.leave at `index` of a layer that called one more than once."""
    event = trace.events[index]
    return repeat_words(trace.repeats[event["span"]], event["data"]["status"], trace.no_status)


def short_circuit_story(trace: TraceIndex, index: int) -> str:
    text = capital(leave_words(trace, index))
    leave = trace.events[index]
    nth = trace.places.get(leave["span"], (None, 0))[1]
    never = trace.pipelines.never_ran(leave, nth) if trace.pipelines is not None else []
    if never:
        return text + "; these layers never ran: " + ", ".join(name(n) for n in never) + "."
    return text + "."
