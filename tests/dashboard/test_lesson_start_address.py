"""A lesson's start command reports to this dashboard, at the address it listens on: not the
one the browser used (a tunnel's port, another machine's name for it), and not at all when that
is the stack's default, which the command then leaves as the lesson wrote it."""

from __future__ import annotations

import re
import shlex

from tests.dashboard.page_text import shown
from tests.dashboard.servers import ServerProcess
from tests.dashboard.servers import free_port

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
