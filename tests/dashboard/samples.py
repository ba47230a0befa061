"""Sample inputs shaped exactly like what a stack sends (`stack.events.Event.to_json`), and an ini
whose sections wrap others with `filter-with`, for a stack to serve."""

from __future__ import annotations

import time
from typing import Any

STACK = "sample"
#: A small urlmap → pipeline → filter → app graph (DESIGN.md's graph JSON).
GRAPH: dict[str, Any] = {
    "entry": "composite:main",
    "nodes": [
        {"id": "composite:main", "kind": "composite", "name": "main",
         "factory": "egg:Paste#urlmap"},
        {"id": "pipeline:api", "kind": "pipeline", "name": "api", "factory": None},
        {"id": "filter:auth", "kind": "filter", "name": "auth", "factory": "egg:demo#auth"},
        {"id": "app:router", "kind": "app", "name": "router", "factory": "egg:demo#router"},
    ],
    "edges": [
        {"source": "composite:main", "target": "pipeline:api", "label": "/v1"},
        {"source": "pipeline:api", "target": "filter:auth", "label": "0"},
        {"source": "pipeline:api", "target": "app:router", "label": "1"},
    ],
}
#: The sample graph after an edit of its ini: filter `auth` renamed `keystone`.
EDITED: dict[str, Any] = {
    **GRAPH,
    "nodes": [*GRAPH["nodes"][:2],
              {**GRAPH["nodes"][2], "id": "filter:keystone", "name": "keystone"},
              GRAPH["nodes"][3]],
    "edges": [{**edge, "target": edge["target"].replace("filter:auth", "filter:keystone")}
              for edge in GRAPH["edges"]],
}
ROUTES = {"app:router": [
    {"name": "items", "template": "/items", "methods": ["GET"], "controller": "items",
     "action": "index"},
]}


def announcement(name: str = STACK, url: str = "http://127.0.0.1:9",
                 graph: dict[str, Any] | None = None) -> dict[str, Any]:
    """A stack's announcement of the sample `GRAPH` and its `ROUTES`; or of another `graph`,
    with no routes (the sample's are its router's)."""
    if graph is None:
        graph, routes = GRAPH, ROUTES
    else:
        routes = {}
    return {"name": name, "url": url, "file": "sample.ini", "graph": graph, "pid": 1,
            "routes": routes}


def trace_events(trace: str, stack: str = STACK, method: str = "GET", path: str = "/v1/items",
                 status: int = 200, denied: bool = False, query: str = "") -> list[dict[str, Any]]:
    """A whole request: composite → pipeline → auth → router (or auth answering 401)."""
    now = time.time()
    seq = iter(range(100))

    def event(kind: str, span: int, parent: int | None, node: str | None, **data: Any):
        n = next(seq)
        return {"trace": trace, "span": span, "parent": parent, "seq": n, "ts": now + n * 1e-4,
                "kind": kind, "node": node, "stack": stack, "data": data}

    events = [
        event("request.start", 0, None, None, method=method, path=path, query=query,
              remote="127.0.0.1", host="h", headers={"X-Auth-Token": "***", "Accept": "*/*"}),
        event("node.enter", 1, 0, "composite:main", script_name="", path_info=path),
        event("composite.dispatch", 1, None, "composite:main", label="/v1",
              target="pipeline:api", script_name="/v1", path_info=path[3:]),
        event("node.enter", 2, 1, "pipeline:api", script_name="/v1", path_info=path[3:]),
        event("node.enter", 3, 2, "filter:auth", script_name="/v1", path_info=path[3:]),
    ]
    if denied:
        status = 401
        events.append(event("node.leave", 3, 2, "filter:auth", status=401, duration_ms=0.2,
                            short_circuit=True))
    else:
        events += [
            event("node.enter", 4, 3, "app:router", script_name="/v1", path_info=path[3:]),
            event("route.match", 4, None, "app:router", route="items", template="/items",
                  method=method, match={"controller": "items", "action": "index"}),
            event("controller.action", 5, 4, "app:router", controller="items", action="index",
                  args={}),
            event("controller.return", 5, 4, "app:router", status=status, duration_ms=0.3),
            event("node.leave", 4, 3, "app:router", status=status, duration_ms=0.5,
                  short_circuit=False),
            event("node.leave", 3, 2, "filter:auth", status=status, duration_ms=0.7,
                  short_circuit=False),
        ]
    events += [
        event("node.leave", 2, 1, "pipeline:api", status=status, duration_ms=0.8,
              short_circuit=False),
        event("node.leave", 1, 0, "composite:main", status=status, duration_ms=0.9,
              short_circuit=False),
        event("request.end", 0, None, None, status=status, bytes=12, duration_ms=1.0),
    ]
    return events


def nested_calls(trace: str, stack: str, hops: list[str], prefix: str,
                 path: str) -> list[dict[str, Any]]:
    """A request for `prefix` + `path` through `hops`, each calling the next, all answering 200:
    the first hop a urlmap that picks `prefix` for the second (a lane's pipeline), or, with no
    `prefix`, whatever the graph's entry is (a section a `filter-with` chain wraps)."""
    now = time.time()
    events: list[dict[str, Any]] = []

    def event(kind: str, span: int, parent: int | None, node: str | None, **data: Any) -> None:
        n = len(events)
        events.append({"trace": trace, "span": span, "parent": parent, "seq": n,
                       "ts": now + n * 1e-4, "kind": kind, "node": node, "stack": stack,
                       "data": data})

    event("request.start", 0, None, None, method="GET", path=prefix + path, query="",
          remote="127.0.0.1", host="h", headers={"Accept": "*/*"})
    for span, node in enumerate(hops, 1):
        event("node.enter", span, span - 1, node, script_name="", path_info=prefix + path)
        if span == 1 and prefix:
            event("composite.dispatch", span, None, node, label=prefix, target=hops[1],
                  script_name=prefix, path_info=path)
    for span, node in reversed(list(enumerate(hops, 1))):
        event("node.leave", span, span - 1, node, status=200, duration_ms=0.1 * span,
              short_circuit=False)
    event("request.end", 0, None, None, status=200, bytes=2, duration_ms=5.0)
    return events


#: A filter section's body: tests/stack/paste_apps.py `make_tag`, tagging with `{}`.
TAG = "paste.filter_factory = tests.stack.paste_apps:make_tag\ntag = {}\n"
#: A pipeline whose second filter and app each carry a `filter-with`, one of them a chain of two.
FILTER_WITH_INI = f"""[pipeline:main]
pipeline = first second app

[filter:first]
{TAG.format("first")}
[filter:second]
{TAG.format("second")}filter-with = inner

[filter:inner]
{TAG.format("inner")}filter-with = outer

[filter:outer]
{TAG.format("outer")}
[app:app]
paste.app_factory = tests.stack.paste_apps:make_app
text = app
filter-with = guard

[filter:guard]
{TAG.format("guard")}"""
#: The order a request meets FILTER_WITH_INI's filters and app in (each `filter-with` wraps
#: its section).
IN_REQUEST_ORDER = ["filter:first", "filter:outer", "filter:inner", "filter:second",
                    "filter:guard", "app:app"]
