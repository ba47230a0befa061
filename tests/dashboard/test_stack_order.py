"""The Live stack picker keeps its order while a user watches: stacks by name, however often
each announces itself again; `/` still opens the stack started most recently."""

from __future__ import annotations

import re

from tests.dashboard.samples import announcement


def picker(page: str) -> list[str]:
    """The stacks the Live page's picker lists, in its order."""
    return re.findall(r'data-stack-link="([^"]+)"', page)


def test_the_picker_keeps_its_order_as_stacks_announce_again(dashboard):
    zeta = {**announcement("zeta", "http://127.0.0.1:9"), "pid": 10}
    alpha = {**announcement("alpha", "http://127.0.0.1:8"), "pid": 11}
    for info in (zeta, alpha, zeta):  # zeta's sink wakes with a request and announces again
        assert dashboard.post("/api/stacks", info)[0] == 200
    page = dashboard.get("/")[2]
    assert picker(page) == ["alpha", "zeta"]
    assert [s["name"] for s in dashboard.get("/api/stacks")[2]] == ["alpha", "zeta"]
    # `/` opens the stack started last (alpha), not the one heard from last.
    assert re.search(r'id="live"[^>]*data-stack="alpha"', page, re.S)

    # zeta started again (another process): now the newest, and still second in the picker.
    assert dashboard.post("/api/stacks", {**zeta, "pid": 12})[0] == 200
    page = dashboard.get("/")[2]
    assert picker(page) == ["alpha", "zeta"]
    assert re.search(r'id="live"[^>]*data-stack="zeta"', page, re.S)
