"""`which` says that the server decodes `%2F` before any layer sees the path, as the served
demo shows: `/v2.1%2Fservers` is `/v2.1/servers` to the urlmap and to Routes."""

from __future__ import annotations

from stack.resolve import describe
from stack.resolve import resolve
from tests.conftest import TOKEN
from tests.stack.trace_checks import send

DECODED = ("The server decodes `%2F` to `/` before any layer sees the path: PATH_INFO holds "
           "`/v2.1/servers`, and neither a urlmap nor a router can tell the escaped `/` from one "
           "typed.")


def test_an_escaped_slash_is_said_decoded_as_the_served_stack_decodes_it(
        compute, compute_routes, compute_stack):
    response, events = send(compute_stack, "GET", "/v2.1%2Fservers", TOKEN)
    [match] = [e["data"] for e in events if e["kind"] == "route.match"]
    assert (response.status_code, match["template"]) == (200, "/servers")
    lines = describe(resolve(compute, "GET", "/v2.1%2fservers", routes=compute_routes))
    assert lines[1] == DECODED
    assert "The app `compute_app`'s router matches `servers` (`/servers`, GET): servers.index()." \
        in lines


def test_a_path_with_no_escaped_slash_says_nothing_of_it(compute):
    lines = describe(resolve(compute, "GET", "/v2.1/servers%252F"))
    assert DECODED.split(":")[0] not in "\n".join(lines)
