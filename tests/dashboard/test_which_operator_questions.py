"""An operator chasing a 401 or a 404 with only their api-paste.ini: the real inis of
tests/data/ini uploaded to the dashboard and asked about with the Ask form, and the same
questions put to `python -m stack which`. Both surfaces say the same, and say which layer
answers the 401 or 404: swift's proxy, at tempauth's say, where "would go … → the app" read as
the request getting past tempauth."""

from __future__ import annotations

import pytest

from tests.conftest import INI_DATA
from tests.conftest import SWIFT
from tests.conftest import which_lines
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask
from tests.dashboard.which_queries import lead

#: The questions: (ini, entry or None, method, path, what the first line says, held or
#: stopped, as {status: node}).
QUESTIONS = [
    # keystone's auth_token with `delay_auth_decision = true` in its section: no 401 of its
    # own, but glance's context filter after it answers the one it leaves.
    ("glance-glance-api-paste.ini", "pipeline:glance-api-keystone", "GET", "/v2/images",
     "→ the filter `context`, and stop there with 401, as no `X-Auth-Token` is given",
     {401: "filter:context"}),
    ("keystone-keystone-paste.ini", "composite:main", "GET", "/v3/auth/tokens",
     "→ the app `service_v3`.", {}),
    # version discovery: the catch-all `/`, nothing moved
    ("cinder-api-paste.ini", None, "GET", "/",
     "→ the app `osvolumeversionapp`.", {}),
    # no prefix of nova's `ec2` urlmap matches, and it has no `/`: Paste's own 404
    ("nova-api-paste.ini", "composite:ec2", "GET", "/services/Cloudy",
     "would go: the composite `ec2`.", {404: "composite:ec2"}),
    ("heat-api-paste.ini", "pipeline:heat-api", "GET", "/v1/tenant1/stacks",
     "→ the filter `authtoken`, and stop there with 401, as no `X-Auth-Token` is given",
     {401: "filter:authtoken"}),
    ("swift-proxy-server.conf", None, "GET", "/v1/AUTH_x/c",
     "→ the app `proxy-server`, which answers 401, as no token is given, and swift's "
     "tempauth leaves the decision to its `authorize`, which the proxy asks (unless a "
     "container's ACL lets anyone in).", {401: "filter:tempauth"}),
]


def asked(dashboard, ini: str, entry: str | None, method: str, path: str, *more):
    """The Ask form's JSON answer about `ini` uploaded as it is."""
    ini_id = uploaded(dashboard, ini, (INI_DATA / ini).read_bytes())
    pairs = [("ini", ini_id), *([("entry", entry)] if entry else []), ("method", method),
             ("path", path), *more]
    status, _, answer = ask(dashboard, *pairs)
    assert status == 200, answer
    return answer


@pytest.mark.parametrize(("ini", "entry", "method", "path", "first", "answered"), QUESTIONS)
def test_the_ask_form_and_which_say_the_same_of_an_operators_question(
        dashboard, ini, entry, method, path, first, answered) -> None:
    answer = asked(dashboard, ini, entry, method, path)
    name = ["--name", entry.partition(":")[2]] if entry else []
    told = which_lines(INI_DATA / ini, method, path, *name)
    assert told[0].startswith(f"{method} {path} would go") and first in told[0]
    # The same words, but for the one line where each says how to give a token.
    assert [line for line in told if "X-Auth-Token: …" not in line] == [
        line for line in answer["describe"] if "an `X-Auth-Token` header above" not in line]
    said = answer["held"] or answer["stopped"] or answer["denied"]
    assert ({said["status"]: said["node"]} if said else {}) == answered


def test_the_ask_form_leads_with_the_proxys_401_at_tempauths_say(dashboard) -> None:
    """As asked, without a token, the client gets 401 from swift's proxy: the lead says so,
    and the app's line no longer says it cannot tell whether the answer is 200 or 404."""
    ini_id = uploaded(dashboard, SWIFT.name, SWIFT.read_bytes())
    status, _, page = ask(dashboard, ("ini", ini_id), ("path", "/v1/AUTH_x/c"), headers=HTMX)
    assert status == 200
    assert lead(page) == (
        "401, from the app proxy-server: no token is given, and swift's tempauth leaves the "
        "decision to its authorize, which the proxy asks (unless a container's ACL lets "
        "anyone in).")
    answer = asked(dashboard, SWIFT.name, None, "GET", "/v1/AUTH_x/c")
    assert answer["denied"] == {
        "node": "filter:tempauth", "status": 401, "unless": " (unless a container's ACL lets "
        "anyone in)", "lacking": "no token is given, and swift's tempauth leaves the "
        "decision to its `authorize`, which the proxy asks"}
    [app] = [line for line in answer["describe"] if line.startswith("The app `proxy-server`")]
    assert app == (
        "The app `proxy-server` is handed `GET /v1/AUTH_x/c`, and answers it 401, as said of "
        "the filter `tempauth` above. Nothing here loads its code (its factory is only "
        "named), so this cannot tell what it answers a request the filter `tempauth` lets "
        "in: only sending that request shows.")


@pytest.mark.parametrize(("method", "path", "headers"), [
    ("OPTIONS", "/v1/AUTH_x/c", ()),  # its `authorize` lets OPTIONS through
    ("GET", "/info", ()),  # the proxy answers it without asking
    ("GET", "/v1/AUTH_x/c", (("header", "X-Auth-Token: AUTH_tk0123"),))])  # a token of its own
def test_no_401_of_the_proxys_is_said_where_tempauth_does_not_have_it_deny(
        dashboard, method, path, headers) -> None:
    answer = asked(dashboard, SWIFT.name, None, method, path, *headers)
    assert answer["denied"] is None
    assert answer["describe"][0].endswith("→ the app `proxy-server`.")


#: tempauth before a layer that answers on its own: an auth_token filter, which holds a request
#: with no token, and a urlmap with no prefix for swift's `/v1`.
AFTER_TEMPAUTH = """\
[pipeline:main]
pipeline = tempauth {after} proxy-server

[filter:tempauth]
use = egg:swift#tempauth
user_admin_admin = admin .admin

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[composite:versions]
use = egg:Paste#urlmap
/v2 = proxy-server

[app:proxy-server]
use = egg:swift#proxy
"""


@pytest.mark.parametrize(("after", "answered"), [
    ("authtoken", {"held": {401: "filter:authtoken"}}),
    ("versions", {"stopped": {404: "composite:versions"}})])
def test_no_401_of_the_proxys_is_said_where_a_layer_after_tempauth_answers(
        dashboard, after, answered) -> None:
    """The client gets the later layer's answer, not the proxy's: `denied` is null, as the
    lead and the first line already read it."""
    text = AFTER_TEMPAUTH.format(after=after).replace(
        "pipeline = tempauth versions proxy-server", "pipeline = tempauth versions")
    ini_id = uploaded(dashboard, f"swift-{after}.ini", text.encode())
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/v1/AUTH_x/c"))
    assert status == 200, answer
    [(kind, said)] = [(kind, answer[kind]) for kind in ("held", "stopped") if answer[kind]]
    assert {kind: {said["status"]: said["node"]}} == answered
    assert answer["denied"] is None
