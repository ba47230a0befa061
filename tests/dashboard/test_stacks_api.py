"""`POST /api/stacks`: text no page can show is refused, saying in which field and where."""

from __future__ import annotations

import copy

from tests.dashboard.samples import ROUTES
from tests.dashboard.samples import announcement


def with_node_text(stack: str, **changes) -> dict:
    """Stack `stack`'s announcement, its router node changed (text where pages show it)."""
    info = copy.deepcopy(announcement(stack))
    info["graph"]["nodes"][3].update(changes)
    return info


def test_lone_surrogates_are_refused_naming_the_field(dashboard):
    cases = [
        (announcement("odd\ud800"),
         "field 'name' holds a lone surrogate (character 3), which is not text"),
        ({**announcement("odd-file"), "file": "caf\udce9.ini"},
         "field 'file' holds a lone surrogate (character 3)"),
        ({**announcement("odd-url"), "url": "http://127.0.0.1:9/\udc80"}, "field 'url'"),
        (with_node_text("odd-node", name="router\ud800"),
         """field 'graph'["nodes"][3]["name"] holds a lone surrogate (character 6)"""),
        (with_node_text("odd-conf", conf={"k\udfff": "v"}),
         """field 'graph'["nodes"][3]["conf"] holds a lone surrogate (character 1)"""),
        ({**announcement("odd-routes"),
          "routes": {"app:router": [dict(ROUTES["app:router"][0], template="/\ud800")]}},
         """field 'routes'["app:router"][0].template holds a lone surrogate (character 1)"""),
    ]
    for body, reason in cases:
        status, _, answer = dashboard.post("/api/stacks", body)
        assert status == 400, (reason, answer)
        assert reason in answer["error"], (reason, answer)
    names = {stack["name"] for stack in dashboard.get("/api/stacks")[2]}
    assert not any(name.startswith("odd") for name in names)
    assert dashboard.get("/")[0] == 200


def test_text_beyond_ascii_is_kept_and_shown(dashboard):
    status, _, answer = dashboard.post("/api/stacks", with_node_text("café", name="routeur-é"))
    assert (status, answer) == (200, {"name": "café"})
    status, _, page = dashboard.get("/?stack=caf%C3%A9")
    assert status == 200 and "routeur-é" in page
