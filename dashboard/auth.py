"""The teacher's token: when the dashboard listens beyond loopback, only the teacher changes state.

A class on other machines watches the teacher's dashboard; any of them could otherwise upload,
send requests, load lessons or move the presenter. So every request with a method other than
GET, HEAD or OPTIONS needs the token — whoever added the endpoint — while pages, the JSON reads
and the live stream stay open to viewers. One app-wide `before_request` hook does it, so a new
POST endpoint is covered without knowing about it.

The teacher opens `/?token=…` once: the token goes into an HttpOnly, SameSite=Strict cookie and
the page reloads without it in the address bar; the page's own POSTs then carry the cookie.
Scripts and stacks send `Authorization: Bearer TOKEN`. With no token configured (the loopback
default) nothing here runs.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlencode

from flask import Flask
from flask import abort
from flask import current_app
from flask import redirect
from flask import request
from werkzeug.wrappers import Response

#: Environment variable with the token, read by the dashboard and by `python -m stack serve`.
TOKEN_ENV = "PASTESCOPE_TOKEN"
#: Cookie carrying the teacher's token for the page's own requests.
COOKIE = "pastescope_token"
#: Query parameter that hands the token to a browser once.
PARAM = "token"
#: Methods that change nothing: open to every viewer.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Host names that mean this machine only.
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
#: How to get the token, said in every refusal.
HOW = ("the teacher's token is printed by `python -m dashboard` when it starts: open the URL "
       "it shows (…/?token=…), or send the header `Authorization: Bearer TOKEN`")


def is_loopback(host: str) -> bool:
    """Whether listening on `host` reaches this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name or a wildcard address: other machines may reach it


def teacher_token(host: str, given: str | None, environ_token: str | None) -> str | None:
    """The token to require, or None for an open dashboard.

    An explicit `--token` always applies (so a teacher can try the guard on loopback); beyond
    loopback a token is required: `--token`, else the environment's, else a new random one.
    """
    if given:
        return given
    if is_loopback(host):
        return None
    return environ_token or secrets.token_urlsafe(24)


def teacher_url(host: str, port: int, token: str) -> str:
    """The URL the teacher opens once to be recognised (the token moves into a cookie)."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/?{urlencode({PARAM: token})}"


def presented_token() -> str | None:
    """The token this request carries: the bearer header first, else the teacher's cookie."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE)


def matches(presented: str, token: str) -> bool:
    return hmac.compare_digest(presented.encode(), token.encode())


def guard() -> Response | None:
    """Refuse a state-changing request without the token; turn `?token=` into the cookie."""
    token = current_app.config.get("TEACHER_TOKEN")
    if not token:
        return None
    if request.method == "GET" and PARAM in request.args:
        return accept_token_link(token)
    if request.method in SAFE_METHODS:
        return None
    presented = presented_token()
    if presented is None:
        abort(401, f"this dashboard only lets the teacher change things; {HOW}")
    if not matches(presented, token):
        abort(403, f"wrong token; {HOW}")
    return None


def accept_token_link(token: str) -> Response:
    """`?token=` on any page: a right token becomes the cookie, then the same URL without it."""
    if not matches(request.args[PARAM], token):
        abort(403, f"wrong token in the link; {HOW}")
    rest = [(key, value) for key, value in request.args.items(multi=True) if key != PARAM]
    response = redirect(request.path + (f"?{urlencode(rest)}" if rest else ""))
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict")
    return response


def init_app(app: Flask) -> None:
    """Install the guard first, so it runs before any other hook reads a body."""
    app.before_request_funcs.setdefault(None, []).insert(0, guard)
