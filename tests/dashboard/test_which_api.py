"""`GET /api/which`: what a URL would hit in an uploaded ini (nothing run) or a running stack.

Answers are checked against `stack.resolve` on the same file and, for the running compute demo,
against the nodes a real request sent through the dashboard enters and the route it matches.
"""

from __future__ import annotations

import json
import time

import pytest

from stack import graph
from stack import resolve
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import TOKEN
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.samples import FILTER_WITH_INI
from tests.dashboard.samples import IN_REQUEST_ORDER
from tests.dashboard.samples import ROUTES
from tests.dashboard.samples import announcement
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import form_sent
from tests.dashboard.servers import stored
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask

V21 = "composite:openstack_compute_api_v21"
KEYSTONE = "pipeline:openstack_compute_api_v21[keystone]"


def resolved(answer: dict) -> dict:
    """The answer as `Resolution.to_json` has it: without the page's additions."""
    plain = {k: v for k, v in answer.items() if k not in ("describe", "source")}
    plain["hops"] = [{k: v for k, v in hop.items() if k != "in"} for hop in answer["hops"]]
    return plain


@pytest.fixture(scope="module")
def nova_id(dashboard) -> str:
    return uploaded(dashboard, NOVA.name, NOVA.read_bytes())


@pytest.fixture(scope="module")
def nova_graph() -> dict:
    return graph.load_graph(str(NOVA), "osapi_compute").to_json()


def test_uploaded_nova_with_keystone_chosen_is_what_resolve_says(dashboard, nova_id, nova_graph):
    # The entry named: one the page picks among nova's three is said so first (`Unnamed`).
    status, _, answer = ask(dashboard, ("ini", nova_id), ("entry", "composite:osapi_compute"),
                            ("method", "GET"), ("path", "/v2.1/servers"),
                            ("host", "localhost:8774"),
                            ("choose", "openstack_compute_api_v21=keystone"))
    assert status == 200, answer
    expected = resolve.resolve(nova_graph, "GET", "/v2.1/servers", "localhost:8774",
                               {V21: "keystone"}, page=True)
    assert resolved(answer) == json.loads(json.dumps(expected.to_json()))
    assert answer["describe"] == resolve.describe(expected)
    assert answer["source"] == {"ini": nova_id, "entry": "composite:osapi_compute",
                                "file": NOVA.name, "routes_known": False}
    nodes = [hop["node"] for hop in answer["hops"]]
    assert nodes[:3] == ["composite:osapi_compute", V21, KEYSTONE]
    assert "filter:authtoken" in nodes and nodes[-1] == "app:osapi_compute_app_v21"
    # Each filter and the app run in the keystone lane, where the diagram draws that box.
    assert {hop["in"] for hop in answer["hops"][3:]} == {KEYSTONE}
    assert [hop["in"] for hop in answer["hops"][:3]] == [None, None, None]
    assert answer["alternatives"] == {V21: ["noauth", "keystone"]}
    assert answer["chosen"] == {V21: ["keystone", "chosen"]}
    assert answer["route"] is None and answer["stopped"] is None


def test_without_a_choice_openstacks_default_auth_strategy_is_followed(dashboard, nova_id):
    answer = ask(dashboard, ("ini", nova_id), ("path", "/v2.1/servers"))[2]
    assert answer["method"] == "GET"
    assert answer["chosen"] == {V21: ["keystone", "default auth_strategy"]}
    nodes = [hop["node"] for hop in answer["hops"]]
    assert KEYSTONE in nodes and "filter:noauth" not in nodes


def test_an_entry_may_be_picked_and_a_urlmap_miss_is_a_stop(dashboard, nova_id):
    answer = ask(dashboard, ("ini", nova_id), ("entry", "composite:metadata"),
                 ("path", "/nope"))[2]
    expected = resolve.resolve(graph.load_graph(str(NOVA), "metadata").to_json(), "GET", "/nope")
    assert resolved(answer) == json.loads(json.dumps(expected.to_json()))
    assert answer["source"]["entry"] == "composite:metadata"


def test_nothing_the_uploaded_ini_names_is_imported(dashboard):
    # `this` prints the Zen of Python when imported: the dashboard's output would show it.
    ini_id = uploaded(dashboard, "trap.ini", b"[app:main]\npaste.app_factory = this:f\n")
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/"))
    assert status == 200 and [hop["node"] for hop in answer["hops"]] == ["app:main"]
    time.sleep(0.3)  # the output reader thread has caught up with anything printed
    assert "Beautiful is better than ugly" not in dashboard.output()


def test_an_ini_paste_would_not_load_answers_that_nothing_is_served(dashboard):
    text = b"[pipeline:main]\npipeline = missing app\n[app:app]\nuse = egg:x#app\n"
    ini_id = uploaded(dashboard, "broken.ini", text)
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/v2.1?limit=1"))
    assert status == 200, answer
    assert answer["hops"] == []
    assert answer["stopped"] == {"node": "pipeline:main", "status": None,
                                 "reason": "'missing': no such filter section",
                                 "said": ["The pipeline `main` cannot be built (line 2): "
                                          "'missing': no such filter section. Loading fails, "
                                          "and no request is answered."]}
    assert answer["describe"][0] == ("GET /v2.1?limit=1 would get no answer: the stack would "
                                     "not load.")
    status, _, html = ask(dashboard, ("ini", ini_id), ("path", "/"), headers=HTMX)
    assert status == 200
    said = ("The pipeline <code>main</code> cannot be built (line 2): &#39;missing&#39;: no such "
            "filter section")
    assert html.count(said) == 1, html  # in the stopped box, not again in the story
    # Right under the lead, which says the stack would not load: why, not that again.
    assert shown(part(html, '<div class="which-stopped"', "</p>")).strip().startswith(
        "The pipeline main cannot be built (line 2)")
    assert "with None" not in html


@pytest.mark.parametrize(
    ("pairs", "status", "field"),
    [((("path", "/"),), 400, "stack or ini:"),
     ((("stack", "osapi_compute"), ("ini", "NOVA"), ("path", "/")), 400, "stack or ini:"),
     ((("ini", "NOVA"), ("method", "GE T"), ("path", "/")), 400, "method:"),
     ((("ini", "NOVA"), ("path", "v2.1/servers")), 400, "path:"),
     ((("ini", "NOVA"), ("path", "/a b")), 400, "path:"),
     ((("ini", "NOVA"), ("path", "/"), ("host", "a b")), 400, "host:"),
     ((("ini", "NOVA"), ("path", "/"), ("choose", "keystone")), 400, "choose:"),
     ((("ini", "NOVA"), ("path", "/"), ("choose", "openstack_compute_api_v21=ldap")), 400,
      "choose:"),
     ((("ini", "NOVA"), ("path", "/"), ("choose", "nope=x")), 400, "choose:"),
     ((("ini", "NOVA"), ("path", "/"), ("entry", "composite:nope")), 404, "entry:"),
     ((("stack", "nope"), ("path", "/")), 404, "stack: no stack named 'nope'"),
     ((("ini", "0123456789ab"), ("path", "/")), 404, "ini: no uploaded ini")],
)
def test_bad_questions_are_refused_naming_the_field(dashboard, nova_id, pairs, status, field):
    pairs = [(key, nova_id if value == "NOVA" else value) for key, value in pairs]
    got, _, answer = ask(dashboard, *pairs)
    assert got == status, answer
    assert answer["error"].startswith(field), answer


def test_htmx_gets_the_form_with_the_answer(dashboard, nova_id):
    status, _, html = ask(dashboard, ("ini", nova_id), ("path", "/v2.1/servers"),
                          ("choose", "openstack_compute_api_v21=keystone"), headers=HTMX)
    assert status == 200 and "<html" not in html
    assert 'data-which-node="filter:keystonecontext"' in html
    assert f'data-which-in="{KEYSTONE}"' in html
    # keystone is what the composite follows when nothing chooses: sent as no choice.
    assert '<option value="" selected>keystone</option>' in html
    assert "routes are unknown for an uploaded ini" in html
    # The answer's words show names as code, never as raw backticks.
    assert "`" not in html
    assert ('<p class="which-headline">GET /v2.1/servers would go: the composite '
            "<code>osapi_compute</code> → ") in html
    status, _, html = ask(dashboard, ("ini", nova_id), ("path", "nope"), headers=HTMX)
    assert status == 200 and "path: &#39;nope&#39; must start with &#39;/&#39;" in html


def served(dashboard, method: str, path: str) -> tuple[int, list[dict]]:
    """Send `method path` to the demo through the dashboard: its status and its trace's events."""
    trace = stored(dashboard, form_sent(dashboard, method, path, TOKEN))
    return trace["status"], trace["events"]


@pytest.mark.parametrize(("method", "path"), [("GET", "/v2.1/servers/3"),
                                              ("GET", "/v2.1/flavors/2"),
                                              ("DELETE", "/v2.1/flavors"),
                                              ("GET", "/v2.1/nothing"),
                                              ("GET", "/v2.1/servers/new"),
                                              ("POST", "/v2.1/flavors"),
                                              ("GET", "/v2.1/servers/1/edit"),
                                              ("GET", "/v2.1")])
def test_a_running_stacks_answer_is_what_a_real_request_does(dashboard, stack, method, path):
    status, _, answer = ask(dashboard, ("stack", "osapi_compute"), ("method", method),
                            ("path", path))
    assert status == 200, answer
    assert answer["source"] == {"stack": "osapi_compute", "routes_known": True}
    real_status, events = served(dashboard, method, path)
    entered = [(e["node"], e["data"]["script_name"], e["data"]["path_info"])
               for e in events if e["kind"] == "node.enter"]
    assert [(h["node"], h["script_name"], h["path_info"]) for h in answer["hops"]] == entered
    match = [e["data"] for e in events if e["kind"] == "route.match"]
    miss = [e["data"] for e in events if e["kind"] == "route.miss"]
    missing = [e["data"] for e in events
               if e["kind"] == "error" and e["data"]["type"] == "MissingAction"]
    if match:
        assert (answer["route"]["name"], answer["route"]["match"]) == (match[0]["route"],
                                                                        match[0]["match"])
        if missing:  # the router matched, and the controller has no such action
            assert answer["route"]["has_action"] is False
            assert answer["stopped"]["status"] == real_status == 404
        else:  # the action was called (it may still answer 404 itself: no such server)
            assert answer["route"]["has_action"] is True and answer["stopped"] is None
    else:
        assert answer["route"] is None
        assert answer["stopped"]["status"] == miss[0]["status"] == real_status
        assert answer["candidates"] == miss[0]["candidates"]


def test_a_filter_with_chain_runs_in_its_members_lane(dashboard):
    # The diagram draws a pipeline member's `filter-with` chain in the member's lane
    # (`dashboard.diagram_layout`): the answer puts each of its hops there too.
    ini_id = uploaded(dashboard, "wrapped.ini", FILTER_WITH_INI)
    status, _, answer = ask(dashboard, ("ini", ini_id), ("method", "GET"), ("path", "/"))
    assert status == 200, answer
    assert [(hop["node"], hop["in"]) for hop in answer["hops"]] == [
        ("pipeline:main", None), *((node, "pipeline:main") for node in IN_REQUEST_ORDER)]


def test_a_matched_route_whose_controller_lacks_the_action_is_said_to_be_a_404(dashboard, stack):
    status, _, answer = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v2.1/servers/new"))
    assert status == 200, answer
    said = ("The app `compute_app`'s router matches `new_server` (`/servers/new`, GET), but the "
            "`servers` controller has no `new` action, so the stack answers 404 (MissingAction) "
            "instead of calling servers.new().")
    assert said in answer["describe"]
    assert ("With a valid token, it would stop at the app `compute_app` with 404."
            in answer["describe"])
    status, _, html = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v2.1/servers/new"),
                          headers=HTMX)
    assert status == 200
    assert 'data-which-stopped="404"' in html and 'data-which-has-action="no"' in html
    words = " ".join(html.split())
    assert "servers.new() <strong>no such action: 404</strong>" in words
    assert ("with 404.</strong> The filter <code>authtoken</code> (line 34) is the demo's "
            "token check") in words.replace("&#39;", "'")
    assert ("router matches <code>new_server</code> (<code>/servers/new</code>, GET), but the "
            "<code>servers</code> controller has no <code>new</code> action, so the stack "
            "answers 404 (MissingAction) instead of calling servers.new().</p>") in words


def test_a_running_stack_s_answer_says_its_filters_may_change_the_path_or_status(dashboard,
                                                                                 stack):
    """The answer reads the ini: a filter that moves part of PATH_INFO into SCRIPT_NAME, or
    replaces the status on the way out, makes "It would stop … with 404" wrong."""
    status, _, answer = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v2.1/nowhere"))
    assert status == 200, answer
    assert (answer["held"]["node"], answer["held"]["status"]) == ("filter:authtoken", 401)
    assert ("With a valid token, it would stop at the app `compute_app` with 404."
            in answer["describe"])
    caveat = ("This reads the ini, not the filters' code: it takes each filter on the way "
              "(`request_id`, `faultwrap`, `sizelimit`) to pass the request on "
              "unchanged, but one may answer it first instead (an auth filter's 401 without a "
              "valid token, a size limit's 413), change the path the router sees, or replace "
              "the status the client gets, which only sending it shows. What `authtoken` does "
              "is said above, known from its code.")
    assert answer["describe"][-1] == caveat
    html = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v2.1/nowhere"), headers=HTMX)[2]
    assert ("change the path the router sees, or replace the status the client gets, which "
            "only sending it shows. What <code>authtoken</code> does is said above, known from "
            "its code.</li>") in " ".join(html.split())


def test_an_app_without_routes_on_a_running_stack_is_not_said_to_answer(dashboard, stack):
    status, _, answer = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v3/servers"))
    assert status == 200, answer
    assert answer["stopped"] is None and answer["route"] is None
    assert ("The app `versionsapp` is handed `GET /v3/servers`. The stack announced no route "
            "table for it (it has no Routes mapper the stack could read), so this cannot tell "
            "whether it answers 200, 404 or another status: only sending the request "
            "shows.") in answer["describe"]
    html = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v3/servers"), headers=HTMX)[2]
    words = " ".join(html.split())
    assert "answers the request itself" not in words
    assert "what it answers, 200, 404 or another status, only sending the request shows" in words


def test_an_empty_path_info_the_router_misses_is_said_in_words(dashboard, stack):
    answer = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v2.1"))[2]
    assert answer["stopped"]["reason"] == "no route template matches an empty PATH_INFO"
    assert not any("``" in line for line in answer["describe"])


def test_a_percent_that_begins_no_escape_is_said_as_the_hops_hold_it(dashboard, stack):
    """`%ZZ` typed: the hops hold `/servers%ZZ`; the words say so, and why a shown path has
    `%25ZZ`."""
    answer = ask(dashboard, ("stack", "osapi_compute"), ("path", "/v2.1/servers%ZZ"))[2]
    assert answer["hops"][-1]["path_info"] == "/servers%ZZ"
    assert answer["describe"][0].startswith("GET /v2.1/servers%ZZ would go: ")
    assert answer["describe"][1].startswith(
        "`%ZZ` is no %-escape, so the server hands it over as it was sent: PATH_INFO holds "
        "'/v2.1/servers%ZZ'. Below, a `%` a path holds is written `%25`")


def test_route_tables_with_and_without_has_action_are_both_taken(dashboard):
    """`has_action` is optional: a stack older than it is still heard, and then the answer
    promises no call (nor a 404); a stack that says the action is missing gets its 404."""
    assert dashboard.post("/api/stacks", announcement("which-older"))[0] == 200
    answer = ask(dashboard, ("stack", "which-older"), ("path", "/v1/items"))[2]
    assert answer["stopped"] is None and "has_action" not in answer["route"]
    assert answer["describe"][-2].endswith(
        "the stack's route table does not say whether the `items` controller has the `index` "
        "action, and without it the stack answers 404 (MissingAction).")
    lacking = {node: [{**row, "has_action": False} for row in rows]
               for node, rows in ROUTES.items()}
    assert dashboard.post("/api/stacks", {**announcement("which-lacking"),
                                          "routes": lacking})[0] == 200
    answer = ask(dashboard, ("stack", "which-lacking"), ("path", "/v1/items"))[2]
    assert answer["stopped"]["status"] == 404 and answer["route"]["has_action"] is False


def test_a_stack_that_would_not_load_offers_the_alternatives_it_followed(dashboard):
    """quantum loads with its noauth pipeline, not its keystone one: the answer that it would
    not load offers the choice, and the other alternative goes through."""
    quantum = INI_DATA / "quantum-tlin-api-paste.ini"
    ini_id = uploaded(dashboard, quantum.name, quantum.read_bytes())
    asked = (("ini", ini_id), ("entry", "composite:quantum"), ("path", "/v2.0/networks"))
    answer = ask(dashboard, *asked)[2]
    assert answer["stopped"]["node"] == "filter:authtoken"
    assert answer["alternatives"] == {"composite:quantumapi_v2_0": ["noauth", "keystone"]}
    assert answer["chosen"] == {"composite:quantumapi_v2_0": ["keystone",
                                                              "default auth_strategy"]}
    other = ask(dashboard, *asked, ("choose", "quantumapi_v2_0=noauth"))[2]
    assert other["stopped"] is None
    assert other["hops"][-1]["node"] == "app:quantumapiapp_v2_0"


def test_a_composite_refused_for_its_default_alternative_offers_the_others(dashboard):
    """Only cinder's keystone pipeline is broken (`authtokn`): the default is refused, as
    `serve` refuses it, but the page offers noauth, which a cinder.conf may pick."""
    text = (b"[composite:main]\nuse = egg:Paste#urlmap\n/v3 = api\n\n[composite:api]\n"
            b"use = call:cinder.api.middleware.auth:pipeline_factory\n"
            b"noauth = noauth apiv3\nkeystone = authtokn apiv3\n\n"
            b"[filter:noauth]\npaste.filter_factory = cinder.auth:NoAuth.factory\n\n"
            b"[app:apiv3]\npaste.app_factory = cinder.router:APIRouter.factory\n")
    ini_id = uploaded(dashboard, "cinder.ini", text)
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/v3/volumes"))
    assert status == 200, answer
    assert answer["stopped"]["node"] == "composite:api"
    assert answer["alternatives"] == {"composite:api": ["noauth", "keystone"]}
    assert answer["chosen"] == {"composite:api": ["keystone", "default auth_strategy"]}
    status, _, html = ask(dashboard, ("ini", ini_id), ("path", "/v3/volumes"), headers=HTMX)
    assert '<option value="composite:api=noauth" >noauth</option>' in html
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/v3/volumes"),
                            ("choose", "composite:api=noauth"))
    assert status == 200, answer
    assert answer["stopped"] is None
    assert [hop["node"] for hop in answer["hops"]] == [
        "composite:main", "composite:api", "pipeline:api[noauth]", "filter:noauth", "app:apiv3"]
    assert ("The composite `api` offers 2 alternatives; `noauth` is followed (as chosen); the "
            "others: `keystone` (which cannot be built).") in answer["describe"]
