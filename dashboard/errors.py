"""Error answers: JSON `{"error": …}` under `/api/`, a short page elsewhere, and for htmx a
fragment of escaped text the page can show where the answer would have gone; never a traceback.

A stack, a script or a browser that sends something wrong gets the reason; an unexpected bug
is logged and answered with a 500 that says so, and the dashboard keeps running. A write the
store refused while another process keeps it locked (`StoreInUse`) is a 503 with Retry-After:
the store said it on the console, once, naming the file.
"""

from __future__ import annotations

from typing import Any
from typing import NoReturn

from flask import Flask
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask.json.provider import DefaultJSONProvider
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import InternalServerError
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.exceptions import default_exceptions

from dashboard.auth import SAFE_METHODS
from dashboard.data_folder import StoreInUse

#: Why a write is refused while the store is in use, as an answer says it: the file's name is
#: the console's (a viewer of a class need not know the teacher's folders).
STORE_IN_USE = ("the dashboard's store is in use by another process, which keeps it locked "
                "(the dashboard's console names the file): nothing was stored; try again in a "
                "moment")
#: Seconds an answer refused for a store in use asks to wait (`Retry-After`).
RETRY_AFTER_S = 5


def human_size(size: int) -> str:
    """`1048576` → `1 MiB`; `2048` → `2 KiB`; `1000` → `1000 bytes`."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"


def over_limit(size: int, limit: int) -> tuple[str, str]:
    """`size` and `limit` as an operator compares them: `1.3 MiB` and `1 MiB`; both in bytes
    where one decimal would show them alike (`1,048,577 bytes` and `1,048,576 bytes`, not
    "1.0 MiB; the limit is 1 MiB")."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale:
            shown = f"{size / scale:.1f}".removesuffix(".0")
            if f"{size / scale:.1f}" != f"{limit / scale:.1f}":
                return f"{shown} {unit}", human_size(limit)
            break
    return f"{size:,} bytes", f"{limit:,} bytes"


def describe(exc: HTTPException) -> str:
    if isinstance(exc, RequestEntityTooLarge):
        limit = request.max_content_length
        return "request body too large" + (f": the limit is {human_size(limit)}" if limit else "")
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        # the methods its view was written for first, then the HEAD and OPTIONS Flask adds
        taken = sorted(exc.valid_methods, key=lambda method: (method in ("HEAD", "OPTIONS"),
                                                                 method))
        return f"{request.method} is not allowed on {request.path}; it takes {', '.join(taken)}"
    return exc.description or exc.name


def refuse(code: int, message: str, next_step: dict[str, str] | None = None) -> NoReturn:
    """`abort(code, message)` with the way on, `next_step` (`{"href", "text"}`): every answer
    offers it, the error page and the htmx fragment as a link, the JSON as `next_step`."""
    exc = default_exceptions[code](message)
    exc.next_step = next_step
    raise exc


def http_error(exc: HTTPException):
    """The refusal in the form the request reads, with the headers of its status (a 405's
    `Allow`, which RFC 9110 requires): the answer replaces werkzeug's, which carried them."""
    message = describe(exc)
    next_step = getattr(exc, "next_step", None)
    headers = [(name, value) for name, value in exc.get_headers(request.environ)
               if name.lower() != "content-type"]
    if request.headers.get("HX-Request"):
        return *htmx_refusal(message, exc.code, next_step), headers
    if request.path.startswith("/api/"):
        body = jsonify(error=message, **({"next_step": next_step} if next_step else {}))
        return body, exc.code, headers
    page = render_template("error.html", code=exc.code, name=exc.name, message=message,
                           next_step=next_step)
    return page, exc.code, headers


def htmx_refusal(message: str, code: int, next_step: dict[str, str] | None = None):
    """The refusal as a fragment for htmx, its status in `data-status`, and the way on as a
    link after it (`refuse`).

    htmx swaps only 2xx answers: a form's refusal (a POST: the teacher's token refused, a file
    too large) comes as a 200, so the form shows why rather than nothing. A GET's keeps its
    status: the page reading it decides (request_list.js keeps the list a filter was refused for).
    """
    link = (Markup(' <a class="next-step" href="{}">{}</a>').format(next_step["href"],
                                                                    next_step["text"])
            if next_step else "")
    fragment = Markup('<p class="refused" role="alert" data-status="{}">{}{}</p>').format(
        code, message, link)
    return fragment, code if request.method in SAFE_METHODS else 200


def store_in_use(exc: StoreInUse):
    """503, `STORE_IN_USE`, with Retry-After: what a stack's sink counts dropped, and a page
    or a script says, rather than a traceback."""
    return http_error(ServiceUnavailable(STORE_IN_USE, retry_after=RETRY_AFTER_S))


def unexpected_error(exc: Exception):
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return http_error(InternalServerError("the dashboard failed on this request; see its log"))


class RequestJSON(DefaultJSONProvider):
    """Flask's JSON, where a body nested thousands deep (`[[[[…`) is malformed, as any other
    JSON it cannot read: `request.get_json` answers 400 (None when silent), not a 500. Python's
    json parser recurses once a level, so it raises RecursionError, which is no ValueError."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def init_app(app: Flask) -> None:
    app.json = RequestJSON(app)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(StoreInUse, store_in_use)
    app.register_error_handler(Exception, unexpected_error)
