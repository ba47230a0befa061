"""A layer called twice (a retry) whose calls each had a layer pass up no status: the story
names the one of the call whose body the server got, not the first call's, whose body the
retrying filter dropped."""

from __future__ import annotations

from tests.conftest import write_ini
from tests.stack.app_inis import ref
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import send

#: `loop` calls `swallow` twice; in the first call the app raises and `swallow` answers for
#: it with a body and no status; in the second the app returns a body with no status, which
#: `swallow` and `loop` pass up to the server.
INI = (f"[pipeline:main]\npipeline = loop swallow app\n\n"
       f"[filter:loop]\npaste.filter_factory = {ref('make_looping_filter')}\ntimes = 2\n\n"
       f"[filter:swallow]\npaste.filter_factory = {ref('make_swallowing_filter')}\n\n"
       f"[app:app]\npaste.app_factory = {ref('make_flaky_unstarted_app')}\n")


def test_no_status_is_said_of_the_layer_of_the_call_that_counted(serve_stack, tmp_path):
    stack = serve_stack(write_ini(tmp_path, INI), "main")
    response, events = send(stack, "GET", "/")
    assert response.status_code == 500
    story = " ".join(failure_story(events))
    assert ("No layer called start_response: the app `app` returned its body without calling "
            "it, so the server had no status") in story, story
