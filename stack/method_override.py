"""The method Routes matched a request with, where the request's `_method` overrode its own.

Routes' RoutesMiddleware (as `stack.wsgi.Router` uses it, method override on) matches a request
whose query string holds `_method`, or a POSTed form with a `_method` field, as the method that
names (upper-cased): a browser form's way to send a DELETE. It puts the request's own method
back before calling the app, and keeps the one it matched with nowhere, so the router's
route.match and route.miss read it again here, by Routes' own rules
(`routes.middleware.RoutesMiddleware.__call__`), from what Routes parsed (WebOb keeps it in the
environ: nothing is parsed twice).
"""

from __future__ import annotations

from typing import Any

import webob
from routes.middleware import is_form_post

#: Where WebOb keeps a request's parsed form (`webob.Request.POST`): there once Routes has read
#: a POSTed form for its `_method`, or a layer above has read the form. With a query string
#: naming `_method`, the one sign a router asks for before `matched_method`.
PARSED_FORM = "webob._parsed_post_vars"
#: How a reader is told where a `_method` came from, by a `method_override`'s `source`.
SOURCES = {"query": "query parameter", "form": "form field"}


def matched_method(environ: dict[str, Any]) -> tuple[str, dict[str, str] | None]:
    """(the method Routes matched with, the `method_override` an event carries or None): the
    request's own method and None, unless Routes took its `_method`: then that, upper-cased,
    with the method `sent` and the `source` of the `_method`, `query` or `form`.

    NOTE: as Routes decides it: a `_method` in the query string overrides whatever the method
    (a GET's too), and where the query string holds the name at all, a form's is not read.
    """
    sent = environ["REQUEST_METHOD"]
    req = webob.Request(environ)
    try:
        if "_method" in environ.get("QUERY_STRING", ""):
            source, method = "query", req.GET.get("_method")
        elif sent == "POST" and is_form_post(environ):
            source, method = "form", req.POST.get("_method")
        else:
            return sent, None
    except UnicodeDecodeError:  # Routes takes such a `_method` for none
        return sent, None
    if not method:
        return sent, None
    return method.upper(), {"sent": sent, "source": source}


def said(override: dict[str, str] | None) -> tuple:
    """The `method_override` argument of a route event's record: none where there is none, so
    the event leaves the field out, as events from before it did."""
    return (override,) if override else ()


def override_words(method: str, override: dict[str, str]) -> str:
    """Why a router matched `method` where the client sent another, in a sentence."""
    return (f"Routes matched this {override['sent']} as {method}, the method its `_method` "
            f"{SOURCES.get(override['source'], override['source'])} names (Routes' method "
            "override).")
