"""The WSGI rules a layer broke (`serve --check-wsgi`), in words: the rule, and why it is
said where it is among the steps when another layer was running as it was broken.
"""

from __future__ import annotations

from collections import Counter

from stack.explain_index import TraceIndex
from stack.explain_places import named
from stack.explain_words import Step
from stack.explain_words import capital
from stack.explain_words import name
from stack.explain_words import sentence
from stack.near_names import listed

#: How the wsgi.warning messages begin (after the layer's id) that a layer's body breaks, as
#: it is read (`stack.wsgi_checks_body`: a body item, no start_response, a Content-Length,
#: what was written through its own write callable never passed on).
BODY_WORDS = ("passed up a body item", "returned its body", "passed up `Content-Length:",
              "never passed on")


def warning_step(trace, index, event, data) -> Step:
    """A rule the layer broke (`stack.wsgi_checks`), its message naming the layer by its id;
    then why it is said here, when that is not inside that layer (`_warned_words`)."""
    words = data["message"].removeprefix(f"{event['node']} ")
    text = sentence(f"WSGI rule broken: {name(event['node'])} {words}")
    where = _warned_words(trace, index, event, words)
    return Step(f"{text} {where}" if where else text)


def _warned_words(trace: TraceIndex, index: int, event: dict, words: str) -> str:
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
        return (f"It happened inside {named(trace, running)}, which runs below {warned} and "
                f"called the {handed} {warned} had handed down.")
    if running is None:
        return (f"It happened as the server read the body {warned} returned, after every "
                "layer had returned.")
    if named_running:
        return (f"It happened as the body {warned} returned was read, while "
                f"{named(trace, running)} below it was still running.")
    return (f"It happened after {warned} had returned, as the body it returned was read "
            f"inside {named(trace, running)}.")


def broken_rules_words(warned: Counter, status: int | None) -> str:
    """The layers that broke WSGI rules (`serve --check-wsgi`), and where to read which: a
    story that told only of a short circuit, its 2xx answered with a second start_response
    or a body of str, left a developer who read it first thinking the layer was sound."""
    count = sum(warned.values())
    rules = "a WSGI rule" if count == 1 else f"{count} WSGI rules"
    passed = ", which eventlet let pass" if status is not None and status < 400 else ""
    return (f"{capital(listed([name(node) for node in warned]))} broke {rules}{passed}: "
            "“WSGI rules broken” says which.")
