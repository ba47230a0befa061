"""A router's steps in words: the route it matched (template, controller, action, args), or
why no route matched (the candidates that failed on the path or on the method), and the
controller action called and what it returned.
"""

from __future__ import annotations

from itertools import pairwise

from stack.explain_index import TraceIndex
from stack.explain_words import Step
from stack.explain_words import capital
from stack.explain_words import name
from stack.explain_words import sentence
from stack.explain_words import status_said
from stack.routing import miss_note
from stack.wsgi_path import quoted_path
from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args
from stack.wsgi_path import shown_args

#: Route candidates named in a failure story before "and N more".
SHOWN_CANDIDATES = 5


def match_step(trace, index, event, data) -> Step:
    change = {"key": "wsgiorg.routing_args", "before": None, "after": data["match"]}
    return Step(sentence(match_words(event, data)), [change])


def match_words(event: dict, data: dict) -> str:
    route = f"route `{data['route']}`" if data["route"] else "an unnamed route"
    match = data["match"]
    args = route_args(match)
    return (f"the router of {name(event['node'])} matched {data['method']} to {route} "
            f"(template `{data['template']}`): controller `{match.get('controller')}`, action "
            f"`{match.get('action')}`" + (f" with {args}" if args else ""))


def path_set_words(trace: TraceIndex, span) -> list[str]:
    """`PATH_INFO was /servers until filter:mine set it to /flavors`: each layer above the span
    `span` (a router's, where it matched or missed) that rewrote the path before calling down,
    outermost first, read from the paths each layer saw as it was entered.

    A route matched on a path the client did not send read as the client's path: a filter
    that set PATH_INFO turned GET /servers into flavors.index() with a 200 and no word. Only a
    changed path counts, not one moved between SCRIPT_NAME and PATH_INFO (a urlmap's prefix).
    """
    chain = []
    enter = trace.enter_of.get(span)
    while enter is not None and len(chain) <= len(trace.enter_of):  # parents may loop
        chain.append(enter)
        enter = trace.enter_of.get(enter["parent"])
    words = []
    for inner, outer in pairwise(chain):
        was, now = outer["data"], inner["data"]
        if (was["path_info"] != now["path_info"]
                and was["script_name"] + was["path_info"] != now["script_name"] + now["path_info"]):
            words.append(f"PATH_INFO was {readable_path(was['path_info'])} until "
                         f"{outer['node']} set it to {readable_path(now['path_info'])}")
    return words[::-1]


def route_miss_step(trace, index, event, data) -> Step:
    return Step(" ".join(route_miss_story(event, data)))


def route_miss_story(event: dict, data: dict) -> list[str]:
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


def _candidate(candidate: dict) -> str:
    route = f"`{candidate['route']}`" if candidate["route"] else "unnamed"
    methods = ", ".join(candidate["methods"]) or "any method"
    return f"{route} (`{candidate['template']}`, {methods})"


def action_step(trace, index, event, data) -> Step:
    args = shown_args({k: v for k, v in data["args"].items() if k != "body"})
    with_args = f" with {args}" if args else ""
    body = " and a JSON body" if "body" in data["args"] else ""
    return Step(f"{capital(name(event['node']))} called the `{data['controller']}` "
                f"controller's `{data['action']}` action{with_args}{body}.")


def return_step(trace, index, event, data) -> Step:
    action = trace.action[index]
    what = f"`{action['data']['controller']}.{action['data']['action']}` " if action else ""
    return Step(f"The action {what}of {name(event['node'])} returned "
                f"{status_said(data['status'])} after {data['duration_ms']} ms.")
