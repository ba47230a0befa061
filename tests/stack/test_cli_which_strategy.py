"""`python -m stack which` on a `pipeline_factory`: whose chosen key cannot be built (the reason
it gives is the line to mend, not the `auth_strategy` line that chose it), or that another
section `use`s (the key its `auth_strategy` names is followed all the same)."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import DEMO
from tests.conftest import INI_DATA
from tests.conftest import ini_line
from tests.conftest import run_cli
from tests.conftest import write_ini

COMPUTE = (DEMO / "compute.ini").read_text()


def test_a_typo_in_the_chosen_pipeline_is_named_with_its_line(tmp_path):
    path = tmp_path / "typo.ini"
    path.write_text(COMPUTE.replace("sizelimit authtoken compute_app",
                                    "sizelimit authtokn compute_app"))
    done = run_cli("which", str(path), "GET", "/v2.1/servers")
    assert done.returncode == 2 and done.stderr == ""
    assert done.stdout.splitlines()[:2] == [
        "GET /v2.1/servers would get no answer: the stack would not load.",
        "The composite `openstack_compute_api_v21` cannot be built: its `auth_strategy = "
        "keystone` picks its `keystone` alternative (line 22), where 'authtokn' names no filter "
        "section (did you mean [filter:authtoken] at line 34?). PasteDeploy builds every "
        "section the composite `osapi_compute` reaches as it "
        "loads it, so loading fails, and no request is answered. It offers `noauth` too, which "
        "a service's config may pick instead (--choose openstack_compute_api_v21=KEY asks "
        "about one)."]



def test_a_refusal_only_the_followed_alternative_reaches_says_how_to_ask_about_another():
    """quantum's keystone pipeline holds an authtoken PasteDeploy refuses (a placeholder its
    installer fills in); its noauth pipeline loads."""
    path = str(INI_DATA / "quantum-tlin-api-paste.ini")
    done = run_cli("which", path, "--name", "quantum", "GET", "/v2.0/networks")
    assert done.returncode == 2
    assert done.stdout.splitlines()[1].endswith(
        "so loading fails, and no request is answered. It is reached through the `keystone` "
        "alternative of the composite `quantumapi_v2_0`, followed (OpenStack's default "
        "`auth_strategy`: the composite sets none, a service's config may); choose another "
        "(--choose quantumapi_v2_0=KEY) to ask about it.")
    other = run_cli("which", path, "--name", "quantum", "GET", "/v2.0/networks",
                    "--choose", "quantumapi_v2_0=noauth")
    assert other.returncode == 0
    assert other.stdout.startswith("GET /v2.0/networks would go: the composite `quantum` → the "
                                   "composite `quantumapi_v2_0` → the pipeline "
                                   "`quantumapi_v2_0[noauth]`")


#: A `pipeline_factory` composite reached through another composite's `use =`: the outer
#: section adds the alternatives (noauth listed first) or only names the inner one, and
#: `auth_strategy` is set nowhere, in the outer one over the inner one's, or in the inner one
#: naming a key only the outer one adds (listed second: neither first nor the default).
USED = {
    "keys outside": ("[composite:main]\nuse = pf\nnoauth = app\nkeystone = tag app\n\n"
                     "[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\n"),
    "keys inside": ("[composite:main]\nuse = pf\n\n[composite:pf]\n"
                    "use = call:stack.wsgi:pipeline_factory\nnoauth = app\nkeystone = tag app\n"),
    "strategy inside, keys outside": ("[composite:main]\nuse = pf\nkeystone = app\n"
                                      "noauth = tag app\n\n[composite:pf]\n"
                                      "use = call:stack.wsgi:pipeline_factory\n"
                                      "auth_strategy = noauth\n"),
    "strategy outside": ("[composite:main]\nuse = pf\nauth_strategy = keystone\n\n"
                         "[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\n"
                         "auth_strategy = noauth\nnoauth = app\nkeystone = tag app\n"),
}
TAIL = ("\n[filter:tag]\nuse = call:tests.stack.paste_apps:make_tag\n\n"
        "[app:app]\nuse = call:tests.stack.paste_apps:make_app\n")


@pytest.mark.parametrize("ini", USED.values(), ids=USED)
def test_a_pipeline_factory_used_by_another_section_follows_its_auth_strategy(
        ini, tmp_path, serve_stack):
    """The key PasteDeploy builds, as serving it shows (`[tag]` in the body: through the
    filter), not the first one listed, which nothing chooses."""
    path = write_ini(tmp_path, ini + TAIL)
    done = run_cli("which", str(path), "GET", "/")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("→ the filter `tag` → the app `app`."), lines[0]
    assert "(the first, as nothing chooses one)" not in done.stdout
    stack = serve_stack(path, "main")
    assert requests.get(stack.url + "/", timeout=10).text == "[tag]hello"


#: cinder's volume API with a typo in its keystone pipeline only (`authtokn`): nothing in the
#: file sets `auth_strategy`, so OpenStack's default (keystone) cannot be built, but a service
#: whose cinder.conf says `auth_strategy = noauth` builds the noauth one.
CINDER = """\
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3: openstack_volume_api_v3

[composite:openstack_volume_api_v3]
use = call:cinder.api.middleware.auth:pipeline_factory
{strategy}noauth = faultwrap noauth apiv3
keystone = faultwrap authtokn apiv3

[filter:faultwrap]
paste.filter_factory = cinder.api.middleware.fault:FaultWrapper.factory

[filter:noauth]
paste.filter_factory = cinder.api.middleware.auth:NoAuthMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
"""


def test_a_choice_of_the_alternative_that_loads_answers_through_it(tmp_path):
    path = write_ini(tmp_path, CINDER.format(strategy=""))
    default = run_cli("which", str(path), "GET", "/v3/volumes")
    assert default.returncode == 2  # as `serve` refuses it: nothing chose noauth
    assert default.stdout.splitlines()[1].endswith(
        "(did you mean [filter:authtoken] at line 16?). PasteDeploy builds every section the "
        "composite `osapi_volume` reaches as it loads it, so loading fails, and no request is "
        "answered. It offers `noauth` too, which a service's config may pick instead (--choose "
        "openstack_volume_api_v3=KEY asks about one).")
    chosen = run_cli("which", str(path), "GET", "/v3/volumes",
                     "--choose", "openstack_volume_api_v3=noauth")
    assert (chosen.returncode, chosen.stderr) == (0, "")
    assert chosen.stdout.splitlines()[:3] == [
        "GET /v3/volumes would go: the composite `osapi_volume` → the composite "
        "`openstack_volume_api_v3` → the pipeline `openstack_volume_api_v3[noauth]` → the "
        "filter `faultwrap` → the filter `noauth`, and stop there with 204, as no "
        "`X-Auth-Token` is given. With any token it would go on to the app `apiv3`.",
        "The composite `osapi_volume` (a urlmap) picks `/v3` (of 1), the longest prefix that "
        "matches; `/v3` moves from PATH_INFO to SCRIPT_NAME, so the composite "
        "`openstack_volume_api_v3` sees PATH_INFO `/volumes`.",
        "The composite `openstack_volume_api_v3` offers 2 alternatives; `noauth` is followed "
        "(as chosen); the others: `keystone` (which cannot be built)."]


def test_a_choice_of_the_alternative_that_cannot_be_built_says_where(tmp_path):
    path = write_ini(tmp_path, CINDER.format(strategy="auth_strategy = noauth\n"))
    done = run_cli("which", str(path), "GET", "/v3/volumes",
                   "--choose", "openstack_volume_api_v3=keystone")
    assert done.returncode == 2
    assert done.stdout.splitlines()[1].startswith(
        "The composite `openstack_volume_api_v3` cannot be built: as chosen, it builds its "
        "`keystone` alternative (line 9), where 'authtokn' names no filter section (did you "
        "mean [filter:authtoken] at line 17?). ")


def test_the_alternative_that_cannot_be_built_is_counted_among_those_offered(tmp_path):
    path = write_ini(tmp_path, CINDER.format(strategy="auth_strategy = noauth\n"))
    done = run_cli("which", str(path), "GET", "/v3/volumes")
    assert done.returncode == 0
    assert ("The composite `openstack_volume_api_v3` offers 2 alternatives; `noauth` is "
            f"followed (as `auth_strategy = noauth` at line {ini_line('auth_strategy', path)} "
            "says); the others: `keystone` (which cannot be built).") in done.stdout.splitlines()


def test_an_auth_strategy_in_default_is_said_beside_the_answer_that_does_not_follow_it(tmp_path):
    """An operator who sets `auth_strategy = noauth` in [DEFAULT] asks `which` and reads that
    keystone is followed: the warning `inspect` gives on the composite is what says why, so the
    answer prints it too, with the line to mend."""
    path = tmp_path / "default.ini"
    path.write_text("[DEFAULT]\nauth_strategy = noauth\n\n"
                    + COMPUTE.replace("auth_strategy = keystone\n", ""))
    done = run_cli("which", str(path), "GET", "/v2.1/servers")
    assert done.returncode == 0 and done.stderr == ""
    assert "`keystone` is followed (OpenStack's default `auth_strategy`" in done.stdout
    assert done.stdout.splitlines()[-3:] == [
        "",
        "Warnings on the sections this request passes through (1):",
        "  ! default.ini:2: `auth_strategy = noauth` in [DEFAULT] is not read here: PasteDeploy "
        "gives [DEFAULT] to a factory as its global_conf, while a `pipeline_factory` reads "
        "`auth_strategy` from its own settings (nova's, from nova.conf), so OpenStack's "
        "default, `keystone`, is followed; move it from [DEFAULT] into "
        "[composite:openstack_compute_api_v21] to choose here"]
    versions = run_cli("which", str(path), "GET", "/")  # its path passes no such composite
    assert versions.returncode == 0 and "Warnings on the sections" not in versions.stdout



def test_the_auth_strategy_of_a_used_section_is_cited_where_it_is_written(tmp_path):
    """The line to edit for the other pipeline is the `auth_strategy` of the section the
    composite `use`s, not the composite's."""
    path = write_ini(tmp_path, COMPUTE.replace(
        "use = call:stack.wsgi:pipeline_factory\nauth_strategy = keystone\n", "use = pf\n")
        + "\n[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\nauth_strategy = noauth\n")
    done = run_cli("which", str(path), "GET", "/v2.1/servers")
    assert done.returncode == 0, done.stderr
    assert ("The composite `openstack_compute_api_v21` offers 2 alternatives; `noauth` is "
            f"followed (as `auth_strategy = noauth` at line {ini_line('auth_strategy', path)}, "
            "in [composite:pf], which it uses, says); the others: `keystone`."
            ) in done.stdout.splitlines()


#: The warning on a `pipeline_factory` whose `auth_strategy` picks its `noauth` pipeline.
UNAUTHENTICATED = ("requests are not authenticated: `auth_strategy = noauth` picks the `noauth` "
                   "pipeline, for development only")


def test_a_noauth_strategy_is_warned_where_which_and_inspect_warn(tmp_path):
    """Served so, every request passes unauthenticated: said at the line to edit, in the path's
    warnings whatever `--choose` asks (it is the file as served), and in `inspect`'s tree."""
    path = write_ini(tmp_path, COMPUTE.replace("auth_strategy = keystone",
                                               "auth_strategy = noauth"))
    warned = f"  ! api-paste.ini:{ini_line('auth_strategy', path)}: {UNAUTHENTICATED}"
    for choice in ([], ["--choose", "openstack_compute_api_v21=keystone"]):
        done = run_cli("which", str(path), "GET", "/v2.1/servers", *choice)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-2:] == [
            "Warnings on the sections this request passes through (1):", warned]
    tree = run_cli("inspect", str(path))
    assert tree.returncode == 0 and f"    {warned}" in tree.stdout.splitlines()


def test_the_demo_choosing_keystone_is_not_warned_even_when_asked_about_noauth():
    """The compute demo authenticates (keystone): asking `which` about its noauth pipeline is
    a question, not how it is served."""
    for choice in ([], ["--choose", "openstack_compute_api_v21=noauth"]):
        done = run_cli("which", str(DEMO / "compute.ini"), "GET", "/v2.1/servers", *choice)
        assert done.returncode == 0 and "Warnings" not in done.stdout, done.stdout
    assert "not authenticated" not in run_cli("inspect", str(DEMO / "compute.ini")).stdout


def test_a_noauth_strategy_of_a_used_section_is_warned_on_its_user(tmp_path):
    path = write_ini(tmp_path, COMPUTE.replace(
        "use = call:stack.wsgi:pipeline_factory\nauth_strategy = keystone\n", "use = pf\n")
        + "\n[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\nauth_strategy = noauth\n")
    tree = run_cli("inspect", str(path)).stdout
    assert tree.count("not authenticated") == 1
    assert (f"      ! api-paste.ini:{ini_line('auth_strategy', path)}: requests are not "
            "authenticated: `auth_strategy = noauth` (in [composite:pf], which it uses) picks "
            "the `noauth` pipeline, for development only") in tree.splitlines()


@pytest.mark.parametrize(("used", "default"), [(False, ""), (True, ""), (True, "keystone")],
                         ids=["in-the-composite", "in-a-used-section", "over-default"])
def test_a_set_auth_strategy_is_said_unread_at_its_own_line(tmp_path, used, default):
    """`set auth_strategy = noauth` reads as choosing, but PasteDeploy's `set` puts it in the
    global_conf, never in the settings a `pipeline_factory` picks its key from: keystone is
    followed, which `which` and `inspect` say at the `set` line (not as [DEFAULT]'s, nor at the
    composite's header), and no request is said to pass unauthenticated. A used section's
    `set` is over [DEFAULT]'s in the global_conf, as PasteDeploy merges them: it is the one
    said, with its value."""
    written = "use = call:stack.wsgi:pipeline_factory\nset auth_strategy = noauth\n"
    text = (COMPUTE.replace("use = call:stack.wsgi:pipeline_factory\nauth_strategy = keystone\n",
                            "use = pf\n") + "\n[composite:pf]\n" + written if used else
            COMPUTE.replace("auth_strategy = keystone", "set auth_strategy = noauth"))
    if default:
        text = f"[DEFAULT]\nauth_strategy = {default}\n\n{text}"
    path = write_ini(tmp_path, text)
    line = ini_line("set auth_strategy", path)
    in_pf = " (in [composite:pf], which it uses)" if used else ""
    warned = (f"! api-paste.ini:{line}: `set auth_strategy = noauth`{in_pf} is not read here: "
              "`set` puts it in the global_conf PasteDeploy gives every factory, not in the "
              "section's own settings, and a `pipeline_factory` reads `auth_strategy` from its "
              "own settings (nova's, from nova.conf), so OpenStack's default, `keystone`, is "
              "followed; write `auth_strategy = noauth`, without `set`, to choose here")
    done = run_cli("which", str(path), "GET", "/v2.1/servers")
    assert done.returncode == 0 and done.stderr == ""
    in_pf = ", in [composite:pf], which it uses," if used else ""
    assert ("The composite `openstack_compute_api_v21` offers 2 alternatives; `keystone` is "
            "followed (OpenStack's default `auth_strategy`: `set auth_strategy = noauth` at "
            f"line {line}{in_pf} is not read, as `set` puts it in the global_conf, not in the "
            "composite's own settings); the others: `noauth`.") in done.stdout.splitlines()
    assert done.stdout.splitlines()[-2:] == [
        "Warnings on the sections this request passes through (1):", f"  {warned}"]
    tree = run_cli("inspect", str(path)).stdout
    assert [row.strip() for row in tree.splitlines() if "is not read here" in row] == [warned]
    if used:  # pf refused by its own name says its `set` unread too, not that it sets none
        assert "(keystone: `set auth_strategy = noauth` at line" in tree
        assert "the composite sets none" not in tree
    assert "[DEFAULT]" not in tree and "not authenticated" not in tree


@pytest.mark.parametrize("used", [False, True], ids=["loaded-by-its-name", "used-by-another"])
def test_a_refused_default_says_the_set_auth_strategy_is_unread(tmp_path, used):
    """A `pipeline_factory` whose `set auth_strategy = noauth2` reads as choosing: its refusal
    says the `set` is not read (as the walk's own words do), not that the composite sets none."""
    path = write_ini(tmp_path, "[composite:pf]\nuse = call:nova.api.auth:pipeline_factory_v21\n"
                               "set auth_strategy = noauth2\nnoauth2 = noauth app\n"
                               "\n[composite:main]\nuse = pf\n"
                               "\n[filter:noauth]\npaste.filter_factory = mine:noauth\n"
                               "\n[app:app]\npaste.app_factory = mine:app\n")
    done = run_cli("which", str(path), "GET", "/x", "--name", "main" if used else "pf")
    assert done.returncode == 2
    in_pf = ", in [composite:pf], which it uses," if used else ""
    # Refused by its own name, as PasteDeploy refuses it: the file's error, on stderr.
    said = done.stdout.splitlines()[1] if used else done.stderr
    assert ("OpenStack's default `auth_strategy` (keystone: `set auth_strategy = noauth2` at "
            f"line 3{in_pf} is not read, as `set` puts it in the global_conf, not in the "
            "composite's own settings) names none of its alternatives (noauth2)") in said
    assert "the composite sets none" not in said
