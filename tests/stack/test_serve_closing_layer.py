"""A generator layer (its status known only as its body runs) whose body's close() raises once
the body was sent whole: the error is the layer's, as it is when the body is cut short, not
an anonymous response body's."""

from __future__ import annotations

import http.client

from stack.explain import explain_steps
from tests.stack.app_inis import ref
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import failure_story

#: A pass-through filter in front of an app that starts its response as its body is iterated
#: and whose body's close() raises.
INI = f"""\
[pipeline:main]
pipeline = passing closing

[filter:passing]
use = call:tests.stack.paste_apps:make_environ

[app:closing]
use = call:{ref('make_failing_close')}
lazy = yes
"""


def test_a_generator_layers_close_error_is_the_layers(serve_stack, tmp_path):
    ini = tmp_path / "closing.ini"
    ini.write_text(INI)
    stack = serve_stack(ini, "main")
    client = http.client.HTTPConnection(stack.url.removeprefix("http://"), timeout=10)
    try:
        client.request("GET", "/")
        response = client.getresponse()
        assert (response.status, response.read()) == (200, b"x" * 10)
    finally:
        client.close()
    events = stack.trace(response.getheader("X-Pastescope-Trace"))
    check_well_formed(events)
    [error] = [e for e in events if e["kind"] == "error"]
    assert (error["node"], error["data"]["raised_at"], error["data"]["caught_by"],
            error["data"]["closing"]) == ("app:closing", "app:closing", "server", True)
    story = failure_story(events)
    assert story[-1] == (
        "OSError (\"the body's close broke\") was raised by the close() of the body of the app "
        f"`closing` (`{error['data']['raised_in']}`), which the server calls once the body is "
        "done; the client had got the status and 10 bytes of the body, and then the server "
        "dropped the connection (a client keeping it open for its next request must open "
        "another).")
    assert explain_steps(events)[events.index(error)].text == story[-1]
    leaves = {e["node"]: e["data"]["status"] for e in events if e["kind"] == "node.leave"}
    assert leaves == {"pipeline:main": 200, "filter:passing": 200, "app:closing": 200}
