"""`which` answers for the request targets a real eventlet server is sent: `OPTIONS *`, which
Paste's urlmap refuses with a 500, and request lines too long for the server, which answers 414
before any layer; a target no client sends is refused, saying what is wrong with it."""

from __future__ import annotations

import http.client

import pytest

from stack.http_token import check_host
from stack.request_target import MAX_REQUEST_LINE
from stack.request_target import check_target
from stack.resolve import describe
from stack.resolve import resolve
from tests.conftest import TOKEN
from tests.conftest import wait_for
from tests.stack.conftest import keyed_ini


def served(url: str, method: str, target: str) -> tuple[int, str | None]:
    """Send `method target` as it is (http.client writes `METHOD TARGET HTTP/1.1`): the status
    and the trace id, None when the server answered before any layer was traced."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, target, headers=TOKEN)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Pastescope-Trace")
    finally:
        connection.close()


def test_options_asterisk_is_answered_500_by_the_urlmap_as_a_real_server_does(compute,
                                                                             compute_stack):
    result = resolve(compute, "OPTIONS", "*")
    assert result.nodes == ["composite:osapi_compute"]
    assert result.stopped["node"] == "composite:osapi_compute"
    assert result.stopped["status"] == 500
    assert describe(result)[1:] == [
        "The composite `osapi_compute` (a urlmap) refuses PATH_INFO `*`, which does not start "
        "with `/`: Paste's URLMap raises AssertionError (URL fragments must start with / or "
        "http:// (you gave '*')), and the request ends in a 500.",
        "It would stop at the composite `osapi_compute` with 500."]

    status, _ = served(compute_stack.url, "OPTIONS", "*")
    assert status == 500  # eventlet's own: no trace header on it, so the trace is looked up
    trace = wait_for(lambda: next((t for t, events in compute_stack.traces().items()
                                   if events[0]["data"]["path"] == "*"), None),
                     what="the trace of OPTIONS *")
    events = compute_stack.trace(trace)
    assert [e["node"] for e in events if e["kind"] == "node.enter"] == result.nodes
    assert [e["data"]["raised_at"] for e in events if e["kind"] == "error"] == [
        result.stopped["node"]]


@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
def test_a_request_line_the_server_reads_whole_is_walked_a_longer_one_is_its_414(
        compute, compute_stack, method):
    # `METHOD /v2.1/servers/aaa… HTTP/1.1` CRLF: the longest line eventlet reads, then one more.
    head = "/v2.1/servers/"
    fits = head + "a" * (MAX_REQUEST_LINE - 1 - len(f"{method}  HTTP/1.1\r\n") - len(head))
    for target, refused in [(fits, False), (fits + "a", True)]:
        result = resolve(compute, method, target)
        status, trace = served(compute_stack.url, method, target)
        assert (status == 414) is refused and (trace is None) is refused, len(target)
        if not refused:
            assert result.stopped is None and result.nodes[-1] == "app:compute_app"
            continue
        size = len(target) + len(f"{method}  HTTP/1.1\r\n")
        assert (result.hops, result.stopped) == ([], {
            "node": None, "status": 414,
            "reason": f"its request line is {size:,} bytes, and eventlet reads at most 8,191 "
                      "(CRLF included)", "said": result.story})
        shown = describe(result)
        assert shown[0].startswith(f"{method} /v2.1/servers/aaa")
        assert shown[0].endswith("aaa would not reach the stack.") and len(shown[0]) < 600
        assert shown[1:] == [
            f"The server answers 414 Request URI Too Long itself: {result.stopped['reason']}. "
            "It closes the connection, and no layer of the stack is entered.",
            "It would stop at the server with 414."]


def test_a_query_string_and_text_beyond_ascii_count_in_the_request_line(compute):
    # The query is on the request line though not in PATH_INFO; `é` is two bytes of UTF-8.
    room = MAX_REQUEST_LINE - 1 - len("GET  HTTP/1.1\r\n")  # for the target's bytes
    for target, refused in [("/?" + "q" * (room - 2), False), ("/?" + "q" * (room - 1), True),
                            ("http://h/" + "é" * ((room - 1) // 2), False),
                            ("http://h/" + "é" * ((room + 1) // 2), True)]:
        stopped = resolve(compute, "GET", target).stopped
        assert (stopped is not None and stopped["status"] == 414) is refused, target[:12]


@pytest.mark.parametrize(
    ("method", "target", "error"),
    [("GET", "*", "'*' is a request target for OPTIONS only (the asterisk-form: the server as "
                  "a whole); a path for GET starts with '/'"),
     ("post", "*", "'*' is a request target for OPTIONS only (the asterisk-form: the server as "
                   "a whole); a path for post starts with '/'"),
     ("GET", "servers", "'servers' must start with '/' (or be a whole URL: http://HOST/PATH)"),
     ("GET", "", "'' must start with '/' (or be a whole URL: http://HOST/PATH)"),
     ("OPTIONS", "**", "'**' must start with '/' (or be a whole URL: http://HOST/PATH)"),
     ("GET", "/a b", "'/a b' holds a space or a control character, which a request line "
                     "cannot carry: write it %-escaped (a space is %20)"),
     ("GET", "/a\x00", "'/a\\x00' holds a space or a control character, which a request line "
                       "cannot carry: write it %-escaped (a space is %20)"),
     ("GET", "http://h:8311*", "the URL's host 'h:8311*' is not a host name or address with "
                               "an optional port (such as localhost:8774)"),
     ("GET", "http://user@h/x", "the URL's host 'user@h' is not a host name or address with "
                                "an optional port (such as localhost:8774)")],
)
def test_a_target_no_client_sends_is_refused_saying_why(method, target, error):
    with pytest.raises(ValueError) as refused:
        check_target(method, target)
    assert str(refused.value) == error


def test_a_refused_target_is_quoted_at_a_readable_length():
    with pytest.raises(ValueError) as refused:
        check_target("GET", "x" * 100_000)
    assert len(str(refused.value)) < 600
    assert "characters cut]" in str(refused.value)


@pytest.mark.parametrize(("method", "target"), [("OPTIONS", "*"), ("options", "*"),
                                                ("GET", "/" + "a" * 100_000),
                                                ("GET", "http://h:1/x?a=b"), ("GET", "/%20"),
                                                ("GET", "http://[::1]:8774/v2.1"),
                                                ("GET", "https://api_1.example."),
                                                ("GET", "http://h:65535/")])
def test_targets_a_client_sends_are_taken_whatever_their_length(method, target):
    check_target(method, target)


@pytest.mark.parametrize("host", ["a b", "h:8311*", "h:1:2", "[::1", "h:123456", "h:99999",
                                  "[::1]:65536", "x" * 300])
def test_a_host_no_client_sends_is_refused(host):
    with pytest.raises(ValueError) as refused:
        check_host(host)
    assert str(refused.value).endswith(
        " is not a host name or address with an optional port (such as localhost:8774)")


@pytest.mark.parametrize("host", ["", "localhost", "nova.example:8774", "10.0.0.1:80",
                                  "[fe80::1]:8774", "api_1"])
def test_hosts_a_client_sends_are_taken(host):
    check_host(host)


def test_a_stack_that_would_not_load_answers_no_request_however_long():
    # No stack, no server: the 414 is only for a server that runs.
    unloadable = keyed_ini("[pipeline:main]\npipeline = missing app\n[app:app]\nuse = egg:x#app\n")
    result = resolve(unloadable, "GET", "/" + "a" * MAX_REQUEST_LINE)
    assert (result.stopped["node"], result.stopped["status"]) == ("pipeline:main", None)
