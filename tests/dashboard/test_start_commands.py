"""The commands a page gives to start a stack work on a dashboard with a token: they set the
token, as `TOKEN` — the token itself is never in a page, which the class may see projected."""

from __future__ import annotations

import pytest

from dashboard.text import whole_words
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import TEACHER_TOKEN

NOTE = ("TOKEN is the teacher&#39;s token, which <code>python -m dashboard</code> printed as it "
        "started: a stack without it is refused.")


@pytest.mark.parametrize("headers", [BEARER, {}], ids=["teacher", "viewer"])
def test_pages_give_a_start_command_with_the_token_set(guarded, headers):
    lesson = guarded.get("/lessons/glance-seed", headers=headers)[2]
    command = ("PASTESCOPE_TOKEN=TOKEN python -m stack serve stack/demo/seed_glance.ini"
               f" --name common --port 8093 --trace-to {guarded.url}")
    assert f"{whole_words(command)}</code>" in lesson
    assert NOTE in lesson
    live = guarded.get("/", headers=headers)[2]
    command = ("PASTESCOPE_TOKEN=TOKEN python -m stack serve stack/demo/compute.ini --name "
               f"osapi_compute --port 8090 --trace-to {guarded.url}")
    assert f"{whole_words(command)}</code>" in live
    assert NOTE in live
    assert TEACHER_TOKEN not in lesson + live


def test_a_run_with_no_stack_says_to_start_it_with_the_token(guarded):
    status, _, answer = guarded.post("/api/lessons/glance-seed/steps/1/run", headers=BEARER)
    assert status == 409
    assert ("start it with: PASTESCOPE_TOKEN=TOKEN python -m stack serve stack/demo/"
            "seed_glance.ini") in answer["error"]
    assert "TOKEN is the teacher's token" in answer["error"]
    assert TEACHER_TOKEN not in answer["error"]


def test_an_open_dashboard_gives_the_command_alone(dashboard):
    lesson = dashboard.get("/lessons/glance-seed")[2]
    start = whole_words("python -m stack serve stack/demo/seed_glance.ini")
    assert f"<code class=\"start\">{start}" in lesson
    assert "PASTESCOPE_TOKEN" not in lesson and "token-note" not in lesson
