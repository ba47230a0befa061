"""A lesson's stack that a dashboard serving a class refused for its token runs on, untraced:
the lesson says so, with what to do, and its Run is refused saying the same. (It said the stack
was "not started", which the teacher had just done; or, for a stack that ran before the
dashboard was started again with a new token, "running", and each Run "sent no trace id: is it
serving with `--trace-to off`?")"""

from __future__ import annotations

from tests.dashboard import page_text
from tests.dashboard.samples import announcement
from tests.dashboard.servers import BEARER
from tests.dashboard.servers import HTMX

#: Where the stacks announce themselves from.
FIRST, SECOND = "http://127.0.0.1:11", "http://127.0.0.1:12"
#: What the lesson's line says of a stack refused (after its name), then what to do.
REFUSED = "Stack {name}: refused by this dashboard ({why}): it serves on, untraced — stop it, "\
          "and start it again with PASTESCOPE_TOKEN=TOKEN python -m stack serve "


def announce(dashboard, name: str, url: str, headers: dict) -> int:
    return dashboard.post("/api/stacks", announcement(name, url), headers=headers)[0]


def stack_line(dashboard, lesson: str) -> tuple[dict, str]:
    """The lesson's stack as the API says it, and as its page's line shows it."""
    now = dashboard.get(f"/api/lessons/{lesson}/stack")[2]
    shown = " ".join(page_text.shown(dashboard.get(f"/api/lessons/{lesson}/stack",
                                                   headers=HTMX)[2]).split())
    return now, shown


def test_a_stack_refused_for_its_token_is_said_refused_not_not_started(guarded):
    assert announce(guarded, "web", FIRST, {}) == 401
    now, shown = stack_line(guarded, "nova-seed")
    assert (now["state"], now["runnable"], now["refused"]) == (
        "refused", False, "it sent no teacher's token")
    assert shown.startswith(REFUSED.format(name="web", why="it sent no teacher's token")), shown
    page = " ".join(page_text.shown(guarded.get("/lessons")[2]).split())
    assert "stack web (refused by this dashboard)" in page
    status, _, answer = guarded.post("/api/lessons/nova-seed/steps/1/run", headers=BEARER)
    assert status == 409
    assert answer["error"].startswith(
        "stack 'web' was refused by this dashboard (it sent no teacher's token): it serves on, "
        "untraced; stop it and start it with: PASTESCOPE_TOKEN=TOKEN python -m stack serve ")
    # started again with the token, at the same address: taken, and running
    assert announce(guarded, "web", FIRST, BEARER) == 200
    now, shown = stack_line(guarded, "nova-seed")
    assert (now["state"], now["refused"]) == ("running", None)
    assert shown == "Stack web: running."


def test_a_running_stack_refused_after_a_restart_with_a_new_token_is_said_refused(guarded):
    assert announce(guarded, "common", FIRST, BEARER) == 200
    assert stack_line(guarded, "glance-seed")[0]["state"] == "running"
    # the dashboard started again with another token: the stack's next announcement is refused
    assert announce(guarded, "common", FIRST, {"Authorization": "Bearer old"}) == 403
    now, shown = stack_line(guarded, "glance-seed")
    assert (now["state"], now["runnable"]) == ("refused", False)
    why = "the token it sent is not the teacher's"
    assert shown.startswith(REFUSED.format(name="common", why=why)), shown
    # one refused elsewhere while the one taken still runs: Runs go to that one
    assert announce(guarded, "common", SECOND, BEARER) == 200
    assert stack_line(guarded, "glance-seed")[0]["state"] == "running"
