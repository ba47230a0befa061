"""Graphs deeper than Python's recursion limit are drawn, on an uploaded ini's page and on Live.

A `filter-app` chain 3,000 deep fits in 100 KiB; drawing it used to recurse once a layer, and
its page was a 500 (and its announcement too).
"""

from __future__ import annotations

from stack import graph
from tests.dashboard.uploading import upload

DEPTH = 3_000


def chain_ini(depth: int) -> str:
    """`filter-app:f0` → `f1` → … → `f{depth}` → `app:end`, each by `next`."""
    sections = [f"[filter-app:f{i}]\nuse = egg:demo#f\nnext = f{i + 1}\n" for i in range(depth)]
    sections.append(f"[filter-app:f{depth}]\nuse = egg:demo#f\nnext = end\n")
    sections.append("[app:end]\nuse = egg:demo#app\n")
    return "".join(sections)


def test_an_uploaded_chain_thousands_deep_is_drawn(dashboard):
    status, _, doc = upload(dashboard, "deep.ini", chain_ini(DEPTH).encode())
    assert status == 200 and doc["entries"] == ["filter-app:f0"]
    status, _, page = dashboard.get(f"/inis/{doc['id']}")
    assert status == 200
    assert page.count('class="node"') == DEPTH + 2
    assert 'data-node="app:end"' in page


def test_a_stack_thousands_deep_is_announced_and_drawn_live(dashboard):
    chain = graph.read_ini_text(chain_ini(DEPTH), "deep.ini").to_json()["graphs"][0]
    status, _, _ = dashboard.post("/api/stacks", {
        "name": "deep", "url": "http://127.0.0.1:9", "file": "deep.ini", "graph": chain,
        "pid": 1, "routes": {}})
    assert status == 200
    status, _, page = dashboard.get("/?stack=deep")
    assert status == 200
    assert page.count('class="node"') == DEPTH + 2
