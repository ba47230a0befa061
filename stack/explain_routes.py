"""A router's steps in words: the route it matched (template, controller, action, args), or
why no route matched (the candidates that failed on the path, a requirement, a condition or
the method), the layers above it that changed the paths it was given, and the controller action
called and what it returned.
"""

from __future__ import annotations

from stack.explain_environ import path_was
from stack.explain_index import TraceIndex
from stack.explain_places import named
from stack.explain_words import Step
from stack.explain_words import action_word
from stack.explain_words import capital
from stack.explain_words import name
from stack.explain_words import sentence
from stack.explain_words import status_said
from stack.method_override import override_words
from stack.routing import miss_note
from stack.wsgi_path import quoted_path
from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args
from stack.wsgi_path import shown_args

#: Route candidates named in a failure story before "and N more".
SHOWN_CANDIDATES = 5


def match_step(trace, index, event, data) -> Step:
    change = {"key": "wsgiorg.routing_args", "before": None, "after": data["match"]}
    override = data.get("method_override")
    said = f" {override_words(data['method'], override)}" if override else ""
    return Step(sentence(match_words(event, data)) + said, [change])


def match_words(event: dict, data: dict) -> str:
    route = f"route `{data['route']}`" if data["route"] else "an unnamed route"
    match = data["match"]
    args = route_args(match)
    return (f"the router of {name(event['node'])} matched {data['method']} to {route} "
            f"(template `{data['template']}`): controller `{match.get('controller')}`, action "
            f"`{match.get('action')}`" + (f" with {args}" if args else ""))


def path_set_words(trace: TraceIndex, span) -> list[str]:
    """"PATH_INFO was `/servers` until filter:mine set it to `/flavors`: …": a sentence for
    each layer above the span `span` (a router's, where it matched or missed) that changed
    SCRIPT_NAME or PATH_INFO as it called down (`TraceIndex.path_setters`), outermost first,
    with what that did to the router.

    A route matched on a path the client did not send read as the client's path: a filter
    that set PATH_INFO turned GET /servers into flavors.index() with a 200 and no word, and
    one that set it to a path no route has, into a 404 the client's path cannot explain. One
    that moved a segment into SCRIPT_NAME (as urlmap and version filters do) gave the router
    a shorter path; one that set SCRIPT_NAME alone changed no route, but where the app is told
    it is mounted.
    """
    return [sentence(f"{_until(changes, setter['node'])}: "
                     + (PATH_SET if any(c["key"] == "PATH_INFO" for c in changes) else SCRIPT_SET))
            for setter, changes in trace.path_setters(span)]


#: What a layer that changed PATH_INFO above a router did to it (`path_set_words`).
PATH_SET = "the router was given the path that layer set, not the one the client sent"
#: What a layer that changed SCRIPT_NAME alone above a router did (`path_set_words`).
SCRIPT_SET = ("the router reads PATH_INFO, which that layer left as it was, but the app takes "
              "SCRIPT_NAME for where it is mounted: the URLs it makes of itself (WebOb's "
              "`application_url`) start with the one that layer set, not the client's")


def _until(changes: list[dict], setter: str) -> str:
    """"SCRIPT_NAME was empty and PATH_INFO was `/v1/x` until filter:ver set them to `/v1` and
    `/x`": the paths a layer changed (`environ_changes`) as it called down, `setter` naming
    it."""
    was = " and ".join(f"{change['key']} was {path_was(change, 'before')}" for change in changes)
    now = " and ".join(path_was(change, "after") for change in changes)
    return f"{was} until {setter} set {'it' if len(changes) == 1 else 'them'} to {now}"


def route_miss_step(trace, index, event, data) -> Step:
    return Step(" ".join(route_miss_story(trace, event, data)))


def route_miss_story(trace: TraceIndex, event: dict, data: dict) -> list[str]:
    """Why no route matched, from the candidates: each failed on the path or on the method, or
    its template fits but a requirement or another condition refused the request (a 404 whose
    path is not the cause). The path is said with the layer that set it, where one above the
    router changed PATH_INFO (`TraceIndex.path_setters`): a filter that rewrote the path to one
    no route has is the likeliest cause of the 404, and the router says only the path it was
    given."""
    node = name(event["node"])
    set_by = _set_by(trace, event["span"])
    path = quoted_path(data["path"]) + set_by
    comma = "," if set_by else ""
    by_method = [c for c in data["candidates"] if c["failed"] == "method"]
    refused = [c for c in data["candidates"] if c["failed"] in ("requirement", "condition")]
    by_path = [c for c in data["candidates"] if c["failed"] == "path"]
    story = []
    if by_method:
        allowed = sorted({m for c in by_method for m in c["methods"]})
        listed = "; ".join(_candidate(c) for c in by_method)
        story.append(f"The router of {node} found routes whose template matches "
                     f"{path}{comma} but whose method condition refuses "
                     f"{data['method']}: {listed}; so {data['status']} (allowed: "
                     f"{', '.join(allowed)}).")
    if refused:
        listed = "; ".join(_candidate(c, _refusal(c)) for c in refused)
        so = "" if by_method else f"; so {data['status']}"
        found = "Other routes" if by_method else f"The router of {node} found routes"
        story.append(f"{found} whose template matches {path}{comma} but that refused the "
                     f"request: {listed}{so}.")
    if by_path:
        shown = "; ".join(_candidate(c) for c in by_path[:SHOWN_CANDIDATES])
        more = len(by_path) - SHOWN_CANDIDATES + data.get("more", 0)
        tail = f", and {more} more" if more > 0 else ""
        if story:
            story.append(f"Other routes failed on the path {quoted_path(data['path'])}: "
                         f"{shown}{tail}.")
        else:
            story.append(f"No route of the router of {node} has a template matching "
                         f"{path}: {shown}{tail}; so {data['status']}.")
    override = data.get("method_override")
    notes = [override_words(data["method"], override) if override else "",
             miss_note(data["method"], data["path"], data["candidates"])]
    return [*story, *(note for note in notes if note)]


def _refusal(candidate: dict) -> str:
    """What refused a route whose template fits: `` `id` `abc` does not fit `\\d+` `` or
    `its condition function `is_admin``."""
    if candidate["failed"] == "requirement":
        return (f"`{candidate['requirement']}` `{readable_path(candidate['value'])}` does not "
                f"fit `{candidate['pattern']}`")
    return f"its condition {candidate['condition']}"


def _set_by(trace: TraceIndex, span) -> str:
    """`, the PATH_INFO the filter `mine` set`: the layer nearest the router that changed
    PATH_INFO above it (`TraceIndex.path_setters`), "" for none. What it was before, the story
    says as that layer calls down (`explain_story._rewritten`)."""
    setters = [setter for setter, changes in trace.path_setters(span)
               if any(change["key"] == "PATH_INFO" for change in changes)]
    return f", the PATH_INFO {named(trace, setters[-1])} set" if setters else ""


def _candidate(candidate: dict, why: str = "") -> str:
    route = f"`{candidate['route']}`" if candidate["route"] else "unnamed"
    methods = ", ".join(candidate["methods"]) or "any method"
    return f"{route} (`{candidate['template']}`, {methods}{': ' + why if why else ''})"


def action_step(trace, index, event, data) -> Step:
    args = shown_args({k: v for k, v in data["args"].items() if k != "body"})
    with_args = f" with {args}" if args else ""
    body = " and a JSON body" if "body" in data["args"] else ""
    return Step(f"{capital(name(event['node']))} called the `{data['controller']}` "
                f"controller's {action_word(data['action'])}{with_args}{body}.")


def return_step(trace, index, event, data) -> Step:
    action = trace.action[index]
    what = f"`{action['data']['controller']}.{action['data']['action']}` " if action else ""
    return Step(f"The action {what}of {name(event['node'])} returned "
                f"{status_said(data['status'])} after {data['duration_ms']} ms.")
