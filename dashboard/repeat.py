"""Repeat a recorded request (`POST /api/traces/ID/repeat`), saying where it cannot be the same.

A request sent from the page is remembered whole (`dashboard.sender.SentRequests`) and sent
again as it was. Any other is rebuilt from its trace's events, which hold less than the client
sent: secrets redacted (headers, query parameters, JSON fields) and a body only as the JSON a
controller read. Sent as if it were the recorded request, the rebuilt one would mislead a
class reproducing a 413 or a failure, so the answer's `differences` says, one sentence each,
what was sent otherwise and why.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote
from urllib.parse import urlsplit

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import jsonify

from dashboard.sender import MAX_MADE_BODY
from dashboard.sender import TYPED_SAFE
from dashboard.sender import SendError
from dashboard.sender import check_spec
from dashboard.sender import is_chunked
from dashboard.sender import send_to_stack
from dashboard.store import get_store
from dashboard.store import not_here
from stack import redact_url
from stack.body_preview import header
from stack.redact import REDACTED
from stack.redact_json import MAX_DEPTH
from stack.redact_json import SECRET_FIELD
from stack.redact_json import TOO_DEEP
from stack.redact_url import QUERY_PAIR
from stack.wsgi_checks_values import content_length

#: Headers never copied from a recorded request into a repeat: the connection sets them
#: (a chunked body's Transfer-Encoding is set again, `recorded_spec`). The Host is copied: a
#: urlmap's domain keys route by it.
HOP_HEADERS = frozenset({"content-length", "connection", "transfer-encoding"})
#: What a percent-encoding leaves in a decoded path (RFC 3986 pchar and `/`): `%`, `?` and `#`
#: are data there.
DECODED_SAFE = "/:@!$&'()*+,;="
#: What stands in for a body that was not recorded, repeated to the recorded length: what a size
#: limit answers depends on the length alone.
STAND_IN = "x"
#: How deep a body is recorded: the stack cuts a controller's args at `stack.redact_json.MAX_DEPTH`
#: (what was deeper is `TOO_DEEP`), and the body is one level inside them.
RECORDED_LEVELS = MAX_DEPTH - 1

bp = Blueprint("repeat", __name__)


def recorded_spec(trace: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[str]]:
    """A send spec rebuilt from a trace's events, the redacted headers it has to leave out, and
    how else it differs from the recorded request (`differences`)."""
    start = next((e for e in trace["events"] if e["kind"] == "request.start"), None)
    if start is None:
        raise SendError("this trace has no request.start event: nothing to repeat", 409)
    data = start["data"]
    query = data.get("query") or ""
    path = recorded_target(data.get("path") or "/", query)
    differences = [f"the query's `{name}` was redacted when recorded: sent as `{REDACTED}`"
                   for name in redacted_parameters(query)]
    recorded = data.get("headers") or {}
    headers, left_out = {}, []
    for name, value in recorded.items():
        if name.lower() in HOP_HEADERS:
            continue
        if value == REDACTED:
            left_out.append(name)
            differences.append(f"the {name} header was redacted when recorded: left out")
        else:
            headers[name] = value
    chunked, length = is_chunked(recorded), content_length(list(recorded.items()))
    if chunked:  # sent with a Content-Length, it would take other paths in the stack
        headers["Transfer-Encoding"] = "chunked"
    action = next((e for e in trace["events"] if e["kind"] == "controller.action"), None)
    args = (action["data"].get("args") or {}) if action else {}
    if "body" in args:
        body, said = read_body(args["body"], chunked, length)
    else:
        body, said = unread_body(recorded, chunked, length)
    spec = {"stack": trace["stack"], "method": data.get("method") or "GET", "path": path,
            "headers": headers, "body": body}
    try:
        return check_spec(spec), left_out, differences + said
    except SendError as exc:  # said of the recorded request: Repeat has no fields to fix
        reason = str(exc).replace("field '", "its '")
        raise SendError(f"the request as recorded cannot be sent again: {reason}", 409) from None


def recorded_target(path: str, query: str) -> str:
    """The request target a recorded request was sent with, from its PATH_INFO and query.

    The stack records PATH_INFO as the WSGI server handed it over: escapes decoded, the bytes
    read as Latin-1 (PEP 3333), so those bytes are escaped again (a `%2F` the server decoded
    stays `/`); QUERY_STRING is recorded undecoded, so only its bytes beyond ASCII are.
    """
    try:
        target = quote(path, safe=DECODED_SAFE, encoding="latin-1")
        if query:
            target += "?" + quote(query, safe=TYPED_SAFE, encoding="latin-1")
    except UnicodeEncodeError as exc:
        raise SendError(f"the recorded path or query holds {exc.object[exc.start]!r}, which no "
                        "WSGI server hands over (it is not Latin-1): nothing to repeat",
                        409) from None
    return target


def redacted_parameters(query: str) -> list[str]:
    """The names of the query's parameters the stack redacted, by its own rule
    (`stack.redact_url.secret_parameter`): a name escaped twice (`%2570assword`) is a secret's
    too, listed decoded as often as it was escaped; one escaped too often to read, as written.
    """
    return [redact_url.unescaped(pair["name"]) or pair["name"]
            for pair in QUERY_PAIR.finditer(query)
            if pair["value"] == REDACTED and redact_url.secret_parameter(pair["name"])]


def read_body(body: Any, chunked: bool, length: int | None) -> tuple[str, list[str]]:
    """The body a controller read, as JSON text, and how it differs from the one sent: its
    redacted fields, its parts nested too deeply to be recorded, and its length, the JSON
    being written out again (`chunked` and `length`: how the recorded one came).

    A body that came chunked is sent chunked (`recorded_spec`): its length was not recorded,
    so written out again it may be longer or shorter, which is said.
    """
    text = json.dumps(body)
    size = len(text.encode())
    parts = list(body_parts(body))
    said = [f"the body's `{where}` was redacted when recorded: sent as `{REDACTED}`"
            for where, key, item, _ in parts
            if key is not None and item == REDACTED and SECRET_FIELD.search(str(key))]
    # NOTE: a string `…` the client sent at that very depth reads the same: said too.
    cut = [where for where, _, item, depth in parts
           if depth == RECORDED_LEVELS and item == TOO_DEEP]
    if cut:
        others = len(cut) - 1
        more = f" and {others} more {'part' if others == 1 else 'parts'} were" if others else " was"
        said.append(f"the body's `{cut[0]}`{more} nested deeper than the {RECORDED_LEVELS} "
                    f"levels the stack records: sent as `{TOO_DEEP}`")
    if chunked:
        said.append(f"the body was recorded as the JSON its controller read, and not its "
                    f"length, as it came chunked: sent chunked too, written out again in "
                    f"{size} bytes")
    elif length is not None and length != size:
        said.append(f"the body was recorded as the JSON its controller read: sent written out "
                    f"again, {size} bytes where the recorded one had {length}")
    return text, said


def body_parts(value: Any, where: str = "",
               depth: int = 0) -> Iterator[tuple[str, Any, Any, int]]:
    """Every value inside a JSON body, outer ones first: where it is (`server.adminPass`,
    `users[0]`), its key (None in a list), the value, and how many levels in it is (1 for
    the body's own fields)."""
    if isinstance(value, dict):
        items = [(f"{where}.{key}" if where else str(key), key, item)
                 for key, item in value.items()]
    elif isinstance(value, list):
        items = [(f"{where}[{index}]", None, item) for index, item in enumerate(value)]
    else:
        return
    for path, key, item in items:
        yield path, key, item, depth + 1
        yield from body_parts(item, path, depth + 1)


def unread_body(recorded: dict[str, str], chunked: bool,
                length: int | None) -> tuple[str, list[str]]:
    """What stands in for a body no controller read, which the stack did not record, and why
    (`chunked` and `length`: how it came, by the `recorded` headers).

    A stand-in as long as the body keeps what a size limit answers (the class repeating a 413
    gets the 413); sending nothing would get another answer for another reason. A body whose
    length was not recorded is left out, and one longer than `MAX_MADE_BODY` refused. One that
    came chunked is sent chunked, empty (`recorded_spec`): the stack's layers that ask for a
    Content-Length (a size limit, a controller reading JSON) find none, as they did; one of 0
    would take them down other paths.
    """
    if chunked:
        return "", ["the body was not recorded, nor its length, as it came chunked: sent "
                    "chunked too, but empty"]
    if length is None and any(header(recorded.items(), name)
                              for name in ("content-length", "transfer-encoding")):
        return "", ["the body was not recorded, nor its length: sent without it"]
    if not length:
        return "", []
    if length > MAX_MADE_BODY:
        raise SendError(f"the request as recorded cannot be sent again: its body ({length} "
                        f"bytes) was not recorded, and Repeat stands in for one of at most "
                        f"{MAX_MADE_BODY} bytes", 409)
    return STAND_IN * length, [
        f"the body ({length} bytes) was not recorded, as the stack keeps a body only once a "
        f"controller has read it as JSON: sent as {length} bytes of `{STAND_IN}` in its place"]


def host_differences(spec: dict[str, Any]) -> list[str]:
    """Said of a recorded Host header sent to another address than the one it names: a
    domain key routes by the header, not by where the connection goes."""
    host = header(spec["headers"].items(), "host")
    stack = get_store().stack(spec["stack"])
    if not host or stack is None:  # no stack: `send_to_stack` says so
        return []
    address = urlsplit(stack["url"]).netloc
    if host.lower() == address.lower():
        return []
    return [f"the Host header was sent as recorded, `{host}`, to the stack's address, {address}"]


@bp.post("/api/traces/<trace_id>/repeat")
def post_repeat(trace_id: str):
    """`POST /api/traces/ID/repeat` — send a recorded request again (Repeat button)."""
    try:
        spec = current_app.extensions["pastescope.sent"].get(trace_id)
        left_out: list[str] = []
        differences: list[str] = []
        if spec is None:
            trace = get_store().trace(trace_id)
            if trace is None:
                raise SendError(not_here(trace_id), 404)
            spec, left_out, differences = recorded_spec(trace)
            differences += host_differences(spec)
        result = send_to_stack(spec)
    except SendError as exc:
        return jsonify(error=str(exc)), exc.status
    return jsonify({**result, "left_out": left_out, "differences": differences})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
