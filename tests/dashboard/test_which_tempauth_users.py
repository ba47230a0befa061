"""The Ask form reads swift's tempauth's users as its `__init__` does: an uploaded proxy ini
whose `user_…` name holds a `_` too many does not load, and a `user64_` user gets a token;
the users' keys stay out of the answer."""

from __future__ import annotations

from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask

#: A proxy's ini whose tempauth holds the user setting `{user}` (line 5).
PROXY = ("[pipeline:main]\npipeline = tempauth proxy\n[filter:tempauth]\n"
         "use = egg:swift#tempauth\n{user} = s3cr3t-bob .admin\n[app:proxy]\n"
         "use = egg:swift#proxy\n")
#: The Ask form's question: bob of the account `my_acct` asks for a token.
ASKED = (("path", "/auth/v1.0"), ("header", "X-Auth-User: my_acct:bob"),
         ("header", "X-Auth-Key: given-key"))


def asked(dashboard, user: str) -> str:
    """What the Ask form answers bob of the uploaded proxy whose user setting is `user`."""
    ini_id = uploaded(dashboard, "proxy-server.conf", PROXY.format(user=user).encode())
    status, _, answer = ask(dashboard, ("ini", ini_id), *ASKED)
    assert status == 200, answer
    assert "s3cr3t" not in str(answer)  # the ini's key: the question's own is echoed
    return " ".join(answer["describe"])


def test_the_ask_form_says_a_user_name_with_an_underscore_too_many_fails_the_load(dashboard):
    said = asked(dashboard, "user_my_acct_bob")
    assert ("The filter `tempauth` cannot be built (line 3): its `user_my_acct_bob` is no user "
            "it can read: its `__init__` splits the name after `user_` at every `_` and takes "
            "exactly two parts, an ACCOUNT and a USER, so it raises ValueError (`key "
            "user_my_acct_bob was provided in an invalid format`)") in said
    assert "`user64_bXlfYWNjdA_Ym9i` for the account `my_acct` and the user `bob`" in said


def test_the_ask_form_reads_a_user64_user(dashboard):
    said = asked(dashboard, "user64_bXlfYWNjdA_Ym9i")
    assert ("it issues a token to `my_acct:bob`, a user of its settings "
            "(`user64_bXlfYWNjdA_Ym9i`, the base64 of `my_acct` and `bob`)") in said
