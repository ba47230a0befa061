"""`stack.explain` on real traces: the words carry the facts of the events they explain."""

from __future__ import annotations

import copy

import pytest

from stack import graph
from stack.explain import explain_step
from stack.explain import explain_steps
from stack.explain_index import place_words
from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import ini_line
from tests.conftest import raw_request
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import send

JSON = {**TOKEN, "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def compute_graph() -> dict:
    return graph.load_graph(str(DEMO / "compute.ini"), "osapi_compute").to_json()


def index_of(events: list[dict], kind: str, node: str | None = None) -> int:
    return next(i for i, e in enumerate(events)
                if e["kind"] == kind and (node is None or e["node"] == node))


def test_urlmap_dispatch_says_which_prefix_moved_and_what_the_branch_sees(compute_stack):
    _, events = send(compute_stack, "GET", "/v2.1/servers", TOKEN)
    i = index_of(events, "composite.dispatch", "composite:osapi_compute")
    data = events[i]["data"]
    step = explain_step(events, i)
    assert f"The urlmap composite `osapi_compute` chose `{data['label']}`" in step.text
    assert (f"`{data['label']}` moved from PATH_INFO to SCRIPT_NAME, so the composite "
            f"`openstack_compute_api_v21` sees `{data['path_info']}`") in step.text
    assert step.changes == [
        {"key": "SCRIPT_NAME", "before": "", "after": data["script_name"]},
        {"key": "PATH_INFO", "before": "/v2.1/servers", "after": data["path_info"]}]


def test_an_empty_script_name_or_path_info_is_said_in_words(compute_stack):
    """Not two backticks with nothing between them, which read as a slip of the text."""
    _, events = send(compute_stack, "GET", "/v2.1", TOKEN)
    entered = explain_step(events, index_of(events, "node.enter", "composite:osapi_compute"))
    assert entered.text.startswith("The composite `osapi_compute` is entered; it sees an empty "
                                   "SCRIPT_NAME and PATH_INFO `/v2.1`")
    moved = explain_step(events, index_of(events, "composite.dispatch", "composite:osapi_compute"))
    assert moved.text.endswith("`/v2.1` moved from PATH_INFO to SCRIPT_NAME, so the composite "
                               "`openstack_compute_api_v21` sees an empty PATH_INFO.")
    kept = explain_step(
        events, index_of(events, "composite.dispatch", "composite:openstack_compute_api_v21"))
    assert kept.text.endswith("SCRIPT_NAME and PATH_INFO are unchanged (an empty PATH_INFO).")
    missed = explain_step(events, index_of(events, "route.miss"))
    assert missed.text.startswith("No route of the router of the app `compute_app` has a "
                                  "template matching an empty path: ")
    assert not any("``" in explain_step(events, i).text for i in range(len(events)))


def test_keyed_dispatch_names_the_alternative_and_changes_nothing(compute_stack):
    _, events = send(compute_stack, "GET", "/v2.1/flavors", TOKEN)
    i = index_of(events, "composite.dispatch", "composite:openstack_compute_api_v21")
    step = explain_step(events, i)
    assert step.text.startswith("The composite `openstack_compute_api_v21` chose its "
                                "`keystone` alternative, the pipeline "
                                "`openstack_compute_api_v21[keystone]`")
    assert "PATH_INFO `/flavors`" in step.text and step.changes == []


def test_route_match_sets_the_routing_args(compute_stack):
    _, events = send(compute_stack, "GET", "/v2.1/servers/2", TOKEN)
    i = index_of(events, "route.match")
    step = explain_step(events, i)
    assert step.changes == [{"key": "wsgiorg.routing_args", "before": None,
                             "after": events[i]["data"]["match"]}]
    assert "matched GET to route `server` (template `/servers/:(id)`)" in step.text
    assert "controller `servers`, action `show` with id='2'" in step.text


def test_every_event_of_every_kind_gets_words(compute_stack):
    kinds = set()
    for method, path, headers in [("GET", "/", None), ("GET", "/v2.1/servers/1", TOKEN),
                                  ("DELETE", "/v2.1/flavors", TOKEN), ("GET", "/v2.1/servers",
                                                                        None)]:
        _, events = send(compute_stack, method, path, headers)
        for i, event in enumerate(events):
            step = explain_step(events, i)
            assert step.text and step.text[0].isupper()
            # a full stop, or a quote that ends with its own (`stop`)
            assert step.text.removesuffix("”").endswith((".", "!", "?", "…")), step.text
            if event["node"]:
                assert event["node"].partition(":")[2] in step.text
            kinds.add(event["kind"])
    assert {"request.start", "node.enter", "composite.dispatch", "node.leave", "route.match",
            "route.miss", "controller.action", "controller.return", "request.end"} <= kinds


def test_the_words_follow_the_event_not_the_url(compute_stack):
    _, events = send(compute_stack, "GET", "/v2.1/servers", TOKEN)
    i = index_of(events, "composite.dispatch", "composite:osapi_compute")
    edited = copy.deepcopy(events)
    edited[i]["data"].update(label="/v9", script_name="/v9", path_info="/elsewhere")
    step = explain_step(edited, i)
    assert "chose `/v9`" in step.text and "sees `/elsewhere`" in step.text
    assert "/v2.1" not in step.text.split(";")[0]


def test_a_success_needs_no_failure_story(compute_stack):
    _, events = send(compute_stack, "GET", "/v2.1/flavors", TOKEN)
    assert failure_story(events) is None


def raw_trace(server, method: str, path: str, headers: tuple, body: bytes = b"") -> list[dict]:
    """The trace of a request sent on a raw socket with `headers` exactly as given (a name with
    `_`, a header twice), as no HTTP client library sends them."""
    _, sent, _ = raw_request(server.url, path, method=method, headers=headers, body=body)
    events = server.trace(dict(sent)["X-Pastescope-Trace"])
    check_well_formed(events)
    return events


def test_a_failure_story_names_the_header_the_server_passed_on_to_no_app(compute_stack):
    events = raw_trace(compute_stack, "GET", "/v2.1/servers", (("X_Auth_Token", "demo-token"),))
    story = failure_story(events)
    assert story[0] == "GET /v2.1/servers ended with 401."
    assert story[-1] == ("The client sent `X_Auth_Token`, which the server passed on to no app "
                         "(eventlet drops header names containing `_`: sent as `X-Auth-Token`, "
                         "it would reach the app).")


def test_a_failure_story_names_every_dropped_header_with_why(compute_stack):
    events = raw_trace(compute_stack, "POST", "/v2.1/servers", (
        ("X_Roles", "admin"), ("Content-Type", "application/json"), ("Content-Length", "2"),
        ("Content-Length", "5")), b"{}")
    assert failure_story(events)[-1] == (
        "The client sent these headers, which the server passed on to no app: `X_Roles` "
        "(eventlet drops header names containing `_`: sent as `X-Roles`, it would reach the "
        "app); `Content-Length` (eventlet passes on the first Content-Length only).")


def test_a_request_answered_early_but_not_failed_is_told_no_dropped_header(compute_stack):
    """A filter answering 200 itself is worth a story, yet no header it lacked made it fail."""
    events = raw_trace(compute_stack, "GET", "/v2.1/servers", (("X_Auth_Token", "demo-token"),))
    answered = copy.deepcopy(events)
    for event in answered:
        if event["kind"] in ("node.leave", "request.end"):
            event["data"]["status"] = 200
    story = failure_story(answered)
    assert story[0] == "GET /v2.1/servers ended with 200."
    assert story[-1].startswith("The filter `authtoken` answered 200 itself")
    assert not any("passed on to no app" in line for line in story)


def test_405_story_names_the_candidates_that_failed_on_the_method(compute_stack):
    _, events = send(compute_stack, "DELETE", "/v2.1/flavors", TOKEN)
    story = failure_story(events)
    miss = events[index_of(events, "route.miss")]["data"]
    assert story[0] == "DELETE /v2.1/flavors ended with 405."
    assert any("chose `/v2.1`" in line for line in story)
    [method_line] = [line for line in story if "method condition refuses DELETE" in line]
    for candidate in (c for c in miss["candidates"] if c["failed"] == "method"):
        assert f"`{candidate['template']}`, {candidate['methods'][0]})" in method_line
    assert "so 405 (allowed: GET, POST)" in method_line
    assert any(line.startswith("Other routes failed on the path `/flavors`") for line in story)


def test_404_story_says_no_template_matches_the_path(compute_stack):
    _, events = send(compute_stack, "GET", "/v2.1/nothing", TOKEN)
    story = failure_story(events)
    assert story[-1].startswith("No route of the router of the app `compute_app` has a "
                                "template matching `/nothing`")
    assert story[-1].endswith("so 404.")


def test_missing_action_is_named(compute_stack):
    _, events = send(compute_stack, "GET", "/v2.1/servers/new", TOKEN)
    story = failure_story(events)
    assert any("matched GET to route `new_server`" in line for line in story)
    assert any("the `servers` controller of the app `compute_app` has no `new` action" in line
               for line in story)


def test_short_circuit_names_the_filter_and_the_layers_that_never_ran(
        compute_stack, compute_graph):
    _, events = send(compute_stack, "POST", "/v2.1/servers", TOKEN, b"x" * 200_000)
    story = failure_story(events, compute_graph)
    assert story[0] == "POST /v2.1/servers ended with 413."
    assert story[-1] == ("The answer's body says why: “Request is too large: 200000 bytes, "
                         "limit 114688.”")
    assert story[-2] == (
        f"The filter `sizelimit` (compute.ini line {ini_line('[filter:sizelimit]')}, placed by "
        "the `keystone` key of [composite:openstack_compute_api_v21] at line "
        f"{ini_line('keystone =')}) answered 413 itself, without calling the next layer (a short "
        "circuit); these layers never ran: the filter `authtoken`, the app `compute_app`.")
    without_graph = failure_story(events)
    assert without_graph[-2] == ("The filter `sizelimit` answered 413 itself, without calling "
                                 "the next layer (a short circuit).")


def refusing_filter(global_conf):
    """A filter that raises before calling the app it wraps."""

    def wrap(app):
        def refuse(environ, start_response):
            raise ValueError("refused on purpose")
        return refuse
    return wrap


def test_a_filter_that_raises_before_the_next_layer_is_said_to_raise(serve_stack, tmp_path):
    ini = tmp_path / "refusing.ini"
    ini.write_text(
        "[pipeline:main]\npipeline = faultwrap refusing versions\n\n"
        "[filter:faultwrap]\n"
        "paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory\n\n"
        "[filter:refusing]\nuse = call:tests.stack.test_explain:refusing_filter\n\n"
        "[app:versions]\npaste.app_factory = stack.demo.compute:Versions.factory\n")
    stack = serve_stack(ini, "main")
    response, events = send(stack, "GET", "/")
    assert response.status_code == 500
    leave = index_of(events, "node.leave", "filter:refusing")
    assert explain_step(events, leave).text == (
        "The filter `refusing` raised an exception without calling the next layer.")


def test_missing_token_stops_at_authtoken(compute_stack, compute_graph):
    _, events = send(compute_stack, "GET", "/v2.1/servers")
    story = failure_story(events, compute_graph)
    assert story[-3:] == [
        "The composite `openstack_compute_api_v21` chose its `keystone` alternative, the pipeline "
        "`openstack_compute_api_v21[keystone]`, as `auth_strategy = keystone` at compute.ini "
        f"line {ini_line('auth_strategy =')} says (its `keystone` key at line "
        f"{ini_line('keystone =')}).",
        f"The filter `authtoken` (compute.ini line {ini_line('[filter:authtoken]')}, placed by "
        "the `keystone` key of [composite:openstack_compute_api_v21] at line "
        f"{ini_line('keystone =')}) answered 401 itself, without calling the next layer (a "
        "short circuit); these layers never ran: the app `compute_app`.",
        "The answer's body says why: “The X-Auth-Token header is missing.”"]


def test_500_story_follows_the_exception_to_the_fault_wrapper(compute_stack):
    _, events = send(compute_stack, "POST", "/v2.1/servers/1/action", JSON, {"migrate": None})
    story = failure_story(events)
    error = events[index_of(events, "error")]["data"]
    [line] = [line for line in story if error["type"] in line]
    assert repr(error["message"]) in line
    # nova's action named `action` is said once, as the controller's method: "the `servers`
    # controller's `action` action" read as a slip to a class
    assert "the `servers` controller's `action` method in the app `compute_app`" in line
    said = story + [step.text for step in explain_steps(events)]
    assert [text for text in said if "`action` action" in text] == []
    assert ("The app `compute_app` called the `servers` controller's `action` method with "
            "id='1' and a JSON body.") in said
    assert "up to the filter `faultwrap`, which turned it into a response" in line
    assert story[-1] == ("The filter `faultwrap` turned the exception that left the filter "
                         "`sizelimit` into 500.")
    i = index_of(events, "node.leave", "filter:faultwrap")
    assert explain_step(events, i).changes == [{"key": "status", "before": None, "after": 500}]


def test_an_apps_own_404_is_attributed_to_it(compute_stack):
    _, events = send(compute_stack, "GET", "/nothing")
    story = failure_story(events)
    assert ("The urlmap composite `osapi_compute` chose `/`, the catch-all, as no longer "
            "prefix matches `/nothing`, leading to the pipeline `computeversions`.") in story
    assert story[-1].startswith("The app `versionsapp` was the first layer to answer 404")


def test_a_version_the_urlmap_has_no_prefix_for_names_its_prefixes(compute_stack,
                                                                   compute_graph):
    """`/v3/servers` falls to the catch-all, whose versions app answers as if it were the
    path meant: the story names the prefixes it missed (from the graph), as `which` does."""
    _, events = send(compute_stack, "GET", "/v3/servers")
    i = index_of(events, "composite.dispatch", "composite:osapi_compute")
    assert explain_steps(events, compute_graph)[i].text.startswith(
        "The urlmap composite `osapi_compute` chose `/`, the catch-all, as no longer prefix "
        "matches `/v3/servers`; its prefixes are `/` and `/v2.1`: `/v3` is none of them, "
        "leading to the pipeline `computeversions`")


def test_a_key_for_the_host_is_said_to_come_before_a_longer_prefix(serve_stack, tmp_path):
    """Paste's URLMap tries the keys naming the request's host first: `/v2.1` is longer and
    matches too, yet never considered."""
    ini = tmp_path / "host.ini"
    ini.write_text((DEMO / "compute.ini").read_text().replace(
        "/v2.1: openstack_compute_api_v21",
        "/v2.1: openstack_compute_api_v21\ndomain example.com /: computeversions"))
    stack = serve_stack(ini, "osapi_compute")
    response, events = send(stack, "GET", "/v2.1/servers", {"Host": "example.com"})
    assert response.status_code == 404
    i = index_of(events, "composite.dispatch", "composite:osapi_compute")
    assert explain_step(events, i).text.startswith(
        "The urlmap composite `osapi_compute` chose `http://example.com/`, a key for the "
        "request's host `example.com`, tried before every key naming no host, leading to the "
        "pipeline `computeversions`;")


def test_urlmap_miss_lists_the_prefixes_tried(serve_stack):
    oslo = serve_stack(DEMO / "oslo.ini", "oslo_compute")
    _, events = send(oslo, "GET", "/v3/servers")
    story = failure_story(events)
    miss = events[index_of(events, "composite.miss")]["data"]
    tried = ", ".join(f"`{label}`" for label in miss["tried"])
    assert story == [
        "GET /v3/servers ended with 404.",
        f"The composite `oslo_compute` tried {tried}, longest first; none is `/v3/servers` or "
        "a prefix of it, so it answered 404 itself and no branch ran."]
    step = explain_step(events, index_of(events, "composite.miss"))
    assert step.text == story[1]


def test_a_place_past_the_tenth_is_said_with_its_ordinal_suffix():
    """A pipeline listing one filter more than ten times: its 21st place reads "21st"."""
    lane, node = "pipeline:p", "filter:a"
    graph_json = {"edges": [{"source": lane, "target": node, "label": str(n)} for n in range(23)]}
    events = [{"kind": "node.enter", "span": n, "node": node} for n in (10, 20, 21, 22)]
    places = {n: (lane, n) for n in (10, 20, 21, 22)}
    words = place_words(events, graph_json, places)
    assert [words[n] for n in (10, 20, 21, 22)] == [
        f" (its {place} place in the pipeline `p`)" for place in ("11th", "21st", "22nd", "23rd")]
