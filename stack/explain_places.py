"""A layer named with where it is: which of its pipeline's places it ran at, for a layer its
pipeline lists more than once, and its line in the ini with the line that placed it there.

Every sentence that sends a reader to a layer names it so: a name alone names two boxes of
the diagram, or leaves an operator searching a file of many sections.
"""

from __future__ import annotations

from stack.explain_index import TraceIndex
from stack.explain_words import name
from stack.graph_model import split_id


def named(trace: TraceIndex, event: dict) -> str:
    """`name` of the layer of a span's event, with its place when that is ambiguous
    (`place_words`)."""
    return name(event["node"]) + trace.where.get(event["span"], "")


def located(trace: TraceIndex, event: dict) -> str:
    """`named`, with where the layer is in the ini and what put it where it ran
    (`_in_ini`): "the filter `authtoken` (api-paste.ini line 40, placed by [pipeline:main] at
    line 12)". Said of the layer that answered a request itself: the operator's next step is
    that line, and a name alone left them to search a file of many sections."""
    where = trace.where.get(event["span"], "")
    return name(event["node"]) + said_within(where, _in_ini(trace, event, bool(where)), ";")


def said_within(place: str, words: str, separator: str) -> str:
    """A layer's place words (`TraceIndex.where`, " (its second place in …)") with `words`
    said inside the same parentheses, after `separator`: " (its second place in the pipeline
    `main`; api-paste.ini line 40)"; each alone as it is. One pair of parentheses after a
    layer's name, however much is said of where it is."""
    if not words:
        return place
    return f"{place[:-1]}{separator} {words})" if place else f" ({words})"


def _in_ini(trace: TraceIndex, event: dict, named: bool) -> str:
    """`api-paste.ini line 40, placed by [pipeline:main] at line 12`: the line of the layer of
    `event` in the graph the trace ran on, and that of the pipeline that listed it there (for
    a composite's inline pipeline, its key's: `placed by the `keystone` key of
    [composite:api] at line 20`); "" without the graph or a line. `named`: whether the
    pipeline is named already (`place_words`), then only its line is said."""
    node = trace.nodes.get(event["node"] or "")
    if node is None or node.get("line") is None:
        return ""
    here = file_line(node, None)
    enter = trace.pipelines.pipeline_around(event["parent"]) if trace.pipelines else None
    pipeline = trace.nodes.get(enter["node"]) if enter is not None else None
    if (pipeline is None or pipeline.get("line") is None
            or event["node"] not in trace.pipelines.positions.get(pipeline["id"], [])):
        return here
    at = f"at {file_line(pipeline, node.get('file'))}"
    composite, key = trace.keys_into.get(pipeline["id"], (None, None))
    if named:
        return f"{here}, the {'pipeline' if key is None else f'`{key}` key'} {at}"
    if key is not None:
        return f"{here}, placed by the `{key}` key of [{split_id(composite)[1]}] {at}"
    return f"{here}, placed by [{split_id(pipeline['id'])[1]}] {at}"


def file_line(node: dict, file: str | None) -> str:
    """`api-paste.ini line 40`, or `line 40` where the node is in `file`, said already."""
    shown = node.get("file")
    return f"line {node['line']}" if not shown or shown == file else f"{shown} line {node['line']}"


def _catcher(trace: TraceIndex, error: dict) -> dict | None:
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


def raised_place(trace: TraceIndex, error: dict) -> str:
    """The place words (`place_words`) of the layer that raised `error`: its span's, when
    the error was recorded in the span of the layer that raised it."""
    if error["node"] != error["data"]["raised_at"]:
        return ""
    return trace.where.get(error["span"], "")


def caught_place(trace: TraceIndex, error: dict) -> str:
    """The place words (`place_words`) of the layer that caught `error` (`_catcher`)."""
    catcher = _catcher(trace, error)
    return trace.where.get(catcher["span"], "") if catcher is not None else ""
