"""Send a request from the page: the dashboard performs it against a stack and says what came back.

The browser cannot call the stack itself (another origin), so it posts `{stack, method, path,
headers, body}` to `POST /api/send` and the dashboard makes the real HTTP request to the url the
stack announced — only to announced stacks on loopback, so the page is no open proxy. The
trace's events then arrive like anyone else's (stack → ingest → stream) and animate.

What was sent is remembered (bounded, in memory only) so `Repeat` (`dashboard.repeat`) can
resend a request with the secrets the stack redacted; a request sent by someone else is rebuilt
from its trace.
"""

from __future__ import annotations

import http.client
import json
import re
import string
import threading
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import quote
from urllib.parse import urlsplit

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import jsonify

from dashboard.auth import is_loopback
from dashboard.refusals import TOKEN_FIX
from dashboard.refusals import token_refused
from dashboard.refusals import unknown_stack
from dashboard.request_body import read_json
from dashboard.store import get_store
from dashboard.views import clock
from stack import http_token
from stack.body_preview import header
from stack.event_data import DataError
from stack.event_data import check_text
from stack.request_target import ASTERISK
from stack.request_target import asterisk_form
from stack.trace import TRACE_HEADER
from stack.wsgi_checks_values import content_length

#: Methods the page offers; it sends any other HTTP method as typed.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
#: Largest body the dashboard makes up to send (a lesson's `body_bytes`, Repeat's stand-in for
#: a body not recorded): beyond any demo's size limit (oslo's is 112 KiB), and held whole
#: while it is sent.
MAX_MADE_BODY = 1024 * 1024
#: Largest request to send taken (`POST /api/send`): a body of `MAX_MADE_BODY` characters,
#: each escaped in JSON (`\uXXXX`, 6 bytes), with room for its headers.
MAX_SPEC_BYTES = 8 * MAX_MADE_BODY
#: Response body shown in the page, at most.
MAX_BODY_SHOWN = 16 * 1024
#: Requests remembered for Repeat.
MAX_REMEMBERED = 500
#: Characters of body they may hold together: a class sending the 112 KiB body of a size-limit
#: preset (`dashboard.presets`) 500 times would otherwise keep some 56 MB for Repeat.
MAX_REMEMBERED_BODY = 8 * 1024 * 1024
#: What percent-encoding leaves as typed in a path or a query string: every ASCII punctuation
#: mark, so escapes and `?`, `&`, `=` keep their meaning; only text beyond ASCII is encoded.
TYPED_SAFE = string.punctuation

bp = Blueprint("sender", __name__)


class SendError(ValueError):
    """A request that cannot be sent; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class SentRequests:
    """The last requests sent from the page, by trace id (their secrets included)."""

    def __init__(self, size: int = MAX_REMEMBERED, body: int = MAX_REMEMBERED_BODY) -> None:
        self.size = size
        self.body = body
        self.lock = threading.Lock()
        self.items: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.held = 0  # characters of body the items hold

    def remember(self, trace_id: str, spec: dict[str, Any]) -> None:
        """Remember `spec` and forget the oldest beyond either bound (the newest is kept)."""
        with self.lock:
            self.items[trace_id] = spec
            self.held += len(spec["body"])
            while len(self.items) > 1 and (len(self.items) > self.size or self.held > self.body):
                self.held -= len(self.items.popitem(last=False)[1]["body"])

    def get(self, trace_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self.items.get(trace_id)


def check_spec(spec: Any) -> dict[str, Any]:
    """A validated send request: `stack`, `method`, `path`, `headers` (a dict, from a dict or
    a list of `Name: value` lines), `body` (str).

    The path is typed as in a browser's address bar, and sent as a browser sends it: text
    beyond ASCII percent-encoded as UTF-8 (what `which` reads it as, too).
    """
    if not isinstance(spec, dict):
        raise SendError("body must be a JSON object {stack, method, path, headers, body}")
    stack, method, path = spec.get("stack"), spec.get("method", "GET"), spec.get("path")
    if not isinstance(stack, str) or not stack:
        raise SendError("field 'stack' is required: the name of an announced stack")
    # NOTE: as typed, never upper-cased: methods are case-sensitive
    # (`stack.request_target.case_note`), and a class learns what a router does with `patch` or
    # `PURGE` by sending it.
    try:
        http_token.check_method(method)
    except ValueError as exc:
        raise SendError(f"field 'method': {exc}") from None
    # NOTE: `*` (the asterisk-form, OPTIONS of the server as a whole) is sent as it is: a
    # request line can carry it, and the stack serves and traces it (`stack.resolve`).
    asterisk = asterisk_form(method, path)
    if not isinstance(path, str) or not (path.startswith("/") or asterisk) or len(path) > 4000:
        raise SendError("field 'path' must start with '/', or be '*' for OPTIONS (at most 4000 "
                        "characters)")
    if re.search(r"[\s\x00-\x1f\x7f]", path):
        raise SendError("field 'path' must not contain spaces or control characters")
    # NOTE: the page's form sends its lines as typed, not an object: one would keep the last
    # of two lines of one name, which `http_token` refuses, as `which -H` and lessons do.
    headers = spec.get("headers") or {}
    if not isinstance(headers, (dict, list)):
        raise SendError("field 'headers' must be an object of name: value, or a list of "
                        "'Name: value' lines")
    body = spec.get("body")
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
    try:
        headers = http_token.check_headers(headers, method, body=bool(body))
    except ValueError as exc:
        raise SendError(f"field 'headers': {exc}") from None
    try:
        # NOTE: JSON can escape a lone surrogate (`"\ud800"`): no character, so no request
        # (and no SQLite lookup) can carry it.
        for field, text in (("stack", stack), ("path", path), ("body", body or "")):
            check_text(text, f"field {field!r}")
    except DataError as exc:
        raise SendError(str(exc)) from None
    check_length(headers, body or "")
    return {"stack": stack, "method": method, "path": quote(path, safe=TYPED_SAFE),
            "headers": headers, "body": body or ""}


def check_length(headers: dict[str, str], body: str) -> None:
    """SendError when a typed Content-Length is not the body's length in bytes.

    Sent as typed, a longer one leaves the stack waiting for bytes that never come until the
    send times out, and the page would say the stack could not be reached; a shorter one has
    it read part of the body, and the rest as the next request.
    """
    typed = content_length(list(headers.items()))
    size = len(body.encode("utf-8"))
    if typed is None or typed == size or is_chunked(headers):
        return
    name = next(name for name in headers if name.lower() == "content-length")
    raise SendError(f"header {name!r} says {typed} bytes, but the body is {size} bytes (as "
                    "UTF-8): make them match, or leave the header out and it is set from the "
                    "body")


def is_chunked(headers: dict[str, str]) -> bool:
    """Whether `headers` frame the body in chunks: their Transfer-Encoding's last coding is
    `chunked`, as it must be when there is one (RFC 9112, 6.1)."""
    coding = header(headers.items(), "transfer-encoding").rsplit(",", 1)[-1]
    return coding.strip().lower() == "chunked"


def send(base_url: str, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Perform `spec` against the stack at `base_url`; the status, trace id, headers and body."""
    url = urlsplit(base_url)
    if url.scheme != "http" or not is_loopback(url.hostname or ""):
        raise SendError(f"stack url {base_url} is not an http:// loopback address", 403)
    headers = dict(spec["headers"])
    body = spec["body"].encode("utf-8")
    if body and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "application/json"
    # NOTE: a body whose headers say it is chunked is http.client's to chunk (an empty one
    # too, which still needs its last chunk): sent as it is, the stack would read its first
    # bytes as a chunk's size.
    chunked = is_chunked(headers)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    started = time.perf_counter()
    cut = None
    try:
        target = spec["path"] if spec["path"] == ASTERISK else url.path.rstrip("/") + spec["path"]
        connection.request(spec["method"], target,
                           body if chunked else body or None, headers, encode_chunked=chunked)
        response = connection.getresponse()
        try:
            data = response.read()
        except http.client.IncompleteRead as exc:  # answered, then cut short: still traced
            data = exc.partial
            cut = f"the stack cut the body short after {len(data)} bytes"
    except http.client.RemoteDisconnected:  # reached, and closed with no answer at all
        message = (f"stack {spec['stack']} at {base_url} closed the connection without an "
                   "answer: its trace, listed with no answer, says why")
        raise SendError(message, 502) from None
    except (OSError, http.client.HTTPException) as exc:
        raise SendError(unreached(f"stack {spec['stack']} at {base_url}", exc, timeout,
                                  connection.sock is not None), 502) from None
    finally:
        connection.close()
    return {
        "status": response.status,
        "reason": response.reason,
        "trace": response.getheader(TRACE_HEADER),
        "headers": dict(response.getheaders()),
        "body": data[:MAX_BODY_SHOWN].decode("utf-8", "replace"),
        "duration_ms": round((time.perf_counter() - started) * 1000, 3),
        **({"cut": cut} if cut else {}),
    }


def unreached(stack: str, exc: OSError | http.client.HTTPException, timeout: float,
              connected: bool) -> str:
    """Why `stack` (its name and address, in words) gave no answer, in a class's words: the
    page shows it under Send and Repeat, where `[Errno 111] Connection refused` tells a learner
    nothing of what to do. One reached (`connected`) that answers too late is not said
    unreached; one whose connection timed out was sent nothing, and no trace will come."""
    if isinstance(exc, TimeoutError) and not connected:
        return f"could not reach {stack}: no connection within {timeout:g} s"
    if isinstance(exc, TimeoutError):
        return (f"{stack} did not answer within {timeout:g} s: the request may still be "
                "under way, and its trace listed when it ends")
    if isinstance(exc, ConnectionRefusedError):
        why = ("nothing listens there (connection refused): the stack stopped without saying "
               "so; start it again to send to it")
    else:
        why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"could not reach {stack}: {why}"


def not_running(stack: dict[str, Any]) -> str | None:
    """Why a stack the dashboard knows is sent nothing, in words after its name, or None: it
    was loaded from a file, or it said it stopped."""
    if stack["loaded_from"]:
        return f"was loaded from the file {stack['loaded_from']}"
    if stack["stopped"] is not None:
        return f"said it stopped at {clock(stack['stopped'])}"
    return None


def send_to_stack(spec: dict[str, Any]) -> dict[str, Any]:
    """Send a checked spec to its announced stack and remember it for Repeat."""
    stack = get_store().stack(spec["stack"])
    if stack is None:
        raise SendError(unknown_stack(spec["stack"]), 404)
    why = not_running(stack)
    if why is not None:
        raise SendError(f"stack {spec['stack']!r} {why}; it is not running, so there is nothing "
                        "to send to (start the stack to send requests)", 409)
    result = send(stack["url"], spec, current_app.config["SEND_TIMEOUT_S"])
    if result["trace"]:
        current_app.extensions["pastescope.sent"].remember(result["trace"], spec)
    elif (why := refused_untraced(spec["stack"], stack["url"])) is not None:
        result["untraced"] = why
    return result


def refused_untraced(name: str, url: str) -> str | None:
    """Why the stack `name` at `url` answered with no trace header, when this dashboard
    refused it for its token (`token_refused`): it serves on, untraced. Else None (say, a
    stack serving with `--trace-to off`). Without it Send said "no trace header", and a
    teacher looked for the fault in the stack."""
    refused = token_refused(name)
    if refused is None or refused[0] != url:
        return None
    return (f"no trace header: this dashboard refused the stack {name!r} ({refused[1]}), so it "
            f"serves on untraced{TOKEN_FIX}")


@bp.post("/api/send")
def post_send():
    """`POST /api/send` — perform a request against a stack; its status and trace id."""
    try:
        result = send_to_stack(check_spec(read_json(MAX_SPEC_BYTES)))
    except SendError as exc:
        return jsonify(error=str(exc)), exc.status
    return jsonify(result)


def init_app(app: Flask) -> None:
    app.extensions["pastescope.sent"] = SentRequests()
    app.add_template_global(METHODS, "methods")  # the forms' method pickers
    app.register_blueprint(bp)
