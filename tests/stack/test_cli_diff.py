"""`python -m stack diff OLD NEW`: what two api-paste.ini files build differently, a change a
line, `FILE:LINE: [SECTION] what`; exit 0 when they build the same, 1 when not, 2 for a bad
file; no secret's value shown."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import cli_lines
from tests.conftest import run_cli
from tests.conftest import write_ini

NOVA_OLD = INI_DATA / "nova-old-etc-api-paste.ini"
NOVA_2011 = INI_DATA / "nova-2011-etc-api-paste.ini"

#: A small nova-like file each test edits one way.
BASE = """\
[composite:main]
use = egg:Paste#urlmap
/: versions
/v2: api

[pipeline:versions]
pipeline = versionsapp

[pipeline:api]
pipeline = faultwrap keystonecontext authtoken apiapp

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
auth_port = 5000
admin_password = first-secret-value

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[app:apiapp]
paste.app_factory = nova.api.openstack.compute:APIRouter.factory

[app:versionsapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory
"""
#: A section BASE lacks, for an edit to add.
OTHER_APP = """
[app:otherapp]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
"""


def diff_lines(tmp_path: Path, edited: str, *args: str, status: int = 1) -> tuple[list[str],
                                                                                   Path, Path]:
    """`diff` of BASE against `edited`, both written in `tmp_path`: its lines and the two
    files."""
    old = write_ini(tmp_path, BASE, "old.ini")
    new = write_ini(tmp_path, edited, "new.ini")
    return cli_lines("diff", old, new, *args, status=status), old, new


def test_the_same_file_builds_no_difference():
    assert cli_lines("diff", NOVA, NOVA, status=0) == [
        "no difference in what the two files build"]


def test_comments_and_section_order_are_no_difference(tmp_path):
    """What the files build is compared, not their text."""
    sections = BASE.split("\n\n")
    edited = "# moved about\n" + "\n\n".join([*sections[1:], sections[0]])
    assert diff_lines(tmp_path, edited, status=0)[0] == [
        "no difference in what the two files build"]


def test_a_filter_moved_is_said_beside_the_one_it_passed(tmp_path):
    edited = BASE.replace("faultwrap keystonecontext authtoken apiapp",
                          "faultwrap authtoken keystonecontext apiapp")
    lines, _, new = diff_lines(tmp_path, edited)
    assert lines == [f"{new}:9: [pipeline:api] filter:authtoken moved from position 2 to 1: "
                     "now before filter:keystonecontext (was after it)"]


def test_a_filter_added_and_one_removed(tmp_path):
    edited = BASE.replace("faultwrap keystonecontext authtoken apiapp",
                          "keystonecontext authtoken sizelimit apiapp").replace(
        "[app:apiapp]", "[filter:sizelimit]\npaste.filter_factory = "
        "oslo_middleware:RequestBodySizeLimiter.factory\n\n[app:apiapp]")
    lines, old, new = diff_lines(tmp_path, edited)
    assert lines == [
        f"{new}:9: [pipeline:api] filter:sizelimit added at position 2, before app:apiapp",
        f"{new}:9: [pipeline:api] filter:faultwrap removed (was at position 0, before "
        "filter:keystonecontext)",
        f"{new}:23: [filter:sizelimit] added (oslo_middleware:RequestBodySizeLimiter.factory)",
        f"{old}:12: [filter:faultwrap] removed (was nova.api.openstack:FaultWrapper.factory)",
    ]


def test_a_prefix_added_and_one_pointing_elsewhere(tmp_path):
    edited = BASE.replace("/: versions\n", "/: versionsapp\n/v2.1: otherapp\n").replace(
        "[pipeline:versions]\npipeline = versionsapp\n\n", "") + OTHER_APP
    lines, old, new = diff_lines(tmp_path, edited)
    assert lines == [
        f"{new}:1: [composite:main] prefix / → app:versionsapp (was → pipeline:versions)",
        f"{new}:1: [composite:main] prefix /v2.1 added → app:otherapp",
        f"{new}:27: [app:otherapp] added (nova.api.openstack.compute:APIRouterV21.factory)",
        f"{old}:6: [pipeline:versions] removed (was app:versionsapp)",
    ]


def test_a_factory_changed(tmp_path):
    edited = BASE.replace("keystonemiddleware.auth_token:filter_factory",
                          "keystoneclient.middleware.auth_token:filter_factory")
    lines, _, new = diff_lines(tmp_path, edited)
    assert lines == [f"{new}:15: [filter:authtoken] factory "
                     "keystoneclient.middleware.auth_token:filter_factory (was "
                     "keystonemiddleware.auth_token:filter_factory)"]


def test_settings_changed_added_and_removed(tmp_path):
    edited = BASE.replace("auth_port = 5000\n", "delay_auth_decision = true\n").replace(
        "[filter:keystonecontext]\n", "[filter:keystonecontext]\nauth_port = 35357\n")
    lines, old, new = diff_lines(tmp_path, edited)
    assert lines == [
        f"{new}:17: [filter:authtoken] delay_auth_decision = true added",
        f"{old}:17: [filter:authtoken] auth_port removed (was 5000)",
        f"{new}:21: [filter:keystonecontext] auth_port = 35357 added",
    ]


def test_a_secret_changed_is_said_and_neither_value_shown(tmp_path):
    edited = BASE.replace("first-secret-value", "second-secret-value")
    lines, _, new = diff_lines(tmp_path, edited)
    assert lines == [f"{new}:18: [filter:authtoken] admin_password changed (a secret: neither "
                     "value is shown)"]
    done = run_cli("diff", str(tmp_path / "old.ini"), str(new), "--json")
    assert done.returncode == 1
    assert "secret-value" not in done.stdout
    [change] = json.loads(done.stdout)["changes"]
    assert change == {"kind": "setting", "change": "changed", "section": "filter:authtoken",
                      "file": str(new), "line": 18, "name": "admin_password", "old": None,
                      "new": None, "where": None, "was": None, "secret": True,
                      "text": lines[0]}


def test_name_compares_one_section(tmp_path):
    edited = BASE.replace("/: versions\n", "/: api\n").replace(
        "faultwrap keystonecontext authtoken apiapp", "faultwrap authtoken apiapp")
    lines, _, new = diff_lines(tmp_path, edited, "--name", "api")
    assert lines == [f"{new}:9: [pipeline:api] filter:keystonecontext removed (was at "
                     "position 1, before filter:authtoken)",
                     f"{tmp_path / 'old.ini'}:20: [filter:keystonecontext] removed (was "
                     "nova.api.auth:NovaKeystoneContext.factory)"]


def test_a_bad_file_exits_2_as_inspect_says_it(tmp_path):
    bad = write_ini(tmp_path, "[app:main]\npaste.app_factory = a:b\n[app:main]\n", "bad.ini")
    done = run_cli("diff", str(NOVA), str(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == run_cli("inspect", str(bad)).stderr
    assert done.stderr.startswith(f"{bad}:3: ")


def test_control_characters_are_escaped(tmp_path):
    edited = BASE.replace("auth_port = 5000", "auth_port = 50\x1b[2J00")
    lines, _, new = diff_lines(tmp_path, edited)
    assert lines == [f"{new}:17: [filter:authtoken] auth_port = 50\\x1b[2J00 (was 5000)"]


def test_nova_of_2011_against_nova_of_2012():
    """The real upgrade: the v1.0 and v1.1 APIs got pipelines of their own."""
    assert cli_lines("diff", NOVA_2011, NOVA_OLD, status=1) == [
        f"{NOVA_OLD}:67: [composite:osapi] prefix /v1.0 → pipeline:openstackapi10 (was → "
        "pipeline:openstackapi)",
        f"{NOVA_OLD}:67: [composite:osapi] prefix /v1.1 → pipeline:openstackapi11 (was → "
        "pipeline:openstackapi)",
        f"{NOVA_OLD}:73: [pipeline:openstackapi10] added (filter:faultwrap filter:auth "
        "filter:ratelimit app:osapiapp10)",
        f"{NOVA_OLD}:76: [pipeline:openstackapi11] added (filter:faultwrap filter:auth "
        "filter:ratelimit filter:extensions app:osapiapp11)",
        f"{NOVA_OLD}:88: [filter:extensions] added "
        "(nova.api.openstack.extensions:ExtensionMiddleware.factory)",
        f"{NOVA_OLD}:91: [app:osapiapp10] added (nova.api.openstack:APIRouterV10.factory)",
        f"{NOVA_OLD}:94: [app:osapiapp11] added (nova.api.openstack:APIRouterV11.factory)",
        f"{NOVA_2011}:73: [pipeline:openstackapi] removed (was filter:faultwrap filter:auth "
        "filter:ratelimit app:osapiapp)",
        f"{NOVA_2011}:85: [app:osapiapp] removed (was nova.api.openstack:APIRouter.factory)",
        f"{NOVA_OLD}:85: [filter:ratelimit] factory "
        "nova.api.openstack.limits:RateLimitingMiddleware.factory (was "
        "nova.api.openstack.ratelimiting:RateLimitingMiddleware.factory)",
        f"{NOVA_OLD}:100: [app:osversionapp] factory "
        "nova.api.openstack.versions:Versions.factory (was "
        "nova.api.openstack:Versions.factory)",
    ]


def test_nova_of_2012_against_today():
    """Today's ec2 urlmap sends /services/Cloud to a pipeline_factory, and keeps no other
    prefix; the entries osapi and osapi_compute differ by name, so they are told so."""
    lines = cli_lines("diff", NOVA_OLD, NOVA, "--name", "ec2", status=1)
    assert lines[:3] == [
        f"{NOVA}:18: [composite:ec2] prefix /services/Cloud → composite:ec2cloud (was → "
        "pipeline:ec2cloud)",
        f"{NOVA}:18: [composite:ec2] prefix / removed (was → pipeline:ec2versions)",
        f"{NOVA}:18: [composite:ec2] prefix /services/Admin removed (was → pipeline:ec2admin)",
    ]
    whole = cli_lines("diff", NOVA_OLD, NOVA, status=1)
    assert whole[:3] == [f"{NOVA}:4: [composite:metadata] is a new entry",
                         f"{NOVA}:59: [composite:osapi_compute] is a new entry",
                         f"{NOVA_OLD}:67: [composite:osapi] is no longer an entry"]


def test_a_value_of_several_lines_is_one_line_and_json_of_no_change_is_empty():
    """keystone's old keystone.conf against its paste ini: the [DEFAULT] value that runs on
    over four lines is told on one; two files alike give no changes, and exit 0, in JSON too."""
    old, new = INI_DATA / "keystone-keystone.conf", INI_DATA / "keystone-keystone-paste.ini"
    lines = cli_lines("diff", old, new, status=1)
    assert (f"{old}:23: [DEFAULT] service-header-mappings removed (was {{\\n'nova' : "
            "'X-Server-Management-Url',\\n'swift' : 'X-Storage-Url',\\n'cdn' : "
            "'X-CDN-Management-Url'})") in lines
    done = run_cli("diff", str(NOVA), str(NOVA), "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"old": str(NOVA), "new": str(NOVA), "changes": []}


def test_a_pipeline_naming_two_filters_over_and_over_is_compared_in_turn(tmp_path):
    """3,000 members of two names, each pair swapped: 4.5 million pairs of equal members,
    past what `stack.graph_diff_kept` matches as the longest run, so matched in turn."""
    sections = ("\n\n[filter:a]\npaste.filter_factory = m:f\n\n[filter:b]\n"
                "paste.filter_factory = m:f\n\n[app:app]\npaste.app_factory = m:a\n")
    old = write_ini(tmp_path, "[pipeline:main]\npipeline = " + "a b " * 1500 + "app" + sections,
                    "old.ini")
    new = write_ini(tmp_path, "[pipeline:main]\npipeline = " + "b a " * 1500 + "app" + sections,
                    "new.ini")
    assert cli_lines("diff", old, new, status=1) == [
        f"{new}:1: [pipeline:main] filter:b moved from position 1 to 0: now before filter:a "
        "(was after it)"]
