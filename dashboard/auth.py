"""Who may change things: only the dashboard's own pages and scripts, and beyond loopback only
the teacher.

Any page a browser visits could post a form to a dashboard on the same machine (run a lesson,
import a file): so every request with a method other than GET, HEAD or OPTIONS that a browser
says came from another site's page (`Sec-Fetch-Site`, `Origin`) is refused, token or not. Scripts
and stacks send neither header and are not concerned.

A class on other machines watches the teacher's dashboard; any of them could otherwise upload,
send requests, load lessons or move the presenter. So when a token is configured every
state-changing request needs it — whoever added the endpoint — while pages, the JSON reads and
the live stream stay open to viewers. One app-wide `before_request` hook does both, so a new
POST endpoint is covered without knowing about it; templates ask `is_teacher()` to show the
controls only to whoever may use them.

The teacher opens `/?token=…` once: the token goes into an HttpOnly, SameSite=Strict cookie and
the page reloads without it in the address bar; the page's own POSTs then carry the cookie.
Scripts and stacks send `Authorization: Bearer TOKEN`. With no token configured (the loopback
default) only the cross-site rule applies.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import shlex
from urllib.parse import urlencode
from urllib.parse import urlsplit

from flask import Flask
from flask import abort
from flask import current_app
from flask import has_request_context
from flask import redirect
from flask import request
from werkzeug.wrappers import Response

from stack.host_url import bare
from stack.host_url import reachable_url
from stack.wire import DEFAULT_TRACE_TO
from stack.wire import TOKEN_ENV

#: Cookie carrying the teacher's token for the page's own requests.
COOKIE = "pastescope_token"
#: Query parameter that hands the token to a browser once.
PARAM = "token"
#: Methods that change nothing: open to every viewer.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: `Sec-Fetch-Site` values of a request another site's page made. `same-site` too: another
#: port of the same host is another program's page; the dashboard's own pages send `same-origin`.
FOREIGN_SITES = frozenset({"cross-site", "same-site"})
#: Host names that mean this machine only. Not `localhost.localdomain`: not every hosts file
#: has it, and a name looked up in DNS may lead anywhere.
LOOPBACK_NAMES = frozenset({"localhost"})
#: The `--trace-to` option of a start command as written (`--trace-to URL`, `--trace-to=URL`).
TRACE_TO_OPTION = re.compile(r"--trace-to(?:=|\s+)\S+")
#: What a command shown in a page has in place of the token.
TOKEN_PLACEHOLDER = "TOKEN"
#: How to get the token, said in every refusal.
HOW = ("the teacher's token is printed by `python -m dashboard` when it starts: open the URL "
       "it shows (…/?token=…), or send the header `Authorization: Bearer TOKEN`")
#: Why a browser's own cookie is refused: it holds the token of an earlier run of the dashboard.
STALE_COOKIE = ("this browser's cookie holds a teacher's token this dashboard does not accept: it "
                "was probably started again, with a new token; open the address it printed as it "
                "started (…/?token=…) in this browser")


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.0/8, ::1, localhost): listening on it (the
    dashboard's `--host`), the name a browser reached the dashboard by (`foreign_page`), a
    stack's announced address (Send and lessons reach no other), or where an announcement came
    from (`dashboard.ingest`; a dashboard on `::` takes IPv4 as `::ffff:127.0.0.1`)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(bare(host))
    except ValueError:
        return False  # a host name or a wildcard address: other machines may reach it
    # NOTE: Python before 3.13 calls no IPv4-mapped address loopback
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


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
    return f"{reachable_url(host, port)}/?{urlencode({PARAM: token})}"


def stack_command(host: str, port: int, token: str) -> str:
    """The command that serves the compute demo reporting here: a stack needs the token too."""
    return (f"{TOKEN_ENV}={shlex.quote(token)} python -m stack serve stack/demo/compute.ini "
            f"--name osapi_compute --trace-to {reachable_url(host, port)}")


def reporting_here(command: str) -> str:
    """A `python -m stack serve` command as this dashboard shows it: reporting here.

    Without `--trace-to` a stack reports to the default, port 5000: a dashboard elsewhere
    (`reachable_here`) would wait for it for ever, so the command names it; the default's is
    left as written. A `--trace-to` the command gives is this dashboard's too: a teacher's
    lesson copies the README's demo command, `--trace-to http://127.0.0.1:5000`, and on a
    dashboard at 5001 its stack reported elsewhere, and Run stayed disabled. A dashboard with
    a token refuses a stack without it, so the command then sets it — as `TOKEN` (see
    `token_note`): the token itself is never in a page, which a class may see on the
    projector.
    """
    here = reachable_here()
    command, given = TRACE_TO_OPTION.subn(f"--trace-to {here}", command, count=1)
    if not given and here != DEFAULT_TRACE_TO:
        command = f"{command} --trace-to {here}"
    if current_app.config.get("TEACHER_TOKEN") and TOKEN_ENV not in command:
        command = f"{TOKEN_ENV}={TOKEN_PLACEHOLDER} {command}"
    return command


def reachable_here() -> str:
    """This dashboard's address as a stack on its machine reaches it: the address it listens
    on (SERVER_NAME and SERVER_PORT, as werkzeug's server fills them in), a wildcard one
    (`--host 0.0.0.0`, `--host ::`) as the loopback address of its family (`reachable_url`).

    Not the address the browser used (`request.host_url`): a student's browser on another
    machine uses the teacher's LAN name, a tunnel or a proxy a port of its own, and a browser
    may have opened `http://0.0.0.0:5001`, which is no address to connect to. The stack a
    command starts runs on this machine (Send and lessons reach loopback stacks only), where
    the listening address always reaches the dashboard.
    """
    return reachable_url(request.environ["SERVER_NAME"], int(request.environ["SERVER_PORT"]))


def token_note() -> str:
    """What `TOKEN` in a command `reporting_here` gave stands for; empty with no token."""
    if not current_app.config.get("TEACHER_TOKEN"):
        return ""
    return (f"{TOKEN_PLACEHOLDER} is the teacher's token, which `python -m dashboard` printed "
            "as it started: a stack without it is refused.")


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer` header (scripts and stacks), or None."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def presented_token() -> str | None:
    """The token this request carries: the bearer header first, else the teacher's cookie."""
    return bearer_token() or request.cookies.get(COOKIE)


def matches(presented: str, token: str) -> bool:
    return hmac.compare_digest(presented.encode(), token.encode())


def is_teacher() -> bool:
    """Whether this request may change things (a template global: controls only for them).

    True on an open dashboard (no token configured), or when the request carries the teacher's
    token by cookie or bearer header; a viewer sees a note instead of buttons that would fail.
    """
    token = current_app.config.get("TEACHER_TOKEN")
    if not token:
        return True
    if not has_request_context():
        return False
    presented = presented_token()
    return presented is not None and matches(presented, token)


def stale_cookie() -> str:
    """Why this browser's cookie is refused (`STALE_COOKIE`), or empty: no token asked, a bearer
    header, no cookie, or the right one. A template global, so a page whose controls are gone
    says why, rather than treating the teacher as a viewer without a word."""
    token = current_app.config.get("TEACHER_TOKEN")
    if not token or not has_request_context() or bearer_token() is not None:
        return ""
    cookie = request.cookies.get(COOKIE)
    return STALE_COOKIE if cookie is not None and not matches(cookie, token) else ""


def foreign_page() -> str | None:
    """Why this request came from another site's page, or None (ours, or no browser at all).

    An open dashboard listens on loopback, so its own pages have a loopback origin: another
    origin there is a site whose name was made to point at 127.0.0.1 (DNS rebinding), which
    makes it look like this dashboard's own.
    """
    site = request.headers.get("Sec-Fetch-Site", "").lower()
    if site in FOREIGN_SITES:
        return f"the browser says it came from a {site} page (Sec-Fetch-Site: {site})"
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    own = f"{request.scheme}://{request.host}"
    if origin.lower() != own.lower():
        return f"it came from a page of {origin}, not of this dashboard ({own})"
    if not current_app.config.get("TEACHER_TOKEN") and not is_loopback(own_hostname()):
        return f"it came from a page of {origin}, and this open dashboard serves this machine only"
    return None


def own_hostname() -> str:
    """The host name the browser used for this dashboard (the Host header without its port)."""
    return urlsplit(f"//{request.host}").hostname or ""


def guard() -> Response | None:
    """Refuse a state-changing request from another site's page, or without the token; turn
    `?token=` into the cookie."""
    token = current_app.config.get("TEACHER_TOKEN")
    if token and request.method == "GET" and PARAM in request.args:
        return accept_token_link(token)
    if request.method in SAFE_METHODS:
        return None
    foreign = foreign_page()
    if foreign is not None:
        abort(403, f"refused: {foreign}; this dashboard takes changes only from its own pages "
                   "and from scripts")
    if not token:
        return None
    presented = presented_token()
    if presented is None:
        abort(401, f"only the teacher can change things on this dashboard; {HOW}")
    if not matches(presented, token):
        abort(403, stale_cookie() or f"wrong token; {HOW}")
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
    """Install the guard first, so it runs before any other hook reads a body; offer
    `is_teacher()`, `stale_cookie()`, `reporting_here` and `token_note()` to templates."""
    app.before_request_funcs.setdefault(None, []).insert(0, guard)
    app.add_template_global(is_teacher)
    app.add_template_global(stale_cookie)
    app.add_template_global(token_note)
    app.add_template_filter(reporting_here)
