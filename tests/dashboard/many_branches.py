"""Inis past what a diagram draws or a line names: a composite with more branches than a diagram
draws (`dashboard.diagram_fold.MAX_BRANCHES`), as an uploaded ini of many prefixes and as a
running stack's graph whose request goes through a branch left out; one pipeline of many
filters; many entries; many prefixes naming no section. The tests and
`tests/bench/bench_upload.py` share them."""

from __future__ import annotations

from typing import Any

from tests.dashboard.samples import GRAPH
from tests.dashboard.samples import announcement


def many_prefixes(count: int) -> str:
    """An api-paste.ini: one urlmap of `count` prefixes `/svcN`, each a pipeline of two filters
    (`authN`, `limitN`, each with a setting) and an app `appN`."""
    lines = ["[composite:main]", "use = egg:Paste#urlmap"]
    lines += [f"/svc{i} = p{i}" for i in range(count)]
    for i in range(count):
        lines += ["", f"[pipeline:p{i}]", f"pipeline = auth{i} limit{i} app{i}",
                  "", f"[filter:auth{i}]", "paste.filter_factory = demo.auth:filter_factory",
                  f"realm = r{i}",
                  "", f"[filter:limit{i}]", "paste.filter_factory = demo.limit:filter_factory",
                  f"max = {i}",
                  "", f"[app:app{i}]", "paste.app_factory = demo.app:app_factory",
                  f"name = svc{i}"]
    return "\n".join(lines) + "\n"


def many_apps(count: int) -> str:
    """An api-paste.ini: one urlmap of `count` prefixes `/pN`, each straight to an app `appN`."""
    lines = ["[composite:main]", "use = egg:Paste#urlmap"]
    lines += [f"/p{i} = app{i}" for i in range(count)]
    for i in range(count):
        lines += ["", f"[app:app{i}]", "paste.app_factory = stack.demo.compute:Versions.factory"]
    return "\n".join(lines) + "\n"


def many_missing(count: int) -> str:
    """An api-paste.ini: one urlmap whose `/` is an app `app0`, then `count` prefixes `/mN`
    naming sections `goneN` that are not there."""
    lines = ["[composite:main]", "use = egg:Paste#urlmap", "/ = app0"]
    lines += [f"/m{i} = gone{i}" for i in range(count)]
    lines += ["", "[app:app0]", "paste.app_factory = stack.demo.compute:Versions.factory"]
    return "\n".join(lines) + "\n"


def one_pipeline(count: int) -> str:
    """One pipeline `main` of `count` filters and an app."""
    filters = [f"f{i}" for i in range(count)]
    lines = ["[pipeline:main]", f"pipeline = {' '.join(filters)} app"]
    for name in filters:
        lines += ["", f"[filter:{name}]", "paste.filter_factory = demo.f:factory"]
    return "\n".join([*lines, "", "[app:app]", "paste.app_factory = demo.app:factory"]) + "\n"


def many_entries(count: int) -> str:
    """An api-paste.ini of `count` pipelines `pN`, each an entry (none names another), sharing
    one filter."""
    lines = ["[filter:shared]", "paste.filter_factory = demo.f:factory"]
    for i in range(count):
        lines += ["", f"[pipeline:p{i}]", f"pipeline = shared app{i}",
                  "", f"[app:app{i}]", "paste.app_factory = demo.app:factory"]
    return "\n".join(lines) + "\n"


def announced_with_decoys(name: str, decoys: int) -> dict[str, Any]:
    """The sample stack's announcement (`samples.GRAPH`: `/v1` → pipeline:api → filter:auth →
    app:router) with `decoys` prefixes `/dN` → `app:dN` written before `/v1`."""
    nodes = [{"id": f"app:d{i}", "kind": "app", "name": f"d{i}", "factory": "egg:demo#d"}
             for i in range(decoys)]
    edges = [{"source": "composite:main", "target": f"app:d{i}", "label": f"/d{i}"}
             for i in range(decoys)]
    graph = {**GRAPH, "nodes": [*GRAPH["nodes"], *nodes], "edges": [*edges, *GRAPH["edges"]]}
    return {**announcement(name), "graph": graph}
