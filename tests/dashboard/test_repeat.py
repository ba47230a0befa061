"""`POST /api/traces/ID/repeat` of a request the dashboard did not send: rebuilt from its trace,
which holds less than was sent, it says how what it sent differs and why, or refuses."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT
from tests.conftest import raw_request
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import free_port
from tests.dashboard.servers import send
from tests.dashboard.servers import stored

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def oslo(dashboard) -> Iterator[Stack]:
    """The oslo demo (no token needed), announced to `dashboard`."""
    with announced(dashboard, "oslo_compute", "stack/demo/oslo.ini") as server:
        yield server


def repeated(dashboard, trace: dict) -> tuple[dict, dict]:
    """Repeat `trace`: the answer, and the request.start of the repeat's own trace."""
    status, _, answer = dashboard.post(f"/api/traces/{trace['trace']}/repeat", {})
    assert status == 200, answer
    return answer, stored(dashboard, answer["trace"])["events"][0]["data"]


def test_a_query_parameter_redacted_when_recorded_is_sent_redacted_and_said(dashboard, oslo):
    trace = send(dashboard, oslo, "GET", "/v2.1/servers?token=abc&limit=1")
    answer, start = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the query's `token` was redacted when recorded: sent as `***`"]
    assert (answer["status"], start["query"]) == (200, "token=***&limit=1")


@pytest.mark.parametrize("name, said", [("%2570assword", "password"),
                                        ("%252525252570assword", "%252525252570assword")])
def test_a_parameter_redacted_for_its_name_escaped_twice_or_more_is_said(dashboard, oslo, name,
                                                                          said):
    """The stack reads a name decoded as often as it was escaped (`stack.redact_url.unescaped`);
    Repeat decoded it once, so sent the `***` without saying it was redacted. One escaped
    too often to read is redacted too (fail closed), and named as written."""
    trace = send(dashboard, oslo, "GET", f"/v2.1/servers?{name}=abc&limit=1")
    answer, start = repeated(dashboard, trace)
    assert answer["differences"] == [
        f"the query's `{said}` was redacted when recorded: sent as `***`"]
    assert (answer["status"], start["query"]) == (200, f"{name}=***&limit=1")


def test_a_body_over_the_size_limit_is_stood_in_for_and_gets_the_413_again(dashboard, oslo):
    trace = send(dashboard, oslo, "POST", "/v2.1/servers", JSON, b"{" + b" " * 119_998 + b"}")
    assert trace["status"] == 413
    answer, start = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the body (120000 bytes) was not recorded, as the stack keeps a body only once a "
        "controller has read it as JSON: sent as 120000 bytes of `x` in its place"]
    assert (answer["status"], start["headers"]["Content-Length"]) == (413, "120000")


def test_a_body_that_is_not_json_is_stood_in_for_and_said(dashboard, oslo):
    trace = send(dashboard, oslo, "POST", "/v2.1/servers", JSON, b'{"server": ')
    assert trace["status"] == 400
    answer, _ = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the body (11 bytes) was not recorded, as the stack keeps a body only once a "
        "controller has read it as JSON: sent as 11 bytes of `x` in its place"]
    assert answer["status"] == 400 and "Malformed JSON body" in answer["body"]


def test_a_body_field_redacted_when_recorded_is_named(dashboard, oslo):
    trace = send(dashboard, oslo, "POST", "/v2.1/servers", JSON,
                 b'{"server":{"name":"rp","adminPass":"hunter2"}}')
    answer, _ = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the body's `server.adminPass` was redacted when recorded: sent as `***`"]
    assert answer["status"] == 202
    # A body written more tightly than Python writes JSON is sent longer, and said so.
    trace = send(dashboard, oslo, "POST", "/v2.1/servers", JSON, b'{"server":{"name":"vm"}}')
    answer, start = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the body was recorded as the JSON its controller read: sent written out again, "
        "26 bytes where the recorded one had 24"]
    assert start["headers"]["Content-Length"] == "26"


def test_the_host_is_sent_as_recorded_and_said(dashboard, oslo):
    trace = send(dashboard, oslo, "GET", "/v2.1/servers", {"Host": "example.test"})
    answer, start = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the Host header was sent as recorded, `example.test`, to the stack's address, "
        f"127.0.0.1:{oslo.port}"]
    assert start["host"] == "example.test"
    # A Host naming the stack's own address is no difference.
    answer, _ = repeated(dashboard, send(dashboard, oslo, "GET", "/v2.1/servers"))
    assert answer["differences"] == []


def test_a_body_too_long_to_stand_in_for_is_refused_saying_why(dashboard, oslo):
    events = trace_events("curl-huge", stack="oslo_compute", method="POST", path="/v2.1/servers")
    events[0]["data"]["headers"].update({"Content-Length": "5000000", **JSON})
    assert dashboard.post("/api/events", events)[0] == 202
    stored(dashboard, "curl-huge")
    status, _, answer = dashboard.post("/api/traces/curl-huge/repeat", {})
    assert (status, answer["error"]) == (
        409, "the request as recorded cannot be sent again: its body (5000000 bytes) was not "
             "recorded, and Repeat stands in for one of at most 1048576 bytes")


def sent_chunked(dashboard, stack: Stack, path: str, body: bytes) -> dict:
    """POST `body` to `stack` chunked (Transfer-Encoding, no Content-Length); its stored trace."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
    try:
        connection.request("POST", path, iter([body]), JSON, encode_chunked=True)
        trace_id = connection.getresponse().headers["X-Pastescope-Trace"]
    finally:
        connection.close()
    return stored(dashboard, trace_id)


def test_a_chunked_body_its_controller_read_is_sent_chunked_and_said(dashboard, buffering):
    trace = sent_chunked(dashboard, buffering, "/servers", b'{"server":{"name":"vm"}}')
    assert trace["status"] == 202
    answer, start = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the body was recorded as the JSON its controller read, and not its length, as it came "
        "chunked: sent chunked too, written out again in 26 bytes"]
    assert answer["status"] == 202 and '"name":"vm"' in answer["body"]
    assert start["headers"]["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in start["headers"]


def test_a_chunked_body_not_recorded_is_sent_chunked_empty_and_said(dashboard, oslo):
    trace = sent_chunked(dashboard, oslo, "/v2.1/servers", b'{"server":{"name":"vm"}}')
    answer, start = repeated(dashboard, trace)
    assert answer["differences"] == [
        "the body was not recorded, nor its length, as it came chunked: sent chunked too, "
        "but empty"]
    assert (answer["status"], trace["status"]) == (400, 400)
    assert start["headers"]["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in start["headers"]


def test_a_body_nested_deeper_than_recorded_is_said(dashboard, oslo):
    deep: object = "bottom"
    for _ in range(40):
        deep = [deep]
    body = {"server": {"name": "vm", "metadata": {"a": deep, "b": deep}}}
    trace = send(dashboard, oslo, "POST", "/v2.1/servers", JSON, json.dumps(body).encode())
    answer, _ = repeated(dashboard, trace)
    where = "server.metadata.a" + "[0]" * 28
    assert answer["differences"][0] == (
        f"the body's `{where}` and 1 more part were nested deeper than the 31 levels the "
        "stack records: sent as `…`")
    assert answer["differences"][1].startswith(
        "the body was recorded as the JSON its controller read: sent written out again")
    assert answer["status"] == 202


#: The `OPTIONS` requests `oslo_compute` has traced, newest first.
OPTIONS_TRACES = "/api/traces?stack=oslo_compute&method=OPTIONS&limit=500"


def asterisks(rows: list[dict]) -> list[dict]:
    """The `OPTIONS *` requests of `rows` whose end has arrived."""
    return [row for row in rows if row["path"] == "*" and row["duration_ms"] is not None]


def test_options_asterisk_is_repeated_as_recorded(dashboard, oslo):
    """The asterisk-form (OPTIONS of the server as a whole) is valid HTTP, and the stack serves
    and traces it: Repeat sends it again rather than saying its path must start with `/`."""
    before = len(asterisks(dashboard.get(OPTIONS_TRACES)[2]))
    # The urlmap refuses `*` (an AssertionError): eventlet's own 500, traced.
    assert raw_request(oslo.url, "*", method="OPTIONS")[0].startswith("HTTP/1.1 500 ")
    rows = dashboard.wait_for(OPTIONS_TRACES, lambda rows: len(asterisks(rows)) > before)
    status, _, answer = dashboard.post(f"/api/traces/{asterisks(rows)[0]['trace']}/repeat", {})
    assert (status, answer.get("status")) == (200, 500), answer
    assert answer["differences"] == [  # raw_request's `Host: x`
        f"the Host header was sent as recorded, `x`, to the stack's address, 127.0.0.1:{oslo.port}"]
    dashboard.wait_for(OPTIONS_TRACES, lambda rows: len(asterisks(rows)) == before + 2)


def test_a_request_of_a_stack_not_announced_or_not_listening_is_refused_as_documented(dashboard):
    """DESIGN's Repeat answers beyond 200 and 409: 404 for a stack that never announced
    itself, 502 for one announced where nothing listens."""
    said = " ".join((ROOT / "DESIGN.md").read_text().split())
    assert "404 `{\"error\"}` when its stack never announced itself" in said
    assert "502 `{\"error\"}` when the stack announced itself but does not answer" in said
    assert dashboard.post("/api/events", trace_events("never-1", stack="never-seen"))[0] == 202
    stored(dashboard, "never-1")
    status, _, answer = dashboard.post("/api/traces/never-1/repeat", {})
    assert (status, answer) == (404, {"error": "no stack named 'never-seen' has announced itself"})
    url = f"http://127.0.0.1:{free_port()}"
    assert dashboard.post("/api/stacks", announcement("deaf", url=url))[0] == 200
    assert dashboard.post("/api/events", trace_events("deaf-1", stack="deaf"))[0] == 202
    stored(dashboard, "deaf-1")
    status, _, answer = dashboard.post("/api/traces/deaf-1/repeat", {})
    assert status == 502 and answer["error"].startswith(f"could not reach stack deaf at {url}: ")
