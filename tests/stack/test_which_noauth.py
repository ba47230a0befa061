"""`which` on a stack built as PasteDeploy builds it, where it was read otherwise: a noauth
filter (nova's `noauth2`, cinder's, manila's `noauth`) answers a request without a token
itself, 204 with a made-up one, where the walk went on to the app; a `pipeline_factory` in a
file `config:` leads to, under a `set auth_strategy`, builds OpenStack's default, its own
`auth_strategy` skipped, where `which` followed that setting, and is built so on that way
even where another way to it builds it as written; and a pipeline naming one filter twice, once
by `config:`, builds the other as a section of its own file, where `which` read both as
`config:` loads."""

from __future__ import annotations

import pytest
import webob
from paste.deploy import loadapp

from stack import graph
from stack import resolve_loading
from stack import resolve_walk
from stack.resolve import describe
from stack.resolve import resolve
from tests.conftest import CINDER
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import OSLO_SIZE_LIMIT
from tests.conftest import which_lines
from tests.conftest import write_ini
from tests.stack.referred_strategy import APP
from tests.stack.referred_strategy import OFFERS
from tests.stack.referred_strategy import TWO_WAYS_FAIL
from tests.stack.referred_strategy import answered
from tests.stack.referred_strategy import referred
from tests.stack.referred_strategy import two_ways
from tests.stack.work import Budget

V21 = ("--name", "osapi_compute", "--choose", "openstack_compute_api_v21=noauth")
NOAUTH = ("is nova's noauth filter: a request with no `X-Auth-Token` header gets its 204, with "
          "a made-up token to send (`X-Auth-Token: admin:admin`, or the `X-Auth-User` and "
          "`X-Auth-Project-Id` given) and an `X-Server-Management-Url`, and the layers after "
          "it never see it")


def test_nova_s_noauth_answers_a_request_without_a_token_itself():
    """It was taken to pass the request on to the app: nova's `NoAuthMiddlewareBase` answers
    204 with a token to use where the request gives no `X-Auth-Token`."""
    lines = which_lines(NOVA, "GET", "/v2.1/servers", *V21)
    assert lines[0].endswith(
        "the filter `sizelimit` → the filter `noauth`, and stop there with 204, as no "
        "`X-Auth-Token` is given. With any token it would go on to the app "
        "`osapi_compute_app_v21`.")
    assert (f"The filter `noauth` (line 92) {NOAUTH}; below, the walk goes on as for a request "
            "with one, whatever its value (give `-H 'X-Auth-Token: …'` to ask about one)."
            ) in lines
    assert lines[-1].endswith("What `noauth` does is said above, known from its code.")


def test_with_any_token_nova_s_noauth_passes_the_request_on():
    lines = which_lines(NOVA, "GET", "/v2.1/servers", *V21, "-H", "X-Auth-Token: me:mine")
    assert lines[0].endswith("the filter `noauth` → the app `osapi_compute_app_v21`.")
    assert ("The filter `noauth` (line 92) is nova's noauth filter: it checks no token, but "
            "takes its `X-Auth-Token` as `USER:PROJECT` and passes the request on as that user "
            "and project.") in lines


def test_the_held_answer_of_a_noauth_filter_is_its_204_past_which_any_token_goes():
    """`held` carried 401 alone, and the way on "with a valid token"."""
    found = graph.load_graph(str(INI_DATA / "nova-sapcc-api-paste.ini"),
                             "osapi_compute").to_json()
    result = resolve(found, "GET", "/v2.1/servers",
                     choices={"composite:openstack_compute_api_v21": "noauth2"})
    assert result.to_json()["held"] == {"node": "filter:noauth2", "status": 204,
                                        "reason": NOAUTH, "unless": "", "any_token": True,
                                        "lacking": "no `X-Auth-Token` is given"}
    assert describe(result)[0].endswith(
        "the filter `noauth2`, and stop there with 204, as no `X-Auth-Token` is given. With any "
        "token it would go on to the app `osapi_compute_app_v21`.")


def test_cinder_s_and_manila_s_noauth_answer_alike_and_masakari_s_passes_the_request_on():
    cinder = which_lines(CINDER, "GET", "/v2/volumes",
                         "--name", "osapi_volume", "--choose", "openstack_volume_api_v2=noauth")
    assert "and stop there with 204, as no `X-Auth-Token` is given." in cinder[0]
    manila = which_lines(INI_DATA / "manila-api-paste.ini", "GET", "/v2/shares",
                         "--name", "osapi_share", "--choose", "openstack_share_api_v2=noauth")
    assert [line for line in manila
            if "is manila's noauth filter: a request with no `X-Auth-Token`" in line]
    masakari = which_lines(INI_DATA / "masakari-api-paste.ini", "GET", "/v1/segments",
                           "--choose", "masakari_api_v1=noauth2")
    assert not [line for line in masakari if "204" in line or "noauth filter" in line]


def test_cinder_s_noauth_that_includes_the_project_id_answers_alike(tmp_path):
    """`NoAuthMiddlewareIncludeProjectID` was taken to pass the request on: its `__call__`
    is cinder's `NoAuthMiddlewareBase.base_call` too, the 204 without a token."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = noauth_include_project_id apiv3\n\n"
                              "[filter:noauth_include_project_id]\npaste.filter_factory = "
                              "cinder.api.middleware.auth:NoAuthMiddlewareIncludeProjectID."
                              "factory\n\n[app:apiv3]\n"
                              "paste.app_factory = cinder.api.v3.router:APIRouter.factory\n")
    lines = which_lines(ini, "GET", "/v3/volumes")
    assert lines[0].endswith(
        "the filter `noauth_include_project_id`, and stop there with 204, as no "
        "`X-Auth-Token` is given. With any token it would go on to the app `apiv3`.")
    assert [line for line in lines if "is cinder's noauth filter: a request with no "
                                      "`X-Auth-Token` header gets its 204" in line]


#: What `which` says of other.ini's composite, the way that fails named.
NO_PIPELINE = ("The composite `api` of other.ini cannot be built (other.ini:1): it builds its "
               "`keystone` alternative (OpenStack's default `auth_strategy`: `auth_strategy = "
               "noauth2` at other.ini:3 is skipped, ")
CHOOSE = OFFERS.format("--choose api=KEY asks about one")


def test_a_set_above_a_config_reference_skips_the_pipeline_factory_s_own_strategy(tmp_path):
    """`which` followed `auth_strategy = noauth2` as written in other.ini; PasteDeploy loads
    that file under the `set auth_strategy` above, skips the composite's own setting, and
    `stack.wsgi.pipeline_factory` builds keystone."""
    ini = referred(tmp_path, "noauth2 = open\nkeystone = guarded\n", ["open", "guarded"])
    assert answered(ini) == "guarded"
    lines = which_lines(ini, "GET", "/x")
    assert lines[0].endswith("the app `guarded` of other.ini.")
    assert ("The composite `api` of other.ini offers 2 alternatives; `keystone` is followed "
            "(OpenStack's default `auth_strategy`: `auth_strategy = noauth2` at other.ini:3 is "
            "skipped, as PasteDeploy loads its file (a `config:` reference leads there) under "
            "a global_conf holding `auth_strategy` (a `set` above, or a [DEFAULT] before it), "
            "and hands a section none of its own settings of such a name); the others: "
            "`noauth2`.") in lines


def test_the_load_fails_where_the_skipped_strategy_leaves_no_key_to_build(tmp_path):
    ini = referred(tmp_path, "noauth2 = open\n", ["open"])
    with pytest.raises(LookupError, match="auth_strategy 'keystone' names no pipeline here"):
        answered(ini)
    lines = which_lines(ini, "GET", "/x", status=2)
    assert lines[0] == "GET /x would get no answer: the stack would not load."
    assert lines[1].startswith(NO_PIPELINE)
    assert ("which it does not offer (it offers `noauth2`), so it has no pipeline to build, "
            "on the way the composite `main` leads to it.") in lines[1]


def test_a_composite_reached_two_ways_is_judged_with_what_each_hands_it(tmp_path):
    """The load check judged other.ini's composite along the first way it found, `/a`, where
    it builds `noauth2`: `/a` was said to reach the app, and `/b` died on StopIteration."""
    ini = two_ways(tmp_path)
    with pytest.raises(LookupError, match="auth_strategy 'keystone' names no pipeline here"):
        loadapp(f"config:{ini}")
    for path in ("/a/x", "/b/x"):
        lines = which_lines(ini, "GET", path, status=2)
        assert lines[0] == f"GET {path} would get no answer: the stack would not load."
        assert lines[1].startswith(NO_PIPELINE) and lines[1].endswith(TWO_WAYS_FAIL + CHOOSE)


def test_the_walk_stops_where_a_composite_s_key_names_no_pipeline(tmp_path, monkeypatch):
    """Should the load check let a way through (`unloadable`), the walk's own step into the
    composite says the load fails: it raised StopIteration, and `which` printed a traceback."""
    monkeypatch.setattr(resolve_walk, "unloadable", lambda walk, result: False)
    found = graph.load_graph(two_ways(tmp_path), "main").to_json()
    result = resolve(found, "GET", "/b/x")
    assert result.stopped["node"] == "other.ini#composite:api"
    assert result.stopped["status"] is None
    lines = describe(result)
    assert lines[0] == "GET /b/x would get no answer: the stack would not load."
    assert lines[-1].startswith(NO_PIPELINE) and lines[-1].endswith(TWO_WAYS_FAIL + CHOOSE)


def test_a_filter_named_twice_once_by_config_is_read_as_each_is_built(tmp_path):
    """`pipeline = config:api-paste.ini#lim lim api`: the first `lim` is loaded afresh under
    the `set` above (its own limit skipped), the second is built with its own; both were read
    as the first."""
    ini = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = pipe\n"
                              "set max_request_body_size = 100\n\n"
                              "[pipeline:pipe]\npipeline = config:api-paste.ini#lim lim api\n\n"
                              f"[filter:lim]\npaste.filter_factory = {OSLO_SIZE_LIMIT}\n"
                              "max_request_body_size = 10\n\n"
                              "[app:api]\npaste.app_factory = tests.stack.paste_apps:make_app\n")
    sent = webob.Request.blank("/x", method="POST", body=b"x" * 50)
    assert sent.get_response(loadapp(f"config:{ini}")).status_int == 413
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 50")
    assert ("The filter `lim` (line 9) answers 413 itself: oslo.middleware's sizelimit takes a "
            "body of at most 10 bytes (its `max_request_body_size = 10`), and this request's "
            "Content-Length, 50 bytes, is over it; the layers after it never see the request."
            ) in lines
    assert lines[-1] == "It would stop at the filter `lim` with 413."


def chained_urlmaps(levels: int, last: str, setting) -> str:
    """A chain of `levels` urlmaps `map0`…, each with two branches `/a` and `/b`, each branch a
    urlmap of its own leading on to the next level (the last to `last`) under `set` of
    `setting(level, branch)`: 2**levels ways to `last`."""
    text = ""
    for level in range(levels):
        below = f"map{level + 1}" if level + 1 < levels else last
        text += (f"[composite:map{level}]\nuse = egg:Paste#urlmap\n/a = a{level}\n"
                 f"/b = b{level}\n\n")
        for branch in "ab":
            text += (f"[composite:{branch}{level}]\nuse = egg:Paste#urlmap\n/ = {below}\n"
                     f"set {setting(level, branch)}\n\n")
    return text


def test_the_load_check_judges_ways_that_hand_the_same_once(tmp_path, monkeypatch):
    """A chain of urlmaps whose two branches each `set` a name of their own reaches the last
    section by 2**LEVELS ways, each handing it other `set`s: the check judged every one (the
    reviewer's 20 levels, a million). Only the names a keyed composite reads tell ways apart."""
    levels = 12
    text = chained_urlmaps(levels, "app", lambda level, branch: f"{branch}{level} = on")
    path = write_ini(tmp_path, text + APP.format(name="app"))
    found = graph.load_graph(str(path), "map0").to_json()
    judged = Budget("sections judged", most=4 * len(found["nodes"]))
    handed = resolve_loading.handed
    monkeypatch.setattr(resolve_loading, "handed",
                        lambda *args: judged.spend() or handed(*args))
    result = resolve(found, "GET", "/a" * levels + "/x")
    assert result.stopped is None and judged.spent >= len(found["nodes"])


def test_the_load_check_judges_a_section_s_own_refusal_once(tmp_path, monkeypatch):
    """A chain of urlmaps whose two branches each `set` a name the `pipeline_factory` below
    writes reaches it, and its app, by 2**LEVELS ways, each handing it other settings: each
    is judged for the key it builds there, but whether PasteDeploy refuses a section whatever
    the way (its errors, a known filter's settings) is the section's alone, asked once."""
    levels = 6
    text = chained_urlmaps(levels, "api", lambda level, branch: f"s{level} = {branch}")
    text += ("[composite:api]\nuse = call:stack.wsgi:pipeline_factory\nauth_strategy = noauth2\n"
             "noauth2 = open\n" + "".join(f"s{level} = off\n" for level in range(levels)) + "\n")
    path = write_ini(tmp_path, text + APP.format(name="open"))
    found = graph.load_graph(str(path), "map0").to_json()
    asked = Budget("sections asked whether they are refused", most=len(found["nodes"]))
    refusal = resolve_loading.refusal
    monkeypatch.setattr(resolve_loading, "refusal",
                        lambda *args: asked.spend() or refusal(*args))
    result = resolve(found, "GET", "/a" * levels + "/x")
    assert result.stopped is None and asked.spent == len(found["nodes"])
