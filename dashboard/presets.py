"""The send form's presets: one request per journey through the compute demo.

The demo is `stack/demo/compute.ini`. Each preset shows a different journey: the versions
document, a listed/created/deleted server, a 401 answered by authtoken on its own, a 404 from
the controller, a 405 and a 404 from the router, and a 500 raised by an action and turned into
a fault by faultwrap.
"""

from __future__ import annotations

from typing import Any

#: The demo's token (see `stack/demo/compute.ini`, filter authtoken's valid_tokens).
TOKEN = {"X-Auth-Token": "demo-token"}
JSON = {"Content-Type": "application/json"}


def preset(label: str, method: str, path: str, status: int, headers: dict[str, str] | None = None,
           body: str = "") -> dict[str, Any]:
    return {"label": label, "method": method, "path": path, "status": status,
            "headers": TOKEN if headers is None else headers, "body": body}


PRESETS: list[dict[str, Any]] = [
    preset("versions", "GET", "/", 200, headers={}),
    preset("list servers", "GET", "/v2.1/servers", 200),
    preset("list servers, no token (401)", "GET", "/v2.1/servers", 401, headers={}),
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
    # NOTE: after the actions on server 1, so clicking down the list finds it still there.
    preset("delete server 1", "DELETE", "/v2.1/servers/1", 204),
    preset("list flavors", "GET", "/v2.1/flavors", 200),
    preset("delete flavors (405)", "DELETE", "/v2.1/flavors", 405),
    preset("no such path (404)", "GET", "/v2.1/nothing", 404),
]
