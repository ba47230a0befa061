"""A lesson's step is sent with its method exactly as written, as Live's send form sends a typed
one: `method = "get"` went out as GET, so no lesson could show that methods are case-sensitive
(the compute demo's router matches `GET`, eventlet hands `get` on as it came)."""

from __future__ import annotations

from tests.conftest import TOKEN
from tests.dashboard.uploading import load

LESSON = """\
title = "Methods are case-sensitive"
summary = "The same request, its method written two ways."
stack = "osapi_compute"
start = "python -m stack serve stack/demo/compute.ini --name osapi_compute"

[[step]]
method = "{method}"
path = "/v2.1/servers"
headers = {{ "X-Auth-Token" = "{token}" }}
notice = "The router compares the method as it was sent."
"""


def test_a_lower_case_method_is_sent_as_written_and_gets_what_the_send_form_gets(dashboard,
                                                                                 stack):
    text = LESSON.format(method="get", token=TOKEN["X-Auth-Token"])
    assert load(dashboard, "case.toml", text)[0] == 200
    assert '<span class="method">get</span>' in dashboard.get("/lessons/case")[2]
    status, _, result = dashboard.post("/api/lessons/case/steps/1/run")
    assert status == 200, result
    trace = dashboard.get(f"/api/traces/{result['trace']}")[2]
    assert (trace["method"], result["status"]) == ("get", 405)
    status, _, sent = dashboard.post("/api/send", {
        "stack": "osapi_compute", "method": "get", "path": "/v2.1/servers", "headers": TOKEN})
    assert (status, sent["status"]) == (200, result["status"])


def test_a_method_the_send_form_takes_a_lesson_takes(dashboard):
    status, _, lesson = load(dashboard, "purge.toml", LESSON.format(method="PURGE", token="t"))
    assert status == 200, lesson
    assert lesson["steps"][0]["method"] == "PURGE"
    status, _, answer = load(dashboard, "spaced.toml", LESSON.format(method="GET /", token="t"))
    assert status == 400
    assert answer["error"] == (
        "spaced.toml: line 7: step 1: field 'method': 'GET /' is not an HTTP method: a token "
        "such as GET, PATCH or PURGE (letters, digits and !#$%&'*+-.^_`|~, at most 32)")
