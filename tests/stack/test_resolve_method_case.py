"""`stack.resolve` takes a method as typed: HTTP methods are case-sensitive, and the compute
demo's router answers a real `curl -X get` with 405, so `which` must not say its GET route
matches."""

from __future__ import annotations

from stack.resolve import resolve


def test_a_lower_case_method_matches_no_get_route(compute, compute_routes):
    result = resolve(compute, "get", "/v2.1/servers", routes=compute_routes)
    assert result.method == "get" and result.route is None
    assert (result.stopped["status"], result.stopped["reason"]) == (
        405, "`/servers` matches 2 routes, none of which allows get (allowed: GET, POST)")
    assert result.story[0].startswith("`get` is not `GET`: HTTP methods are case-sensitive")
    matched = resolve(compute, "GET", "/v2.1/servers", routes=compute_routes)
    assert (matched.route["action"], matched.stopped) == ("index", None)
    assert not any("case-sensitive" in line for line in matched.story)
