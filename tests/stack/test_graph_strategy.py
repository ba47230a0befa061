"""A `pipeline_factory` composite builds the one key its `auth_strategy` names: `inspect` refuses
it when that key cannot be built or is not there, as loading it for real fails, and only warns
of a key it never builds. Each case is the compute demo with one line changed, as an operator
would break it, and checked against PasteDeploy loading the same file with `stack.wsgi`'s
real `pipeline_factory`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paste.deploy import loadapp
from webob import Request

from stack.__main__ import main
from tests.conftest import DEMO
from tests.conftest import run_cli

V21 = "composite:openstack_compute_api_v21"
COMPUTE = (DEMO / "compute.ini").read_text()
KEYSTONE = "keystone = request_id faultwrap sizelimit authtoken compute_app"
NOAUTH = "noauth = request_id faultwrap sizelimit noauth compute_app"


def changed(tmp_path: Path, old: str, new: str) -> Path:
    """The compute demo with the line `old` written `new`, as a file of its own."""
    assert f"\n{old}\n" in COMPUTE
    path = tmp_path / "api-paste.ini"
    path.write_text(COMPUTE.replace(f"\n{old}\n", f"\n{new}\n"))
    return path


def inspected(path: Path, capsys) -> dict:
    assert main(["inspect", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def composite(whole: dict) -> dict:
    return next(n for n in whole["graphs"][0]["nodes"] if n["id"] == V21)


def loads(path: Path) -> bool:
    """Whether PasteDeploy builds the file's entry (its factories are this repository's)."""
    try:
        loadapp(f"config:{path}", name="osapi_compute")
    except LookupError:
        return False
    return True


TYPO = "keystone = request_id faultwrap sizelimit authtokn compute_app"


@pytest.mark.parametrize(
    ("setting", "why"),
    [("auth_strategy = keystone", "its `auth_strategy = keystone`"),
     ("# no auth_strategy",
      "OpenStack's default `auth_strategy` (keystone: the composite sets none)")],
)
def test_the_chosen_key_naming_a_missing_filter_is_an_error_at_its_line(tmp_path, capsys,
                                                                        setting, why):
    path = changed(tmp_path, KEYSTONE, TYPO)
    path.write_text(path.read_text().replace("auth_strategy = keystone", setting))
    whole = inspected(path, capsys)
    message = (f"{why} picks its `keystone` alternative (line 22), where 'authtokn' names no "
               "filter section (did you mean [filter:authtoken] at line 34?)")
    assert whole["errors"] == [{"section": V21, "error": message, "line": 22}]
    assert composite(whole)["errors"] == [message]
    assert composite(whole)["warnings"] == []
    assert main(["inspect", str(path)]) == 0
    assert f"✗ {message}\n" in capsys.readouterr().out
    assert not loads(path)


def test_a_typo_in_an_alternative_not_chosen_stays_a_warning(tmp_path, capsys):
    path = changed(tmp_path, NOAUTH, "noauth = request_id faultwrap sizelimit noaut compute_app")
    whole = inspected(path, capsys)
    assert whole["errors"] == []
    assert composite(whole)["warnings"] == [
        "api-paste.ini:21: its `noauth` alternative, not followed, would fail if chosen: "
        "'noaut' names no filter section (did you mean [filter:noauth] at line 38?)"]
    assert loads(path)


def test_auth_strategy_naming_another_key_is_a_choice_not_a_setting(tmp_path, capsys):
    # [filter:noauth] is there too: the value names the key, not a section; the one warning
    # is that it chooses to authenticate nothing.
    whole = inspected(changed(tmp_path, "auth_strategy = keystone", "auth_strategy = noauth"),
                      capsys)
    assert (whole["errors"], composite(whole)["warnings"]) == ([], [
        "api-paste.ini:20: requests are not authenticated: `auth_strategy = noauth` picks the "
        "`noauth` pipeline, for development only"])


def test_auth_strategy_naming_no_key_is_an_error_at_its_line(tmp_path, capsys):
    path = changed(tmp_path, "auth_strategy = keystone", "auth_strategy = noauth2")
    whole = inspected(path, capsys)
    message = ("its `auth_strategy = noauth2` names none of its alternatives (noauth, keystone), "
               "so it has no pipeline to build")
    assert whole["errors"] == [{"section": V21, "error": message, "line": 20}]
    assert not loads(path)


def test_auth_strategy_in_default_is_said_not_to_choose(tmp_path, capsys):
    """PasteDeploy hands [DEFAULT] to a factory as global_conf: its `auth_strategy` does not
    reach `pipeline_factory`, which follows keystone; an operator who set it there is told."""
    path = changed(tmp_path, "auth_strategy = keystone", "# no auth_strategy")
    path.write_text("[DEFAULT]\nauth_strategy = noauth\n\n" + path.read_text())
    warnings = composite(inspected(path, capsys))["warnings"]
    assert warnings == [
        "api-paste.ini:2: `auth_strategy = noauth` in [DEFAULT] is not read here: PasteDeploy "
        "gives [DEFAULT] to a factory as its global_conf, while a `pipeline_factory` reads "
        "`auth_strategy` from its own settings (nova's, from nova.conf), so OpenStack's "
        f"default, `keystone`, is followed; move it from [DEFAULT] into [{V21}] to choose "
        "here"]
    app = loadapp(f"config:{path}", name="osapi_compute")  # keystone's: 401 without a token
    assert Request.blank("/v2.1/servers").get_response(app).status_int == 401


#: A `pipeline_factory` composite built only as the `use =` of [composite:main], which
#: adds no `auth_strategy` of its own: [DEFAULT]'s is not read where [main] is built.
USED_BASE = """\
[DEFAULT]
auth_strategy = noauth

[composite:main]
use = base

[composite:base]
use = call:stack.wsgi:pipeline_factory
noauth = noauth_app
keystone = keystone_app

[app:noauth_app]
use = call:tests.stack.paste_apps:make_app
text = noauth

[app:keystone_app]
use = call:tests.stack.paste_apps:make_app
text = keystone
"""
UNREAD = ("`auth_strategy = noauth` in [DEFAULT] is not read here: PasteDeploy gives [DEFAULT] "
          "to a factory as its global_conf, while a `pipeline_factory` reads `auth_strategy` "
          "from its own settings (nova's, from nova.conf), so OpenStack's default, `keystone`, "
          "is followed; move it from [DEFAULT] into [composite:main] to choose here")


@pytest.mark.parametrize("own_strategy", ["", "auth_strategy = noauth\n"])
def test_auth_strategy_in_default_is_said_once_at_the_section_built(tmp_path, own_strategy):
    """[composite:base] is never built by itself, only as [main] with [main]'s keys: the
    warning is [main]'s (and is not said of [base] when [main] sets one, which [DEFAULT]'s
    drops, as PasteDeploy does a section's key [DEFAULT] has too)."""
    path = tmp_path / "api-paste.ini"
    path.write_text(USED_BASE.replace("use = base\n", f"use = base\n{own_strategy}"))
    text = run_cli("inspect", str(path))
    assert text.returncode == 0
    said = [line.strip() for line in text.stdout.splitlines() if "!" in line]
    assert said[-1] == f"! api-paste.ini:2: {UNREAD}"
    assert [line for line in said if "[DEFAULT] is not read" in line] == said[-1:]
    whole = json.loads(run_cli("inspect", str(path), "--json").stdout)
    warnings = {node["id"]: node["warnings"] for node in whole["graphs"][0]["nodes"]}
    assert warnings["composite:main"][-1] == f"api-paste.ini:2: {UNREAD}"
    assert warnings["composite:base"] == []
    app = loadapp(f"config:{path}", name="main")
    assert Request.blank("/").get_response(app).text == "keystone"


def test_no_auth_strategy_and_no_keystone_key_is_one_refusal_everywhere(tmp_path, capsys):
    """`serve` is the truth: `pipeline_factory` builds keystone when nothing sets
    `auth_strategy`, so without that key the load fails. `inspect`, `which` and `serve` say
    the same thing at the same line, not that the first key (noauth) would be followed."""
    path = changed(tmp_path, KEYSTONE, "# no keystone pipeline")
    path.write_text(path.read_text().replace("auth_strategy = keystone\n", ""))
    message = ("OpenStack's default `auth_strategy` (keystone: the composite sets none) names "
               "none of its alternatives (noauth), so it has no pipeline to build")
    assert inspected(path, capsys)["errors"] == [{"section": V21, "error": message, "line": 18}]
    which = run_cli("which", str(path), "GET", "/v2.1/servers")
    assert (which.returncode, which.stdout.splitlines()[:2]) == (2, [
        "GET /v2.1/servers would get no answer: the stack would not load.",
        f"The composite `openstack_compute_api_v21` cannot be built (line 18): {message}. "
        "PasteDeploy builds every section the composite `osapi_compute` reaches as it loads "
        "it, so loading fails, and no request is answered. It offers `noauth` too, which a "
        "service's config may pick instead (--choose openstack_compute_api_v21=KEY asks about "
        "one)."])
    served = run_cli("serve", str(path), "--port", "0", "--trace-to", "off")
    assert (served.returncode, served.stderr) == (
        2, f"{path}:18: cannot build [osapi_compute]: [{V21}] {message}\n")
    assert not loads(path)
