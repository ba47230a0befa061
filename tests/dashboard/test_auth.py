"""Who may change things: never another site's page; with a token, only the teacher.

The guard is tested on real dashboards on 127.0.0.1 — an open one (the loopback default) and
one started with `--token` — with the headers a browser sends for another site's page; the rule
that listening beyond loopback turns the token on is tested as the pure function the CLI calls.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest
import requests

from dashboard.auth import COOKIE
from dashboard.auth import STALE_COOKIE
from dashboard.auth import is_loopback
from dashboard.auth import stack_command
from dashboard.auth import teacher_token
from dashboard.auth import teacher_url
from stack.wire import TOKEN_ENV
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import TEACHER_TOKEN
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader

# -- the CLI's decision -------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]",
                                  "::ffff:127.0.0.1"])
def test_loopback_hosts_are_recognised(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "teacher.example.org",
                                  "localhost.localdomain", "::ffff:192.168.1.20"])
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
    assert f"{guarded.url}/?token={TEACHER_TOKEN}" in lines[0]


def test_the_dashboard_prints_how_a_stack_reports_to_it(guarded):
    command = f"{TOKEN_ENV}={TEACHER_TOKEN} python -m stack serve "
    lines = [line for line in guarded.lines if command in line]
    assert len(lines) == 1 and lines[0].endswith(f" --trace-to {guarded.url}")


def test_the_stack_command_quotes_the_token_for_the_shell():
    assert stack_command("0.0.0.0", 5000, "a b").startswith(
        f"{TOKEN_ENV}='a b' python -m stack serve ")
    # IPv6's wildcard is reached at IPv6's loopback, in brackets: 127.0.0.1 misses a listener
    # that takes IPv6 alone, and `http://:::5000` names no port
    assert stack_command("::", 5000, "t").endswith(" --trace-to http://[::1]:5000")
    assert teacher_url("::", 5000, "t") == "http://[::1]:5000/?token=t"


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
    trace = stored(guarded, "t-bearer")
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
    response = raw_request(guarded.url, "GET", f"/requests?status=4xx&token={TEACHER_TOKEN}")
    assert response.status == 302
    assert response.getheader("Location") == "/requests?status=4xx"
    cookie = response.getheader("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    pair = cookie.split(";", 1)[0]
    answer = raw_request(guarded.url, "POST", "/api/events", {
        "Cookie": pair, "Content-Type": "application/json"},
        body=json.dumps(trace_events("t-cookie")).encode())
    assert answer.status == 202
    stored(guarded, "t-cookie")
    wrong = raw_request(guarded.url, "GET", "/requests?token=guess")
    assert wrong.status == 403 and wrong.getheader("Set-Cookie") is None


def test_a_stack_with_the_token_in_its_env_delivers(guarded):
    # One without it is refused: tests/dashboard/test_refused_untraced.py.
    with announced(guarded, token=TEACHER_TOKEN):
        status, _, result = guarded.post("/api/send", {
            "stack": "osapi_compute", "method": "GET", "path": "/v2.1/servers",
            "headers": TOKEN}, headers=BEARER)
        assert (status, result["status"]) == (200, 200)
        trace = stored(guarded, result["trace"])
        assert trace["stack"] == "osapi_compute" and trace["status"] == 200


# -- another site's pages, token or not --------------------------------------------------------

#: What a browser sends with a form another site's page posts.
CROSS_SITE = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
RUN = "/api/lessons/compute-demo/steps/1/run"


def same_origin(server: Dashboard) -> dict[str, str]:
    """What a browser sends with a post from the dashboard's own page."""
    return {"Origin": server.url, "Sec-Fetch-Site": "same-origin"}


def traces_of(server: Dashboard) -> list[str]:
    return [row["trace"] for row in server.get("/api/traces")[2]]


@pytest.fixture(scope="module")
def saved(dashboard, stack) -> bytes:
    """A file of saved requests: one lesson step, run and exported the way a script would
    (curl, scripts and the stack's sink send no Origin and no Sec-Fetch-Site)."""
    run = requests.post(dashboard.url + RUN, timeout=15)
    assert run.status_code == 200, run.text
    export = requests.get(f"{dashboard.url}/api/traces/export",
                          params={"ids": run.json()["trace"]}, timeout=15)
    assert export.status_code == 200, export.text
    return export.content


def import_file(server: Dashboard, content: bytes, headers: dict[str, str]) -> requests.Response:
    return requests.post(f"{server.url}/api/traces/import", headers=headers, timeout=15,
                         files={"file": ("saved.json", content)})


def test_a_cross_site_form_post_is_refused_on_an_open_dashboard(dashboard, saved):
    before = traces_of(dashboard)
    run = requests.post(dashboard.url + RUN, headers=CROSS_SITE, timeout=15)
    assert run.status_code == 403
    assert run.json()["error"] == (
        "refused: the browser says it came from a cross-site page (Sec-Fetch-Site: cross-site);"
        " this dashboard takes changes only from its own pages and from scripts")
    imported = import_file(dashboard, saved, CROSS_SITE)
    assert imported.status_code == 403 and "cross-site" in imported.json()["error"]
    assert traces_of(dashboard) == before


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-site"},  # another program on another port of this host
    {"Origin": "http://evil.example"},  # a browser that sends no Sec-Fetch-* headers
    {"Origin": "null"},  # a sandboxed frame
])
def test_any_other_page_is_refused_too(dashboard, saved, headers):
    answer = import_file(dashboard, saved, headers)
    assert answer.status_code == 403, answer.text
    assert "this dashboard takes changes only from its own pages" in answer.json()["error"]


def test_a_site_rebound_to_this_machine_is_refused(dashboard, saved):
    """DNS rebinding: evil.example now points at 127.0.0.1, so its page looks same-origin."""
    port = urlsplit(dashboard.url).port
    answer = import_file(dashboard, saved, {
        "Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}",
        "Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 403, answer.text
    assert "this open dashboard serves this machine only" in answer.json()["error"]
    localhost = import_file(dashboard, saved, {
        "Host": f"localhost:{port}", "Origin": f"http://localhost:{port}",
        "Sec-Fetch-Site": "same-origin"})
    assert localhost.status_code == 200, localhost.text


def test_a_post_from_the_dashboards_own_page_is_accepted(dashboard, saved):
    before = traces_of(dashboard)
    run = requests.post(dashboard.url + RUN, headers=same_origin(dashboard), timeout=15)
    assert run.status_code == 200, run.text
    assert run.json()["trace"] not in before and run.json()["trace"] in traces_of(dashboard)
    imported = import_file(dashboard, saved, same_origin(dashboard))
    assert imported.status_code == 200 and len(imported.json()["traces"]) == 1


def test_a_post_with_no_browser_headers_is_accepted(dashboard, saved):
    """curl, scripts and the stack's sink send no Origin and no Sec-Fetch-Site."""
    assert import_file(dashboard, saved, {}).status_code == 200
    assert dashboard.post("/api/events", trace_events("t-script"))[0] == 202
    stored(dashboard, "t-script")


def test_the_token_does_not_let_another_site_post(guarded):
    status, _, answer = guarded.post("/api/events", trace_events("t-cross-site"),
                                     headers={**BEARER, **CROSS_SITE})
    assert status == 403 and "cross-site" in answer["error"]
    assert guarded.get("/api/traces/t-cross-site")[0] == 404


# -- what a viewer sees --------------------------------------------------------------------------

def test_an_htmx_refusal_is_a_fragment_of_escaped_text(guarded):
    """A 200, which htmx swaps in (it swaps no 4xx): the form shows why, not nothing."""
    status, headers, fragment = guarded.post("/api/traces/import", raw=b"x", headers=HTMX)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert fragment.startswith('<p class="refused" role="alert" data-status="401">only the teacher')
    assert "…/?token=…" in fragment and '"error"' not in fragment
    status, _, fragment = guarded.post("/api/traces/import", raw=b"x", headers={
        **HTMX, "Origin": "http://evil.example/<b>"})
    assert status == 200 and 'data-status="403"' in fragment
    assert "http://evil.example/&lt;b&gt;" in fragment and "<b>" not in fragment


def test_a_cookie_of_an_earlier_run_is_refused_saying_so(guarded):
    """The dashboard started again with a new token; the browser still has the old one."""
    cookie = {"Cookie": f"{COOKIE}=token-of-the-last-run"}
    status, _, answer = guarded.post("/api/events", trace_events("t-stale"), headers=cookie)
    assert status == 403 and answer["error"] == STALE_COOKIE
    assert "started again, with a new token" in STALE_COOKIE and "?token=" in STALE_COOKIE
    status, _, fragment = guarded.post(RUN, headers={**cookie, **HTMX})
    assert status == 200 and "started again, with a new token" in fragment
    page = guarded.get("/lessons/compute-demo", headers=cookie)[2]
    assert "Run step 1" not in page and "Not recognised as the teacher: this browser" in page
    # A wrong bearer header is a script's mistake, not a cookie's.
    status, _, answer = guarded.post("/api/events", trace_events("t-stale"),
                                     headers={**cookie, "Authorization": "Bearer nope"})
    assert status == 403 and answer["error"].startswith("wrong token")
    assert guarded.get("/api/traces/t-stale")[0] == 404
    assert guarded.get("/lessons/compute-demo", headers=BEARER)[2].count("Not recognised") == 0


VIEWER_PAGES = [
    ("/", 'id="send-form"', "Only the teacher can run requests here."),
    ("/lessons/compute-demo", "Run step 1", "Only the teacher can run requests here."),
    ("/lessons", 'id="lesson-load-form"', "Only the teacher can load lessons here."),
    ("/inis", 'id="upload-form"', "Only the teacher can upload an api-paste.ini here."),
    ("/requests", 'id="import-form"', "Only the teacher can load saved requests here."),
]


@pytest.mark.parametrize(("path", "control", "note"), VIEWER_PAGES)
def test_viewers_see_a_note_instead_of_the_teachers_controls(guarded, path, control, note):
    status, _, page = guarded.get(path)
    assert status == 200 and control not in page and note in page
    status, _, page = guarded.get(path, headers=BEARER)
    assert status == 200 and control in page and note not in page


@pytest.mark.parametrize(("path", "control", "note"), VIEWER_PAGES)
def test_on_an_open_dashboard_everyone_has_the_controls(dashboard, path, control, note):
    status, _, page = dashboard.get(path)
    assert status == 200 and control in page and note not in page


def test_a_viewer_gets_no_repeat_button(guarded):
    assert guarded.post("/api/events", trace_events("t-repeat"), headers=BEARER)[0] == 202
    stored(guarded, "t-repeat")
    detail = "/requests/t-repeat"
    viewer = guarded.get(detail, headers=HTMX)[2]
    teacher = guarded.get(detail, headers={**HTMX, **BEARER})[2]
    assert 'data-action="repeat"' not in viewer and 'data-action="replay"' in viewer
    assert 'data-action="repeat"' in teacher
