"""A streamed body that raises under filters that each pass it on in a generator of their own:
every layer has returned when the server reads it, and the trace still says which layer's body
raised it and which layers it left on the way up, as for an exception from a layer's call."""

from __future__ import annotations

from tests.dashboard.page_text import page_section
from tests.dashboard.servers import served_once
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.stack.app_inis import ref

#: A class's filter and a function's, each relaying the body below in its own generator, over
#: one that passes its app's body on as it is, over an app whose streamed body raises.
WRAPPED = f"""[pipeline:main]
pipeline = relaying wrapping passing {{app}}

[filter:relaying]
paste.filter_factory = {ref('make_relaying_filter')}

[filter:wrapping]
paste.filter_factory = {ref('make_wrapping_filter')}

[filter:passing]
use = call:{ref('make_inspecting_filter')}

[filter:breaking]
paste.filter_factory = {ref('make_breaking_body_filter')}

[app:raising]
use = call:{ref('make_raising_body_app')}
{{settings}}

[app:plain]
use = call:tests.stack.paste_apps:make_app
"""
#: The layers the server read the body through, outermost first.
LAYERS = ["pipeline:main", "filter:relaying", "filter:wrapping", "filter:passing"]


def leaves_and_errors(events: list[dict]) -> list[tuple]:
    """The trace's node.leave and error events in order: each leave's node and status, each
    error's node, where it was raised and who caught it."""
    return [(e["kind"], e["node"], e["data"]["status"]) if e["kind"] == "node.leave"
            else (e["kind"], e["node"], e["data"]["raised_at"], e["data"]["caught_by"])
            for e in events if e["kind"] in ("node.leave", "error")]


def test_the_app_s_body_is_said_to_have_raised_through_every_wrapper(dashboard, tmp_path):
    trace = served_once(dashboard, tmp_path, WRAPPED.format(app="raising", settings=""),
                        "200 OK", body=b"[wrapped]first")  # then cut short
    summary = stored(dashboard, trace)
    [error] = [e["data"] for e in summary["events"] if e["kind"] == "error"]
    assert error["raised_in"].startswith("body_apps.py:")
    assert error["raised_in"].endswith(" in body")
    # The app's body raised it, and it left each layer above, which had passed up their 200
    # with the first bytes; no layer caught it.
    # told after the returns it came after: the server read the body once all had returned
    assert leaves_and_errors(summary["events"]) == [
        ("node.leave", "app:raising", 200),
        *[("node.leave", node, 200) for node in reversed(LAYERS)],
        ("error", "app:raising", "app:raising", "server"),
    ]
    assert page_section(dashboard, trace, "Errors") == (
        f"ValueError: the body broke — raised at app:raising ({error['raised_in']}), caught "
        "by server")
    said = ("ValueError ('the body broke') was raised by the app `raising` "
            f"(`{error['raised_in']}`); no layer caught it; the client had got the status and "
            "14 bytes of the body, and then the server cut the connection.")
    steps = steps_of(dashboard, trace)
    assert [(s["node"], s["text"]) for s in steps["steps"] if s["kind"] == "error"] == [
        ("app:raising", said)]
    assert steps["failure"][-1] == said
    # the step view tells it after the returns it came after, not before the app's own
    assert [(s["kind"], s["node"]) for s in steps["steps"]][-len(LAYERS) - 3:] == [
        ("node.leave", "app:raising"), *[("node.leave", node) for node in reversed(LAYERS)],
        ("error", "app:raising"), ("request.end", None)]


def test_a_filter_s_own_body_that_raised_is_named(dashboard, tmp_path):
    """Its generator raised after passing on the plain app's body: the filter's body, read
    after it returned, not the app's."""
    trace = served_once(dashboard, tmp_path, WRAPPED.format(app="breaking plain", settings=""),
                        "200 OK", body=b"[wrapped]hello")
    summary = stored(dashboard, trace)
    [error] = [e["data"] for e in summary["events"] if e["kind"] == "error"]
    assert error["raised_in"].endswith(" in chunks")
    assert leaves_and_errors(summary["events"]) == [
        ("node.leave", "app:plain", 200),
        ("node.leave", "filter:breaking", 200),
        *[("node.leave", node, 200) for node in reversed(LAYERS)],
        ("error", "filter:breaking", "filter:breaking", "server"),
    ]
    assert page_section(dashboard, trace, "Errors") == (
        "RuntimeError: the filter's body broke — raised as the body of filter:breaking was "
        f"read ({error['raised_in']}), caught by server")


def test_a_body_that_raised_before_a_byte_leaves_every_layer_above_raised(dashboard, tmp_path):
    """Nothing was sent, so the server answered 500: no layer the error left passed up the
    200 it had given start_response, as for an exception from a layer's call."""
    trace = served_once(dashboard, tmp_path,
                        WRAPPED.format(app="raising", settings="at_once = yes"),
                        "500 Internal Server Error")
    summary = stored(dashboard, trace)
    assert leaves_and_errors(summary["events"]) == [
        ("error", "app:raising", "app:raising", "server"),
        ("node.leave", "app:raising", None),
        *[("node.leave", node, None) for node in reversed(LAYERS)],
    ]
    timeline = page_section(dashboard, trace, "Timeline")
    assert timeline.count("raised") == len(LAYERS) + 1, timeline


#: A filter that passes its app's body on as it is, over an app whose body is an object (no
#: generator) that raises in its close(), as the server closes it once it is sent.
CLOSING = f"""[pipeline:main]
pipeline = passing closing

[filter:passing]
use = call:{ref('make_inspecting_filter')}

[app:closing]
use = call:{ref('make_closing_class_app')}
"""


def test_a_body_whose_close_raised_is_said_to_be_the_app_s(dashboard, tmp_path):
    trace = served_once(dashboard, tmp_path, CLOSING, "200 OK", body=b"x" * 10)
    summary = stored(dashboard, trace)
    [error] = [e["data"] for e in summary["events"] if e["kind"] == "error"]
    assert error["raised_in"].startswith("body_end_apps.py:")
    assert error["raised_in"].endswith(" in close")
    # It left the app's body and each layer above, which had passed up their 200.
    assert leaves_and_errors(summary["events"]) == [
        ("node.leave", "app:closing", 200),
        ("node.leave", "filter:passing", 200),
        ("node.leave", "pipeline:main", 200),
        ("error", "app:closing", "app:closing", "server"),
    ]
    assert page_section(dashboard, trace, "Errors") == (
        "OSError: the body's close broke — raised by the close() of app:closing's body, once "
        f"it was done ({error['raised_in']}), caught by server")
    failure = steps_of(dashboard, trace)["failure"][-1]
    assert failure.startswith(
        "OSError (\"the body's close broke\") was raised by the close() of the body of the app "
        f"`closing` (`{error['raised_in']}`), which the server calls once the body is done; "
        "the client had got the status and 10 bytes of the body"), failure
