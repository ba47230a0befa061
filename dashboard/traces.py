"""Recorded requests: the `/api/traces` JSON and the request list and detail pages.

One URL, two representations: `/requests` and `/requests/ID` answer an htmx request with just
the partial (rows, or the detail panel) and a browser with the whole page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask import Flask
from flask import abort
from flask import jsonify
from flask import render_template
from flask import request
from werkzeug.routing import BaseConverter

from dashboard.auth import PARAM
from dashboard.drawing import url_with
from dashboard.ingest_events import SAVED_REQUESTS_IDS
from dashboard.store import get_store
from dashboard.store import not_here
from dashboard.store_filters import status_condition
from dashboard.stream import STREAM_ID_HEADER
from dashboard.stream import latest_id
from dashboard.stream import stack_refused
from dashboard.timeline import request_detail
from dashboard.timeline import shown_trace
from dashboard.views import not_kept
from dashboard.whole_number import whole_number
from stack.near_names import nearest
from stack.near_names import said_meant
from stack.wsgi_path import readable_path

#: Rows in a list page or `GET /api/traces` answer, by default and at most.
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

bp = Blueprint("traces", __name__)


class BadQuery(ValueError):
    """A query parameter that makes no sense; answered with 400 and this message."""


#: The query parameters `GET /api/traces` takes, `list_filters`' and `before`: any other is
#: refused (`known_params`), as a typo (`staus=404`) taken for no filter would list every request.
API_PARAMS = ("limit", "before", "stack", "method", "path", "status")


def list_filters(default_limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """`limit` (`default_limit` when not given), `stack`, `method`, `status`, `path` from the
    query string, checked."""
    args = request.args
    limit = args.get("limit", str(default_limit))
    count = whole_number(limit, 1, MAX_LIMIT)
    if count is None:
        raise BadQuery(f"limit must be a whole number from 1 to {MAX_LIMIT}, got {limit!r}; "
                       "a longer list comes in pages")
    status = args.get("status", "").strip()
    if status:
        try:
            status_condition(status)
        except ValueError:
            message = ("status must be a code like 404, a class like 4xx, error, no answer (or "
                       f"none), pending, or wsgi, got {status!r}")
            raise BadQuery(message) from None
    stack = args.get("stack") or None
    refused = stack and stack_refused(stack)
    if refused:
        raise BadQuery(refused)
    return {
        "limit": count,
        "stack": stack,
        "method": args.get("method") or None,
        "status": status or None,
        "path": args.get("path") or None,
    }


def selection(filters: dict[str, Any]) -> dict[str, Any]:
    """`list_filters` without its limit: what to count of the requests they select."""
    return {key: value for key, value in filters.items() if key != "limit"}


def known_params(taken: tuple[str, ...] = API_PARAMS) -> None:
    """BadQuery naming a query parameter that is none of `taken` (nor the teacher's `token`,
    which the guard reads on every page), the one it may have meant, and those taken."""
    for name in request.args:
        if name not in taken and name != PARAM:
            takes = f"takes {', '.join(taken)}" if taken else "takes no query parameter"
            raise BadQuery(f"{unknown('query parameter', name, taken)}; {request.path} {takes}")


def unknown(kind: str, name: str, known: tuple[str, ...]) -> str:
    """`unknown field 'idx' (did you mean 'index'?)`: a name given that is none of `known`
    (a query parameter, a posted body's field), and the one of them it may have meant."""
    meant = nearest(name, known)
    guess = f" ({said_meant([repr(found) for found in meant], '{}')})" if meant else ""
    return f"unknown {kind} {name!r}{guess}"


def no_params() -> None:
    """A 400 naming a query parameter given to an endpoint that takes none (`known_params`):
    a script's `?step=2` would otherwise be answered as if it had been read."""
    try:
        known_params(())
    except BadQuery as exc:
        abort(400, str(exc))


def no_params_on_api() -> None:
    """`no_params` for each `/api/` endpoint of a blueprint none of whose endpoints takes a
    query parameter: its `before_request` hook, so that no view has to call it."""
    # NOTE: not for OPTIONS, which Flask answers itself (its `Allow`) without calling the view.
    # A 404 or a 405 runs no blueprint's hook: no endpoint was found.
    if request.path.startswith("/api/") and request.method != "OPTIONS":
        no_params()


class TraceId(BaseConverter):
    """A trace id in `/api/traces/ID`: never `import` nor `export`, the saved requests' URLs
    (`dashboard.bundles`), which no trace may have (`dashboard.ingest_events.UNOPENABLE_IDS`): so a
    GET of the import is a 405 naming the method it takes, not "no trace 'import' here"."""

    regex = rf"(?!(?:{'|'.join(SAVED_REQUESTS_IDS)})$)[^/]+"


def api_row(row: dict[str, Any]) -> dict[str, Any]:
    """A summary as the API answers it: its `path` as the list shows it (`readable_path`), the
    form the `path` filter finds, so a path the API gave finds its request; the events keep
    the path as WSGI handed it over."""
    return {**row, "path": readable_path(row["path"])}


def next_page(last: str) -> str:
    """The `Link` header to the page after the one ending with trace `last`: this request's
    own query, `before` that trace."""
    return f'<{url_with("before", last, external=True)}>; rel="next"'


@bp.get("/api/traces")
def api_traces():
    """`GET /api/traces?limit=N` — summaries, newest first (also filters: stack, method, path,
    status: `404`, `4xx`, `error` for requests an exception crossed a layer of, `no answer` or
    `none` for requests that ended with no status, `pending` for those whose end is not
    received, or `wsgi` for those a layer broke a WSGI rule on, with `serve --check-wsgi`).

    In pages: `X-Total-Count` says how many the filters select, and while more follow, a
    `Link: <…&before=ID>; rel="next"` names the next page (the body stays a list, as
    scripts read it)."""
    try:
        known_params()
        filters = list_filters()
    except BadQuery as exc:
        return jsonify(error=str(exc)), 400
    store = get_store()
    before = request.args.get("before")
    try:
        rows = store.traces(**{**filters, "limit": filters["limit"] + 1}, before=before)
    except LookupError:
        return jsonify(error=f"before names no trace kept here ({before!r}): the limits on "
                             "what the dashboard keeps (--max-traces, --max-age) may have "
                             "dropped it since; page again from the newest"), 400
    response = jsonify([api_row(row) for row in rows[:filters["limit"]]])
    response.headers["X-Total-Count"] = str(store.count(**selection(filters)))
    if len(rows) > filters["limit"]:
        response.headers["Link"] = next_page(rows[filters["limit"] - 1]["trace"])
    return response


@bp.get("/api/traces/<trace:trace_id>")
def api_trace(trace_id: str):
    """`GET /api/traces/ID` — a summary plus its events in order."""
    trace = get_store().trace(trace_id)
    if trace is None:
        return jsonify(error=not_here(trace_id)), 404
    return jsonify(api_row(trace))


@bp.get("/api/traces/<trace_id>/shown")
def api_trace_shown(trace_id: str):
    """`GET /api/traces/ID/shown` — `GET /api/traces/ID` with the shown forms the stream's
    `trace` message carries (`shown_trace`): what Live replays when a row is clicked, a
    request sent from it or Replay pressed, worded as when the stream brings it; and
    `graph_changed`, whether its stack's graph is another now (`StackRecords.stack_of`), so
    that Live says so of a box it cannot light only when that is why."""
    trace = trace_or_404(trace_id)
    stack = get_store().stack_of(trace) or {}
    return jsonify({**shown_trace(trace, stack.get("routes") or {}),
                    "graph_changed": stack.get("changed", False)})


@bp.get("/requests")
def request_list():
    """The request list: rows only for htmx (the live page's filters), saying the stream's id
    they are current as of (`STREAM_ID_HEADER`), else a page."""
    try:
        filters = list_filters()
    except BadQuery as exc:
        abort(400, str(exc))
    stream_id = latest_id()
    store = get_store()
    rows = store.traces(**filters)
    if request.headers.get("HX-Request"):
        return render_template("_rows.html", rows=rows), {STREAM_ID_HEADER: str(stream_id)}
    # NOTE: counted as the page is made; rows arriving live are not counted in.
    kept = store.count(**selection(filters))
    return not_kept(render_template("requests.html", rows=rows, filters=filters, kept=kept,
                                    methods_kept=store.methods(), stacks=store.stacks(),
                                    stream_id=stream_id))


def trace_or_404(trace_id: str, which: str = "") -> dict[str, Any]:
    """The stored trace, or a 404 naming the id — and `which` of a page's ids it was (compare's
    `a` or `b`); the error handler words it per URL."""
    trace = get_store().trace(trace_id)
    if trace is None:
        named = f"{which}: " if which else ""
        abort(404, named + not_here(trace_id, what="request with trace id"))
    return trace


@bp.get("/requests/<trace_id>")
def request_page(trace_id: str):
    """One request: timeline, events, headers, route, errors; the panel alone for htmx."""
    trace = trace_or_404(trace_id)
    # NOTE: Repeat is off, saying why, for a stack loaded from a file or that said it stopped,
    # as Live's send form is. The graph is the one the request was served with (`stack_of`):
    # the errors line names a layer's place in it.
    stack = get_store().stack_of(trace)
    # NOTE: the nodes it announced route tables of are its routers: a request that entered
    # one and matched no route is said to have reached it.
    routers = (stack or {}).get("routes") or {}
    detail = {**request_detail(trace, stack and stack["graph"], routers),
              "loaded_from": stack and stack["loaded_from"],
              "stopped": stack and stack["stopped"]}
    if request.headers.get("HX-Request"):
        return render_template("_request.html", **detail)
    return render_template("request.html", **detail)


def init_app(app: Flask) -> None:
    app.url_map.converters["trace"] = TraceId
    app.register_blueprint(bp)
