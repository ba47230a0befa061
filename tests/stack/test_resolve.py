"""`stack.resolve`: "what would this URL hit?" on real inis, and against a real served trace."""

from __future__ import annotations

import pytest
import requests

from stack import graph
from stack.request_target import request_target
from stack.resolve import describe
from stack.resolve import parse_choices
from stack.resolve import resolve
from stack.routing import matched_row
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import TOKEN
from tests.conftest import file_traced
from tests.conftest import ini_line
from tests.stack.conftest import keyed_ini

V21 = "composite:openstack_compute_api_v21"
V2 = "composite:openstack_compute_api_v2"
SHAPES = INI_DATA / "pastescope-shapes.ini"


@pytest.fixture(scope="module")
def nova() -> dict:
    return graph.load_graph(str(NOVA), "osapi_compute").to_json()


def test_nova_v21_with_keystone_chosen_walks_the_keystone_pipeline(nova):
    result = resolve(nova, "GET", "/v2.1/servers", choices={V21: "keystone"})
    assert result.nodes == [
        "composite:osapi_compute", V21, "pipeline:openstack_compute_api_v21[keystone]",
        "filter:request_id", "filter:faultwrap", "filter:sizelimit", "filter:authtoken",
        "filter:keystonecontext", "app:osapi_compute_app_v21"]
    assert [(h.script_name, h.path_info) for h in result.hops[:2]] == [
        ("", "/v2.1/servers"), ("/v2.1", "/servers")]
    assert result.hops[-1].script_name == "/v2.1" and result.hops[-1].path_info == "/servers"
    assert result.hops[1].label == "/v2.1" and result.hops[2].label == "keystone"
    assert result.alternatives == {V21: ["noauth", "keystone"]}
    assert result.chosen == {V21: ("keystone", "chosen")}
    assert result.stopped is None
    text = "\n".join(describe(result))
    assert "`/v2.1` moves from PATH_INFO to SCRIPT_NAME" in text
    assert "the filter `keystonecontext` → the app `osapi_compute_app_v21`" in text


def test_nova_without_a_choice_follows_openstacks_default_auth_strategy(nova):
    # nova's ini sets no auth_strategy (nova.conf does); its pipeline_factory then builds
    # keystone, though noauth is listed first.
    result = resolve(nova, "GET", "/v2.1/servers")
    assert result.alternatives == {V21: ["noauth", "keystone"]}
    assert result.chosen == {V21: ("keystone", "default auth_strategy")}
    assert "filter:authtoken" in result.nodes and "filter:noauth" not in result.nodes
    assert ("The composite `openstack_compute_api_v21` offers 2 alternatives; `keystone` is "
            "followed (OpenStack's default `auth_strategy`: the composite sets none, a service's "
            "config may); the others: `noauth`.") in result.story


def keyed_composite(use: str, keys: str) -> dict:
    """The graph of `[composite:api] use = USE` with one app per key (`keys`, spaced)."""
    sections = "".join(f"{key} = {key}_app\n" for key in keys.split())
    apps = "".join(f"[app:{key}_app]\nuse = egg:x#{key}\n" for key in keys.split())
    keyed = graph.read_ini_text(f"[composite:api]\nuse = {use}\n{sections}{apps}", "keyed.ini")
    return keyed.graphs[0].to_json()


@pytest.mark.parametrize(
    ("use", "followed", "why"),
    [("call:nova.api.auth:pipeline_factory_v21", "keystone", "default auth_strategy"),
     ("egg:other#keyed", "noauth2", "first")],
)
def test_keystone_is_the_default_only_of_a_pipeline_factory(use, followed, why):
    result = resolve(keyed_composite(use, "noauth2 keystone"), "GET", "/")
    assert result.chosen == {"composite:api": (followed, why)}
    assert result.nodes == ["composite:api", f"app:{followed}_app"]


def test_a_pipeline_factory_offering_no_keystone_would_not_load():
    """Not its first key: nova's factory reads `local_conf[CONF.api.auth_strategy]`, keystone
    unless nova.conf says otherwise, and fails with a KeyError; `stack.wsgi`'s as well (see
    test_graph_strategy.py, which serves it)."""
    result = resolve(keyed_composite("call:nova.api.auth:pipeline_factory_v21", "noauth2 noauth"),
                     "GET", "/")
    assert result.stopped == {"node": "composite:api", "status": None, "reason": (
        "OpenStack's default `auth_strategy` (keystone: the composite sets none) names none of "
        "its alternatives (noauth2, noauth), so it has no pipeline to build"),
        "said": result.story}  # the one line the story says, why
    assert describe(result)[0] == "GET / would get no answer: the stack would not load."


@pytest.mark.parametrize("prefix", ["/v1.1", "/v2"])
def test_nova_v11_and_v2_both_reach_the_v2_api(nova, prefix):
    result = resolve(nova, "GET", f"{prefix}/servers/detail", choices={V2: "keystone"})
    assert result.hops[1].node == V2 and result.hops[1].label == prefix
    assert result.nodes[-1] == "app:osapi_compute_app_v2"
    assert (result.hops[-1].script_name, result.hops[-1].path_info) == (prefix,
                                                                         "/servers/detail")
    assert result.alternatives[V2] == ["noauth", "keystone", "keystone_nolimit"]


def test_a_prefix_matches_only_at_a_path_boundary(nova):
    result = resolve(nova, "GET", "/v21/servers")  # `/v2` must not take `/v21`
    assert result.hops[1].node == "pipeline:oscomputeversions" and result.hops[1].label == "/"
    assert result.hops[1].path_info == "/v21/servers"


def test_no_prefix_is_urlmaps_404_with_every_prefix_tried():
    shapes = graph.load_graph(str(INI_DATA / "pastescope-shapes.ini"), "main").to_json()
    result = resolve(shapes, "GET", "/nope/x")
    assert result.nodes == ["composite:main"]
    assert result.stopped == {"node": "composite:main", "status": 404,
                              "tried": ["/filterapp", "/other", "/with", "/use"],
                              "reason": "no prefix matches `/nope/x`", "said": result.story}
    assert describe(result)[-1] == "It would stop at the composite `main` with 404."


def test_a_large_urlmap_tries_its_prefixes_in_paste_s_own_order(tmp_path):
    # Prefixes of many lengths, a domain key and a prefix given twice (`/p7/` is `/p7`; the
    # last wins): the order `which` lists is that of a URLMap filled key by key.
    from paste.urlmap import URLMap
    from paste.urlmap import parse_path_expression

    keys = [(f"/p{n}", "app1") for n in range(400)]
    keys += [("/a/b", "app1"), ("/a", "app1"), ("domain h.example /x", "app1"), ("/p7/", "app0")]
    lines = ["[composite:main]", "use = egg:Paste#urlmap"]
    lines += [f"{key} = {app}" for key, app in keys]
    lines += ["[app:app0]", "paste.app_factory = m:f", "[app:app1]", "paste.app_factory = m:f"]
    ini = tmp_path / "many.ini"
    ini.write_text("\n".join(lines) + "\n")
    many = graph.load_graph(str(ini), "main").to_json()
    result = resolve(many, "GET", "/nowhere")

    paste = URLMap()
    for key, app in keys:
        paste[parse_path_expression(key)] = app
    tried = [paste.normalize_url(label) for label in result.stopped["tried"]]
    assert tried == [url for url, _ in paste.applications]
    assert len(result.stopped["tried"]) == 403
    assert resolve(many, "GET", "/p7/x").nodes == ["composite:main", "app:app0"]


@pytest.mark.parametrize(
    ("path", "app", "script_name", "path_info"),
    [("/v1/images", "app:apiv1app", "/v1", "/images"),
     ("/v2/images/1", "app:apiv2app", "/v2", "/images/1"),
     ("/", "app:apiversions", "", "/"),
     ("/v3/images", "app:apiversions", "", "/v3/images")],
)
def test_glance_root_app_factory_prefixes(path, app, script_name, path_info):
    glance = graph.load_graph(str(INI_DATA / "glance-glance-api-paste.ini"),
                              "glance-api-keystone").to_json()
    result = resolve(glance, "GET", path)
    assert result.nodes == ["pipeline:glance-api-keystone", "filter:versionnegotiation",
                            "filter:authtoken", "filter:context", "composite:rootapp", app]
    assert (result.hops[-1].script_name, result.hops[-1].path_info) == (script_name, path_info)


def test_domain_and_port_keys_win_for_their_host_only():
    ini = graph.read_ini_text(
        "[composite:main]\nuse = egg:Paste#urlmap\n"
        "domain api.example.com port 8774 /v2: special\n/v2: general\n"
        "[app:special]\nuse = egg:x#a\n[app:general]\nuse = egg:x#b\n", "domains.ini")
    urlmap = ini.graphs[0].to_json()
    exact = resolve(urlmap, "GET", "/v2/x", host="api.example.com:8774")
    assert exact.nodes[-1] == "app:special"
    assert exact.hops[-1].label == "http://api.example.com:8774/v2"
    assert resolve(urlmap, "GET", "/v2/x", host="api.example.com").nodes[-1] == "app:general"
    assert resolve(urlmap, "GET", "/v2/x").nodes[-1] == "app:general"


def test_compute_demo_takes_the_auth_strategy_setting(compute):
    result = resolve(compute, "GET", "/v2.1/servers")
    assert result.chosen == {V21: ("keystone", "setting auth_strategy")}
    assert any(f"(as `auth_strategy = keystone` at line {ini_line('auth_strategy =')} says)"
               in line for line in result.story)


def test_compute_demo_router_says_which_route_matches(compute, compute_routes):
    result = resolve(compute, "GET", "/v2.1/servers/3", routes=compute_routes)
    assert result.route["name"] == "server" and result.route["template"] == "/servers/:(id)"
    assert result.route["match"] == {"id": "3", "controller": "servers", "action": "show"}
    assert "servers.show(id='3')" in result.story[-1]


def test_compute_demo_router_explains_a_405(compute, compute_routes):
    result = resolve(compute, "DELETE", "/v2.1/flavors", routes=compute_routes)
    assert result.route is None
    assert result.stopped["node"] == "app:compute_app" and result.stopped["status"] == 405
    by_method = {(c["template"], tuple(c["methods"]))
                 for c in result.candidates if c["failed"] == "method"}
    assert by_method == {("/flavors", ("GET",)), ("/flavors", ("POST",))}
    assert "none of which allows DELETE (allowed: GET, POST)" in result.story[-1]


def test_compute_demo_router_explains_a_404(compute, compute_routes):
    result = resolve(compute, "GET", "/v2.1/nothing", routes=compute_routes)
    assert result.stopped["status"] == 404
    assert all(c["failed"] == "path" for c in result.candidates)
    assert "no route template matches `/nothing`" in result.story[-1]


@pytest.mark.parametrize(("method", "path", "route", "call"), [
    ("GET", "/v2.1/servers/new", "`new_server` (`/servers/new`, GET)", ("servers", "new", "")),
    ("POST", "/v2.1/flavors", "an unnamed route (`/flavors`, POST)", ("flavors", "create", "")),
    ("GET", "/v2.1/servers/1/edit", "`edit_server` (`/servers/:(id)/edit`, GET)",
     ("servers", "edit", "id='1'"))])
def test_a_route_whose_controller_has_no_such_action_is_the_stacks_404(
        compute, compute_routes, method, path, route, call):
    result = resolve(compute, method, path, routes=compute_routes)
    controller, action, args = call
    assert result.route["has_action"] is False
    lacks = f"the `{controller}` controller has no `{action}` action"
    assert result.stopped == {"node": "app:compute_app", "status": 404,
                              "reason": f"the route matches, but {lacks} (MissingAction)",
                              # the auth filter's 401 to no token first, then the router's words
                              "said": result.story[-2:]}
    assert result.story[-2].startswith("The filter `authtoken` (line 34) is the demo's token")
    assert result.story[-1] == (
        f"The app `compute_app`'s router matches {route}, but {lacks}, so the stack answers "
        f"404 (MissingAction) instead of calling {controller}.{action}({args}).")
    assert describe(result)[-2] == ("With a valid token, it would stop at the app `compute_app` "
                                    "with 404.")


def test_a_missing_action_named_action_is_said_once(compute, compute_routes):
    """nova's member action is named `action`: "has no `action` action" read as a slip."""
    table = {node: [{**row, "has_action": False} if row["action"] == "action" else row
                    for row in rows] for node, rows in compute_routes.items()}
    result = resolve(compute, "POST", "/v2.1/servers/1/action", routes=table)
    assert result.stopped["reason"] == ("the route matches, but the `servers` controller has no "
                                        "`action` method (MissingAction)")


def test_an_action_named_action_not_known_to_exist_is_said_once(compute, compute_routes):
    """A table that does not say whether nova's member action `action` exists: "has the
    `action` action" read as a slip."""
    table = {node: [{k: v for k, v in row.items() if k != "has_action"} for row in rows]
             for node, rows in compute_routes.items()}
    result = resolve(compute, "POST", "/v2.1/servers/1/action", routes=table)
    assert "controller has the `action` method, and without it" in result.story[-1]


def test_a_route_table_that_does_not_say_whether_the_action_exists_claims_no_call(
        compute, compute_routes):
    """An older stack announces no `has_action`: the call is not promised, nor a 404."""
    table = {node: [{k: v for k, v in row.items() if k != "has_action"} for row in rows]
             for node, rows in compute_routes.items()}
    result = resolve(compute, "GET", "/v2.1/servers/new", routes=table)
    assert result.stopped is None and result.route["name"] == "new_server"
    assert result.story[-1] == (
        "The app `compute_app`'s router matches `new_server` (`/servers/new`, GET), for "
        "servers.new(); the stack's route table does not say whether the `servers` controller "
        "has the `new` action, and without it the stack answers 404 (MissingAction).")


def test_an_empty_path_info_no_route_matches_is_said_in_words(compute, compute_routes):
    result = resolve(compute, "GET", "/v2.1", routes=compute_routes)
    assert result.stopped["reason"] == "no route template matches an empty PATH_INFO"
    assert result.story[-1] == ("The app `compute_app`'s router answers 404: no route template "
                                "matches an empty PATH_INFO.")
    assert not any("``" in line for line in describe(result))


@pytest.mark.parametrize(("routes", "why"), [
    (None, "Nothing here loads its code (its factory is only named)"),
    ({}, "The stack announced no route table for it (it has no Routes mapper the stack could "
         "read)")])
def test_an_app_without_a_route_table_is_handed_the_request_not_said_to_answer(
        compute, routes, why):
    result = resolve(compute, "GET", "/v3/servers", routes=routes)
    assert result.story[-1] == (
        f"The app `versionsapp` is handed `GET /v3/servers`. {why}, so this cannot tell whether "
        "it answers 200, 404 or another status: only sending the request shows.")


def test_bad_choices_are_clear_errors(compute):
    with pytest.raises(ValueError, match="has no alternative 'ldap'.*noauth, keystone"):
        resolve(compute, "GET", "/v2.1/servers", choices={V21: "ldap"})
    with pytest.raises(ValueError, match="no composite:nope in this graph"):
        resolve(compute, "GET", "/v2.1/servers", choices={"composite:nope": "x"})


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [("GET", "/", None), ("GET", "/v2.1/servers", TOKEN), ("GET", "/v2.1/flavors/2", TOKEN),
     ("DELETE", "/v2.1/flavors", TOKEN), ("GET", "/v2.1/servers", None), ("GET", "/zzz", None),
     # A route matches, but the controller has no such action: the stack's 404.
     ("GET", "/v2.1/servers/new", TOKEN), ("POST", "/v2.1/flavors", TOKEN),
     ("GET", "/v2.1/servers/1/edit", TOKEN), ("GET", "/v2.1", TOKEN)],
)
def test_resolved_hops_are_the_nodes_a_real_request_enters(
        compute_stack, compute, compute_routes, method, path, headers):
    response = requests.request(method, compute_stack.url + path, headers=headers, timeout=10)
    events = compute_stack.trace(response.headers["X-Pastescope-Trace"])
    entered = [(e["node"], e["data"]["script_name"], e["data"]["path_info"])
               for e in events if e["kind"] == "node.enter"]
    result = resolve(compute, method, path, routes=compute_routes)
    resolved = [(h.node, h.script_name, h.path_info) for h in result.hops]
    if response.status_code == 401:  # authtoken answered: the real request stops early
        resolved = resolved[:len(entered)]
    assert resolved == entered
    miss = [e["data"] for e in events if e["kind"] == "route.miss"]
    if miss:
        assert result.stopped["status"] == miss[0]["status"] == response.status_code
        assert result.candidates == miss[0]["candidates"]
    match = [e["data"] for e in events if e["kind"] == "route.match"]
    if match:
        assert (result.route["name"], result.route["match"]) == (match[0]["route"],
                                                                  match[0]["match"])
        # The row the page lights, as the store counts the real request's hit.
        router = next(e["node"] for e in events if e["kind"] == "route.match")
        assert result.route["row"] == matched_row(compute_routes[router], match[0])
    missing = [e["data"] for e in events
               if e["kind"] == "error" and e["data"]["type"] == "MissingAction"]
    if missing:
        assert result.stopped["status"] == response.status_code == 404
        assert "no `" in result.stopped["reason"] and "` action" in result.stopped["reason"]
    elif response.status_code != 401:
        assert (result.stopped or {}).get("status") in (None, response.status_code)


@pytest.fixture(scope="module")
def shapes_stack(tmp_path_factory):
    with file_traced(SHAPES, "main", tmp_path_factory.mktemp("shapes")) as server:
        yield server


def test_a_filter_with_chain_is_entered_outermost_first():
    shapes = graph.load_graph(str(SHAPES), "main").to_json()
    result = resolve(shapes, "GET", "/with/x")
    assert [(h.node, h.label) for h in result.hops] == [
        ("composite:main", None), ("filter:tag", "/with"), ("filter:upper", "filter-with"),
        ("app:filtered", "filter-with")]
    assert {(h.script_name, h.path_info) for h in result.hops[1:]} == {("/with", "/x")}
    assert ("The app `filtered` is wrapped by its `filter-with` chain, so the request enters "
            "the filter `tag` → the filter `upper` before it.") in result.story


@pytest.mark.parametrize("path", ["/with", "/with/x", "/filterapp/y", "/use", "/other"])
def test_resolved_shapes_hops_are_the_nodes_a_real_request_enters(shapes_stack, path):
    response = requests.get(shapes_stack.url + path, timeout=10)
    events = shapes_stack.trace(response.headers["X-Pastescope-Trace"])
    entered = [(e["node"], e["data"]["script_name"], e["data"]["path_info"])
               for e in events if e["kind"] == "node.enter"]
    shapes = graph.load_graph(str(SHAPES), "main").to_json()
    resolved = [(h.node, h.script_name, h.path_info) for h in resolve(shapes, "GET", path).hops]
    assert resolved == entered


PIPELINE_FACTORY = ("[composite:main]\nuse = call:stack.wsgi:pipeline_factory\n{settings}"
                    "noauth = noauth app\nkeystone = authtoken app\n"
                    "[filter:noauth]\nuse = egg:x#noauth\n[filter:authtoken]\nuse = egg:x#auth\n"
                    "[app:app]\nuse = egg:x#app\n")


@pytest.mark.parametrize(
    ("text", "node", "reason"),
    [("[pipeline:main]\npipeline = missing app\n[app:app]\nuse = egg:x#app\n",
      "pipeline:main", "'missing': no such filter section"),
     # a branch the request does not take still has to load
     ("[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n/other = nope\n"
      "[app:app]\nuse = egg:x#app\n", "composite:main", "'nope': no such app"),
     ("[composite:main]\nuse = egg:Paste#urlmap\n/ = main\n", "composite:main", "cycle"),
     (PIPELINE_FACTORY.format(settings="auth_strategy = ldap\n"), "composite:main",
      "its `auth_strategy = ldap` names none of its alternatives (noauth, keystone)")],
)
def test_a_stack_paste_would_not_load_answers_nothing(text, node, reason):
    result = resolve(keyed_ini(text), "GET", "/")
    assert result.hops == []
    assert result.stopped["node"] == node and result.stopped["status"] is None
    assert result.stopped["reason"].startswith(reason)
    lines = describe(result)
    assert lines[0] == "GET / would get no answer: the stack would not load."
    assert "no request is answered" in lines[1]


def test_an_alternative_not_picked_is_not_built():
    text = PIPELINE_FACTORY.replace("noauth = noauth app", "noauth = noauth broken")
    text += "[app:broken]\nuse = call:nocolon\n"  # refused: call: needs module:function
    keyed = keyed_ini(text)
    assert any(node["errors"] for node in keyed["nodes"])
    result = resolve(keyed, "GET", "/")
    assert result.stopped is None
    assert result.nodes == ["composite:main", "pipeline:main[keystone]", "filter:authtoken",
                            "app:app"]


def test_only_auth_strategy_picks_a_pipeline_factorys_pipeline():
    unrelated = resolve(keyed_ini(PIPELINE_FACTORY.format(settings="mode = noauth\n")), "GET", "/")
    assert unrelated.chosen == {"composite:main": ("keystone", "default auth_strategy")}
    chosen = resolve(keyed_ini(PIPELINE_FACTORY.format(settings="auth_strategy = noauth\n")),
                     "GET", "/")
    assert chosen.chosen == {"composite:main": ("noauth", "setting auth_strategy")}
    assert "filter:noauth" in chosen.nodes


def test_urlmaps_not_found_app_answers_what_no_prefix_matches():
    text = ("[composite:main]\nuse = egg:Paste#urlmap\nnot_found_app = fallback\n/x = app\n"
            "[app:app]\nuse = egg:x#app\n[app:fallback]\nuse = egg:x#fallback\n")
    result = resolve(keyed_ini(text), "GET", "/nope")
    assert [(h.node, h.label, h.path_info) for h in result.hops] == [
        ("composite:main", None, "/nope"), ("app:fallback", "not_found_app", "/nope")]
    assert result.stopped is None
    assert "so its `not_found_app`, the app `fallback`, answers." in result.story[0]


def test_a_section_using_a_pipeline_or_composite_is_built_as_it():
    pipeline = keyed_ini("[app:main]\nuse = api\n[pipeline:api]\npipeline = f app\n"
                         "[filter:f]\nuse = egg:x#f\n[app:app]\nuse = egg:x#app\n")
    # one object: the request enters the section, then the pipeline's filters
    assert resolve(pipeline, "GET", "/").nodes == ["app:main", "filter:f", "app:app"]
    urlmap = keyed_ini("[app:main]\nuse = map\n/v2 = two\n[composite:map]\n"
                       "use = egg:Paste#urlmap\n/ = app\n"
                       "[app:app]\nuse = egg:x#app\n[app:two]\nuse = egg:x#two\n")
    result = resolve(urlmap, "GET", "/v2/x")
    assert result.nodes == ["app:main", "app:two"]
    assert result.hops[-1].path_info == "/x"


@pytest.mark.parametrize(
    ("target", "path_info", "host"),
    [("/v2.1/servers?limit=1", "/v2.1/servers", ""),
     ("/v2.1%2Fservers", "/v2.1/servers", ""),
     ("http://api.example.com:8774/v2.1/servers", "/v2.1/servers", "api.example.com:8774"),
     ("http://api.example.com", "/", "api.example.com"),
     ("/servers/caf%C3%A9", "/servers/caf\u00c3\u00a9", ""),
     ("/servers/café", "/servers/caf\u00c3\u00a9", "")],
)
def test_a_request_target_becomes_path_info_as_eventlet_hands_it_over(target, path_info, host):
    assert request_target(target) == (path_info, host)


def test_choices_only_pick_among_alternatives(compute):
    with pytest.raises(ValueError, match="is a urlmap: it picks by prefix"):
        resolve(compute, "GET", "/", choices={"composite:osapi_compute": "/v2.1"})
    with pytest.raises(ValueError, match="is not a composite with alternatives"):
        resolve(compute, "GET", "/", choices={"pipeline:computeversions": "0"})
    with pytest.raises(ValueError, match="already chosen as 'noauth'"):
        parse_choices(["openstack_compute_api_v21=noauth", "openstack_compute_api_v21=keystone"])


SERVED = """\
[composite:main]
use = egg:Paste#urlmap
not_found_app = versions
/v2.1 = api

[app:api]
use = v21

[pipeline:v21]
pipeline = faultwrap compute_app

[filter:faultwrap]
paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory

[app:compute_app]
paste.app_factory = stack.demo.compute:APIRouter.factory

[app:versions]
paste.app_factory = stack.demo.compute:Versions.factory
"""


@pytest.mark.parametrize("target", ["/nothing/here", "/v2.1/servers", "/v2.1%2Fservers?x=1"])
def test_not_found_app_use_and_encoded_paths_match_a_real_request(serve_stack, tmp_path, target):
    ini = tmp_path / "served.ini"
    ini.write_text(SERVED)
    server = serve_stack(ini, "main")
    response = requests.get(server.url + target, timeout=10)
    events = server.trace(response.headers["X-Pastescope-Trace"])
    entered = [(e["node"], e["data"]["script_name"], e["data"]["path_info"])
               for e in events if e["kind"] == "node.enter"]
    result = resolve(graph.load_graph(str(ini), "main").to_json(), "GET", target)
    assert [(h.node, h.script_name, h.path_info) for h in result.hops] == entered


def test_a_composite_of_one_key_is_not_said_to_offer_alternatives():
    one = graph.read_ini_text("[composite:main]\nuse = egg:snovault#indexer\napp = app\n"
                              "timeout = 60\n\n[app:app]\nuse = egg:snovault#app\n", "one.ini")
    result = resolve(one.graphs[0].to_json(), "GET", "/x")
    assert result.nodes == ["composite:main", "app:app"]
    assert ("The composite `main` names one section, by its key `app`, and that is followed."
            in result.story)
