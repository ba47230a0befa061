"""An error event in words: what raised it (a layer, its controller's action, a body as it
was read or closed), the line that raised it, who caught it, and what the client got when
nobody did (the server's own 500, a connection cut short or closed with no answer).
"""

from __future__ import annotations

import webob.exc

from stack.explain_index import NOT_A_BODY_WORDS
from stack.explain_index import TraceIndex
from stack.explain_index import returned_instead
from stack.explain_layers import is_filter
from stack.explain_layers import kept_words
from stack.explain_places import caught_place
from stack.explain_places import located
from stack.explain_places import named
from stack.explain_places import raised_place
from stack.explain_words import Step
from stack.explain_words import action_word
from stack.explain_words import byte_count
from stack.explain_words import capital
from stack.explain_words import name
from stack.trace import NO_START

#: The status of each of WebOb's HTTP exceptions, by class name (`_as_response`).
WEBOB_STATUSES = {cls.__name__: cls.code for cls in vars(webob.exc).values()
                  if isinstance(cls, type) and issubclass(cls, webob.exc.WSGIHTTPException)
                  and getattr(cls, "code", None)}
#: The error type of a route whose controller lacks the action (`stack.wsgi.MissingAction`).
MISSING_ACTION = "MissingAction"
#: What the trace cannot say of an error a body raised after every layer had returned: the
#: request page and the story both say it, in these words.
UNPLACED_BODY = "which layer's body it was, the trace does not record"


def error_step(trace, index, event, data) -> Step:
    return Step(error_story(trace, index))


def error_story(trace: TraceIndex, index: int) -> str:
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
        return (f"{_unstarted_words(trace)}, so the server had "
                f"no status to send the body with ({data['type']}: \"{NO_START}\")"
                f"{_server_ending(trace, data)}")
    if data["raised_at"] is None:  # a streamed body failed as it was sent (stack.trace)
        return (f"{data['type']} ({data['message']!r}) was raised by the response body"
                f"{_line(data)} as the server sent it, after every layer had returned; "
                f"{UNPLACED_BODY}{_server_ending(trace, data)}")
    action = trace.action[index]
    error = trace.events[index]
    where = name(data["raised_at"]) + raised_place(trace, error)
    if action is not None and data["type"] == MISSING_ACTION:
        return (f"The route matched, but the `{action['data']['controller']}` controller of "
                f"{where} has no {action_word(action['data']['action'])}, so {data['type']} "
                f"({data['message']!r}).")
    if returned is not None:
        text = (f"{capital(where)} returned {returned}, which is no response body (a WSGI "
                f"layer returns an iterable of bytes), so reading it raised {data['type']} "
                f"({data['message']!r})")
    else:
        if action is not None:
            where = (f"the `{action['data']['controller']}` controller's "
                     f"{action_word(action['data']['action'])} in {where}")
        raised = f"as the body of {where} was read" if data.get("in_body") else f"by {where}"
        text = f"{data['type']} ({data['message']!r}) was raised {raised}{_line(data)}"
    caught = data.get("caught_by")
    if caught == "server":
        return (text + "; no layer caught it" + _server_ending(trace, data)
                + _as_response(trace, data)
                + (_returned_first(trace, error) if returned is None else ""))
    if caught is None:
        return text + "; nobody has caught it yet."
    by = name(caught) + caught_place(trace, error)
    if caught == data["raised_at"]:
        return text + f"; {by} turned it into its response."
    return text + f"; it crossed the layers up to {by}, which turned it into a response."


def _as_response(trace: TraceIndex, error: dict) -> str:
    """` If this HTTPForbidden is WebOb's, it is a 403 …`: why a WebOb HTTP exception
    (`WEBOB_STATUSES`) that reached the server before any of the response was sent became its
    500, said after `_server_ending`. It is a response only to a layer that catches it, such
    as one written with `webob.dec.wsgify`, not to a plain WSGI function, whose raise is any
    exception's: the developer raised a 403 and read a 500 with no word why. Nothing for a
    500 of WebOb's (`HTTPInternalServerError`), which the client got all the same.

    NOTE: "if": the trace records an exception's class by its name alone (`error_of`), and
    another library may name one of its own so.
    """
    status = WEBOB_STATUSES.get(error["type"])
    end = trace.first.get("request.end")
    if (status in (None, 500) or end is None or end["data"]["status"] != 500
            or end["data"]["bytes"]):
        return ""
    return (f" If this {error['type']} is WebOb's, it is a {status} as an exception, which only "
            f"a layer that catches it answers as its response, as one written with "
            f"`webob.dec.wsgify` does; none on its way up did, so the client got the server's "
            f"500, not {status}.")


def _returned_first(trace: TraceIndex, error: dict) -> str:
    """` The filter `x` had returned before it was raised: …`: the filters on the exception's
    way up that it left through the body they had returned (`body_raised`), where the server
    read that body (every layer had returned) and answered its own 500, nothing sent. Their
    author's question is why the try/except around their call of the layer below (a fault
    wrapper's) let the server answer; the answer is that the exception never crossed that
    call."""
    end = trace.first.get("request.end")
    if end is None or end["data"]["status"] != 500 or end["data"]["bytes"]:
        return ""
    filters = []
    span = error["span"]
    for _ in range(len(trace.events)):  # bounded: each span has one parent, the chain ends
        if span is None:
            break
        leave = trace.leave_of.get(span)
        if leave is not None and not leave["data"].get("body_raised"):
            return ""  # a layer read the body in its call: the story says so of it
        if (leave is not None and not leave["data"]["short_circuit"]
                and is_filter(leave["node"])):
            filters.append(named(trace, leave))
        span = trace.parent_of.get(span)
    if not filters:
        return ""
    if len(filters) == 1:
        who, they, calls = filters[0], "it", "its call"
    else:
        who, they, calls = (", ".join(filters[:-1]) + " and " + filters[-1], "they",
                            "their calls")
    return (f" {capital(who)} had returned before it was raised: it came out of the body "
            f"{they} returned, as the server read it after {calls}, so no try/except around "
            f"a call of the layer below could catch it (only one around reading the body can, "
            f"as WebOb's `get_response` does up to start_response).")


def _unstarted_words(trace: TraceIndex) -> str:
    """`No layer called start_response: the app `x` (api-paste.ini line 9, …) returned its body
    without calling it`: the layer that returned the body no layer called start_response for,
    the innermost that passed up no status on the way of the body the server got (`_unstarted`),
    and where it is in the ini, as a short circuit is said: the line the developer opens. Just
    "No layer called start_response" when no layer says it passed up no status. When the layer
    below that one did call the start_response it was handed (`kept_words`), the server's was
    the one never called: "no layer called start_response" sent its developer looking for an
    app that did."""
    found = _unstarted(trace)
    if found is None:
        return "No layer called start_response"
    index, leave = found
    kept = kept_words(trace, index, "the one it handed it")
    if kept is not None:
        return (f"No layer called the server's start_response: {located(trace, leave)} returned "
                f"the body of the layer below it without calling the one it was given, though "
                f"{kept}")
    return (f"No layer called start_response: {located(trace, leave)} returned its body "
            f"without calling it")


def _unstarted(trace: TraceIndex) -> tuple[int, dict] | None:
    """The index and node.leave of the innermost layer that passed up no status, down from
    the outermost, each layer's last call (`TraceIndex.inner`): a layer called more than once
    (a retry) passed up the body of its last, and an earlier call's layer that passed up no
    status (one answering for an exception) was dropped, not what the server got. None when
    the outermost says it passed up a status."""
    leaves = trace.leave_index
    outer = trace.first.get("node.enter")
    index = leaves.get(outer["span"]) if outer is not None else None
    found = None
    for _ in range(len(leaves)):  # down one layer a turn
        if index is None or trace.events[index]["span"] not in trace.no_status:
            break
        found = index, trace.events[index]
        inner = trace.inner[index]
        index = leaves.get(inner["span"]) if inner is not None else None
    return found


def _line(data: dict) -> str:
    """` (`app.py:12 in index`)`: the line that raised an error, when the event says it. The
    layer named before it is where the error left, which may be a filter passing on what the
    layer below it raised."""
    return f" (`{data['raised_in']}`)" if data.get("raised_in") else ""


def _server_ending(trace: TraceIndex, error: dict) -> str:
    """How the server ended a response the exception `error` reached it in: cut short when
    some of it was sent (a streamed body, a generator layer's, what an app wrote), which the
    client notices only as a connection closed early; else its own 500, or, for an exception
    that is no Exception (request.end has no status), no answer at all."""
    end = trace.first.get("request.end")
    if end is not None and end["data"]["bytes"]:
        return (f"; the client had got the status and {byte_count(end['data']['bytes'])} of the "
                f"body, and then the server cut the connection.")
    if end is not None and end["data"]["status"] is None:
        return (f"; the server closed the connection without answering: it answers 500 to an "
                f"Exception, and {error['type']} is not one, so the client got no response.")
    return "; nothing had been sent yet, so the server answered 500 itself."


def _closing_story(trace: TraceIndex, data: dict) -> str:
    """An exception a response body raised in its close(), which the server calls once the
    body is done: the client keeps what it got, and loses the connection."""
    end = trace.first.get("request.end")
    body = ("the response body" if data["raised_at"] is None
            else f"the body of {name(data['raised_at'])}")
    got = (f"the status and {byte_count(end['data']['bytes'])} of the body" if end is not None
           else "what the server had sent")
    return (f"{data['type']} ({data['message']!r}) was raised by the close() of {body}"
            f"{_line(data)}, which "
            f"the server calls once the body is done; the client had got {got}, and then the "
            f"server dropped the connection (a client keeping it open for its next request "
            f"must open another).")
