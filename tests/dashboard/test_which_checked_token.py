"""The Ask form's answer leads with the layer that answers an operator's 401 where the CLI
says it (`tests/stack/test_which_checked_token.py`): glance's context filter, past a delaying
auth_token, and swift's tempauth, given a token of its own prefix it may not have issued;
keystonemiddleware's auth_token, given a token keystone may not find valid (the lead said the
request was handed to the app, as if the token surely passed)."""

from __future__ import annotations

from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import OSLO_SIZE_LIMIT
from tests.conftest import SWIFT
from tests.conftest import write_ini
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
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


#: keystonemiddleware's auth_token's 401 to a token given, and the one it lets past, as said.
REFUSED = "a token keystone does not find valid (expired, revoked, or not its own)"
PASSED = "a token keystone finds valid"


def test_the_ask_form_says_auth_token_answers_a_token_keystone_does_not_find_valid(dashboard):
    said, answer = led(dashboard, NOVA, ("entry", "composite:osapi_compute"),
                       ("path", "/v2.1/servers"), ("header", "X-Auth-Token: expired"))
    assert said == (f"401, from the filter authtoken, to {REFUSED}. With {PASSED}: handed to "
                    "the app osapi_compute_app_v21, whose answer only sending the request "
                    "shows.")
    assert answer["checked"] == {"node": answer["known"][0], "status": 401, "refused": REFUSED,
                                 "passed": PASSED}
    assert answer["checked"]["node"].endswith("filter:authtoken")
    assert answer["held"] is None
    assert answer["describe"][0].endswith(
        f"the filter `authtoken`, which answers 401 itself to {REFUSED}. With {PASSED} it would "
        "go on to the filter `keystonecontext` → the app `osapi_compute_app_v21`.")


def test_the_stop_box_past_auth_token_says_a_token_keystone_finds_valid(dashboard, tmp_path):
    """A size limit past it answers 413 to a token keystone finds valid, not to any."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken sizelimit api\n\n"
                              "[filter:authtoken]\n"
                              "paste.filter_factory = keystonemiddleware.auth_token:filter_factory"
                              f"\n\n[filter:sizelimit]\npaste.filter_factory = {OSLO_SIZE_LIMIT}"
                              "\nmax_request_body_size = 10\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n", "limited.ini")
    ini_id = uploaded(dashboard, ini.name, ini.read_text())
    status, _, html = ask(dashboard, ("ini", ini_id), ("method", "GET"), ("path", "/x"),
                          ("header", "X-Auth-Token: t"), ("header", "Content-Length: 11"),
                          headers=HTMX)
    assert status == 200, html
    assert lead(html) == (f"401, from the filter authtoken, to {REFUSED}. With {PASSED}: 413, "
                          "from the filter sizelimit.")
    box = " ".join(shown(part(html, '<div class="which-stopped"', "</p>")).split())
    assert box.startswith(f"With {PASSED}, it would stop at the filter sizelimit with 413.")
