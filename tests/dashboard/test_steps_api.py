"""The step view's JSON and pages, and viewers' mode, on a real dashboard fed by the compute demo.

Explanations are checked against the events they explain (labels, targets, paths, statuses,
route candidates), and a trace with an edited event must read differently, so no sentence is
canned per URL.
"""

from __future__ import annotations

import copy
import json
import re

from tests.conftest import TOKEN
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import send
from tests.dashboard.servers import short
from tests.dashboard.servers import steps_of
from tests.dashboard.sse import SSEReader


def test_every_event_of_a_request_is_a_step_that_says_what_it_did(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    body = steps_of(dashboard, trace["trace"])
    events = trace["events"]

    assert body["trace"] == trace["trace"]
    assert body["stack"] == "osapi_compute"
    assert body["failure"] is None
    assert [(s["index"], s["kind"], s["node"]) for s in body["steps"]] == [
        (i, e["kind"], e["node"]) for i, e in enumerate(events)]
    kinds = {e["kind"] for e in events}
    assert {"composite.dispatch", "node.enter", "route.match", "node.leave"} <= kinds
    for step, event in zip(body["steps"], events, strict=True):
        text, data = step["text"], event["data"]
        if event["kind"] == "composite.dispatch":
            assert f"`{data['label']}`" in text and f"`{short(data['target'])}`" in text
            assert f"`{data['path_info']}`" in text
            enter = next(e for e in events if e["kind"] == "node.enter"
                         and e["node"] == event["node"])
            if enter["data"]["script_name"] != data["script_name"]:
                assert {"key": "SCRIPT_NAME", "before": enter["data"]["script_name"],
                        "after": data["script_name"]} in step["changes"]
                assert {"key": "PATH_INFO", "before": enter["data"]["path_info"],
                        "after": data["path_info"]} in step["changes"]
        elif event["kind"] == "node.enter":
            assert f"`{short(event['node'])}`" in text
            assert f"PATH_INFO `{data['path_info']}`" in text
        elif event["kind"] == "route.match":
            assert f"`{data['template']}`" in text and f"`{data['match']['action']}`" in text
            assert step["changes"] == [{"key": "wsgiorg.routing_args", "before": None,
                                        "after": data["match"]}]
        elif event["kind"] in ("node.leave", "request.end"):
            assert str(data["status"]) in text


def test_the_urlmap_step_names_the_prefix_it_moved(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    dispatch = next(s for s in steps_of(dashboard, trace["trace"])["steps"]
                    if s["node"] == "composite:osapi_compute" and s["kind"] == "composite.dispatch")
    assert "the longest prefix that matches" in dispatch["text"]
    assert "`/v2.1` moved from PATH_INFO to SCRIPT_NAME" in dispatch["text"]
    assert "sees `/flavors`" in dispatch["text"]


def test_an_edited_event_reads_differently(dashboard, stack):
    """The same trace with another prefix and a failing end: the words follow the events."""
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    edited = copy.deepcopy(trace["events"])
    for event in edited:
        event["trace"] = trace["trace"] + "-edited"
        if event["kind"] == "composite.dispatch" and event["data"]["label"] == "/v2.1":
            event["data"].update(label="/v9", script_name="/v9")
        if event["kind"] == "request.end":
            event["data"]["status"] = 503
    status, _, answer = dashboard.post("/api/events", edited)
    assert status in (200, 202), answer
    dashboard.wait_for(f"/api/traces/{trace['trace']}-edited", lambda t: t["status"] == 503)

    original = steps_of(dashboard, trace["trace"])
    changed = steps_of(dashboard, trace["trace"] + "-edited")
    index = next(i for i, e in enumerate(edited) if e["kind"] == "composite.dispatch")
    assert "`/v2.1`" in original["steps"][index]["text"]
    assert "`/v9`" in changed["steps"][index]["text"]
    assert "`/v2.1`" not in changed["steps"][index]["text"]
    assert changed["steps"][-1]["text"].startswith("The stack answered 503")
    assert changed["failure"][0] == "GET /v2.1/servers ended with 503."


def test_a_405_explains_the_method_mismatch(dashboard, stack):
    trace = send(dashboard, stack, "PUT", "/v2.1/servers", TOKEN)
    assert trace["status"] == 405
    body = steps_of(dashboard, trace["trace"])
    miss = next(e for e in trace["events"] if e["kind"] == "route.miss")
    refused = [c for c in miss["data"]["candidates"] if c["failed"] == "method"]
    allowed = sorted({m for c in refused for m in c["methods"]})
    assert refused and "PUT" not in allowed

    step = body["steps"][trace["events"].index(miss)]
    assert step["kind"] == "route.miss" and step["node"] == "app:compute_app"
    assert "method condition refuses PUT" in step["text"]
    assert f"allowed: {', '.join(allowed)}" in step["text"]
    assert body["failure"][0] == "PUT /v2.1/servers ended with 405."
    router = next(line for line in body["failure"] if "refuses PUT" in line)
    for candidate in refused:
        assert f"`{candidate['template']}`" in router


def test_a_short_circuit_names_the_filter_and_the_layers_that_never_ran(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers")
    assert trace["status"] == 401
    leave = next(e for e in trace["events"] if e["kind"] == "node.leave"
                 and e["data"]["short_circuit"])
    entered = {e["node"] for e in trace["events"] if e["kind"] == "node.enter"}
    graph = next(s["graph"] for s in dashboard.get("/api/stacks")[2]
                 if s["name"] == "osapi_compute")
    never = [e["target"] for e in graph["edges"]
             if e["source"] == "pipeline:openstack_compute_api_v21[keystone]"
             and e["target"] not in entered]
    assert never

    story = steps_of(dashboard, trace["trace"])["failure"]
    line = next(line for line in story if "short circuit" in line)
    # the layer that answered, with its line and the one that placed it there (graph's lines)
    assert line.startswith(f"The filter `{short(leave['node'])}` (compute.ini line "), line
    assert ") answered 401 itself" in line
    for node in never:
        assert f"`{short(node)}`" in line.split("never ran:")[1]


def test_a_posted_short_circuit_under_a_layer_with_no_node_is_still_told(dashboard, stack):
    # The events contract lets a layer's node be null; the story then names no pipeline.
    trace = send(dashboard, stack, "GET", "/v2.1/servers")
    events = copy.deepcopy(trace["events"])
    for event in events:
        event["trace"] = "no-node-above"
        if event["kind"] in ("node.enter", "node.leave") and event["node"].startswith(
                ("pipeline:", "composite:")):
            event["node"] = None
    assert dashboard.post("/api/events", events)[0] == 202
    story = steps_of(dashboard, "no-node-above")["failure"]
    assert "answered 401 itself" in next(line for line in story if "short circuit" in line)


def test_the_last_step_quotes_what_an_error_s_body_said(dashboard, stack):
    # servers.send asks with urllib's Accept, so WebOb answers its 401 as a text page; an HTML
    # page (a browser's Accept) is quoted as text, its head and tags left out.
    for accept, kind in ((None, "text/plain"), ("text/html", "text/html")):
        trace = send(dashboard, stack, "GET", "/v2.1/servers", {"Accept": accept} if accept
                     else None)
        end = trace["events"][-1]
        assert end["data"]["content_type"].startswith(kind)
        last = steps_of(dashboard, trace["trace"])["steps"][-1]["text"]
        assert last.startswith("The stack answered 401, ")
        said = last.split("Its body said: “", 1)[1]
        assert said.endswith("The X-Auth-Token header is missing.”")  # no second full stop
        assert "<" not in said
        assert said.count("401 Unauthorized") == 1  # the page's title is not said twice
    fine = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    assert "body said" not in steps_of(dashboard, fine["trace"])["steps"][-1]["text"]


def test_unknown_traces_are_404_with_a_reason(dashboard):
    status, _, body = dashboard.get("/api/traces/no-such-trace/steps")
    assert status == 404 and "no-such-trace" in body["error"]
    status, _, page = dashboard.get("/requests/no-such-trace/steps")
    assert status == 404 and "no-such-trace" in page


def test_the_step_view_page_and_partial(dashboard, stack):
    trace = send(dashboard, stack, "PUT", "/v2.1/servers", TOKEN)
    status, _, page = dashboard.get(f"/requests/{trace['trace']}/steps")
    assert status == 200
    assert "<html" in page and 'class="stepper"' in page
    assert page.count('class="step"') == len(trace["events"])
    assert 'data-node="app:compute_app"' in page  # the diagram
    assert "Why it failed" in page
    status, _, partial = dashboard.get(f"/requests/{trace['trace']}/steps", headers=HTMX)
    assert status == 200 and "<html" not in partial and 'class="stepper"' in partial


def test_the_request_detail_tells_why_only_when_something_went_wrong(dashboard, stack):
    failed = send(dashboard, stack, "PUT", "/v2.1/servers", TOKEN)
    fine = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    _, _, page = dashboard.get(f"/requests/{failed['trace']}")
    assert "Why it failed" in page and "refuses PUT" in page
    assert f'href="/requests/{failed["trace"]}/steps"' in page
    _, _, page = dashboard.get(f"/requests/{fine['trace']}")
    assert "Why it" not in page
    assert f'href="/requests/{fine["trace"]}/steps"' in page


def test_a_steps_view_of_a_stack_the_dashboard_does_not_know(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    events = copy.deepcopy(trace["events"])
    for event in events:
        event.update(trace=trace["trace"] + "-elsewhere", stack="never-announced")
    dashboard.post("/api/events", events)
    dashboard.wait_for(f"/api/traces/{trace['trace']}-elsewhere", lambda t: t["status"] == 200)
    _, _, page = dashboard.get(f"/requests/{trace['trace']}-elsewhere/steps")
    assert "is not known to this dashboard" in page
    assert page.count('class="step"') == len(events)


def test_the_presenter_position_is_checked_kept_and_streamed(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    last = len(trace["events"]) - 1
    bad = [
        ([1, 2], "JSON object"),
        ({"index": 1}, "trace must be"),
        ({"trace": trace["trace"]}, "index must be"),
        ({"trace": trace["trace"], "index": -1}, "index must be"),
        ({"trace": trace["trace"], "index": "3"}, "index must be"),
        ({"trace": trace["trace"], "index": True}, "index must be"),
        ({"trace": trace["trace"], "index": last + 1}, "past the last step"),
    ]
    for body, reason in bad:
        status, _, answer = dashboard.post("/api/presenter", body)
        assert status == 400 and reason in answer["error"], (body, answer)
    status, _, answer = dashboard.post("/api/presenter", {"trace": "no-such-trace", "index": 0})
    assert status == 404 and "no-such-trace" in answer["error"]

    # Subscribed once the answer's headers are in: the stream subscribes before its first line.
    reader = SSEReader(dashboard.url + "/api/stream")
    status, _, answer = dashboard.post("/api/presenter", {"trace": trace["trace"], "index": last})
    assert status == 200 and answer == {"trace": trace["trace"], "index": last}
    assert dashboard.get("/api/presenter")[2] == answer
    try:
        seen = reader.until(lambda m: m.get("event") == "presenter")
    finally:
        reader.close()
    assert json.loads(seen[-1]["data"]) == answer


def test_the_step_view_says_what_the_stack_answered_not_what_the_client_got(dashboard, stack):
    """A body given whole (WebOb's list) is counted as it is handed to the server: whether the
    client read it is not known, so the last step does not say the client got it."""
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    end = trace["events"][-1]["data"]
    status, _, html = dashboard.get(f"/requests/{trace['trace']}/steps")
    last = re.findall(r'<p class="step-text">(.*?)</p>', html, re.S)[-1]
    assert status == 200
    assert shown(last).startswith(f"The stack answered 200, {end['bytes']} bytes, "), last
    assert "The client got" not in shown(html)
