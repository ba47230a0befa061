"""The send form's presets: one request per journey through each demo the project ships.

A preset is offered only for the demo it was written for (`presets_for`): its paths, token
and promised statuses mean nothing to another ini, where "show server 999 (404)" could well
answer 200. Any other stack gets an empty form at `/`.

The compute demo (`stack/demo/compute.ini`) shows a journey a preset: the versions document,
a listed/created/deleted server, a 401 answered by authtoken on its own, a 404 from the
controller, a 405 and a 404 from the router, a 500 raised by an action and turned into a
fault by faultwrap, and a 413 answered by sizelimit on its own. The seed demos walk the
articles' examples; the oslo demo, real third-party filters (its sizelimit is oslo.middleware's).
"""

from __future__ import annotations

from typing import Any

from stack.known_size_limits import DEFAULT_MAX_BODY

#: The demo's token (see `stack/demo/compute.ini`, filter authtoken's valid_tokens).
TOKEN = {"X-Auth-Token": "demo-token"}
#: The token header of each demo ini whose token check asks for one, by the path an upload of
#: it unchanged is said to be (`dashboard.upload_read.shipped`).
DEMO_TOKENS = {"stack/demo/compute.ini": TOKEN}
JSON = {"Content-Type": "application/json"}
#: sizelimit's `max_request_body_size` in both the compute and the oslo demo (oslo.middleware's
#: default); a preset's body one byte over it gets the 413.
MAX_BODY = DEFAULT_MAX_BODY
#: What a body sent only to be too large is made of (and says it is).
PLAIN = {"Content-Type": "text/plain"}


def preset(label: str, method: str, path: str, status: int, headers: dict[str, str] | None = None,
           body: str = "", body_bytes: int = 0) -> dict[str, Any]:
    """One preset; `body_bytes`, when not 0, asks for a body of that many `x`, which the form
    fills in (static/js/send_form.js) so that every page does not carry 112 KiB of them."""
    return {"label": label, "method": method, "path": path, "status": status,
            "headers": TOKEN if headers is None else headers, "body": body,
            "body_bytes": body_bytes}


COMPUTE: list[dict[str, Any]] = [
    # NOTE: first, as the form holds it before a preset is picked (`first_request`).
    preset("list servers", "GET", "/v2.1/servers", 200),
    preset("versions", "GET", "/", 200, headers={}),
    preset("list servers, no token (401)", "GET", "/v2.1/servers", 401, headers={}),
    preset("create server, body too large (413)", "POST", "/v2.1/servers", 413,
           {**TOKEN, **PLAIN}, body_bytes=MAX_BODY + 1),
    preset("show server 1", "GET", "/v2.1/servers/1", 200),
    preset("show server 999 (404)", "GET", "/v2.1/servers/999", 404),
    preset("create server", "POST", "/v2.1/servers", 202, {**TOKEN, **JSON},
           '{"server": {"name": "vm1", "flavorRef": "1"}}'),
    preset("rename server 1", "PUT", "/v2.1/servers/1", 200, {**TOKEN, **JSON},
           '{"server": {"name": "renamed"}}'),
    preset("reboot server 1", "POST", "/v2.1/servers/1/action", 202, {**TOKEN, **JSON},
           '{"reboot": {"type": "SOFT"}}'),
    preset("migrate server 1 (500)", "POST", "/v2.1/servers/1/action", 500, {**TOKEN, **JSON},
           '{"migrate": null}'),
    # NOTE: server 3, which no other preset or lesson step needs (see the demo's servers).
    preset("delete server 3", "DELETE", "/v2.1/servers/3", 204),
    preset("list flavors", "GET", "/v2.1/flavors", 200),
    preset("delete flavors (405)", "DELETE", "/v2.1/flavors", 405),
    preset("no such path (404)", "GET", "/v2.1/nothing", 404),
]

SEED_GLANCE: list[dict[str, Any]] = [
    preset("version", "GET", "/", 200, headers={}),
    preset("version, through the log filter", "GET", "/log", 200, headers={}),
    preset("the router's test action", "GET", "/v1/test", 200, headers={}),
    preset("no such route (404)", "GET", "/v1/nothing", 404, headers={}),
]

SEED_NOVA: list[dict[str, Any]] = [
    preset("home, through faultwarp and logrequest", "GET", "/home", 200, headers={}),
    preset("version", "GET", "/version/", 200, headers={}),
    preset("list servers", "GET", "/servers", 200, headers={}),
    preset("server 2's action", "POST", "/servers/2/action", 200, JSON, '{"reboot": {}}'),
    preset("no such route (404)", "GET", "/nothing", 404, headers={}),
]

OSLO: list[dict[str, Any]] = [
    preset("list servers, through oslo.middleware", "GET", "/v2.1/servers", 200, headers={}),
    preset("show server 999 (404)", "GET", "/v2.1/servers/999", 404, headers={}),
    preset("delete flavors (405)", "DELETE", "/v2.1/flavors", 405, headers={}),
    preset("create server, body too large (413)", "POST", "/v2.1/servers", 413,
           PLAIN, body_bytes=MAX_BODY + 1),
    preset("healthcheck", "GET", "/healthcheck", 200, headers={}),
]

#: Each demo's presets, by the file and entry its stack announces, with the factory its graph
#: must name: an ini of one's own called compute.ini, its entry osapi_compute, is no demo.
DEMOS: dict[tuple[str, str], tuple[str, list[dict[str, Any]]]] = {
    ("compute.ini", "osapi_compute"): ("stack.demo.compute:APIRouter.factory", COMPUTE),
    ("seed_glance.ini", "common"): ("stack.demo.seed_glance:MyRouterApp.factory", SEED_GLANCE),
    ("seed_nova.ini", "web"): ("stack.demo.seed_nova:APIRouter.factory", SEED_NOVA),
    ("oslo.ini", "oslo_compute"): ("stack.demo.compute:APIRouter.factory", OSLO),
}
#: What the form holds first for a stack with no presets.
BLANK = {"method": "GET", "path": "/", "headers": {}, "body": ""}


def presets_for(stack: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The presets of the demo `stack` serves (none for any other stack)."""
    if stack is None:
        return []
    factory, presets = DEMOS.get((stack.get("file"), stack["name"]), ("", []))
    named = any(node.get("factory") == factory for node in stack["graph"]["nodes"])
    return presets if named else []


def first_request(presets: list[dict[str, Any]]) -> dict[str, Any]:
    """What the form holds before a preset is picked: a demo's first, or GET / for any stack."""
    return presets[0] if presets else BLANK
