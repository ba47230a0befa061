"""A refusal's story says why as its JSON body does (a fault's `message`), and a body it
cannot read as a fault says nothing of it: the request page still answers."""

from __future__ import annotations

from tests.dashboard.page_text import section
from tests.dashboard.servers import served_once

#: An ini whose app answers every request 400, with the JSON body put in place of `{}`.
JSON_400 = ("[app:main]\nuse = call:tests.stack.paste_apps:make_app\nstatus = 400 Bad Request\n"
            "content_type = application/json\ntext = {}\n")


def why_it_failed(dashboard, tmp_path, body: str) -> tuple[int, str]:
    """The request page's status and its *Why it failed*, for a request answered `body`."""
    trace = served_once(dashboard, tmp_path, JSON_400.format(body), "400 Bad Request")
    status, _, page = dashboard.get(f"/requests/{trace}")
    return status, section(page, "Why it failed") if status == 200 else page


def test_a_json_fault_s_message_is_said_as_the_why(dashboard, tmp_path):
    status, why = why_it_failed(dashboard, tmp_path,
                                '{"badRequest": {"code": 400, "message": "Name is too long"}}')
    assert status == 200
    assert why.endswith("The answer's body says why: “Name is too long”.")


def test_a_body_nested_deeper_than_python_reads_still_gives_the_page(dashboard, tmp_path):
    """3,000 `[`: JSON nested past Python's recursion limit raised RecursionError, not the
    ValueError of JSON it cannot read, out of the story: the page answered 500."""
    status, why = why_it_failed(dashboard, tmp_path, "[" * 3000)
    assert status == 200, why
    assert why.startswith("GET / ended with 400.")
    assert "body says why" not in why
