"""A lesson's start command reports to this dashboard, at the address it listens on: not the
one the browser used (a tunnel's port, another machine's name for it), and not at all when that
is the stack's default, which the command then leaves as the lesson wrote it."""

from __future__ import annotations

import re
import shlex

from tests.dashboard.page_text import shown
from tests.dashboard.servers import ServerProcess
from tests.dashboard.servers import free_port
from tests.dashboard.uploading import GOOD
from tests.dashboard.uploading import load

#: The start command as the lesson page shows it: each word in a span (`whole_words`).
START = re.compile(r'<code class="start">(.*?)</code>', re.S)


def shown_start(page: str) -> str:
    """The command the lesson page tells a teacher to run, as they would copy it."""
    return shown(START.search(page).group(1))


def test_the_start_command_seen_through_a_tunnel_starts_a_stack_that_reports_here(classroom):
    """Opened through `ssh -L PORT:127.0.0.1:…` (or on another machine, or as 0.0.0.0), the page
    said `--trace-to` the browser's address: nothing listens there on the dashboard's machine,
    and the stack the teacher started never appeared."""
    tunnel = f"localhost:{free_port()}"
    page = classroom.get("/lessons/glance-seed", headers={"Host": tunnel})[2]
    command = shown_start(page)
    assert command == ("python -m stack serve stack/demo/seed_glance.ini --name common "
                       f"--port 8093 --trace-to {classroom.url}")
    status, _, answer = classroom.post("/api/lessons/glance-seed/steps/1/run",
                                       headers={"Host": tunnel})
    assert status == 409 and answer["error"].endswith(f"start it with: {command}")
    # The teacher runs it as shown (on a free port: 8093 may be taken here).
    words = shlex.split(command)
    port = free_port()
    words[words.index("--port") + 1] = str(port)
    stack = ServerProcess("stack", words[1:])
    try:
        classroom.wait_for("/api/stacks", lambda stacks: any(
            (s["name"], s["url"]) == ("common", f"http://127.0.0.1:{port}") for s in stacks))
        page = classroom.get("/lessons/glance-seed", headers={"Host": tunnel})[2]
        assert 'data-stack-state="running"' in page
    finally:
        stack.stop()


def test_a_dashboard_at_the_default_address_shows_the_lesson_s_command_as_written(app):
    page = app.test_client().get("/lessons/glance-seed", base_url="http://127.0.0.1:5000")
    assert shown_start(page.text) == ("python -m stack serve stack/demo/seed_glance.ini "
                                      "--name common --port 8093")


def test_a_lesson_s_own_trace_to_becomes_this_dashboard_s_address(classroom):
    """A teacher's lesson whose `start` copies the README's demo command, `--trace-to` the
    default dashboard: on one at another port, the page, the stack line and a Run's refusal
    said to start a stack reporting to port 5000, where no Run of this dashboard's saw it."""
    copied = ("python -m stack serve stack/demo/seed_glance.ini --name copied --port 8093 "
              "--trace-to http://127.0.0.1:5000")
    lesson = GOOD.replace("{stack}", "copied").replace(
        "python -m stack serve stack/demo/seed_glance.ini --name copied", copied)
    assert load(classroom, "copied.toml", lesson)[0] == 200
    command = ("python -m stack serve stack/demo/seed_glance.ini --name copied --port 8093 "
               f"--trace-to {classroom.url}")
    assert shown_start(classroom.get("/lessons/copied")[2]) == command
    assert classroom.get("/api/lessons/copied/stack")[2]["start"] == command
    status, _, answer = classroom.post("/api/lessons/copied/steps/1/run")
    assert status == 409 and answer["error"].endswith(f"start it with: {command}")
