"""`python -m stack which --load`: the file loaded as `serve` loads it, so the router's answer is
told from its route tables, as the dashboard tells it of a running stack; a file that cannot be
loaded exits 2 with one line naming the section and why."""

from __future__ import annotations

from tests.conftest import DEMO
from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.stack.app_inis import twins_ini

COMPUTE = DEMO / "compute.ini"
#: The walk to the compute demo's router, before it says what the router does.
TO_ROUTER = ("the composite `osapi_compute` → the composite `openstack_compute_api_v21` → the "
             "pipeline `openstack_compute_api_v21[keystone]` → the filter `request_id` → the "
             "filter `faultwrap` → the filter `sizelimit` → the filter `authtoken`, and stop there "
             "with 401, as no `X-Auth-Token` is given. With a valid token it would go on to the "
             "app `compute_app`.")
#: An app section the demo's code builds, with no Routes router.
VERSIONS_APP = "[app:app]\npaste.app_factory = stack.demo.compute:Versions.factory\n"


def which_loaded(*args: str):
    done = run_cli("which", *args, "--load")
    assert done.stderr == ""
    return done


def test_a_route_that_matches_is_named_with_its_controller_action():
    done = which_loaded(str(COMPUTE), "GET", "/v2.1/servers")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == f"GET /v2.1/servers would go: {TO_ROUTER}"
    assert "The app `compute_app`'s router matches `servers` (`/servers`, GET): " \
           "servers.index()." in lines
    assert not any("is handed" in line for line in lines)


def test_a_path_no_route_matches_is_the_routers_404_with_the_typo_it_is_near():
    done = which_loaded(str(COMPUTE), "GET", "/v2.1/servrs")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[-4:-1] == [
        "The app `compute_app`'s router answers 404: no route template matches `/servrs`.",
        "`/servrs` is near the template `/servers` but is not it: a typo, in the URL or in "
        "the routes?",
        "With a valid token, it would stop at the app `compute_app` with 404."]


def test_a_method_no_route_allows_is_the_routers_405_with_the_methods_allowed():
    done = which_loaded(str(COMPUTE), "DELETE", "/v2.1/flavors")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[-3:-1] == [
        "The app `compute_app`'s router answers 405: `/flavors` matches 2 routes, none of "
        "which allows DELETE (allowed: GET, POST).",
        "With a valid token, it would stop at the app `compute_app` with 405."]


def test_an_app_with_no_routes_router_is_said_to_have_no_route_table():
    done = which_loaded(str(COMPUTE), "GET", "/")
    assert done.returncode == 0
    assert ("The app `versionsapp` is handed `GET /`. Loaded (`--load`), it has no route table "
            "(it holds no Routes mapper Pastescope could read), so this cannot tell whether it "
            "answers 200, 404 or another status: only sending the request shows."
            ) in done.stdout.splitlines()


def test_a_factory_that_cannot_be_imported_exits_2_with_one_line(tmp_path):
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = auth app\n[filter:auth]\n"
                              "paste.filter_factory = pastescope_missing_module:factory\n"
                              + VERSIONS_APP)
    done = run_cli("which", str(ini), "GET", "/", "--load")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"{ini}:4: cannot build [main]: [filter:auth] paste.filter_factory = "
        "pastescope_missing_module:factory: ModuleNotFoundError: No module named "
        "'pastescope_missing_module' (not on Python's path: install the package that provides "
        "`pastescope_missing_module`, or set PYTHONPATH to the folder that holds it)\n")


def test_a_section_pastedeploy_refuses_exits_2_with_one_line_as_serve_says_it(tmp_path):
    ini = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n/other = nope\n"
                              + VERSIONS_APP)
    done = run_cli("which", str(ini), "GET", "/", "--load")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"{ini}:4: cannot build [main]: [composite:main] 'nope': no such app, "
                           "composite, pipeline or filter-app section\n")


def test_an_alternative_the_load_did_not_build_is_said_unbuilt_not_routerless(tmp_path):
    """The demo with its noauth pipeline ending at a router of its own: the load builds only
    the keystone pipeline (the auth_strategy), so `--choose`ing noauth reaches an app it never
    built, whose route table no load could take."""
    text = COMPUTE.read_text().replace(
        "noauth = request_id faultwrap sizelimit noauth compute_app",
        "noauth = request_id faultwrap sizelimit noauth noauth_app")
    ini = write_ini(tmp_path, text + "\n[app:noauth_app]\n"
                                     "paste.app_factory = stack.demo.compute:APIRouter.factory\n")
    done = which_loaded(str(ini), "GET", "/v2.1/servers", "--choose",
                        "openstack_compute_api_v21=noauth")
    assert done.returncode == 0
    assert ("The app `noauth_app` is handed `GET /servers`. Loaded (`--load`), this load did "
            "not build it: the composite `openstack_compute_api_v21` builds only the "
            "alternative its auth_strategy names, so this cannot tell whether it answers 200, "
            "404 or another status: only sending the request shows."
            ) in done.stdout.splitlines()
    kept = which_loaded(str(ini), "GET", "/v2.1/servers")
    assert "The app `compute_app`'s router matches `servers` (`/servers`, GET): " \
           "servers.index()." in kept.stdout.splitlines()


def test_twins_told_apart_by_their_requirements_are_each_named_for_their_own_paths(tmp_path):
    """GET `/servers/{id}` twice, digits to `show`, letters to `by_name`: each path is said to
    call the twin whose requirement it fits, as the stack itself matches it."""
    ini = twins_ini(tmp_path, "make_twins_by_requirements")
    for path, call in (("/servers/42", "servers.show(id='42')"),
                       ("/servers/abc", "servers.by_name(id='abc')")):
        lines = which_loaded(ini, "GET", path).stdout.splitlines()
        assert ("The app `twins`'s router matches an unnamed route (`/servers/{id}`, GET): "
                f"{call}.") in lines
