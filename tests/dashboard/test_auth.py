"""The teacher's token: state changes need it, viewers' reads do not; a stack can send it.

The guard is tested on a real dashboard (`python -m dashboard --token …`) on 127.0.0.1 — tests
use loopback only — and the rule that listening beyond loopback turns the guard on is tested as
the pure function the CLI calls.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from dashboard.auth import is_loopback
from dashboard.auth import teacher_token
from dashboard.auth import teacher_url
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.sse import SSEReader

TOKEN = "teacher-s3cret"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def guarded(tmp_path_factory) -> Iterator[Dashboard]:
    server = Dashboard(tmp_path_factory.mktemp("data"), "--token", TOKEN)
    try:
        yield server
    finally:
        server.stop()


# -- the CLI's decision -------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_hosts_are_recognised(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "teacher.example.org"])
def test_other_hosts_are_reachable_from_other_machines(host):
    assert not is_loopback(host)


def test_on_loopback_the_dashboard_stays_open_unless_a_token_is_given():
    assert teacher_token("127.0.0.1", None, "from-env") is None
    assert teacher_token("127.0.0.1", "given", None) == "given"


def test_beyond_loopback_a_token_is_required_given_from_env_or_new():
    assert teacher_token("0.0.0.0", "given", "from-env") == "given"
    assert teacher_token("0.0.0.0", None, "from-env") == "from-env"
    first, second = teacher_token("0.0.0.0", None, None), teacher_token("::", None, None)
    assert first and second and first != second and len(first) >= 24


def test_the_teacher_url_carries_the_token_to_this_machine():
    assert teacher_url("0.0.0.0", 5000, "a b") == "http://127.0.0.1:5000/?token=a+b"
    assert teacher_url("192.168.1.20", 80, "t") == "http://192.168.1.20:80/?token=t"
    assert teacher_url("::1", 8000, "t") == "http://[::1]:8000/?token=t"


def test_the_dashboard_prints_the_teacher_url_once(guarded):
    lines = [line for line in guarded.lines if "?token=" in line]
    assert len(lines) == 1
    assert f"{guarded.url}/?token={TOKEN}" in lines[0]


# -- the guard ----------------------------------------------------------------------------------

def test_state_changes_without_the_token_are_refused_with_how_to_get_it(guarded):
    for path, body in [("/api/events", trace_events("t-refused")),
                       ("/api/stacks", announcement()),
                       ("/api/send", {"stack": "sample", "path": "/"}),
                       ("/api/traces/import", {})]:
        status, _, answer = guarded.post(path, body)
        assert status == 401, path
        assert "Authorization: Bearer" in answer["error"] and "?token=" in answer["error"]
    status, _, answer = guarded.post("/api/events", trace_events("t-wrong"),
                                     headers={"Authorization": "Bearer nope"})
    assert status == 403 and answer["error"].startswith("wrong token")
    assert guarded.get("/api/traces/t-refused")[0] == 404
    assert guarded.get("/api/traces/t-wrong")[0] == 404


def test_a_page_refusal_is_a_page(guarded):
    status, headers, page = guarded.post("/requests", raw=b"x")
    assert status == 401
    assert headers["Content-Type"].startswith("text/html")
    assert "teacher" in page and "?token=" in page


def test_the_bearer_token_is_accepted(guarded):
    assert guarded.post("/api/stacks", announcement(), headers=BEARER)[0] == 200
    assert guarded.post("/api/events", trace_events("t-bearer"), headers=BEARER)[0] == 202
    trace = guarded.wait_for("/api/traces/t-bearer", lambda body: True)
    assert trace["status"] == 200


def test_reads_and_the_live_stream_are_open_to_viewers(guarded):
    for path in ["/", "/requests", "/api/traces", "/api/stacks", "/api/traces/export"]:
        assert guarded.get(path)[0] == 200, path
    reader = SSEReader(guarded.url + "/api/stream")
    try:
        assert reader.status == 200
        assert reader.headers["Content-Type"].startswith("text/event-stream")
    finally:
        reader.close()


def raw_request(url: str, method: str, path: str, headers: dict[str, str] | None = None,
                body: bytes | None = None) -> http.client.HTTPResponse:
    """One request that does not follow redirects (urllib would)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_the_token_link_sets_a_strict_cookie_that_page_posts_carry(guarded):
    response = raw_request(guarded.url, "GET", f"/requests?status=4xx&token={TOKEN}")
    assert response.status == 302
    assert response.getheader("Location") == "/requests?status=4xx"
    cookie = response.getheader("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    pair = cookie.split(";", 1)[0]
    answer = raw_request(guarded.url, "POST", "/api/events", {
        "Cookie": pair, "Content-Type": "application/json"},
        body=json.dumps(trace_events("t-cookie")).encode())
    assert answer.status == 202
    guarded.wait_for("/api/traces/t-cookie", lambda body: True)
    wrong = raw_request(guarded.url, "GET", "/requests?token=guess")
    assert wrong.status == 403 and wrong.getheader("Set-Cookie") is None


def test_a_stack_with_the_token_in_its_env_delivers(guarded, monkeypatch):
    monkeypatch.delenv("PASTESCOPE_TOKEN", raising=False)
    without = Stack(guarded.url)
    try:
        without.wait_for_line("WARNING stack.sinks: trace destination failing (announce failed:"
                              " RuntimeError: /api/stacks answered 401)")
    finally:
        without.stop()
    monkeypatch.setenv("PASTESCOPE_TOKEN", TOKEN)
    stack = Stack(guarded.url)
    try:
        guarded.wait_for("/api/stacks", lambda stacks: any(
            s["name"] == "osapi_compute" for s in stacks), timeout=20)
        status, _, result = guarded.post("/api/send", {
            "stack": "osapi_compute", "method": "GET", "path": "/v2.1/servers",
            "headers": {"X-Auth-Token": "demo-token"}}, headers=BEARER)
        assert (status, result["status"]) == (200, 200)
        trace = guarded.wait_for(f"/api/traces/{result['trace']}", lambda body: True)
        assert trace["stack"] == "osapi_compute" and trace["status"] == 200
    finally:
        stack.stop()
