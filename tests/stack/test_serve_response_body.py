"""request.end shows the start of an error's response body, secrets redacted; never a 2xx's."""

from __future__ import annotations

import json

import requests

from stack.wire import BODY_PREVIEW
from stack.wire import response_preview
from tests.stack.trace_checks import check_well_formed

SECRET_BODY = {"badRequest": {"message": "adminPass is too short", "adminPass": "hunter2"}}


def serve_app(serve_stack, tmp_path, **settings: str):
    """A stack of one app (tests/stack/paste_apps.py `make_app`) with `settings`."""
    ini = tmp_path / "app.ini"
    lines = [f"{name} = {value}" for name, value in settings.items()]
    ini.write_text("[app:main]\nuse = call:tests.stack.paste_apps:make_app\n"
                   + "\n".join(lines) + "\n")
    return serve_stack(ini, "main")


def request_end(stack, path: str = "/") -> tuple[requests.Response, dict]:
    response = requests.get(stack.url + path, timeout=10)
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    [end] = [e["data"] for e in events if e["kind"] == "request.end"]
    return response, end


def test_an_error_body_is_shown_with_its_secret_members_redacted(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, status="400 Bad Request",
                      content_type="application/json", text=json.dumps(SECRET_BODY))
    response, end = request_end(stack)
    assert response.status_code == 400 and response.json() == SECRET_BODY
    assert end["content_type"] == "application/json"
    assert json.loads(end["body"]) == {
        "badRequest": {"message": "adminPass is too short", "adminPass": "***"}}
    assert "hunter2" not in json.dumps(end)


def test_a_streamed_error_body_is_cut_at_the_preview_and_counted_whole(serve_stack, tmp_path):
    text = "".join(f"line {n:05d};" for n in range(1000))  # 11,000 bytes, on one ini line
    stack = serve_app(serve_stack, tmp_path, status="503 Service Unavailable", chunk="1000",
                      text=text)
    response, end = request_end(stack)
    assert response.status_code == 503 and response.text == text
    assert end["body"] == text[:BODY_PREVIEW]
    assert end["bytes"] == len(text)
    assert end["content_type"] == "text/plain"


def test_a_successful_body_is_not_kept(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, text="all well", chunk="3")
    response, end = request_end(stack)
    assert (response.status_code, response.text) == (200, "all well")
    assert (end["body"], end["content_type"], end["bytes"]) == ("", "", 8)


def test_the_preview_reads_a_large_body_only_as_far_as_it_shows():
    chunks = [b"%05d;" % n for n in range(200_000)]  # 1.2 MB in many chunks, a list
    chunks[1] = "not bytes"  # a broken app's chunk: skipped, never a failed trace
    body, content_type = response_preview([("content-type", "text/plain")], chunks)
    expected = (chunks[0] + b"".join(chunks[2:]))[:BODY_PREVIEW].decode()
    assert (body, content_type) == (expected, "text/plain")


def test_a_head_error_keeps_no_body_as_the_client_got_none(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, status="404 Not Found", text="no such thing")
    response = requests.head(stack.url + "/", timeout=10)
    assert (response.status_code, response.content) == (404, b"")
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    [end] = [e["data"] for e in events if e["kind"] == "request.end"]
    assert (end["status"], end["body"], end["content_type"]) == (404, "", "")


def test_secrets_a_fault_quotes_or_holds_as_numbers_and_lists_are_redacted(serve_stack,
                                                                           tmp_path):
    body = {"badRequest": {"message": "Invalid body: " + json.dumps({"adminPass": "hunter2"}),
                           "password": 424242, "tokens": ["tok-1", "tok-2"]}}
    stack = serve_app(serve_stack, tmp_path, status="400 Bad Request",
                      content_type="application/json", text=json.dumps(body))
    response, end = request_end(stack)
    assert response.json() == body
    assert json.loads(end["body"]) == {"badRequest": {
        "message": 'Invalid body: {"adminPass": "***"}', "password": "***", "tokens": "***"}}
    leaked = [secret for secret in ("hunter2", "424242", "tok-1") if secret in json.dumps(end)]
    assert leaked == []
