"""Where `which` says the 401 an operator asks about comes from, past an auth filter that
answers none itself or a token the walk cannot judge: glance's context filter answers what a
delaying auth_token leaves to it (it was said to be "left to the layers after it", none
named), and swift's tempauth a token of its own prefix it did not issue (the first line said
the request goes on to the proxy app); keystonemiddleware's auth_token a token given that
keystone does not find valid (the first line went on to the app, read as "auth passes" by an
operator whose token had expired)."""

from __future__ import annotations

from tests.conftest import AUTH_TOKEN_FACTORY
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import OSLO_SIZE_LIMIT
from tests.conftest import SWIFT
from tests.conftest import said_line
from tests.conftest import which_lines
from tests.conftest import write_ini

#: glance's api-paste.ini: `glance-api-keystone` runs keystoneclient's auth_token with
#: `delay_auth_decision = true`, then glance's context filter.
GLANCE = INI_DATA / "glance-glance-api-paste.ini"
#: The way to the context filter, as the first line says it.
TO_CONTEXT = ("GET /v2/images would go: the pipeline `glance-api-keystone` → the filter "
              "`versionnegotiation` → the filter `authtoken` → the filter `context`")
#: What may keep glance's context filter from its 401: a glance-api.conf option.
ANONYMOUS = ("(unless `allow_anonymous_access` is true in glance-api.conf, the service's "
             "config, not this ini: it then lets the request on as an anonymous, read-only "
             "user)")
#: The way on past it, for a request it lets through.
ON = "it would go on to the composite `rootapp` → the app `apiv2app`."


def glance(*headers: str) -> list[str]:
    return which_lines(GLANCE, "GET", "/v2/images", "--name", "glance-api-keystone", *headers)


def test_glances_context_filter_answers_the_401_a_delaying_auth_token_leaves_to_it():
    lines = glance()
    assert lines[0] == (f"{TO_CONTEXT}, and stop there with 401, as no `X-Auth-Token` is "
                        "given, which the auth_token before it marks `X-Identity-Status: "
                        f"Invalid` {ANONYMOUS}. With a valid token {ON}")
    assert said_line(lines, "The filter `context` (line 61)").startswith(
        "The filter `context` (line 61) is glance's context filter: it answers 401 itself "
        "(`HTTPUnauthorized`) to a request whose `X-Identity-Status` is not `Confirmed`")
    assert "the filter on the way (`versionnegotiation`) to pass the request on" in lines[-1]


def test_glances_context_filter_with_a_token_says_both_answers():
    lines = glance("-H", "X-Auth-Token: abc")
    assert lines[0] == (f"{TO_CONTEXT}, which answers 401 itself to a token keystone does not "
                        "find valid, which the auth_token before it marks `X-Identity-Status: "
                        f"Invalid`. With a token keystone finds valid {ON}")


def test_glances_context_filter_without_auth_token_before_it_is_not_said_to_refuse():
    """With no auth_token before it, it reads the request's own identity headers: not said."""
    lines = which_lines(GLANCE, "GET", "/v2/images", "--name", "glance-api-trusted-auth")
    assert "401" not in lines[0]


def test_swifts_tempauth_answers_a_token_of_its_prefix_it_did_not_issue_itself():
    lines = which_lines(SWIFT, "GET", "/v1/AUTH_test/c", "-H", "X-Auth-Token: AUTH_tk123")
    assert lines[0].endswith(
        "the filter `container_sync` → the filter `tempauth`, which answers 401 itself to a "
        "token of its prefix, `AUTH_`, that it did not issue (or issued over its `token_life` "
        "ago). With a token it issued it would go on to the filter `staticweb` → the filter "
        "`copy` → the filter `container-quotas` → the filter `account-quotas` → the filter "
        "`slo` → the filter `dlo` → the filter `versioned_writes` → the filter `symlink` → the "
        "filter `proxy-logging` → the app `proxy-server`.")


def test_swifts_tempauth_leaves_a_token_of_another_prefix_to_the_proxy():
    """Not its own: it does not look it up, and the proxy asks its `authorize` (401)."""
    lines = which_lines(SWIFT, "GET", "/v1/AUTH_test/c", "-H", "X-Auth-Token: other")
    assert lines[0].endswith("the app `proxy-server`, which answers 401, as the token given is "
                             "none of its own, and swift's tempauth leaves the decision to its "
                             "`authorize`, which the proxy asks (unless a container's ACL lets "
                             "anyone in).")


#: What keystonemiddleware's auth_token answers itself to a token given, and what it lets past.
KEYSTONE_CHECKS = ("the filter `authtoken`, which answers 401 itself to a token keystone does "
                   "not find valid (expired, revoked, or not its own). With a token keystone "
                   "finds valid it would go on to")


def test_auth_token_given_a_token_says_its_401_before_the_way_to_the_app():
    lines = which_lines(NOVA, "GET", "/v2.1/servers", "--name", "osapi_compute",
                        "-H", "X-Auth-Token: expired")
    assert lines[0] == (
        "GET /v2.1/servers would go: the composite `osapi_compute` → the composite "
        "`openstack_compute_api_v21` → the pipeline `openstack_compute_api_v21[keystone]` → "
        "the filter `request_id` → the filter `faultwrap` → the filter `sizelimit` → "
        f"{KEYSTONE_CHECKS} the filter `keystonecontext` → the app `osapi_compute_app_v21`.")


def test_keystoneclients_auth_token_and_a_stop_past_it_are_said_with_a_valid_token(tmp_path):
    """keystoneclient's auth_token, its predecessor, answers alike; a layer past it that
    answers (a size limit's 413) is where a token keystone finds valid would stop."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken sizelimit api\n\n"
                              "[filter:authtoken]\npaste.filter_factory = "
                              "keystoneclient.middleware.auth_token:filter_factory\n\n"
                              f"[filter:sizelimit]\npaste.filter_factory = {OSLO_SIZE_LIMIT}\n"
                              "max_request_body_size = 10\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "POST", "/x", "-H", "X-Storage-Token: t", "-H", "Content-Length: 11")
    assert lines[0] == (f"POST /x would go: the pipeline `main` → {KEYSTONE_CHECKS} the filter "
                        "`sizelimit`.")
    assert "With a token keystone finds valid, it would stop at the filter `sizelimit` with 413." \
        in lines


def test_a_delaying_auth_token_given_a_token_answers_no_401_itself(tmp_path):
    """With `delay_auth_decision` true it answers none: a layer after it decides (none here)."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken api\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n"
                              "delay_auth_decision = true\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "GET", "/x", "-H", "X-Auth-Token: t")
    assert lines[0] == ("GET /x would go: the pipeline `main` → the filter `authtoken` → the "
                        "app `api`.")

