"""The step view of a trace many thousands of layers deep: answered, and every layer explained.

Each explanation refers back to earlier events (the layer above, the step before, the layer
just inside); in a deep trace a wrong pairing would name the wrong layer, so every sentence is
checked against the layer it must name.
"""

from __future__ import annotations

import time
from typing import Any

from tests.dashboard.servers import stored

#: Layers of the deep trace: 3 events each, about 39,000 in all.
DEPTH = 13_000
#: Events a POST carries (the dashboard takes at most 8 MiB a batch).
BATCH = 10_000


def path_info(layer: int) -> str:
    return "/odd" if layer % 2 else "/even"


def status(layer: int) -> int:
    return 500 if layer % 2 else 503


def deep_trace(trace: str, depth: int) -> list[dict[str, Any]]:
    """`depth` nested composites `c1`…: each entered (the layer above adding a header), choosing
    the next (moving `/n` into SCRIPT_NAME), and left replacing the status of the one inside;
    the innermost answers on its own."""
    now = time.time()
    events = [{"span": 0, "parent": None, "kind": "request.start", "node": None,
               "data": {"method": "GET", "path": "/deep", "query": "", "remote": "127.0.0.1",
                        "host": "h", "headers": {}}}]
    for layer in range(1, depth + 1):
        node = f"composite:c{layer}"
        target = f"composite:c{layer + 1}" if layer < depth else "app:end"
        events.append({"span": layer, "parent": layer - 1, "kind": "node.enter", "node": node,
                       "data": {"script_name": f"/s{layer}", "path_info": path_info(layer),
                                "added": {"HTTP_X_DEPTH": str(layer)} if layer > 1 else {}}})
        events.append({"span": layer, "parent": None, "kind": "composite.dispatch",
                       "node": node, "data": {"label": "next", "target": target,
                                              "script_name": f"/s{layer}/n",
                                              "path_info": path_info(layer)}})
    for layer in range(depth, 0, -1):
        events.append({"span": layer, "parent": layer - 1, "kind": "node.leave",
                       "node": f"composite:c{layer}",
                       "data": {"status": status(layer), "duration_ms": 0.1,
                                "short_circuit": layer == depth,
                                "added": {"x.layer": f"c{layer}"}}})
    events.append({"span": 0, "parent": None, "kind": "request.end", "node": None,
                   "data": {"status": status(1), "bytes": 0, "duration_ms": 1.0}})
    for seq, event in enumerate(events):
        event.update(trace=trace, seq=seq, ts=now + seq * 1e-6, stack="deep")
    return events


def expected(layer: int, kind: str) -> list[str]:
    """What the step of `kind` at `layer` must say: it names the right layers and values."""
    name = f"The composite `c{layer}`"
    if kind == "node.enter":
        said = [f"{name} is entered; it sees SCRIPT_NAME `/s{layer}` and PATH_INFO "
                f"`{path_info(layer)}`"]
        if layer > 1:
            said += [f"(SCRIPT_NAME was `/s{layer - 1}/n`; PATH_INFO was "
                     f"`{path_info(layer - 1)}`)",
                     f"on its way in the composite `c{layer - 1}` added the header X-Depth "
                     f"= `{layer}`"]
        return said
    if kind == "composite.dispatch":
        return [f"{name} chose its `next` alternative",
                "`/n` moved from PATH_INFO to SCRIPT_NAME"]
    if layer == DEPTH:
        return [f"{name} answered {status(layer)} itself",
                f"while it ran it added the key `x.layer` = `c{layer}`"]
    return [f"{name} replaced the status {status(layer + 1)} of the composite `c{layer + 1}` "
            f"with {status(layer)}; on its way out it added the key `x.layer` = `c{layer}` to the "
            "environ."]


def test_every_layer_of_a_very_deep_trace_is_explained(dashboard):
    events = deep_trace("very-deep", DEPTH)
    for start in range(0, len(events), BATCH):
        status_code, _, answer = dashboard.post("/api/events", events[start:start + BATCH])
        assert status_code == 202, answer
    stored(dashboard, "very-deep", timeout=30)
    # Dashboard.get waits at most 15 s for an answer.
    status_code, _, body = dashboard.get("/api/traces/very-deep/steps")
    assert status_code == 200, str(body)[:300]
    steps = body["steps"]
    assert [(s["kind"], s["node"]) for s in steps] == [(e["kind"], e["node"]) for e in events]
    for step, event in zip(steps, events, strict=True):
        if event["kind"] in ("node.enter", "composite.dispatch", "node.leave"):
            layer = event["span"]
            for words in expected(layer, event["kind"]):
                assert words in step["text"], (layer, words, step["text"])
        if event["kind"] == "composite.dispatch":
            assert {"key": "SCRIPT_NAME", "before": f"/s{layer}",
                    "after": f"/s{layer}/n"} in step["changes"], (layer, step["changes"])
        if event["kind"] == "node.leave" and layer < DEPTH:
            assert {"key": "status", "before": status(layer + 1),
                    "after": status(layer)} in step["changes"], (layer, step["changes"])
    story = body["failure"]
    assert story[0] == f"GET /deep ended with {status(1)}."
    replaced = [line for line in story if " replaced the status " in line]
    assert replaced == [f"The composite `c{layer}` replaced the status {status(layer + 1)} of "
                        f"the composite `c{layer + 1}` with {status(layer)}."
                        for layer in range(DEPTH - 1, 0, -1)]
    assert sum(" answered " in line and " itself" in line for line in story) == 1
