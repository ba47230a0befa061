"""`POST /api/send` and `POST /api/traces/ID/repeat`: real requests to a real demo stack."""

from __future__ import annotations

import json
import socket

import pytest

from dashboard.presets import COMPUTE
from dashboard.sender import SendError
from dashboard.sender import send as send_to
from stack import http_token
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import STOPPING
from tests.dashboard.servers import announced
from tests.dashboard.servers import free_port
from tests.dashboard.servers import preset_body
from tests.dashboard.servers import stored


def send(dashboard, **spec):
    return dashboard.post("/api/send", {"stack": "osapi_compute", "method": "GET", **spec})


def test_a_request_sent_from_the_page_is_traced_and_recorded(dashboard, stack):
    status, _, result = send(dashboard, path="/v2.1/servers", headers=TOKEN)
    assert status == 200
    assert result["status"] == 200 and result["trace"]
    trace = stored(dashboard, result["trace"])
    nodes = [e["node"] for e in trace["events"] if e["kind"] == "node.enter"]
    assert nodes[:2] == ["composite:osapi_compute", "composite:openstack_compute_api_v21"]
    assert "filter:authtoken" in nodes and nodes[-1] == "app:compute_app"
    start = trace["events"][0]
    assert start["data"]["headers"]["X-Auth-Token"] == "***"  # redacted by the stack


def test_a_json_body_is_sent(dashboard, stack):
    status, _, result = send(dashboard, method="POST", path="/v2.1/servers", headers=TOKEN,
                             body='{"server": {"name": "vm1", "flavorRef": "1"}}')
    assert (status, result["status"]) == (200, 202)


def test_a_method_is_sent_as_typed(dashboard, stack):
    # Case-sensitive: the demo's router allows GET on /servers, not `get`; nor does it know PURGE.
    for typed in ("get", "Purge"):
        status, _, result = send(dashboard, method=typed, path="/v2.1/servers", headers=TOKEN)
        assert (status, result["status"]) == (200, 405), result
        trace = stored(dashboard, result["trace"])
        assert (trace["method"], trace["events"][0]["data"]["method"]) == (typed, typed)
        again = dashboard.post(f"/api/traces/{result['trace']}/repeat", {})[2]
        repeated = stored(dashboard, again["trace"])
        assert (again["status"], repeated["method"]) == (405, typed)


def test_repeat_resends_with_the_secrets_the_page_sent(dashboard, stack):
    first = send(dashboard, path="/v2.1/servers/1", headers=TOKEN)[2]
    status, _, again = dashboard.post(f"/api/traces/{first['trace']}/repeat", {})
    assert status == 200
    assert again["status"] == 200 and again["trace"] != first["trace"]
    assert again["left_out"] == [] and again["differences"] == []


def test_repeat_of_a_request_sent_by_someone_else_leaves_redacted_headers_out(dashboard, stack):
    # A request the dashboard did not send: its token reached the dashboard only as "***".
    dashboard.post("/api/events", trace_events("curl-1", stack="osapi_compute",
                                               path="/v2.1/servers"))
    status, _, again = dashboard.post("/api/traces/curl-1/repeat", {})
    assert status == 200
    assert again["left_out"] == ["X-Auth-Token"]
    assert again["differences"] == ["the X-Auth-Token header was redacted when recorded: left out"]
    assert again["status"] == 401  # no token: authtoken answers on its own


def test_bad_send_requests_are_refused_with_a_reason(dashboard):
    dashboard.post("/api/stacks", announcement("far-away", url="http://10.1.2.3:8090"))
    dashboard.post("/api/stacks", announcement("gone", url=f"http://127.0.0.1:{free_port()}"))
    cases = [
        ({"stack": "osapi_compute", "path": "/"} | {"stack": ""}, 400, "'stack' is required"),
        ({"stack": "nope", "path": "/"}, 404, "no stack named 'nope'"),
        ({"stack": "gone", "method": "BR EW", "path": "/"}, 400,
         "field 'method': 'BR EW' is not an HTTP method: a token such as GET"),
        ({"stack": "gone", "path": "v2.1"}, 400, "'path' must start with '/'"),
        ({"stack": "gone", "path": "*"}, 400,
         "'path' must start with '/', or be '*' for OPTIONS (at most 4000 characters)"),
        ({"stack": "gone", "path": "/a b"}, 400, "spaces"),
        ({"stack": "gone", "path": "/", "headers": {"X-A": "1\r\nX-B: 2"}}, 400,
         "holds a line break"),
        ({"stack": "gone", "path": "/", "headers": {"Bad Name": "1"}}, 400, "is not a header name"),
        ({"stack": "gone", "path": "/", "headers": "x"}, 400, "'headers' must be an object"),
        ({"stack": "gone", "path": "/", "headers": ["x"]}, 400,
         "field 'headers': 'x': expected NAME: VALUE"),
        ({"stack": "far-away", "path": "/"}, 403, "not an http:// loopback address"),
        ({"stack": "gone", "path": "/"}, 502, "could not reach stack gone"),
    ]
    for body, code, reason in cases:
        status, _, answer = dashboard.post("/api/send", body)
        assert status == code, (body, answer)
        assert reason in answer["error"], (body, answer)
    status, _, answer = dashboard.post("/api/send", raw=b"nonsense",
                                       headers={"Content-Type": "application/json"})
    assert status == 400 and "JSON object" in answer["error"]
    status, _, answer = dashboard.post("/api/traces/unknown-trace/repeat", {})
    assert status == 404 and "no trace" in answer["error"]


def test_a_stack_gone_without_saying_so_is_said_in_words_a_class_can_act_on(dashboard):
    """A stack killed, or its terminal closed, never says it stopped: Send showed `[Errno 111]
    Connection refused`, which tells a learner nothing of what to do."""
    url = f"http://127.0.0.1:{free_port()}"
    assert dashboard.post("/api/stacks", announcement("vanished", url=url))[0] == 200
    status, _, answer = send(dashboard, stack="vanished", path="/")
    assert (status, answer) == (502, {"error": (
        f"could not reach stack vanished at {url}: nothing listens there (connection "
        "refused): the stack stopped without saying so; start it again to send to it")})


def test_a_stack_that_takes_the_request_and_never_answers_is_not_said_unreached():
    """It was said "could not reach stack …: it did not answer", of a stack that had."""
    with socket.create_server(("127.0.0.1", 0)) as listening:
        url = f"http://127.0.0.1:{listening.getsockname()[1]}"
        with pytest.raises(SendError) as refused:
            send_to(url, {"stack": "slow", "method": "GET", "path": "/", "headers": {},
                          "body": ""}, 0.3)
    assert (refused.value.status, str(refused.value)) == (502, (
        f"stack slow at {url} did not answer within 0.3 s: the request may still be under "
        "way, and its trace listed when it ends"))


def test_a_stack_whose_queue_of_connections_is_full_is_said_unreached():
    """Its connection timed out, nothing was sent: it was said to be still under way."""
    with socket.create_server(("127.0.0.1", 0), backlog=0) as listening:
        url = f"http://127.0.0.1:{listening.getsockname()[1]}"
        waiting = []
        try:
            for _ in range(8):  # fill the queue the stack never accepts from (bounded)
                client = socket.socket()
                client.settimeout(0.3)
                waiting.append(client)
                try:
                    client.connect(listening.getsockname())
                except TimeoutError:
                    break
            with pytest.raises(SendError) as refused:
                send_to(url, {"stack": "full", "method": "GET", "path": "/", "headers": {},
                              "body": ""}, 0.3)
        finally:
            for client in waiting:
                client.close()
    assert (refused.value.status, str(refused.value)) == (
        502, f"could not reach stack full at {url}: no connection within 0.3 s")


def test_a_path_beyond_ascii_is_sent_as_a_browser_sends_it(dashboard, stack):
    # Percent-encoded as UTF-8; escapes and the query typed are kept as they are.
    status, _, result = send(dashboard, path="/v2.1/servers/é%2F?name=ü&x=%C3%A9",
                             headers={**TOKEN, "X-Note": "café"})
    assert status == 200 and result["trace"], result
    start = stored(dashboard, result["trace"])["events"][0]
    # The stack records PATH_INFO as a WSGI server hands it over: the bytes read as Latin-1.
    assert start["data"]["path"] == "/v2.1/servers/é/".encode().decode("latin-1")
    assert start["data"]["query"] == "name=%C3%BC&x=%C3%A9"
    assert start["data"]["headers"]["X-Note"] == "café"


def test_what_no_request_can_carry_is_refused_naming_the_field(dashboard):
    dashboard.post("/api/stacks", announcement("gone", url=f"http://127.0.0.1:{free_port()}"))
    cases = [
        ({"stack": "gone", "path": "/v2.1/\ud800"},
         "field 'path' holds a lone surrogate (character 6)"),
        ({"stack": "gone\udfff", "path": "/"},
         "field 'stack' holds a lone surrogate (character 4)"),
        ({"stack": "gone", "path": "/", "body": "{\"a\": \"\ud800\"}"},
         "field 'body' holds a lone surrogate (character 7)"),
        ({"stack": "gone", "path": "/", "headers": {"X-A": "日本"}},
         "field 'headers': the value of X-A holds '日' (U+65E5), which is not Latin-1"),
        ({"stack": "gone", "path": "/", "headers": {"X-A": "ok\udc80"}},
         "the value of X-A holds '\\udc80' (U+DC80), which is not Latin-1"),
        ({"stack": "gone", "path": "/", "headers": {"X-A": "a\u0001b"}},
         "the value of X-A holds the control character U+0001"),
        ({"stack": "gone", "path": "/", "headers": {"X-A\n": "1"}},
         "'X-A\\n' is not a header name"),
        ({"stack": "gone", "path": "/", "headers": {"X-\ud800": "1"}}, "is not a header name"),
    ]
    for body, reason in cases:
        status, _, answer = dashboard.post("/api/send", body)  # "\\ud800" escapes in JSON
        assert status == 400, (body, answer)
        assert reason in answer["error"], (body, answer)


def test_repeat_sends_the_bytes_a_recorded_path_was_sent_with(dashboard, stack):
    # Sent by someone else as /v2.1/servers/%C3%A9%20x?q=%C3%A9&r=é: the stack recorded
    # PATH_INFO decoded and read as Latin-1, and QUERY_STRING as it came.
    utf8 = "/v2.1/servers/é x".encode().decode("latin-1")
    query = "q=%C3%A9&r=" + "é".encode().decode("latin-1")
    events = trace_events("curl-utf8", stack="osapi_compute", path=utf8)
    events[0]["data"]["query"] = query
    assert dashboard.post("/api/events", events)[0] == 202
    stored(dashboard, "curl-utf8")
    status, _, again = dashboard.post("/api/traces/curl-utf8/repeat", {})
    assert status == 200, again
    start = stored(dashboard, again["trace"])["events"][0]
    assert (start["data"]["path"], start["data"]["query"]) == (utf8, "q=%C3%A9&r=%C3%A9")


def test_repeat_of_a_request_it_cannot_send_says_so_of_the_recorded_request(dashboard, stack):
    events = trace_events("curl-odd", stack="osapi_compute", path="/v2.1/servers")
    events[0]["data"]["method"] = "GÿT"  # what a raw client may send, and the stack records
    assert dashboard.post("/api/events", events)[0] == 202
    stored(dashboard, "curl-odd")
    status, _, answer = dashboard.post("/api/traces/curl-odd/repeat", {})
    assert (status, answer["error"]) == (409, "the request as recorded cannot be sent again: "
                                              "its 'method': 'GÿT' is not an HTTP method: a "
                                              "token such as GET, PATCH or PURGE (letters, "
                                              "digits and !#$%&'*+-.^_`|~, at most 32)")


def test_the_detail_of_a_500_shows_the_error_and_who_caught_it(dashboard, stack):
    migrate = next(p for p in COMPUTE if p["status"] == 500)
    result = send(dashboard, method="POST", path=migrate["path"], headers=migrate["headers"],
                  body=migrate["body"])[2]
    assert result["status"] == 500
    stored(dashboard, result["trace"])
    page = dashboard.get(f"/requests/{result['trace']}")[2]
    assert 'data-error-type="' in page and "caught by filter:faultwrap" in page
    # … and the line of the controller that raised it.
    assert '(<code class="raised-in">compute.py:' in page and ' in action</code>)' in page


def test_every_preset_gets_the_status_it_promises(dashboard, stack):
    # NOTE: last in this module: the presets change the demo's servers (one is deleted).
    for preset in COMPUTE:
        status, _, result = send(dashboard, method=preset["method"], path=preset["path"],
                                 headers=preset["headers"], body=preset_body(preset))
        assert status == 200, (preset, result)
        assert result["status"] == preset["status"], (preset["label"], result)


def test_a_request_the_stack_never_answers_is_said_so_not_unreachable(dashboard, tmp_path):
    ini = tmp_path / "stopping.ini"
    ini.write_text(f"[app:silent]\nuse = {STOPPING}\n")
    with announced(dashboard, "silent", str(ini)) as stack:
        status, _, answer = dashboard.post("/api/send", {"stack": "silent", "path": "/gone"})
    assert status == 502
    assert answer["error"] == (f"stack silent at {stack.url} closed the connection without an "
                               "answer: its trace, listed with no answer, says why")


def test_a_body_typed_with_transfer_encoding_chunked_is_sent_chunked(dashboard, buffering):
    """It was sent as typed under a header saying it was chunked: the stack waited for chunks
    that never came, and the page said the stack could not be reached."""
    status, _, result = send(dashboard, stack="buffered", method="POST", path="/servers",
                             headers={"Transfer-Encoding": "chunked"},
                             body='{"server": {"name": "vm1"}}')
    assert status == 200, result
    assert result["status"] == 202 and '"name":"vm1"' in result["body"]
    trace = stored(dashboard, result["trace"])
    assert trace["events"][0]["data"]["headers"]["Transfer-Encoding"] == "chunked"


def test_a_typed_content_length_other_than_the_body_is_refused_naming_both(dashboard, stack):
    """Sent as typed, the stack waited for 484 more bytes, and the page said after 10 s that
    it could not reach the stack, though it had."""
    body = '{"reboot": null}'
    status, _, answer = send(dashboard, method="POST", path="/v2.1/servers/1/action",
                             headers={**TOKEN, "Content-Length": "500"}, body=body)
    assert (status, answer["error"]) == (
        400, "header 'Content-Length' says 500 bytes, but the body is 16 bytes (as UTF-8): "
        "make them match, or leave the header out and it is set from the body")
    status, _, result = send(dashboard, method="POST", path="/v2.1/servers/1/action",
                             headers={**TOKEN, "content-length": "16"}, body=body)
    assert (status, result["status"]) == (200, 202), result


def test_a_send_request_past_its_limit_or_not_typed_as_json_is_refused(dashboard):
    """The body is read to 8 MiB and no further (it was read whole, however large), and only
    JSON typed as such is taken: a page of another site can post text/plain unasked."""
    spec = json.dumps({"stack": "osapi_compute", "path": "/", "body": "x" * (8 << 20)})
    assert dashboard.post("/api/send", raw=spec.encode(),
                          headers={"Content-Type": "application/json"})[::2] == (
        413, {"error": "request body too large: the limit is 8 MiB"})
    status, _, answer = dashboard.post("/api/send", raw=b'{"stack": "x", "path": "/"}',
                                       headers={"Content-Type": "text/plain"})
    assert status == 400 and "JSON object" in answer["error"], answer


#: What a header's value must be, as every refusal of one ends.
VALUE_RULE = "a header's value is one line of Latin-1 text, with no control character but tab"


@pytest.mark.parametrize(("headers", "refusal"), [
    ({"X-Auth-Token": 734190}, "the value of X-Auth-Token is a number"),
    ({"X-Auth-Token": None}, "the value of X-Auth-Token is null"),
    ({"X-Auth-Token": True}, "the value of X-Auth-Token is a boolean"),
    ({"X-Auth-Token": ["734190"]}, "the value of X-Auth-Token is a list"),
    ({"X-Auth-Token": {"id": "734190"}}, "the value of X-Auth-Token is an object"),
    ({"Accept": 2.1}, "the value of Accept is a number"),
])
def test_a_header_value_that_is_no_text_is_said_by_its_kind_never_quoted(dashboard, headers,
                                                                          refusal):
    """A value given as JSON's number, null, list or object was quoted as Python writes it
    (`None`, `True`, `['734190']`): not what was typed, and a token so given shown whole."""
    status, _, answer = send(dashboard, path="/v2.1/servers", headers=headers)
    assert (status, answer) == (400, {"error": f"field 'headers': {refusal}, not text (a "
                                               f"string, in quotes): {VALUE_RULE}"})


@pytest.mark.parametrize(("headers", "refusal"), [
    (["Accept: application/json", 734190], "header 2 is a number"),
    ([["X-Auth-Token", "734190"]], "header 1 is a list"),
    ([{"X-Auth-Token": "734190"}], "header 1 is an object"),
    ([None], "header 1 is null"),
])
def test_a_header_line_that_is_no_text_is_said_by_its_place_and_kind(dashboard, headers,
                                                                      refusal):
    """Of a list of lines, one that is no text was quoted whole, the token it held too."""
    status, _, answer = send(dashboard, path="/v2.1/servers", headers=headers)
    assert (status, answer) == (400, {"error": f"field 'headers': {refusal}, not a line of "
                                               f"text: {http_token.LINE_RULE}"})
