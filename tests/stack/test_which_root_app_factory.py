"""`which` through cinder's and glance's `root_app_factory`, which is not Paste's urlmap alone:
it deletes `/v1` or `/v2` by the service's config (`enable_v1_api = false`; cinder's later
releases whatever the config), so the branch `which` says it picks may not be there."""

from __future__ import annotations

from tests.conftest import INI_DATA
from tests.conftest import which_lines


def test_cinder_s_v1_is_said_to_be_removable_by_the_service_s_config():
    lines = which_lines(INI_DATA / "cinder-api-paste.ini", "GET", "/v1/volumes")
    assert lines[2] == (
        "The composite `osapi_volume` is built by cinder's `root_app_factory`, not Paste's "
        "urlmap alone: it deletes `/v1` first where the service's config sets `enable_v1_api` "
        "false (later releases whatever the config), and the request then goes where the other "
        "prefixes send it; only the running service shows which.")


def test_glance_s_v2_too_and_its_versions_app_not():
    glance = INI_DATA / "glance-glance-api-paste.ini"
    lines = which_lines(glance, "GET", "/v2/images", "--name", "rootapp")
    assert lines[2].startswith("The composite `rootapp` is built by glance's `root_app_factory`"
                               ", not Paste's urlmap alone: it deletes `/v2` first where the "
                               "service's config sets `enable_v2_api` false, and")
    root = which_lines(glance, "GET", "/", "--name", "rootapp")
    assert not [line for line in root if "root_app_factory" in line]


def test_manila_s_which_deletes_nothing_is_not_said_to():
    lines = which_lines(INI_DATA / "manila-api-paste.ini", "GET", "/v2/shares")
    assert not [line for line in lines if "root_app_factory" in line]
