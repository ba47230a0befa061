"""`GET /api/which` answers for the targets a real server is sent, whatever their length, as
the stack's eventlet server would (`OPTIONS *`: the urlmap's 500; a line too long: its 414), and
refuses a target no client sends with a 400 naming the path, or, for the page, in the form."""

from __future__ import annotations

import pytest

from stack.request_target import MAX_REQUEST_LINE
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.which_queries import MISSING
from tests.dashboard.which_queries import ask

STACK = ("stack", "osapi_compute")


@pytest.mark.parametrize(
    ("method", "path", "error"),
    [("GET", "*", "path: '*' is a request target for OPTIONS only (the asterisk-form: the "
                  "server as a whole); a path for GET starts with '/'"),
     ("GET", "servers", "path: 'servers' must start with '/' (or be a whole URL: "
                        "http://HOST/PATH)"),
     ("GET", "/a b", "path: '/a b' holds a space or a control character, which a request line "
                     "cannot carry: write it %-escaped (a space is %20)"),
     ("GET", "", MISSING)],
)
def test_a_target_no_client_sends_is_a_400_and_the_forms_message(dashboard, stack, method,
                                                                 path, error):
    status, _, answer = ask(dashboard, STACK, ("method", method), ("path", path))
    assert (status, answer) == (400, {"error": error})
    status, _, html = ask(dashboard, STACK, ("method", method), ("path", path), headers=HTMX)
    assert status == 200 and "<html" not in html
    assert shown(html).count(error) == 1 and "data-which-answer" not in html


def test_a_question_with_no_path_says_it_is_missing(dashboard, stack):
    assert ask(dashboard, STACK, ("method", "GET"))[::2] == (400, {"error": MISSING})


def test_options_asterisk_is_the_urlmaps_500(dashboard, stack):
    status, _, answer = ask(dashboard, STACK, ("method", "OPTIONS"), ("path", "*"))
    assert status == 200, answer
    assert [hop["node"] for hop in answer["hops"]] == ["composite:osapi_compute"]
    assert (answer["stopped"]["node"], answer["stopped"]["status"]) == (
        "composite:osapi_compute", 500)
    status, _, html = ask(dashboard, STACK, ("method", "OPTIONS"), ("path", "*"), headers=HTMX)
    assert ("It would stop at the composite osapi_compute with 500. The composite "
            "osapi_compute (a urlmap) refuses PATH_INFO *, which does not start with /: Paste's "
            "URLMap raises AssertionError") in " ".join(shown(html).split())


def test_a_long_path_is_walked_and_one_over_the_servers_limit_is_its_414(dashboard, stack):
    long = "/v2.1/servers/" + "a" * 3000  # refused as over 2048 characters before
    status, _, answer = ask(dashboard, STACK, ("path", long))
    assert status == 200, answer
    assert answer["stopped"] is None and answer["route"]["name"] == "server"

    too_long = "/v2.1/servers/" + "a" * MAX_REQUEST_LINE
    status, _, answer = ask(dashboard, STACK, ("path", too_long))
    assert status == 200, answer
    assert (answer["hops"], answer["stopped"]["node"], answer["stopped"]["status"]) == (
        [], None, 414)
    assert answer["describe"][-1] == "It would stop at the server with 414."
    status, _, html = ask(dashboard, STACK, ("path", too_long), headers=HTMX)
    assert status == 200
    assert 'data-which-stop-node="" data-which-status="414"' in html
    assert ("It would stop at the server with 414. The server answers 414 Request URI Too "
            "Long itself: its request line is 8,221 bytes, and eventlet reads at most 8,191 "
            "(CRLF included).") in " ".join(shown(html).split())
