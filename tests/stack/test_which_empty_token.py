"""`which` with an `X-Auth-Token` header given empty (`-H 'X-Auth-Token:'`): it was read as a
token given, so the request went on past keystonemiddleware's auth_token to the app. auth_token
reads a token header given empty as none (`if not request.user_token`) and answers 401, as the
demo's check does (`The X-Auth-Token header is not valid.`); a noauth filter asks only whether
the header is there (`'X-Auth-Token' not in req.headers`), so an empty one goes on."""

from __future__ import annotations

from stack import graph
from stack.resolve import resolve
from tests.conftest import DEMO
from tests.conftest import NEUTRON
from tests.conftest import NOVA
from tests.conftest import which_lines


def test_an_empty_token_stops_at_keystone_s_auth_token_as_a_missing_one_does():
    lines = which_lines(NEUTRON, "GET", "/v2.0/networks", "-H", "X-Auth-Token:")
    assert lines[0].endswith(
        "the filter `osprofiler` → the filter `authtoken`, and stop there with 401, as the "
        "`X-Auth-Token` given is empty (unless the service's `[keystone_authtoken]` delays the "
        "decision). With a valid token it would go on to the filter `keystonecontext` → the "
        "filter `extensions` → the app `neutronapiapp_v2_0`.")
    assert [line for line in lines if line.startswith(
        "The filter `authtoken` (line 32) is keystonemiddleware's auth_token: a request whose "
        "`X-Auth-Token` is empty, as one with none, gets its 401 (`The request you have made "
        "requires authentication.`)")]


def test_an_empty_x_auth_token_is_read_before_a_storage_token_given():
    """auth_token's `user_token` is `X-Auth-Token`'s value wherever that header is given: an
    `X-Storage-Token` beside an empty one is never read."""
    found = graph.load_graph(str(NEUTRON), "neutron").to_json()
    result = resolve(found, "GET", "/v2.0/networks",
                     headers={"x-auth-token": "", "X-Storage-Token": "abc"})
    assert result.held is not None
    assert (result.held["node"], result.held["status"], result.held["lacking"]) == (
        "filter:authtoken", 401, "the `X-Auth-Token` given is empty")


def test_an_empty_token_gets_the_demo_s_401():
    lines = which_lines(DEMO / "compute.ini", "GET", "/v2.1/servers", "-H", "X-Auth-Token:")
    assert lines[0].endswith("the filter `authtoken`, and stop there with 401, as the "
                             "`X-Auth-Token` given is empty. With a valid token it would go on "
                             "to the app `compute_app`.")
    assert [line for line in lines if "(`The X-Auth-Token header is not valid.`)" in line]


def test_an_empty_token_goes_on_past_nova_s_noauth_as_an_empty_user():
    lines = which_lines(NOVA, "GET", "/v2.1/servers", "--name",
                        "osapi_compute", "--choose", "openstack_compute_api_v21=noauth",
                        "-H", "X-Auth-Token:")
    assert lines[0].endswith("the filter `noauth` → the app `osapi_compute_app_v21`.")
    assert ("The filter `noauth` (line 92) is nova's noauth filter: it checks no token and asks "
            "only whether an `X-Auth-Token` header is there (`'X-Auth-Token' not in "
            "req.headers`), so the empty one given passes: it reads it as `USER:PROJECT` and "
            "passes the request on as an empty user and project, an admin.") in lines
