"""A saved-requests file, a lesson or a JSON body nested thousands deep is refused with a
reason (a 400), not a 500: Python's json and tomllib parsers recurse once a level."""

from __future__ import annotations

from tests.dashboard.uploading import multipart

DEPTH = 100_000


def post_file(dashboard, path: str, name: str, content: str):
    body, headers = multipart(name, content.encode())
    return dashboard.post(path, raw=body, headers=headers)


def test_a_saved_requests_file_nested_too_deeply_is_refused(dashboard):
    nested = '{"pastescope": "requests", "version": 1, "stacks": [], "traces": '
    nested += "[" * DEPTH + "]" * DEPTH + "}"
    status, _, answer = post_file(dashboard, "/api/traces/import", "deep.json", nested)
    assert status == 400
    assert answer["error"] == "deep.json: not JSON this dashboard reads: nested too deeply"
    status, _, _ = post_file(dashboard, "/api/traces/import", "deep.json", "[" * DEPTH)
    assert status == 400


def test_a_lesson_nested_too_deeply_is_refused(dashboard):
    lesson = "a = " + "[" * DEPTH + "]" * DEPTH + "\n"
    status, _, answer = post_file(dashboard, "/api/lessons", "deep.toml", lesson)
    assert status == 400
    assert answer["error"] == "deep.toml: not valid TOML for a lesson: nested too deeply"


def test_a_json_body_nested_too_deeply_is_a_bad_request(dashboard):
    nested = ("[" * DEPTH + "]" * DEPTH).encode()
    headers = {"Content-Type": "application/json"}
    status, _, answer = dashboard.post("/api/send", raw=nested, headers=headers)
    assert status == 400 and answer["error"].startswith("body must be a JSON object")
    # A position takes 4 KiB at most: nested as deep as fits, past what the parser reads.
    deep = ("[" * 2000 + "]" * 2000).encode()
    status, _, answer = dashboard.post("/api/presenter", raw=deep, headers=headers)
    assert status == 400 and answer["error"].startswith("the body must be a JSON object")
