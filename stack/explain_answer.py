"""The stack's answer in words (request.end): its status, bytes and time, what a client reads
of a body longer or shorter than the length its headers say, where the time went when a body
was streamed after the layers returned, an error's body quoted, and the body the server
refused from the outermost layer.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import webob.exc

from stack.explain_environ import added_keys
from stack.explain_environ import environ_keys
from stack.explain_index import NOT_A_BODY_WORDS
from stack.explain_index import returned_instead
from stack.explain_words import Step
from stack.explain_words import byte_count
from stack.explain_words import status_said
from stack.explain_words import stop
from stack.response_headers import answered_length
from stack.wsgi_checks_values import bodyless_code

#: Most characters of an error's body the last step quotes (WebOb's 401 page says why in
#: its last sentence, some 290 characters in).
QUOTED_BODY = 400
#: Time a request's body took after its layers returned that is worth a word (ms), when it is
#: most of the request's too.
STREAMED_MS = 10.0


def end_step(trace, index, event, data) -> Step:
    if data["status"] is None and not data["bytes"]:  # no Exception: eventlet said nothing
        text = (f"The client got no answer: the server closed the connection "
                f"{data['duration_ms']} ms after the request arrived, without a status or "
                f"any of the body.")
    elif data.get("client_gone"):  # bytes the server wrote: what reached the client may be less
        text = (f"The server answered {status_said(data['status'])} and had written "
                f"{byte_count(data['bytes'])} of the body, {data['duration_ms']} ms after the "
                "request arrived, when the client went away: writing to it failed, so the rest "
                "was never sent.")
    else:
        # NOTE: not "the client got": a body given whole (a list, as WebOb's) is counted as it
        # is handed to the server, and a client that goes away as it is written is not seen.
        text = (f"The stack answered {status_said(data['status'])}, {byte_count(data['bytes'])}, "
                f"{data['duration_ms']} ms after the request arrived.")
        unread = unread_words(trace, data) or mismatched_length_words(trace, data)
        text += f" {unread}" if unread else ""
    streamed = streamed_words(trace.events)
    text += f" {streamed}" if streamed else ""
    told = body_line(data.get("body") or "", data.get("content_type") or "")
    if told:
        # NOTE: bytes no client reads (`unread_words`) are not the body it got
        text += f" {'Those bytes' if unread_after(trace, data) else 'Its body'} said: {quote(told)}"
    changes = []
    if data.get("removed"):
        text += (" A layer removed " + environ_keys(dict.fromkeys(data["removed"]))
                 + " from the request's environ.")
        changes = [{"key": key, "before": value, "after": None}
                   for key, value in data["removed"].items()]
    if data.get("added"):
        words, added = added_keys(data["added"])
        text += f" Layers added {words}; which layer added each cannot be told."
        changes += added
    return Step(text, changes)


def unread_words(trace, data: dict) -> str:
    """What became of the bytes of body the stack answered a HEAD with, or a status that has
    none (1xx, 204, 304): eventlet sends them after the headers all the same, where a client
    reads none of them. "" for any other answer. Without it, "answered 204, 8 bytes" told a
    developer the client got 8 bytes of body; `bytes` stays what the server sent, as a
    connection kept open gets them."""
    after = unread_after(trace, data)
    if not after or not data["bytes"]:
        return ""
    return (f"The server sent those bytes after the headers, yet a client reads no body after "
            f"{after}: over a connection kept open, it takes them for the start of the next "
            "response.")


def mismatched_length_words(trace, data: dict) -> str:
    """What a client reads of a body that is not as long as the `Content-Length` the stack
    answered with (`answered_length`, known from a stack served with `--check-wsgi` only): a
    filter that changed the body and left its app's length (`[tag]hello` sent, `Content-Length:
    5`) was said to have answered 10 bytes where the client read 5; one that cut it short (`he`
    sent, `Content-Length: 5`) to have answered 2, where the client waits for 3 more that
    never come. "" for any other answer, and for one whose body no client reads (a HEAD's,
    a 304's: their `Content-Length` is the body's they would have had); `bytes` stays what
    the server sent."""
    declared = answered_length(trace.events)
    if declared is None or data["bytes"] == declared or unread_after(trace, data):
        return ""
    if data["bytes"] < declared:
        return (f"A client waits for the other {byte_count(declared - data['bytes'])} the "
                f"`Content-Length: {declared}` it answered with says: over a connection kept "
                "open, they never come, and it waits until it gives up.")
    return (f"A client reads {byte_count(declared)} of them, as the `Content-Length: "
            f"{declared}` it answered with says: over a connection kept open, it takes the "
            f"other {byte_count(data['bytes'] - declared)} for the start of the next response.")


def unread_after(trace, data: dict) -> str:
    """What no client reads a body after, of the answer request.end's `data` tells: "a HEAD"
    (the method the client sent), "a 204" (a status that has none: 1xx, 204, 304); "" when
    a client reads its body. The story and the last step say a body so sent was not got."""
    start = trace.first.get("request.start")
    return read_none_after(start["data"]["method"] if start is not None else None,
                           data["status"])


def read_none_after(method: str | None, status: int | None) -> str:
    """`unread_after` of a request of `method` answered `status`: the compare page, which
    holds two traces' events and no `TraceIndex`, asks it so."""
    if method == "HEAD":
        return "a HEAD"
    if status is not None and bodyless_code(status):
        return f"a {status}"
    return ""


def unread_sent(after: str) -> str:
    """Where a body no client reads (`unread_after`'s `after`) is quoted, what is said of it:
    the request page's story and the compare page say it alike, not as what the client got."""
    return f"sent after the headers, which a client reads none of after {after}"


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


def quote(words: str, length: int = QUOTED_BODY) -> str:
    """Words of a body quoted at a sentence's end: cut at `length` characters, and the full
    stop after them unless they end a sentence themselves (`stop`)."""
    said = words if len(words) <= length else words[:length - 1] + "…"
    return f"“{said}”{stop(said)}"


def body_reason(status: int | None, body: str, content_type: str) -> str:
    """Why the answer's body says the request was refused, in its own words; "" when it says
    nothing past its status.

    WebOb's error pages (HTML or text) say the status, its stock explanation, then the
    layer's own detail (`HTTPUnauthorized("The X-Auth-Token header is missing.")`): the
    detail is the why, and the stock words say nothing the status does not. A JSON fault
    (nova's `{"unauthorized": {"message": …}}`, keystonemiddleware's `{"error": {"message":
    …}}`) says it in its `message`. Any other plain-text body is the layer's own words
    (`start_response("401 Unauthorized", [("Content-Type", "text/plain")])`, then
    `[b"Token expired"]`), said whole: without them, an auth filter's 401 had its why only
    in the last step; one that only repeats its status line or its name (`401 Unauthorized`,
    `Unauthorized.`, `not found`, in any case) says nothing. Any other HTML page is quoted
    by the last step, not here: a site's whole error page is no reason.
    """
    if "json" in content_type:
        return _json_message(body)
    plain = "text/plain" in content_type
    if not (plain or "html" in content_type):
        return ""
    line = body_line(body, content_type)
    stock = webob.exc.status_map.get(status) if status is not None else None
    if stock is None:
        return line if plain else ""
    status_line = f"{status} {stock.title}"
    start = f"{status_line} {stock.explanation}"
    if line.startswith(start):
        return line[len(start):].strip()
    names = {status_line.casefold(), stock.title.casefold()}
    return line if plain and _bare(line) not in names else ""


def _bare(line: str) -> str:
    """`line` as a status's name is compared: casefolded, without its full stop."""
    return line.rstrip(".").strip().casefold()


def _json_message(body: str) -> str:
    """The `message` of a JSON fault, at its top or one level down; "" when it has none, or
    is no JSON this can read: nested deeper than Python recurses (a layer's 4xx body of
    3,000 `[`) raised RecursionError out of the story, and the request page answered 500."""
    try:
        fault = json.loads(body)
    except (ValueError, RecursionError):
        return ""
    if not isinstance(fault, dict):
        return ""
    for place in (fault, *fault.values()):
        if isinstance(place, dict) and isinstance(place.get("message"), str):
            return " ".join(place["message"].split())
    return ""


def body_line(body: str, content_type: str) -> str:
    """An error's body as one line: an HTML page's text (its head and tags left out), spaces
    run together; what is quoted of it, here and on /compare."""
    if "html" in content_type:
        body = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?is)<head>.*?</head>", "", body)))
    return " ".join(body.split())
