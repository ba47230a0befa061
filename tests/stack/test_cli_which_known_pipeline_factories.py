"""`which` on what nova's, cinder's and manila's `pipeline_factory`s do besides picking the key
`auth_strategy` names (`stack.known_pipeline_factories`): the `<key>_nolimit` alternative they
build where the service's `api_rate_limit` is false (nova's default), and the deprecated
`….api.auth` aliases that build the pipeline and return None."""

from __future__ import annotations

from tests.conftest import CINDER
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import said_line
from tests.conftest import which_lines
from tests.conftest import write_ini

MANILA = INI_DATA / "manila-api-paste.ini"


def test_nova_v2_follows_keystone_nolimit_as_a_default_nova_conf_builds_it():
    """Said to follow `keystone`, through the `ratelimit` filter: nova's legacy
    `pipeline_factory` builds `keystone_nolimit` where `api_rate_limit` is false, its
    default in later releases (it was true in Grizzly), so a default nova.conf runs no
    `ratelimit`."""
    lines = which_lines(NOVA, "GET", "/v2/servers", "--name", "osapi_compute")
    assert "the pipeline `openstack_compute_api_v2[keystone_nolimit]`" in lines[0]
    assert "`ratelimit`" not in lines[0]
    assert said_line(lines, "The composite `openstack_compute_api_v2` offers") == (
        "The composite `openstack_compute_api_v2` offers 3 alternatives; `keystone_nolimit` is "
        "followed (OpenStack's default `auth_strategy`: the composite sets none, a service's "
        "config may; nova builds `keystone_nolimit` in `keystone`'s place, as nova.conf's "
        "`api_rate_limit` is false by default (it was true in Grizzly): `api_rate_limit = "
        "true` builds `keystone`); the others: `noauth`, `keystone`.")


def test_nova_v2_chosen_keystone_runs_ratelimit_and_v21_has_no_nolimit_words():
    lines = which_lines(NOVA, "GET", "/v2/servers", "--name", "osapi_compute",
                        "--choose", "openstack_compute_api_v2=keystone")
    assert "the filter `ratelimit` → the app `osapi_compute_app_v2`" in lines[0]
    assert said_line(lines, "The composite `openstack_compute_api_v2` offers").endswith(
        "`keystone` is followed (as chosen); the others: `noauth`, `keystone_nolimit`.")
    v21 = which_lines(NOVA, "GET", "/v2.1/servers", "--name", "osapi_compute")
    assert said_line(v21, "The composite `openstack_compute_api_v21` offers") == (
        "The composite `openstack_compute_api_v21` offers 2 alternatives; `keystone` is "
        "followed (OpenStack's default `auth_strategy`: the composite sets none, a service's "
        "config may); the others: `noauth`.")


def test_cinder_follows_keystone_and_says_when_it_builds_keystone_nolimit():
    """cinder's `api_rate_limit` is true by default: `keystone` it is, and the words say
    what cinder.conf's `api_rate_limit = false` would build instead."""
    lines = which_lines(CINDER, "GET", "/v2/volumes", "--name", "osapi_volume")
    assert "the pipeline `openstack_volume_api_v2[keystone]`" in lines[0]
    assert said_line(lines, "The composite `openstack_volume_api_v2` offers") == (
        "The composite `openstack_volume_api_v2` offers 3 alternatives; `keystone` is followed "
        "(OpenStack's default `auth_strategy`: the composite sets none, a service's config "
        "may; cinder builds `keystone_nolimit` in its place where cinder.conf's "
        "`api_rate_limit` is false, true by default); the others: `noauth`, "
        "`keystone_nolimit`.")


def _aliased(tmp_path, real, project):
    """`real` (cinder's or manila's api-paste.ini) with its composites naming the deprecated
    `PROJECT.api.auth:pipeline_factory`, as an ini kept from before the factory moved does."""
    text = real.read_text().replace(f"call:{project}.api.middleware.auth:pipeline_factory",
                                    f"call:{project}.api.auth:pipeline_factory")
    return write_ini(tmp_path, text)


def test_cinder_alias_that_returns_none_ends_the_request_in_a_500(tmp_path):
    """Said to reach `apiv2` past authtoken: the alias builds the pipeline and returns None,
    so cinder's urlmap calls None for `/v2` and the client gets a 500."""
    path = _aliased(tmp_path, CINDER, "cinder")
    lines = which_lines(path, "GET", "/v2/volumes", "--name", "osapi_volume")
    assert lines[0] == ("GET /v2/volumes would go: the composite `osapi_volume` → the "
                        "composite `openstack_volume_api_v2`.")
    assert said_line(lines, "The composite `openstack_volume_api_v2` is built by") == (
        "The composite `openstack_volume_api_v2` is built by "
        "`cinder.api.auth:pipeline_factory`, a deprecated alias that calls "
        "`cinder.api.middleware.auth:pipeline_factory`, which builds the `keystone` pipeline, "
        "and returns None, not it: PasteDeploy hands None on as the composite, so whatever "
        "calls it (Paste's URLMap, a filter above, the server) raises `TypeError: "
        "'NoneType' object is not callable`, and the request ends in a 500. Write `use = "
        "call:cinder.api.middleware.auth:pipeline_factory`.")
    assert lines[-1] == "It would stop at the composite `openstack_volume_api_v2` with 500."


def test_manila_alias_as_the_entry_ends_the_request_in_a_500(tmp_path):
    path = _aliased(tmp_path, MANILA, "manila")
    lines = which_lines(path, "GET", "/shares", "--name", "openstack_share_api_v2")
    assert lines[0] == "GET /shares would go: the composite `openstack_share_api_v2`."
    assert "`manila.api.auth:pipeline_factory`, a deprecated alias" in lines[-2]
    assert lines[-1] == "It would stop at the composite `openstack_share_api_v2` with 500."
