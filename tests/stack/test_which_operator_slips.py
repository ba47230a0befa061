"""`which` on what decides an operator's 401 or 405: a method other than GET to tempauth's
token URL, a factory's name one slip from a filter `which` knows, where the 401 of a swift
account comes from."""

from __future__ import annotations

from tests.conftest import AUTH_TOKEN_LINE
from tests.conftest import CINDER
from tests.conftest import SWIFT
from tests.conftest import rewritten
from tests.conftest import said_line
from tests.conftest import swift_tempauth_with
from tests.conftest import which_lines


def test_swifts_tempauth_answers_405_to_a_method_other_than_get():
    """swift's `handle_request` answers 405 to any method but GET before it reads the path
    (`if req.method != 'GET': … HTTPMethodNotAllowed`): it said 400, what releases before that
    check answered, so a `curl -X POST …/auth/v1.0` got a status `which` never gave."""
    lines = which_lines(SWIFT, "POST", "/auth/v1.0", "-H", "X-Auth-User: test:tester",
                        "-H", "X-Auth-Key: testing")
    assert lines[-2:-1] == ["It would stop at the filter `tempauth` with 405."]
    assert said_line(lines, "The filter `tempauth`").endswith(
        "it issues tokens to a GET of `/auth/v1.0`, `/auth/auth` or `/auth/v1/ACCOUNT/auth` "
        "only, and answers 405 to a `POST`, before it reads the path (swift releases before "
        "that check answered 400).")
    assert "with 405." in which_lines(SWIFT, "PUT", "/auth/v2.0")[-2]


def test_a_factory_one_slip_from_keystonemiddlewares_auth_token_is_said(tmp_path):
    """`use = egg:keystonemiddleware#authtoken` (its entry point is `auth_token`) is no
    factory keystonemiddleware has: the stack does not load. `which` took it for an unknown
    filter and walked past it in silence to the app, where it says 401 at the real one."""
    slipped = rewritten(tmp_path, CINDER, AUTH_TOKEN_LINE, "use = egg:keystonemiddleware#authtoken")
    lines = which_lines(slipped, "GET", "/v2/volumes")
    assert said_line(lines, "The filter `authtoken`") == (
        "The filter `authtoken` (line 63) is built by `egg:keystonemiddleware#authtoken`, a "
        "slip from `egg:keystonemiddleware#auth_token`, keystonemiddleware's auth_token: "
        "keystonemiddleware has no factory by the name written, so where it is installed "
        "PasteDeploy finds none and the stack does not load (`serve` says why); written as "
        "meant, this walk would say what the filter does, here taken to pass the request on.")
    assert "stop there with 401" in which_lines(CINDER, "GET", "/v2/volumes")[0]


def test_a_slip_in_swifts_tempauth_is_said_but_its_tempurl_is_no_slip(tmp_path):
    """`egg:swift#tmpauth` is one slip from tempauth; `egg:swift#tempurl`, three from it, is
    a filter of swift's own, said nothing of."""
    slipped = rewritten(tmp_path, SWIFT, "use = egg:swift#tempauth", "use = egg:swift#tmpauth")
    lines = which_lines(slipped, "GET", "/auth/v1.0")
    assert said_line(lines, "The filter `tempauth`").startswith(
        "The filter `tempauth` (line 45) is built by `egg:swift#tmpauth`, a slip from "
        "`egg:swift#tempauth`, swift's tempauth: swift has no factory by the name written")
    assert not [line for line in which_lines(SWIFT, "GET", "/v1/AUTH_test")
                if "a slip from" in line]


def test_swifts_tempauth_says_where_the_401_of_an_account_comes_from():
    """Past its `auth_prefix`, tempauth was taken to pass the request on, and `which` said no
    layer reads the token given: tempauth answers 401 itself to a token of its prefix it did
    not issue, and leaves a request with none to its `authorize`, which the proxy asks."""
    tokenless = which_lines(SWIFT, "GET", "/v1/AUTH_test/c")
    assert said_line(tokenless, "The filter `tempauth`") == (
        "The filter `tempauth` (line 45) is swift's tempauth: the path is not under its "
        "`auth_prefix`, and no token is given, so it passes the request on and leaves the "
        "decision to its `authorize`, which the proxy asks (`swift.authorize`) before it "
        "answers: the account `AUTH_test` is one of its `reseller_prefix`, `AUTH_` (its "
        "default), so the answer is 401, unless a container's ACL lets anyone in (`.r:*` for "
        "an object GET, `.rlistings` for a listing) or the method is OPTIONS.")
    given = which_lines(SWIFT, "GET", "/v1/AUTH_test", "-H", "X-Auth-Token: AUTH_tk0")
    assert said_line(given, "The filter `tempauth`").startswith(
        "The filter `tempauth` (line 45) is swift's tempauth: a token beginning with `AUTH_`, "
        "its `reseller_prefix`, `AUTH_` (its default), is one of its own, which it looks up "
        "in memcache: one it did not issue (`GET /auth/v1.0`), or issued over its "
        "`token_life` ago, gets its 401 itself")
    assert not [line for line in given if line.startswith("No layer this walk passes")]
    assert not [line for line in which_lines(SWIFT, "GET", "/info") if "swift's tempauth" in line]


def test_swifts_tempauth_reads_its_reseller_prefix(tmp_path):
    """`reseller_prefix = SERVICE` makes `SERVICE_` its accounts' and its tokens' prefix (the
    `_` added, as swift's `config_read_reseller_options` adds it)."""
    ini = swift_tempauth_with(tmp_path, "reseller_prefix = SERVICE")
    said = said_line(which_lines(ini, "GET", "/v1/AUTH_test"), "The filter `tempauth`")
    assert said.endswith("the account `AUTH_test` is none of its `reseller_prefix` (its "
                         "`reseller_prefix = SERVICE`), so it is 401 (`denied_response`), "
                         "unless an auth filter before it set another.")
