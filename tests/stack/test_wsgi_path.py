"""`stack.wsgi_path`: a path shown as its client typed it, and route arguments shown as the
controller got them with what the client typed beside them, on requests a real stack served."""

from __future__ import annotations

import html
import urllib.parse

import pytest
import requests

from stack.explain import explain_step
from stack.resolve import describe
from stack.resolve import resolve
from stack.wsgi_path import readable_path
from tests.conftest import TOKEN

#: What follows an argument that came from a path beyond ASCII, before the closing bracket.
NOTE = "; WSGI reads a path's bytes as Latin-1"


@pytest.mark.parametrize(
    ("sent", "shown"),
    [("/servers/%C3%A9", "/servers/é"),
     ("/servers/%FF", "/servers/%FF"),  # read as Latin-1 it would be ÿ, as a client typing ÿ
     ("/caf%E9", "/caf%E9"),
     ("/%C3%A9/%FF", "/é/%FF"),
     ("/%F0%9F%98%80%F0%9F%98", "/😀%F0%9F%98"),  # a sequence cut short: each byte escaped
     ("/%C0%AF", "/%C0%AF"),  # an overlong `/`
     ("/%ED%A0%80", "/%ED%A0%80"),  # a surrogate
     ("/%E2%80%AEgpj.exe%C2%A0x y", "/%E2%80%AEgpj.exe%C2%A0x y"),  # hidden, as before
     # a `%` the path holds was sent as `%25`: shown so, never taken for an escape
     ("/a%25FF", "/a%25FF"),
     ("/a%25%FF", "/a%25%FF"),
     ("/100%25/%C3%A9%25", "/100%25/é%25"),
     ("/100%", "/100%25")],  # a `%` sent bare reads the same to the server as `%25`
)
def test_each_byte_not_part_of_utf8_shows_as_its_escape(sent, shown):
    recorded = urllib.parse.unquote(sent, encoding="latin-1")  # as a WSGI server hands it over
    assert readable_path(recorded) == shown


@pytest.mark.parametrize(
    ("sent", "got", "typed"),
    [("/v2.1/servers/%C3%A9", "Ã©", "é"),
     ("/v2.1/servers/%FF", "ÿ", "%FF"),
     ("/v2.1/servers/caf%E9-%C3%A9", "café-Ã©", "caf%E9-é"),
     ("/v2.1/servers/%25%FF", "%ÿ", "%25%FF"),  # a `%` then the byte 0xFF, told apart
     ("/v2.1/servers/abc", "abc", None),  # ASCII reads the same either way: no note
     ("/v2.1/servers/%25FF", "%FF", "%25FF")],  # `%FF` the text, sent as `%25FF`
)
def test_route_arguments_show_what_the_controller_got_and_what_was_typed(
        compute_stack, compute, compute_routes, sent, got, typed):
    response = requests.get(compute_stack.url + sent, headers=TOKEN, timeout=10)
    events = compute_stack.trace(response.headers["X-Pastescope-Trace"])
    action = next(i for i, e in enumerate(events) if e["kind"] == "controller.action")
    assert events[action]["data"]["args"] == {"id": got}  # what the controller really got
    note = NOTE if not got.isascii() else "; the server decodes a path's %-escapes"
    shown = f"id={got!r}" + (f" (the client typed {typed!r}{note})" if typed else "")

    assert explain_step(events, action).text == (
        f"The app `compute_app` called the `servers` controller's `show` action with {shown}.")
    match = next(i for i, e in enumerate(events) if e["kind"] == "route.match")
    assert explain_step(events, match).text.endswith(f"action `show` with {shown}.")
    result = resolve(compute, "GET", sent, routes=compute_routes)
    assert result.route["match"]["id"] == got
    assert describe(result)[-2] == (  # then the filters on the way, taken to pass it on
        "The app `compute_app`'s router matches `server` (`/servers/:(id)`, GET): "
        f"servers.show({shown}).")


@pytest.mark.parametrize(
    ("method", "sent", "status"),
    [("GET", "/nothing/%FF", 404),  # the versions app at `/`
     ("GET", "/v2.1/nothing/%FF", 404),  # the router: no route
     ("POST", "/v2.1/servers/%FF", 405),  # the router: a route, not for this method
     ("GET", "/v2.1/nothing/%C3%A9", 404)],
)
def test_a_path_that_matches_nothing_is_a_404_or_405_whatever_its_bytes(
        compute_stack, method, sent, status):
    """WebOb's `req.path_info` decodes a path as UTF-8: read where Routes reads it instead."""
    response = requests.request(method, compute_stack.url + sent, headers=TOKEN, timeout=10)
    assert response.status_code == status
    events = compute_stack.trace(response.headers["X-Pastescope-Trace"])
    recorded = urllib.parse.unquote(sent, encoding="latin-1")  # as the server handed it over
    misses = [e["data"] for e in events if e["kind"] == "route.miss"]
    assert [(m["path"], m["status"]) for m in misses] == (
        [] if sent.startswith("/nothing") else [(recorded.removeprefix("/v2.1"), status)])
    if status == 404 and misses:
        told = html.unescape(response.text)  # webob's HTML page: `é` written as `&#233;`
        assert f"No route matches {method} {readable_path(misses[0]['path'])}" in told
