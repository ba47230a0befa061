"""The page's "It would stop at …" box says the stop in the words `python -m stack which` says
it (`Resolution.stopped`'s `said`), not the bare `reason`: the router's 404 with its likely
cause, and what it is read with, said before it on the way (`%2F` decoded before any layer, an
auth filter that answers 401 first to a request with no token); the list below does not say
them again."""

from __future__ import annotations

from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.which_queries import ask


def test_the_stop_box_says_what_the_cli_says_with_its_notes(dashboard, stack):
    question = (("stack", "osapi_compute"), ("path", "/v2.1/servrs%2Fx"))
    status, _, answer = ask(dashboard, *question)
    assert status == 200, answer
    said = answer["stopped"]["said"]
    assert said == [
        "The server decodes `%2F` to `/` before any layer sees the path: PATH_INFO holds "
        "`/v2.1/servrs/x`, and neither a urlmap nor a router can tell the escaped `/` from one "
        "typed.",
        "The filter `authtoken` (line 34) is the demo's token check: a request with no "
        "`X-Auth-Token` header gets its 401 (`The X-Auth-Token header is missing.`), and the "
        "layers after it never see it; below, the walk goes on as for a request with a valid "
        "one (give an `X-Auth-Token` header above to ask about one).",
        "The app `compute_app`'s router answers 404: no route template matches `/servrs/x`.",
        "`/servrs/x` is near the template `/servers/:(id)` but is not it: a typo, in the URL or "
        "in the routes?"]
    assert all(line in answer["describe"] for line in said)  # the CLI's words, one source
    status, _, html = ask(dashboard, *question, headers=HTMX)
    assert status == 200
    box = " ".join(shown(part(html, '<div class="which-stopped"', "</p>")).split())
    assert box == " ".join(["With a valid token, it would stop at the app compute_app with 404.",
                            *(line.replace("`", "") for line in said)])
    story = shown(part(html, '<ul class="which-story">', "</ul>"))
    assert not [line for line in said if line.replace("`", "") in story]
    assert "It would stop at" not in story
