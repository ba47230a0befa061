"""A filter that raised, under one that caught its exception and returned a body without
calling start_response: the server says no layer called start_response, and the pages still say
the filter below raised (its exception left it), and only the one above passed up no status."""

from __future__ import annotations

from dashboard.timeline import build_timeline
from tests.conftest import raw_request
from tests.dashboard.page_text import part
from tests.dashboard.page_text import timeline_row
from tests.dashboard.servers import announced
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.stack.app_inis import ref

INI = f"""[pipeline:main]
pipeline = swallowing raising app

[filter:swallowing]
paste.filter_factory = {ref('make_swallowing_filter')}

[filter:raising]
paste.filter_factory = {ref('make_raising_filter')}

[app:app]
use = call:{ref('make_generator_app')}
"""


def test_a_layer_that_raised_is_said_raised_though_no_layer_called_start_response(dashboard,
                                                                                 tmp_path):
    ini = tmp_path / "swallowing.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini)) as stack:
        line, headers, _ = raw_request(stack.url, "/")
        recorded = stored(dashboard, dict(headers)["X-Pastescope-Trace"])
    trace = recorded["trace"]
    assert line.split(" ", 1)[1] == "500 Internal Server Error"

    _, _, page = dashboard.get(f"/requests/{trace}")
    raising = timeline_row(page, "filter:raising")
    assert ('<span class="tag">raised an exception without calling the next layer</span>'
            in raising)
    assert '<td class="raised" data-outcome="raised">raised</td>' in raising
    swallowing = timeline_row(page, "filter:swallowing")
    assert '<td class="raised" data-outcome="no-status"' in swallowing

    steps = steps_of(dashboard, trace)["steps"]
    [left] = [step["text"] for step in steps
              if step["kind"] == "node.leave" and step["node"] == "filter:raising"]
    assert left == "The filter `raising` raised an exception without calling the next layer."
    # Each leave's words, as the pages' scripts show them; the stream's `no_status` still said.
    said = {step["node"]: step["outcome"] for step in steps if step["kind"] == "node.leave"}
    assert (said["filter:raising"], said["filter:swallowing"]) == ("raised", "no status")
    _, _, shown = dashboard.get(f"/api/traces/{trace}/shown")
    shown_leaves = {event["node"]: event for event in shown["events"]
                    if event["kind"] == "node.leave"}
    assert [(shown_leaves[node]["outcome"], shown_leaves[node].get("no_status"))
            for node in ("filter:raising", "filter:swallowing")] == [("raised", None),
                                                                     ("no status", True)]
    _, _, page = dashboard.get(f"/requests/{trace}/steps")
    leaves = {node: part(page, f'data-kind="node.leave" data-node="{node}"', ">")
              for node in ("filter:raising", "filter:swallowing")}
    assert 'data-outcome="raised"' in leaves["filter:raising"]
    assert 'data-outcome="no status"' in leaves["filter:swallowing"]


def test_a_trace_from_before_node_leave_said_unstarted_says_no_status_of_every_such_layer(
        dashboard, tmp_path):
    """Without node.leave's `unstarted` (0.2.23), the trace cannot tell a layer that raised
    from one that returned a body: when the server says no layer called start_response, every
    layer with no status is said to have passed up none, as before."""
    ini = tmp_path / "swallowing.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini)) as stack:
        _, headers, _ = raw_request(stack.url, "/")
        recorded = stored(dashboard, dict(headers)["X-Pastescope-Trace"])
    older = [{**event, "data": {key: value for key, value in event["data"].items()
                                if key != "unstarted"}} for event in recorded["events"]]
    spans = {span.node: span for span in build_timeline(older)}
    assert spans["filter:raising"].unstarted and spans["filter:swallowing"].unstarted
