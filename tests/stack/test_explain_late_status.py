"""The failure story of a request whose status a layer replaced after it returned: its body
calls start_response again, with exc_info, before any byte is sent (PEP 3333's way to report
an error), so the client gets a 500 while every layer's node.leave says the 200 it passed up
as it returned. The story says that the status changed, from what to what, and how."""

from __future__ import annotations

import pytest

from tests.conftest import line_holding
from tests.conftest import raw_request
from tests.conftest import write_ini
from tests.stack import start_response_apps
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import leave_status
from tests.stack.trace_checks import named_trace

INI = """[pipeline:main]
pipeline = relay late

[filter:relay]
use = call:tests.stack.paste_apps:make_environ

[app:late]
use = call:tests.stack.start_response_apps:make_late_status_app
first =
"""

#: The line of `start_response_apps` that raises the late app's error.
RAISED = line_holding(start_response_apps, 'raise ValueError("went wrong after the first chunk")')

#: Without `--check-wsgi` no event names the layer, so the story says what it can, and points
#: at the body the error put in the answer.
UNCHECKED_STORY = [
    "GET / ended with 500.",
    "The pipeline `main` passed up 200 as it returned, yet the server sent 500: a layer "
    "called start_response again, with exc_info, while the server read its body and "
    "before any of it was sent, which replaces the status (PEP 3333: an error's way to "
    "replace a response); no event says which layer, as each layer's status is taken "
    "when it returns.",
    "The answer's body says why: “never sent”.",
]

#: `--check-wsgi` records the exception of the exc_info (`stack.wsgi_checks`), which the story
#: then tells, naming the layer.
CHECKED_STORY = [
    "GET / ended with 500.",
    "ValueError ('went wrong after the first chunk') was raised by the app `late` "
    f"(`start_response_apps.py:{RAISED} in body`); the app `late` turned it into its response.",
]


@pytest.mark.parametrize("checked, story", [([], UNCHECKED_STORY),
                                            (["--check-wsgi"], CHECKED_STORY)])
def test_a_status_replaced_after_the_layers_returned_is_said_from_what_to_what(
        serve_stack, tmp_path, checked, story):
    stack = serve_stack(write_ini(tmp_path, INI, "late.ini"), "main", checked)
    line, headers, _ = raw_request(stack.url, "/")
    assert line == "HTTP/1.1 500 Internal Server Error"
    events = named_trace(stack, headers)
    assert set(leave_status(events).values()) == {(200, False)}
    assert failure_story(events) == story
