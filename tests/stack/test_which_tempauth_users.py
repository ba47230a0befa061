"""`which` reads swift's tempauth's users as its `__init__` does: a `user_ACCOUNT_USER` whose
ACCOUNT or USER holds a `_` fails the proxy's load (it splits the name at every `_`), and a
`user64_` setting names its ACCOUNT and USER in base64 (`stack.known_tempauth.tempauth_users`)."""

from __future__ import annotations

from tests.conftest import said_line
from tests.conftest import which_lines
from tests.conftest import write_ini

APP = "paste.app_factory = tests.stack.paste_apps:make_app"
#: `X-Auth-User` and `X-Auth-Key` of the user `bob` of the account `my_acct`.
BOB = ("-H", "X-Auth-User: my_acct:bob", "-H", "X-Auth-Key: s3cr3t-bob")


def tempauth_ini(tmp_path, users: str, defaults: str = ""):
    """A proxy whose tempauth (line 5) holds the settings `users`, under a [DEFAULT] of
    `defaults`; the ini's path. `which` exits 2 where the stack would not load."""
    return write_ini(tmp_path, f"[DEFAULT]\n{defaults}\n[pipeline:main]\n"
                               f"pipeline = tempauth proxy\n[filter:tempauth]\n"
                               f"use = egg:swift#tempauth\n{users}\n[app:proxy]\n{APP}\n")


def test_a_user_setting_whose_account_holds_an_underscore_fails_the_load(tmp_path):
    """swift splits `user_my_acct_bob` after `user_` into three parts and raises ValueError as
    tempauth is built: it said bob got 401, as if the proxy loaded."""
    lines = which_lines(tempauth_ini(tmp_path, "user_my_acct_bob = s3cr3t-bob .admin"),
                        "GET", "/auth/v1.0", *BOB, status=2)
    assert lines[0] == "GET /auth/v1.0 would get no answer: the stack would not load."
    assert said_line(lines, "The filter `tempauth`") == (
        "The filter `tempauth` cannot be built (line 5): its `user_my_acct_bob` is no user it "
        "can read: its `__init__` splits the name after `user_` at every `_` and takes exactly "
        "two parts, an ACCOUNT and a USER, so it raises ValueError (`key user_my_acct_bob was "
        "provided in an invalid format`) as it is built, and the proxy does not load; to keep "
        "the `_`, name the user `user64_` with the base64 of its ACCOUNT and of its USER, "
        "without their trailing `=`: `user64_bXk_YWNjdF9ib2I` for the account `my` and the "
        "user `acct_bob` or `user64_bXlfYWNjdA_Ym9i` for the account `my_acct` and the user "
        "`bob`. PasteDeploy builds every section the pipeline `main` reaches as it loads it, "
        "so loading fails, and no request is answered.")
    assert not [line for line in lines if "s3cr3t" in line]


def test_a_user_setting_in_default_fails_the_load_too(tmp_path):
    """tempauth's factory reads the global_conf: a `user_` name of [DEFAULT] is one of its
    settings, and a bare `user_id` no user."""
    lines = which_lines(tempauth_ini(tmp_path, "user_test_tester = testing", "user_id = 7"),
                        "GET", "/v1/AUTH_test", status=2)
    assert said_line(lines, "The filter `tempauth`").startswith(
        "The filter `tempauth` cannot be built (line 5): its `user_id` (in the ini's "
        "[DEFAULT], which PasteDeploy hands its factory too) is no user it can read: its "
        "`__init__` splits the name after `user_` at every `_` and takes exactly two parts")


def test_a_user64_setting_names_a_user_in_base64(tmp_path):
    """`user64_bXlfYWNjdA_Ym9i` is `my_acct:bob`: it said bob was no user (401)."""
    ini = tempauth_ini(tmp_path, "user64_bXlfYWNjdA_Ym9i = s3cr3t-bob .admin")
    lines = which_lines(ini, "GET", "/auth/v1.0", *BOB)
    assert said_line(lines, "It would stop") == "It would stop at the filter `tempauth` with 200."
    assert ("it issues a token to `my_acct:bob`, a user of its settings "
            "(`user64_bXlfYWNjdA_Ym9i`, the base64 of `my_acct` and `bob`), with an "
            "`X-Auth-Token`") in said_line(lines, "The filter `tempauth`")
    other = which_lines(ini, "GET", "/auth/v1.0", "-H", "X-Auth-User: my_acct:eve",
                        "-H", "X-Auth-Key: k")
    assert said_line(other, "It would stop") == "It would stop at the filter `tempauth` with 401."
    assert ("name a user of its `user_ACCOUNT_USER = KEY` (or `user64_`) settings and give that "
            "key, which this request does not.") in said_line(other, "The filter `tempauth`")


def test_a_user64_setting_that_is_no_base64_fails_the_load(tmp_path):
    """swift pads each part with `'=' * (len % 4)` and decodes it: one character is none."""
    lines = which_lines(tempauth_ini(tmp_path, "user64_bXlfYWNjdA_Y = k"), "GET", "/auth/v1.0",
                        status=2)
    assert said_line(lines, "The filter `tempauth`").startswith(
        "The filter `tempauth` cannot be built (line 5): its `user64_bXlfYWNjdA_Y` is no user it "
        "can read: it reads the ACCOUNT and USER of a `user64_` name as base64, and `b64decode` "
        "raises on them (Invalid base64-encoded string: number of data characters (1) cannot "
        "be 1 more than a multiple of 4) as it is built, so the proxy does not load")


def test_a_user_setting_with_no_key_fails_the_load(tmp_path):
    """`values = conf[conf_key].split()`, and none raises `… has no key set`."""
    lines = which_lines(tempauth_ini(tmp_path, "user_test_tester ="), "GET", "/auth/v1.0",
                        status=2)
    assert said_line(lines, "The filter `tempauth`").startswith(
        "The filter `tempauth` cannot be built (line 5): its `user_test_tester` is no user it "
        "can read: it raises ValueError (`user_test_tester has no key set`) as it is built")
