"""`which` says what a well-known filter does on its own (`stack.known_filters`): swift's
healthcheck answers `/healthcheck` (which filters does it go through?), keystonemiddleware's
auth_token answers 401 without a token (which layer answers the 401, and why?)."""

from __future__ import annotations

from stack.resolve import describe
from stack.resolve import resolve
from tests.conftest import AUTH_TOKEN_FACTORY
from tests.conftest import NOVA
from tests.conftest import OSLO_SIZE_LIMIT
from tests.conftest import SWIFT
from tests.conftest import rewritten
from tests.conftest import said_line
from tests.conftest import which_lines
from tests.conftest import write_ini

HEALTHCHECK = ("The filter `healthcheck` (line 17) answers 200 itself: swift's healthcheck "
               "answers `/healthcheck` whatever the method, with 200 `OK` (503 `DISABLED BY "
               "FILE` when its `disable_path` file exists), and the layers after it never see "
               "the request.")
AUTH_TOKEN = ("The filter `authtoken` (line 126) is keystonemiddleware's auth_token: a request "
              "with no `X-Auth-Token` header gets its 401 (`The request you have made requires "
              "authentication.`), and the layers after it never see it, unless "
              "`delay_auth_decision` is true in the service's `[keystone_authtoken]` (the ini "
              "sets it true nowhere its factory reads: not in the section, a `set` or "
              "[DEFAULT]); below, the walk goes on as for a request with a valid one (give "
              "`-H 'X-Auth-Token: …'` to ask about one).")


def test_swifts_healthcheck_answers_healthcheck_itself_whatever_the_method():
    for method in ("GET", "HEAD", "POST"):
        lines = which_lines(SWIFT, method, "/healthcheck")
        assert lines[0] == (f"{method} /healthcheck would go: the pipeline `main` → the filter "
                            "`catch_errors` → the filter `gatekeeper` → the filter "
                            "`healthcheck`.")
        assert HEALTHCHECK in lines
        assert "It would stop at the filter `healthcheck` with 200." in lines
        assert lines[-1].startswith("This reads the ini, not the filters' code: it takes each "
                                    "filter on the way (`catch_errors`, `gatekeeper`) to pass")


def test_any_other_path_passes_swifts_healthcheck_to_the_proxy():
    lines = which_lines(SWIFT, "GET", "/healthcheck/")
    assert lines[0].endswith("the filter `proxy-logging` → the app `proxy-server`.")
    assert not [line for line in lines if "would stop" in line or "swift's healthcheck" in line]


def test_the_auth_filter_that_answers_401_without_a_token_is_named_and_hedged():
    """The demo's check reads `X-Auth-Token` alone, and auth_token is held only when neither
    token header is sent: both are "no `X-Auth-Token`"; auth_token's 401 may yet be delayed by
    the service's own config, which its story says, and the line that holds the walk too."""
    lines = which_lines(NOVA, "GET", "/v2.1/servers", "--name", "osapi_compute")
    assert AUTH_TOKEN in lines
    assert lines[0].endswith(
        "the filter `authtoken`, and stop there with 401, as no `X-Auth-Token` is given (unless "
        "the service's `[keystone_authtoken]` delays the decision). With a valid token it would "
        "go on to the filter `keystonecontext` → the app `osapi_compute_app_v21`.")


def test_a_token_given_is_read_by_the_auth_filter_not_by_no_layer():
    lines = which_lines(NOVA, "GET", "/v2.1/servers", "--name", "osapi_compute",
                        "-H", "X-Auth-Token: abc")
    assert ("The filter `authtoken` (line 126) is keystonemiddleware's auth_token: it asks "
            "keystone whether the `X-Auth-Token` token is valid, and answers 401 itself if not "
            "(an expired or revoked token, or one another keystone issued), with a "
            "`WWW-Authenticate: Keystone uri=…` header naming where to get a new one, and 503 "
            "if it cannot reach keystone; a valid token of another project it passes on, for "
            "the service to judge.") in lines
    assert not [line for line in lines if line.startswith("No layer this walk passes")]


def test_delay_auth_decision_leaves_the_refusal_to_the_layers_after(tmp_path):
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken api\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n"
                              "delay_auth_decision = True\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "GET", "/x")
    assert ("The filter `authtoken` (line 4) is keystonemiddleware's auth_token with "
            "`delay_auth_decision` true: it answers no 401 itself, but marks a request without "
            "a valid token `X-Identity-Status: Invalid` and leaves the refusal to the layers "
            "after it.") in lines


def test_the_dashboard_asks_for_the_token_in_its_own_form(compute, compute_routes):
    """The page's answer points to its header field, and goes on to the router's 404."""
    lines = describe(resolve(compute, "GET", "/v2.1/servrs", routes=compute_routes, page=True))
    assert ("The filter `authtoken` (line 34) is the demo's token check: a request with no "
            "`X-Auth-Token` header gets its 401 (`The X-Auth-Token header is missing.`), and the "
            "layers after it never see it; below, the walk goes on as for a request with a "
            "valid one (give an `X-Auth-Token` header above to ask about one).") in lines
    assert "With a valid token, it would stop at the app `compute_app` with 404." in lines
    given = describe(resolve(compute, "GET", "/v2.1/servrs", routes=compute_routes,
                             headers={"X-Auth-Token": "demo-token"}))
    assert not [line for line in given if "below, the walk goes on" in line]


def test_the_caveat_does_not_take_a_known_auth_filter_to_pass_the_request_on():
    """auth_token's 401 was said, then `authtoken` listed among the filters "taken to pass the
    request on unchanged" just below: the caveat names the others, and says where its part is."""
    lines = which_lines(NOVA, "GET", "/v2.1/servers", "--name", "osapi_compute")
    assert lines[-1] == (
        "This reads the ini, not the filters' code: it takes each filter on the way "
        "(`request_id`, `faultwrap`, `sizelimit`, `keystonecontext`) to pass the request on "
        "unchanged, but one may answer it first instead (an auth filter's 401 without a valid "
        "token, a size limit's 413), change the path the router sees, or replace the status the "
        "client gets, which only sending it shows. What `authtoken` does is said above, known "
        "from its code.")


def test_a_body_over_oslos_default_limit_stops_at_the_size_limit(tmp_path):
    """oslo.middleware's sizelimit, with no `max_request_body_size` in the ini: its default."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = sizelimit api\n\n"
                              "[filter:sizelimit]\nuse = egg:oslo.middleware#sizelimit\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 114689")
    assert ("The filter `sizelimit` (line 4) answers 413 itself: oslo.middleware's sizelimit "
            "takes a body of at most 114,688 bytes (oslo's default: the ini sets no "
            "`max_request_body_size`, in the section, a `set` or [DEFAULT]; the service's "
            "config's `[oslo_middleware] max_request_body_size` would count too, which is not "
            "read here), and this request's Content-Length, 114,689 bytes, is over it; the "
            "layers after it never see the request.") in lines
    assert "It would stop at the filter `sizelimit` with 413." in lines
    assert not [line for line in lines if line.startswith("This reads the ini")]  # none before


def test_the_ini_s_limit_is_read_and_a_body_within_it_passes(tmp_path):
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = sizelimit api\n\n"
                              f"[filter:sizelimit]\npaste.filter_factory = {OSLO_SIZE_LIMIT}\n"
                              "max_request_body_size = 1000\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    assert ("The filter `sizelimit` (line 4) is oslo.middleware's sizelimit: this request's "
            "Content-Length, 1,000 bytes, is within its limit, 1,000 bytes (its "
            "`max_request_body_size = 1000`), so it passes the request on (a larger one gets "
            "413).") in which_lines(ini, "PUT", "/x", "-H", "Content-Length: 1000")
    assert ("It would stop at the filter `sizelimit` with 413."
            in which_lines(ini, "PUT", "/x", "-H", "content-length: 1001"))


def test_nova_s_own_size_limit_reads_the_service_config_not_the_ini():
    lines = which_lines(NOVA, "POST", "/v2.1/servers", "--name", "osapi_compute",
                        "-H", "Content-Length: 200000", "-H", "X-Auth-Token: abc")
    assert ("The filter `sizelimit` (line 101) answers 413 itself: nova's size limit takes a "
            "body of at most 114,688 bytes (the default of `osapi_max_request_body_size` in "
            "nova's config; the ini's settings are not read), and this request's "
            "Content-Length, 200,000 bytes, is over it; the layers after it never see the "
            "request.") in lines


def test_a_delay_oslo_config_does_not_read_as_true_is_no_delay(tmp_path):
    """`t` was taken as true; keystonemiddleware reads the setting by oslo.config's Boolean,
    which takes only true, yes, on and 1."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken api\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n"
                              "delay_auth_decision = t\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "GET", "/x")
    assert [line for line in lines if line.startswith("The filter `authtoken` (line 4) is "
                                                      "keystonemiddleware's auth_token: a request "
                                                      "with no `X-Auth-Token` header gets its 401")]


def test_a_set_is_read_by_the_factories_that_read_the_global_conf(tmp_path):
    """keystonemiddleware's and oslo.middleware's factories take the global_conf under their
    settings, where PasteDeploy puts a `set NAME = v`: it was ignored."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = sizelimit authtoken api\n\n"
                              "[filter:sizelimit]\nuse = egg:oslo.middleware#sizelimit\n"
                              "set max_request_body_size = 10\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n"
                              "set delay_auth_decision = true\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 11")
    assert ("The filter `sizelimit` (line 4) answers 413 itself: oslo.middleware's sizelimit "
            "takes a body of at most 10 bytes (its `max_request_body_size = 10`), and this "
            "request's Content-Length, 11 bytes, is over it; the layers after it never see the "
            "request.") in lines
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 10")
    assert [line for line in lines if line.startswith(
        "The filter `authtoken` (line 8) is keystonemiddleware's auth_token with "
        "`delay_auth_decision` true")]


def test_the_section_s_own_setting_wins_over_its_set(tmp_path):
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = sizelimit api\n\n"
                              "[filter:sizelimit]\nuse = egg:oslo.middleware#sizelimit\n"
                              "set max_request_body_size = 10\nmax_request_body_size = 20\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    assert ("The filter `sizelimit` (line 4) is oslo.middleware's sizelimit: this request's "
            "Content-Length, 20 bytes, is within its limit, 20 bytes (its "
            "`max_request_body_size = 20`), so it passes the request on (a larger one gets "
            "413).") in which_lines(ini, "PUT", "/x", "-H", "Content-Length: 20")


def test_cinder_s_size_limit_reads_the_ini_as_oslo_s_does(tmp_path):
    """It is a subclass of oslo.middleware's since Kilo; it was said to read cinder.conf."""
    factory = "cinder.api.middleware.sizelimit:RequestBodySizeLimiter.factory"
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = sizelimit api\n\n"
                              f"[filter:sizelimit]\npaste.filter_factory = {factory}\n"
                              "max_request_body_size = 100\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    assert ("The filter `sizelimit` (line 4) answers 413 itself: cinder's size limit "
            "(oslo.middleware's sizelimit) takes a body of at most 100 bytes (its "
            "`max_request_body_size = 100`), and this request's Content-Length, 101 bytes, is "
            "over it; the layers after it never see the request."
            ) in which_lines(ini, "POST", "/x", "-H", "Content-Length: 101")


def test_the_answer_to_a_request_without_a_token_stops_at_the_auth_filter(compute):
    """An operator read "would go: … → the app `compute_app`" as "gets past auth": as asked,
    the request gets the demo's 401; the way on is said for the request sent with a token."""
    result = resolve(compute, "GET", "/v2.1/servers")
    assert result.to_json()["held"] == {
        "node": "filter:authtoken", "status": 401,
        "reason": "is the demo's token check: a request with no `X-Auth-Token` header gets its "
                  "401 (`The X-Auth-Token header is missing.`), and the layers after it never "
                  "see it", "unless": "", "any_token": False,
        "lacking": "no `X-Auth-Token` is given"}
    assert result.nodes[-1] == "app:compute_app"  # the way on, for one who sends a token
    assert describe(result)[0] == (
        "GET /v2.1/servers would go: the composite `osapi_compute` → the composite "
        "`openstack_compute_api_v21` → the pipeline `openstack_compute_api_v21[keystone]` → the "
        "filter `request_id` → the filter `faultwrap` → the filter `sizelimit` → the filter "
        "`authtoken`, and stop there with 401, as no `X-Auth-Token` is given. With a valid token "
        "it would go on to the app `compute_app`.")
    given = resolve(compute, "GET", "/v2.1/servers", headers={"X-Auth-Token": "demo-token"})
    assert given.held is None
    assert describe(given)[0].endswith("the filter `authtoken` → the app `compute_app`.")


def test_nova_s_ec2_noauth_is_said_to_want_an_access_key_parameter():
    """It was taken to pass every request on unchanged: nova's EC2 `NoAuth` answers 400
    itself without an `AWSAccessKeyId` parameter, which `which` cannot see (a query string's
    or a form body's), so it is said, and the walk not held there."""
    lines = which_lines(NOVA, "GET", "/services/Cloud/?Action=DescribeRegions", "--name", "ec2",
                        "--choose", "ec2cloud=noauth")
    assert ("The filter `ec2noauth` (line 39) is nova's EC2 noauth filter: it answers 400 "
            "itself to a request without an `AWSAccessKeyId` parameter (in its query string or "
            "form body, which this does not read), and passes one with it on, checking no "
            "signature, as its `USER:PROJECT`, an admin.") in lines
    assert lines[0].endswith("the filter `ec2noauth` → the filter `cloudrequest` → the filter "
                             "`validator` → the app `ec2executor`.")
    assert lines[-1].endswith("What `ec2noauth` does is said above, known from its code.")


#: What `which` says of swift's tempauth at `/auth/v1.0` (its default `auth_prefix`), after
#: its name and line: the start of its answer.
TEMPAUTH = ("The filter `tempauth` (line 45) answers {status} itself: swift's tempauth answers "
            "what its `auth_prefix`, `{prefix}` ({given}), leads with itself, and the layers "
            "after it never see the request: ")
#: How `which` starts what it says of swift's tempauth (`said_line`).
TEMPAUTH_SAID = "The filter `tempauth`"


def _stop(lines: list[str]) -> str:
    """The line `which` ends tempauth's answer with (`It would stop … with N.`)."""
    return said_line(lines, "It would stop at the filter `tempauth`")


def with_prefix(tmp_path, prefix: str):
    """swift's proxy-server.conf, its pipeline under a `set auth_prefix = PREFIX` (line 10),
    written in `tmp_path`: its path."""
    return rewritten(tmp_path, SWIFT, "[pipeline:main]\n",
                     f"[pipeline:main]\nset auth_prefix = {prefix}\n")


def test_swifts_tempauth_answers_its_auth_prefix_itself():
    """It said the request passes to the proxy app: tempauth issues the tokens itself."""
    lines = which_lines(SWIFT, "GET", "/auth/v1.0")
    assert lines[0].endswith("the filter `container_sync` → the filter `tempauth`.")
    assert said_line(lines, TEMPAUTH_SAID).startswith(
        TEMPAUTH.format(status=401, prefix="/auth/", given="its default"))
    assert _stop(lines) == "It would stop at the filter `tempauth` with 401."
    given = which_lines(SWIFT, "GET", "/auth/v1.0", "-H", "X-Auth-User: test:tester",
                        "-H", "X-Auth-Key: testing")
    assert _stop(given) == "It would stop at the filter `tempauth` with 200."
    assert "it issues a token to `test:tester`, a user of its settings (`user_test_tester`)" in (
        "\n".join(given))
    assert _stop(which_lines(SWIFT, "GET", "/auth/v2.0")) == (
        "It would stop at the filter `tempauth` with 400.")


def test_swifts_tempauth_reads_its_auth_prefix_from_a_set_above(tmp_path):
    """A `set auth_prefix` of the pipeline reaches tempauth's settings (its factory reads the
    global_conf): `/token/` is its own, `/auth/` passes to the proxy."""
    ini = with_prefix(tmp_path, "token")
    lines = which_lines(ini, "GET", "/token/v1.0")
    assert _stop(lines) == "It would stop at the filter `tempauth` with 401."
    assert TEMPAUTH.format(status=401, prefix="/token/", given=(
        "`set auth_prefix = token` of the pipeline `main` (line 10), which PasteDeploy hands "
        "the sections it builds")).replace("line 45", "line 46") in "\n".join(lines)
    passed = which_lines(ini, "GET", "/auth/v1.0")
    assert not [line for line in passed if "would stop" in line or "swift's tempauth" in line]
    assert passed[-2].startswith("The app `proxy-server` is handed `GET /auth/v1.0`.")


def test_swifts_tempauth_takes_v1_only_with_the_account_in_the_path():
    """`handle_get_token` takes `v1` only as `v1/ACCOUNT/auth`, that ACCOUNT the user's: a bare
    `/auth/v1` is 400, and an `X-Auth-User` of another account 401. It said both got a token
    (or 401), reading `v1` as `v1.0`."""
    user = ("-H", "X-Auth-User: test:tester", "-H", "X-Auth-Key: testing")
    assert _stop(which_lines(SWIFT, "GET", "/auth/v1", *user)).endswith("with 400.")
    assert "`/auth/v1/ACCOUNT/auth` only, and answers 400 to this `GET` of `/auth/v1`" in (
        said_line(which_lines(SWIFT, "GET", "/auth/v1"), TEMPAUTH_SAID))
    assert _stop(which_lines(SWIFT, "GET", "/auth/v1/test/auth", *user)).endswith("with 200.")
    other = which_lines(SWIFT, "GET", "/auth/v1/test2/auth", *user)
    assert _stop(other).endswith("with 401.")
    assert "(or `X-Auth-User: ACCOUNT:USER` of the path's ACCOUNT)" in (
        said_line(other, TEMPAUTH_SAID))


def test_swifts_tempauth_reads_x_storage_user_and_pass_too():
    """`handle_get_token` falls back on `X-Storage-User` and `X-Storage-Pass` (on `v1`, it
    reads them first, the user without its account): it said 401 to a request giving them."""
    given = which_lines(SWIFT, "GET", "/auth/v1.0", "-H", "X-Storage-User: test:tester",
                        "-H", "X-Storage-Pass: testing")
    assert _stop(given).endswith("with 200.")
    assert "it issues a token to `test:tester`" in said_line(given, TEMPAUTH_SAID)
    v1 = which_lines(SWIFT, "GET", "/auth/v1/test/auth", "-H", "X-Storage-User: tester",
                     "-H", "X-Storage-Pass: testing")
    assert _stop(v1).endswith("with 200.")


def test_swifts_tempauth_pops_one_segment_of_a_longer_auth_prefix(tmp_path):
    """`handle` pops one segment (`path_info_pop`) whatever the prefix's length, and reads the
    next as the version: under `auth_prefix = /a/b/`, `/a/b/v1.0` is 400 (`b` is no version),
    and under `/a/auth/`, `/a/auth/x` asks for a token (`auth`). It read the segment after
    the whole prefix."""

    def asked(prefix: str, path: str) -> list[str]:
        return which_lines(with_prefix(tmp_path, prefix), "GET", path)

    refused = asked("/a/b/", "/a/b/v1.0")
    assert _stop(refused).endswith("with 400.")
    assert said_line(refused, TEMPAUTH_SAID).endswith(
        "it issues tokens to a GET of `/a/v1.0`, `/a/auth` or `/a/v1/ACCOUNT/auth` only, and "
        "answers 400 to this `GET` of `/a/b/v1.0` (it takes `/a` alone off the path, one "
        "segment of its `auth_prefix`, and reads the next, `b`, as the version).")
    assert _stop(asked("/a/auth/", "/a/auth/x")).endswith("with 401.")
