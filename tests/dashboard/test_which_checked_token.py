"""The Ask form's answer leads with the layer that answers an operator's 401 where the CLI
says it (`tests/stack/test_which_checked_token.py`): glance's context filter, past a delaying
auth_token, and swift's tempauth, given a token of its own prefix it may not have issued."""

from __future__ import annotations

from tests.conftest import INI_DATA
from tests.conftest import SWIFT
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask
from tests.dashboard.which_queries import lead


def led(dashboard, path, *pairs: tuple[str, str]) -> tuple[str, dict]:
    """The lead of the Ask form's answer about the uploaded `path`, and the JSON answer."""
    ini = uploaded(dashboard, path.name, path.read_text())
    status, _, html = ask(dashboard, ("ini", ini), ("method", "GET"), *pairs, headers=HTMX)
    assert status == 200, html
    status, _, answer = ask(dashboard, ("ini", ini), ("method", "GET"), *pairs)
    assert status == 200, answer
    return lead(html), answer


def test_the_ask_form_says_glances_context_filter_answers_401(dashboard):
    said, answer = led(dashboard, INI_DATA / "glance-glance-api-paste.ini",
                       ("entry", "pipeline:glance-api-keystone"), ("path", "/v2/images"))
    assert said.startswith("401, from the filter context: no X-Auth-Token is given, which the "
                           "auth_token before it marks X-Identity-Status: Invalid (unless "
                           "allow_anonymous_access is true in glance-api.conf")
    assert answer["held"]["node"].endswith("filter:context")


def test_the_ask_form_says_tempauth_answers_a_token_it_did_not_issue(dashboard):
    said, answer = led(dashboard, SWIFT, ("path", "/v1/AUTH_test/c"),
                       ("header", "X-Auth-Token: AUTH_tk123"))
    assert said == ("401, from the filter tempauth, to a token of its prefix, AUTH_, that it "
                    "did not issue (or issued over its token_life ago). With a token it "
                    "issued: handed to the app proxy-server, whose answer only sending the "
                    "request shows.")
    assert answer["checked"]["status"] == 401
