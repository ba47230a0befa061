"""Saved requests: a set of traces, with their stacks' graphs, exported to a file and loaded back.

A teacher records the requests worth showing once, with a stack running, and teaches from the
file later with none: `GET /api/traces/export` answers a JSON document (an attachment) holding
the traces — summary and events — the announcements of their stacks (graph and routes), and the
graphs the traces were served with, and `POST /api/traces/import` puts them back in the store,
where the request list, the detail, the step view and the diagram read them as if the stack had
sent them. A stack loaded so is marked with the file's name: not running, shown as "from FILE",
and nothing is sent to it.

A request is drawn with the graph its stack had when it was served (`TraceStore.stack_of`), and
a file keeps it so: its `graphs` hold each graph the traces were served with once, naming them,
and loading gives each trace its own, even beside a running stack of the same name whose graph
is another. A file an older dashboard saved has no `graphs`: its traces are drawn with their
stack's, as before.

A loaded file is checked whole before anything is stored, with the same checks as ingest (an
event is an event however it arrives); an error says where: trace index, event seq, field.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import Response
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request

from dashboard.errors import human_size
from dashboard.feed import get_feed
from dashboard.ingest_announcements import check_stack
from dashboard.ingest_events import BadInput
from dashboard.ingest_events import check_event
from dashboard.ingest_events import load_json
from dashboard.store import get_store
from dashboard.store import not_here
from dashboard.trace_rows import in_order
from dashboard.traces import MAX_LIMIT
from dashboard.traces import BadQuery
from dashboard.traces import list_filters
from dashboard.traces import no_params
from dashboard.traces import selection
from dashboard.upload_text import UploadRefused
from dashboard.upload_text import read_upload_text

#: What the file says it is, and the one version this dashboard reads and writes.
KIND = "requests"
VERSION = 1
#: Fields of a stack announcement worth keeping in a file (not its pid, nor when it was seen).
STACK_FIELDS = ("name", "url", "file", "graph", "routes")
#: The file's JSON as written: no spaces.
SEPARATORS = (",", ":")

bp = Blueprint("bundles", __name__)


class FileTooLarge(BadInput):
    """A file past the import's limit: 413, as an ini's or a lesson's."""

    status = 413


def export_document(traces: list[dict[str, Any]]) -> dict[str, Any]:
    """The file for stored `traces` (summary + events): them, and their stacks' announcements."""
    store = get_store()
    stacks = []
    for name in dict.fromkeys(trace["stack"] for trace in traces):
        stack = store.stack(name)
        if stack is not None:
            stacks.append({field: stack[field] for field in STACK_FIELDS})
    # NOTE: a graph of a stack left out (forgotten, past retention) could not be drawn here.
    names = {stack["name"] for stack in stacks}
    graphs = [graph for graph in store.graphs_of([trace["trace"] for trace in traces])
              if graph["stack"] in names]
    return {"pastescope": KIND, "version": VERSION, "stacks": stacks, "graphs": graphs,
            "traces": traces}


def chosen_traces() -> tuple[list[dict[str, Any]], int]:
    """The traces `ids=a,b,c` names (all must exist), else those the list filters select:
    with no `limit`, the newest `MAX_LIMIT`, the most a file loads (not the list's 100); and
    how many were asked for (the filters may select more than are saved)."""
    store = get_store()
    ids = [part.strip() for part in request.args.get("ids", "").split(",") if part.strip()]
    if ids:
        if len(ids) > MAX_LIMIT:
            raise BadQuery(f"at most {MAX_LIMIT} ids, got {len(ids)}")
        found = {trace_id: store.trace(trace_id) for trace_id in dict.fromkeys(ids)}
        unknown = [trace_id for trace_id, trace in found.items() if trace is None]
        if unknown:
            raise LookupError(not_here(*unknown))
        return list(found.values()), len(found)
    filters = list_filters(MAX_LIMIT)
    rows = store.traces(**filters)
    traces = [trace for trace in (store.trace(row["trace"]) for row in rows) if trace is not None]
    return traces, store.count(**selection(filters))


def loadable(document: dict[str, Any], limit: int) -> list[str]:
    """The JSON of a file's traces, first first, that it can hold and still load: one of more
    than `limit` bytes is refused on loading, so the file stops before that, and its name says
    how many it holds, as when the filters select more than it saves (`file_name`). Counted as
    if it held all its stacks and graphs: a file of fewer traces holds no more of them."""
    size = len(file_text(document, []))
    texts = []
    for trace in document["traces"]:
        text = json.dumps(trace, separators=SEPARATORS)
        size += len(text) + 1  # and its comma
        if size > limit:
            break
        texts.append(text)
    return texts


def file_text(document: dict[str, Any], traces: list[str]) -> str:
    """The file: `document` with `traces` (each trace's JSON, from `loadable`) as its traces,
    each encoded once."""
    # NOTE: "traces" is the document's last field: its empty list closes the text.
    head = json.dumps({**document, "traces": []}, separators=SEPARATORS).removesuffix("[]}")
    return f"{head}[{','.join(traces)}]}}"


def file_name(saved: int, selected: int) -> str:
    """The download's name: when the filters select more than were saved, it says how many of
    how many (the newest), as the list page does; a file must not look like all of them."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    part = f"-newest-{saved}-of-{selected}" if selected > saved else ""
    return f"pastescope-requests-{stamp}{part}.json"


@bp.get("/api/traces/export")
def export_traces():
    """`GET /api/traces/export?ids=a,b` (or the list's filters) — the requests, as a file."""
    try:
        traces, selected = chosen_traces()
    except BadQuery as exc:
        return jsonify(error=str(exc)), 400
    except LookupError as exc:
        return jsonify(error=str(exc.args[0])), 404
    limit = current_app.config["MAX_IMPORT_BYTES"]
    document = export_document(traces)
    texts = loadable(document, limit)
    if traces and not texts:
        return jsonify(error=f"the request {traces[0]['trace']!r} alone takes more than "
                             f"{human_size(limit)}, the most a file of saved requests loads"), 413
    if len(texts) < len(traces):
        document = export_document(traces[:len(texts)])
    return Response(
        file_text(document, texts),
        mimetype="application/json",
        headers={"Content-Disposition":
                 f'attachment; filename="{file_name(len(texts), selected)}"'},
    )


def check_document(doc: Any) -> dict[str, Any]:
    """Raise BadInput, saying where, unless `doc` is a whole, well-formed requests file."""
    if not isinstance(doc, dict) or doc.get("pastescope") != KIND:
        raise BadInput('not a file of saved requests (no "pastescope": "requests")')
    if doc.get("version") != VERSION:
        raise BadInput(f"version {json.dumps(doc.get('version'))[:20]} is not one this "
                       f"dashboard reads (it reads version {VERSION})")
    for name in ("stacks", "traces"):
        if not isinstance(doc.get(name), list):
            raise BadInput(f"field {name!r} must be a list")
    stack_at: dict[str, int] = {}
    for index, info in enumerate(doc["stacks"]):
        label = info.get("name") if isinstance(info, dict) else None
        try:
            check_stack(info)
        except BadInput as exc:
            raise BadInput(f"stack {index} ({label!r}): {exc}") from None
        # NOTE: announced in turn, the last would win, with a graph its traces were not served by
        earlier = stack_at.setdefault(label, index)
        if earlier != index:
            raise BadInput(f"stack {index} ({label!r}): stack {earlier} has the same name; a "
                           "file holds each stack once")
    if not doc["traces"]:
        raise BadInput("the file holds no traces")
    if len(doc["traces"]) > MAX_LIMIT:
        raise BadInput(f"the file holds {len(doc['traces'])} traces; at most {MAX_LIMIT} load")
    first_of: dict[str, int] = {}
    for index, trace in enumerate(doc["traces"]):
        check_trace(trace, f"trace {index}")
        # NOTE: the store would merge two traces of one id, each seq's first event winning.
        earlier = first_of.setdefault(trace["trace"], index)
        if earlier != index:
            raise BadInput(f"trace {index} ({trace['trace']}): trace {earlier} has the same id; "
                           "each request is in the file once")
    check_graphs(doc)
    return doc


def check_graphs(doc: dict[str, Any]) -> None:
    """Raise BadInput, saying where, unless each of the file's `graphs` (none in a file an
    older dashboard saved) names requests of one stack of the file, each in one graph, and is
    a graph that stack could announce: one a page could not draw is refused here, not on the
    page."""
    graphs = doc.get("graphs", [])
    if not isinstance(graphs, list):
        raise BadInput("field 'graphs' must be a list")
    stacks = {info["name"]: info for info in doc["stacks"]}
    stack_of = {trace["trace"]: in_order(trace["events"])[0]["stack"] for trace in doc["traces"]}
    first_in: dict[str, int] = {}
    for index, entry in enumerate(graphs):
        where = f"graph {index}"
        if not isinstance(entry, dict):
            raise BadInput(f"{where}: must be an object")
        name, traces = entry.get("stack"), entry.get("traces")
        if not isinstance(traces, list) or not all(isinstance(one, str) for one in traces):
            raise BadInput(f"{where}: field 'traces' must be a list of request ids")
        for trace_id in traces:
            if trace_id not in stack_of:
                raise BadInput(f"{where}: no request {trace_id!r} in the file (a request taken "
                               f"out of 'traces' is taken out of this graph's 'traces' too)")
            if stack_of[trace_id] != name:
                raise BadInput(f"{where}: request {trace_id!r} is of the stack "
                               f"{stack_of[trace_id]!r}, not {name!r}")
            earlier = first_in.setdefault(trace_id, index)
            if earlier != index:
                raise BadInput(f"{where}: request {trace_id!r} is in graph {earlier} too; each "
                               "request has one graph")
        if not isinstance(name, str) or name not in stacks:
            raise BadInput(f"{where}: no stack {name!r} in the file")
        try:
            check_stack({**stacks[name], "graph": entry.get("graph"),
                         "routes": entry.get("routes")})
        except BadInput as exc:
            raise BadInput(f"{where}: {exc}") from None


def check_trace(trace: Any, where: str) -> None:
    if not isinstance(trace, dict):
        raise BadInput(f"{where}: must be an object")
    trace_id = trace.get("trace")
    if not isinstance(trace_id, str) or not trace_id:
        raise BadInput(f"{where}: field 'trace' must be a trace id")
    where = f"{where} ({trace_id})"
    events = trace.get("events")
    if not isinstance(events, list) or not events:
        raise BadInput(f"{where}: field 'events' must be a list of events")
    numbers: dict[int, int] = {}
    for number, event in enumerate(events):
        seq = event.get("seq") if isinstance(event, dict) else None
        at = f"{where}, event {number}" + (f" (seq {seq})" if isinstance(seq, int) else "")
        check_event(event, at)
        if event["trace"] != trace_id:
            raise BadInput(f"{at}: 'trace' is {event['trace']!r}, not the trace's id")
        # NOTE: the store keeps one event a seq: a repeated one (an event copied by hand)
        # would vanish, and with it maybe the request's end.
        earlier = numbers.setdefault(event["seq"], number)
        if earlier != number:
            raise BadInput(f"{at}: event {earlier} has the same seq; each event of a trace "
                           "has its own")
    # NOTE: no request.end is a request still pending when it was saved: loaded as pending, as
    # the list shows it live (refusing it refused the whole file a dashboard had saved).
    if not any(event["kind"] == "request.start" for event in events):
        raise BadInput(f"{where}: needs its request.start event (what the request was)")


def load_document(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """Store checked file `name`: announce its stacks as loaded from it (a live one of the same
    name is kept), then its traces. What was done, for the answer: the traces, and which of
    them were stored already.

    All in one transaction: refused (the store in use by another process), nothing of the file
    is stored, as the 503 says; a lock taken between its writes had left its stacks announced
    and answered that nothing was stored."""
    store = get_store()
    announced, kept = [], []
    ids = [trace["trace"] for trace in doc["traces"]]
    with store.writing():
        for info in doc["stacks"]:
            live = store.stack(info["name"])
            if live is not None and live["online"]:
                kept.append(info["name"])
                continue
            store.announce_stack(info, loaded_from=name)
            announced.append(info["name"])
        # A trace already stored (the file loaded before, maybe since edited) becomes the
        # file's; the answer says which were, else loading a file twice read as adding it twice.
        already = store.stored(ids)
        store.add_events([event for trace in doc["traces"] for event in trace["events"]],
                         replace=True)
        for graph in doc.get("graphs", []):
            store.set_graph(graph["traces"], graph["graph"], graph.get("routes"))
    get_feed().traces_loaded()
    return {
        "traces": ids,
        "already": [trace for trace in ids if trace in already],
        "announced": announced,
        "kept_live": kept,
    }


def read_upload() -> tuple[str, dict[str, Any]]:
    """The file name and checked document of the multipart field `file`; else BadInput."""
    try:
        name, text = read_upload_text(current_app.config["MAX_IMPORT_BYTES"],
                                      "the saved requests", "the file")
    except UploadRefused as exc:
        raise (FileTooLarge if exc.too_large else BadInput)(str(exc)) from None
    if not text.strip():  # json's "Expecting value (line 1 column 1)" says it as a puzzle
        raise BadInput(f"{name}: the file is empty: a file of saved requests is what the "
                       "Requests page's 'Save these requests' downloads")
    doc = load_json(text, name, "not JSON")
    try:
        return name, check_document(doc)
    except BadInput as exc:
        raise BadInput(f"{name}: {exc}") from None


@bp.post("/api/traces/import")
def import_traces():
    """`POST /api/traces/import` — multipart `file`: a saved-requests file into the store.

    JSON for scripts; for the page's htmx form, the result as a fragment (htmx swaps only 2xx
    answers, so a refusal is a 200 fragment that says why).
    """
    no_params()
    htmx = bool(request.headers.get("HX-Request"))
    try:
        name, doc = read_upload()
    except BadInput as exc:
        if htmx:
            return render_template("_import_result.html", error=str(exc))
        return jsonify(error=str(exc)), exc.status
    result = load_document(doc, name)
    if htmx:
        return render_template("_import_result.html", name=name, **result)
    return jsonify(result)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["max_saved"] = MAX_LIMIT  # the Save link says how many it takes
