"""A router that raised before it matched a route: the request page says so, where it said
"The request never reached a router." of a request that reached it."""

from __future__ import annotations

import pytest

from tests.dashboard.page_text import section
from tests.dashboard.servers import served_once
from tests.stack.app_inis import ref


@pytest.mark.parametrize(("setting", "status", "said"), [
    ("", "500 Internal Server Error",
     "The router of app:main raised before matching a route (see Errors below)."),
    ("refuse = yes", "400 Bad Request",
     "The router of app:main answered 400 before matching a route."),
], ids=["raised", "answered"])
def test_a_router_that_stopped_before_matching_is_said_to_have_been_reached(
        dashboard, tmp_path, setting, status, said):
    trace = served_once(dashboard, tmp_path,
                        f"[app:main]\npaste.app_factory = {ref('make_router')}\n{setting}\n",
                        status, "/items")
    _, _, page = dashboard.get(f"/requests/{trace}")
    route = section(page, "Route")
    assert said in route
    assert "never reached a router" not in route
