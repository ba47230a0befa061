"""Secrets never leave the stack: headers, query strings, JSON fields, and an ini's settings
wherever a message quotes them."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from stack import redact_environ
from stack import redact_json
from stack import redact_settings
from stack import redact_url
from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import raw_request
from tests.conftest import run_cli
from tests.stack.trace_checks import send


def test_secret_headers_are_redacted_and_others_kept():
    headers = redact_environ.headers(redact_environ.environ_headers({"PATH_INFO": "/",
        "HTTP_X_AUTH_TOKEN": "t", "HTTP_X_SUBJECT_TOKEN": "t", "HTTP_X_SERVICE_TOKEN": "t",
        "HTTP_AUTHORIZATION": "Basic eA==", "HTTP_COOKIE": "a=b", "HTTP_ACCEPT": "*/*"}))
    assert headers == {
        "X-Auth-Token": "***", "X-Subject-Token": "***", "X-Service-Token": "***",
        "Authorization": "***", "Cookie": "***", "Accept": "*/*"}


def test_each_request_shows_its_own_headers_though_their_reading_is_planned_once():
    first = {"PATH_INFO": "/", "HTTP_X_AUTH_TOKEN": "a", "HTTP_ACCEPT": "text/plain"}
    second = {"PATH_INFO": "/", "HTTP_X_AUTH_TOKEN": "b", "HTTP_ACCEPT": "*/*"}
    more = {**second, "HTTP_COOKIE": "c", "HTTP_USER_AGENT": "curl"}
    assert redact_environ.environ_headers(first) == {"HTTP_X_AUTH_TOKEN": "***",
                                                     "HTTP_ACCEPT": "text/plain"}
    assert redact_environ.environ_headers(second) == {"HTTP_X_AUTH_TOKEN": "***",
                                                      "HTTP_ACCEPT": "*/*"}
    assert list(redact_environ.environ_headers(more).items()) == [
        ("HTTP_X_AUTH_TOKEN", "***"), ("HTTP_ACCEPT", "*/*"), ("HTTP_COOKIE", "***"),
        ("HTTP_USER_AGENT", "curl")]


def test_query_secrets_are_redacted():
    assert redact_url.query("limit=5&marker=x") == "limit=5&marker=x"
    assert redact_url.query("auth_token=abc&limit=5") == "auth_token=***&limit=5"
    assert redact_url.query("password=p&X-Amz-Signature=s") == "password=***&X-Amz-Signature=***"


@pytest.mark.parametrize(("line", "shown"), [
    ("GET /servers?limit=2&password=p HTTP/1.1", "GET /servers?limit=2&password=*** HTTP/1.1"),
    ("GET\t/servers?token=t\tHTTP/1.1", "GET\t/servers?token=***\tHTTP/1.1"),
    ("GET http://u:pw@h/x?sig=s HTTP/1.0", "GET http://u:***@h/x?sig=*** HTTP/1.0"),
    ("GET /x?pass%77ord=p", "GET /x?pass%77ord=***"),
    ("GET /servers?limit=2 HTTP/1.1", "GET /servers?limit=2 HTTP/1.1"),
])
def test_a_request_line_s_query_secrets_are_redacted_its_version_kept(line, shown):
    assert redact_url.request_line(line) == shown


def test_password_fields_are_redacted_at_any_depth():
    body = {"auth": {"identity": {"password": {"user": {"name": "u", "password": "p"}}}},
            "server": {"adminPass": "a", "name": "n"}, "list": [{"secret": "s"}]}
    assert redact_json.fields(body) == {
        "auth": {"identity": {"password": {"user": {"name": "u", "password": "***"}}}},
        "server": {"adminPass": "***", "name": "n"}, "list": [{"secret": "***"}]}


def test_secret_settings_are_redacted_by_name_and_others_kept():
    conf = {
        "encryption_root_secret": "s", "hmac_keys": "k", "admin_password": "p",
        "set db_passwd": "p", "Auth_Token_Cache": "t", "app_credential_id": "c", "api_key": "k",
        "MEMCACHE_SECRET_KEY": "k", "enabled": "yes", "keystone": "authtoken app",
        "key_manager": "barbican", "delay_auth_decision": "true",
    }
    assert redact_settings.redacted(conf)[0] == {
        "encryption_root_secret": "***", "hmac_keys": "***", "admin_password": "***",
        "set db_passwd": "***", "Auth_Token_Cache": "***", "app_credential_id": "***",
        "api_key": "***", "MEMCACHE_SECRET_KEY": "***", "enabled": "yes",
        "keystone": "authtoken app", "key_manager": "barbican", "delay_auth_decision": "true",
    }
    assert conf["hmac_keys"] == "k"  # a copy: the section's own settings are left alone


def test_passwords_in_urls_are_redacted_whatever_the_settings_name():
    conf = {
        "sqlalchemy.url": "mysql+pymysql://root:eg0n1@localhost/nova?charset=utf8",
        "transport_url": "rabbit://openstack:RABBIT_PASS@ctl1:5672,openstack:P2@ctl2:5672/",
        "memcached_servers": "localhost:11211", "www_authenticate_uri": "http://ctl:5000/v3",
        "proxy": "http://user@proxy:3128", "note": "mail admin:x@example.org",
        "auth_uri": "http://k/?password=p&region=r", "next": "http://k/?next=http://u:p@h/",
    }
    assert redact_settings.redacted(conf)[0] == {
        "sqlalchemy.url": "mysql+pymysql://root:***@localhost/nova?charset=utf8",
        "transport_url": "rabbit://openstack:***@ctl1:5672,openstack:***@ctl2:5672/",
        "memcached_servers": "localhost:11211", "www_authenticate_uri": "http://ctl:5000/v3",
        "proxy": "http://user@proxy:3128", "note": "mail admin:x@example.org",
        "auth_uri": "http://k/?password=***&region=r", "next": "http://k/?next=http://u:***@h/",
    }


def test_a_url_s_password_holding_an_at_and_a_token_in_its_fragment_are_redacted():
    """URL parsers take the host after the last `@`, so a password may hold one; OAuth's
    implicit flow hands its token back in the fragment, as a query."""
    assert redact_url.url("http://u:s3c@r3t@h/x") == "http://u:***@h/x"
    assert redact_url.url("https://app/cb?state=1#access_token=t0k3n&expires_in=60") == (
        "https://app/cb?state=1#access_token=***&expires_in=60")
    assert redact_url.url("https://docs/page#section-2") == "https://docs/page#section-2"
    conf = {"transport_url": "rabbit://o:p@ss@c1:5672,o:P2@c2:5672/"}
    assert redact_settings.redacted(conf)[0] == {
        "transport_url": "rabbit://o:***@c1:5672,o:***@c2:5672/"}


@pytest.mark.parametrize("factory", [("use", "egg:swift#tempauth"), (
    "paste.filter_factory", "swift.common.middleware.tempauth:filter_factory")])
def test_the_keys_of_swift_tempauths_users_are_redacted_and_their_groups_kept(factory):
    conf = {factory[0]: factory[1], "user_admin_admin": "admin .admin .reseller_admin",
            "user64_dGVzdA_dGVzdGVy": "testing .admin http://127.0.0.1:8080/v1/AUTH_t",
            "user_test_tester3": "testing3", "reseller_prefix": "AUTH"}
    shown = redact_settings.redacted(conf)[0]
    assert [shown[name] for name in list(conf)[1:]] == [
        "*** .admin .reseller_admin", "*** .admin http://127.0.0.1:8080/v1/AUTH_t", "***", "AUTH"]
    # Another filter's settings of that shape are not accounts.
    assert redact_settings.redacted({"use": "egg:x#agent", "user_agent_name": "pastescope"})[0] == {
        "use": "egg:x#agent", "user_agent_name": "pastescope"}


@pytest.mark.parametrize(("text", "shown"), [
    ('{"server": {"adminPass": "a\\"b", "name": "n"}}',
     '{"server": {"adminPass": "***", "name": "n"}}'),
    ('{"auth_token" : "t", "password":""}', '{"auth_token" : "***", "password":"***"}'),
    ('{"error": {"token": "abc', '{"error": {"token": "***"'),  # a body's start, cut short
    ('{"a": {"secret": "s"}, "n": 1, "name": "token"}',
     '{"a": {"secret": "***"}, "n": 1, "name": "token"}'),  # a secret word as a value stays
    ("401 Unauthorized\n\nThe X-Auth-Token header is missing.",
     "401 Unauthorized\n\nThe X-Auth-Token header is missing."),
    # Values that are not strings, as the request body's secret fields are (`fields`).
    ('{"password": 12345, "tokens": ["t1", "t2"], "token_valid": true, "secret": null}',
     '{"password": "***", "tokens": "***", "token_valid": "***", "secret": null}'),
    ('{"n": 1, "items": [1, "x"], "name": "token"}',
     '{"n": 1, "items": [1, "x"], "name": "token"}'),
    ('{"error": {"tokens": ["t1", "t', '{"error": {"tokens": "***"'),
    # Cut right after a backslash inside the secret: still redacted.
    ('{"error": {"password": "s3cr3t\\', '{"error": {"password": "***"'),
    # A name written with escapes.
    ('{"admin\\u0050ass": "p"}', '{"admin\\u0050ass": "***"}'),
    # A message quoting the request's body, its quotes escaped.
    ('{"badRequest": {"message": "Invalid body: {\\"adminPass\\": \\"hunter2\\"}"}}',
     '{"badRequest": {"message": "Invalid body: {\\"adminPass\\": \\"***\\"}"}}'),
    ('{"m": "{\\"name\\": \\"web\\", \\"password\\": \\"a\\\\\\"b\\"}"}',
     '{"m": "{\\"name\\": \\"web\\", \\"password\\": \\"***\\"}"}'),
])
def test_secret_members_of_a_response_body_are_redacted_in_its_text(text, shown):
    assert redact_json.body_text(text) == shown


#: An operator's file whose secret, set once in [DEFAULT], is interpolated into settings that
#: messages quote: a `require`, a factory, a pipeline's word, a urlmap branch, a `use`.
QUOTED_SECRET = """\
[DEFAULT]
admin_password = s3cr3t-pw

[composite:main]
use = egg:Paste#urlmap
/ = api
/v9 = %(admin_password)s

[pipeline:api]
pipeline = auth other %(admin_password)s app

[filter:auth]
paste.filter_factory = stack.demo.x:f
require = %(admin_password)s

[filter:other]
paste.filter_factory = %(admin_password)s

[app:app]
use = %(admin_password)s
"""


def test_no_message_of_inspect_or_which_quotes_an_interpolated_secret(tmp_path):
    """What a warning or a refusal quotes of a value is redacted as the value is in `conf`."""
    ini = tmp_path / "leak.ini"
    ini.write_text(QUOTED_SECRET)
    text = run_cli("inspect", str(ini))
    assert text.returncode == 0, text.stderr
    lines = [line.strip("│├└─ ") for line in text.stdout.splitlines()]
    assert "! leak.ini:14: require = *** is not checked here" in lines
    assert "1 → filter:other = ***   (line 16)" in lines
    assert ("line 17: [filter:other] `paste.filter_factory = ***` is no `module:object` "
            "reference (names of letters, digits, `_` and `.` only): PasteDeploy fails "
            "reading it, before importing anything") in lines
    assert "[/v9] ✗ '***': no such app, composite, pipeline or filter-app section" in lines
    assert "line 10: [pipeline:api] '***': no such filter section" in lines
    assert ("line 20: [app:app] '***': no such app, composite, pipeline or filter-app "
            "section") in lines
    doc = run_cli("inspect", str(ini), "--json").stdout
    nodes = {node["id"]: node for node in json.loads(doc)["graphs"][0]["nodes"]}
    assert nodes["filter:auth"]["warnings"] == ["leak.ini:14: require = *** is not checked here"]
    assert nodes["filter:other"]["factory"] == "***"
    assert [member["name"] for member in nodes["pipeline:api"]["refused_members"]] == ["***"]
    assert [link["name"] for link in nodes["app:app"]["refused_links"]] == ["***"]
    assert nodes["composite:main"]["refused_targets"][0]["members"][0]["name"] == "***"
    which = run_cli("which", str(ini), "GET", "/v9")
    assert "'***': no such app" in which.stdout
    for output in (text.stdout, text.stderr, doc, which.stdout, which.stderr):
        assert "s3cr3t" not in output


@pytest.mark.parametrize(("text", "where", "said"), [
    # The secret's own `%` PasteDeploy refuses, in [DEFAULT]: the file cannot be read.
    ("[DEFAULT]\nadmin_password = s3cr3t%pw\n[app:main]\nuse = egg:A#a\n", "{}:2: ",
     "option 'admin_password': '%' must be followed by '%' or '(', found: '***' (in "
     "'admin_password', redacted) (a % meant as text is written %%)"),
    ("[DEFAULT]\nadmin_password = s3cr3t-pw%(nope\n[app:main]\nuse = egg:A#a\n", "{}:2: ",
     "bad interpolation variable reference '***' (in 'admin_password', redacted)"),
    # Reached through a setting of another name, which the refusal names.
    ("[app:main]\nuse = egg:A#a\nargs = %(admin_password)s\nadmin_password = s3cr3t%zz\n",
     "line 3: [app:main] ",
     "option 'args': '%' must be followed by '%' or '(', found: '***' (in 'admin_password', "
     "redacted) (a % meant as text is written %%)"),
    ("[app:main]\nuse = egg:A#a\nadmin_password = s3cr3t-pw %(admin_password)s\n",
     "line 3: [app:main] ",
     "option 'admin_password' in section 'app:main' refers to itself (admin_password → "
     "admin_password), so it can never be filled in: a %(name)s reads its section's own key, "
     "and [DEFAULT]'s only where the section has none. PasteDeploy gives up after 10 steps "
     "(Recursion limit exceeded in value substitution). Raw value: '***'"),
    # A URL's undoubled `%`: the text after it, cut from the URL, is no longer read as one,
    # so it is shown as the whole URL is (its query's secret, its password), or not at all.
    ("[app:main]\nuse = egg:A#a\nauth_url = https://h/%zz?password=s3cr3t\n",
     "line 3: [app:main] ",
     "option 'auth_url': '%' must be followed by '%' or '(', found: '%zz?password=***' (in "
     "'auth_url', redacted) (a % meant as text is written %%)"),
    ("[DEFAULT]\nauth_url = https://h/x?a=%zz&password=s3cr3t\n[app:main]\nuse = egg:A#a\n",
     "{}:2: ",
     "option 'auth_url': '%' must be followed by '%' or '(', found: '%zz&password=***' (in "
     "'auth_url', redacted) (a % meant as text is written %%)"),
    ("[app:main]\nuse = egg:A#a\nconnection = mysql://u%zz:s3cr3t@db/nova\n",
     "line 3: [app:main] ",
     "option 'connection': '%' must be followed by '%' or '(', found: '%zz:***@db/nova' (in "
     "'connection', redacted) (a % meant as text is written %%)"),
    ("[app:main]\nuse = egg:A#a\nconnection = mysql://root:s3cr3t%zz@db/nova\n",
     "line 3: [app:main] ",
     "option 'connection': '%' must be followed by '%' or '(', found: '***' (in "
     "'connection', redacted) (a % meant as text is written %%)"),
    # Not interpolated, but a setting all the same: its [DEFAULT] header forgotten.
    ("admin_password = s3cr3t-pw\n[app:main]\nuse = egg:A#a\n", "{}:1: ",
     "text before the first [section]: 'admin_password = ***'"),
])
def test_a_file_refused_for_a_secret_s_line_quotes_no_secret(tmp_path, text, where, said):
    """The stdlib's words quote the text at fault, which may be a secret's."""
    ini = tmp_path / "leak.ini"
    ini.write_text(text)
    tree = run_cli("inspect", str(ini))
    assert where.format(ini) + said in tree.stdout + tree.stderr
    doc = run_cli("inspect", str(ini), "--json")
    assert said in [error["error"] for error in json.loads(doc.stdout)["errors"]]
    assert "s3cr3t" not in tree.stdout + tree.stderr + doc.stdout + doc.stderr


def test_serve_refusing_a_section_names_no_interpolated_secret(tmp_path):
    """A factory's load failing is said on the console a class may watch: the setting it
    quotes and the error's own words hide the secret interpolated into them."""
    ini = tmp_path / "require.ini"
    ini.write_text("[DEFAULT]\nadmin_password = s3cr3t-pw\n\n[app:main]\n"
                   "use = call:tests.stack.paste_apps:make_app\n"
                   "require = %(admin_password)s\n")
    served = run_cli("serve", str(ini), "--port", "0", "--trace-to", "off")
    assert served.returncode == 2
    assert served.stderr.strip() == (
        f"{ini}:6: cannot build [main]: [app:main] require = ***: PackageNotFoundError: No "
        "package metadata was found for *** (`require` names installed packages: install "
        "`***`, or take it out of `require`)")


def test_a_secret_nested_escaped_in_a_parameter_s_value_is_redacted_in_the_trace_and_log(
        serve_stack):
    """A login's `next` carries the address to return to, %-escaped, its `?token=` with it:
    the app reads that token, so the trace file and the console must not show it; the rest of
    the value stays readable, and a query with no secret is kept as it was sent."""
    stack = serve_stack(DEMO / "compute.ini", "osapi_compute")
    sent = {**TOKEN, "Referer": "http://dash.example/login?next=%2Fdash%3Ftoken%3Ds3cr3t-r"}
    response, events = send(stack, "GET", "/v2.1/servers?limit=1&next=%2Fservers%3F"
                            "token%3Ds3cr3t-q&redirect_uri=https%3A%2F%2Fu%3As3cr3t-p%40h%2F",
                            sent)
    assert response.status_code == 200
    start = events[0]["data"]
    assert start["query"] == "limit=1&next=/servers?token=***&redirect_uri=https://u:***@h/"
    assert start["headers"]["Referer"] == "http://dash.example/login?next=/dash?token=***"
    logged = stack.wait_for_output(re.compile(r'"(GET /v2\.1/servers\?[^"]*)"'))
    assert logged.group(1) == (
        "GET /v2.1/servers?limit=1&next=/servers?token=***&redirect_uri=https://u:***@h/ HTTP/1.1")
    kept = send(stack, "GET", "/v2.1/servers?next=%2Fservers%3Flimit%3D2&name=a%2Bb", TOKEN)[1]
    assert kept[0]["data"]["query"] == "next=%2Fservers%3Flimit%3D2&name=a%2Bb"
    assert "s3cr3t" not in stack.events_path.read_text() + stack.output()


def escaped_deep(address: str, times: int) -> str:
    """`address` as a login's `next` would hold it `times` deep: each in the next's query,
    %-escaped there."""
    for _ in range(times - 1):
        address = "/a?next=" + quote(address, safe="")
    return quote(address, safe="")


@pytest.mark.parametrize(("query", "shown"), [
    ("next=/servers?token=t", "next=/servers?token=***"),  # not escaped
    ("state=a%3D1%26password%3Dp", "state=a=1%26password=***"),  # a query, no address
    ("next=%252Fx%253Ftoken%253Dt", "next=/x?token=***"),  # escaped twice
    ("next=%2Fx%3Fa%3D1%26sig%3Ds&limit=5", "next=/x?a=1%26sig=***&limit=5"),
    # Nested too deep to read (a bound, not a RecursionError): redacted whole.
    ("next=" + "a?next=" * 2000 + "token=t", "next=a?next=a?next=a?next=a?next=***"),
    # Nested too deep, each address escaped in the one holding it, its name escaped once more:
    # read and redacted whole all the same, though no secret's name shows however often the
    # query is decoded as deep as names are (fail closed).
    ("limit=1&next=" + escaped_deep("/a?pass%77ord=s3cr3t", 6),
     "limit=1&next=/a?next=/a?next=/a?next=/a?next=***"),
    # A name, or a value, escaped more often than a name is decoded: not read, hidden.
    ("pass%252525252577ord=s3cr3t&limit=1", "pass%252525252577ord=***&limit=1"),
    ("q=%252525252541&limit=1", "q=***&limit=1"),
    ("q=%2525252541&limit=1", "q=%2525252541&limit=1"),  # escaped as often as is read: kept
])
def test_a_query_nested_in_a_parameter_s_value_is_read_as_the_app_reads_it(query, shown):
    assert redact_url.query(query) == shown


#: A file whose password, of many words and a backslash, reaches messages that quote it by
#: its repr, and a setting that holds it with its whitespace changed.
QUOTED_SPACED_SECRET = """\
[DEFAULT]
admin_password = s3cr3t horse\\battery
  staple

[composite:main]
use = egg:Paste#urlmap
/ = app
/v9 = %(admin_password)s

[app:app]
use = %(admin_password)s
note = s3cr3t horse\\battery staple
"""


def test_a_secret_a_message_quotes_escaped_or_respaced_is_hidden(tmp_path):
    """A refusal quotes the name it did not find by its repr: a backslash doubled, the line
    break of a value's continuation line escaped; a setting may hold the same words on one
    line."""
    ini = tmp_path / "leak.ini"
    ini.write_text(QUOTED_SPACED_SECRET)
    text = run_cli("inspect", str(ini))
    lines = [line.strip("│├└─ ") for line in text.stdout.splitlines()]
    assert "line 8: [composite:main] '***': no such app, composite, pipeline or filter-app " \
           "section" in lines
    assert "line 11: [app:app] '***': no such app, composite, pipeline or filter-app " \
           "section" in lines
    doc = run_cli("inspect", str(ini), "--json").stdout
    nodes = {node["id"]: node for node in json.loads(doc)["graphs"][0]["nodes"]}
    assert nodes["app:app"]["conf"] == {"note": "***"}
    which = run_cli("which", str(ini), "GET", "/v9")
    assert "'***': no such app" in which.stdout
    for output in (text.stdout, text.stderr, doc, which.stdout, which.stderr):
        assert "s3cr3t" not in output and "staple" not in output


def test_a_short_secret_is_not_hidden_elsewhere_as_no_secret_would_be(tmp_path):
    """Below `MIN_HIDDEN` characters a secret-named setting's value is mostly no secret (a
    cache time, a retry count, a `yes`), and hiding it wherever it is a word would hide
    settings that are none: keystonemiddleware's `revocation_cache_time` beside its
    `token_cache_time`."""
    ini = tmp_path / "short.ini"
    ini.write_text("[app:main]\nuse = egg:A#a\ntoken_cache_time = 300\n"
                   "revocation_cache_time = 300\n")
    doc = json.loads(run_cli("inspect", str(ini), "--json").stdout)
    assert doc["graphs"][0]["nodes"][0]["conf"] == {
        "token_cache_time": "***", "revocation_cache_time": "300"}


def test_a_switch_or_number_a_secret_named_setting_holds_is_not_hidden_elsewhere(tmp_path):
    """keystonemiddleware's `service_token_roles_required = true` is secret-named (`token`)
    but no secret: `delay_auth_decision = true` beside it stays readable; a real secret of
    four characters or more still is hidden elsewhere."""
    ini = tmp_path / "switch.ini"
    ini.write_text("[filter:authtoken]\npaste.filter_factory = a:b\n"
                   "service_token_roles_required = true\ndelay_auth_decision = true\n"
                   "token_cache_time = 3000\nmemcache_pool_maxsize = 3000\n"
                   "admin_password = s3cr3t\nnote = s3cr3t\n"
                   "[pipeline:main]\npipeline = authtoken app\n[app:app]\nuse = egg:A#a\n")
    doc = json.loads(run_cli("inspect", str(ini), "--json").stdout)
    conf = next(node["conf"] for node in doc["graphs"][0]["nodes"]
                if node["id"] == "filter:authtoken")
    assert conf == {"service_token_roles_required": "***", "delay_auth_decision": "true",
                    "token_cache_time": "***", "memcache_pool_maxsize": "3000",
                    "admin_password": "***", "note": "***"}


@pytest.mark.parametrize(("target", "referer", "query", "referer_shown"), [
    # An `=` escaped with its secret, the name escaped too: the app reads it as a name.
    ("/v2.1/servers?limit=1&password%3Ds3cr3t-a&pass%77ord%3Ds3cr3t-a", "http://dash/",
     "limit=1&password%3D***&pass%77ord%3D***", "http://dash/"),
    # A secret's name escaped twice in a value: decoded once, the value still hides it.
    ("/v2.1/servers?limit=1&next=%2570assword%3Ds3cr3t-b&back=%2Fx%3F%2570assword%3Ds3cr3t-b",
     "http://dash/?next=%2Fx%3Fpass%2577ord%3Ds3cr3t-b",
     "limit=1&next=%2570assword=***&back=/x?%2570assword=***",
     "http://dash/?next=/x?pass%2577ord=***"),
    # A URL's password nested in a value of no secret name, and in a Referer as user info too.
    ("/v2.1/servers?limit=1&redirect_uri=https%3A%2F%2Fu%3As3cr3t-c%40h%2F",
     "https://u:s3cr3t-c@dash/?next=https://u:s3cr3t-c@dash/x",
     "limit=1&redirect_uri=https://u:***@h/", "https://u:***@dash/?next=https://u:***@dash/x"),
    # Addresses with no scheme hold no URL password: a search for mail, kept as sent.
    ("/v2.1/servers?limit=1&q=from:alice@example.com,to:bob@example.com",
     "http://dash/?q=from%3Aalice%40x.com%2Cto%3Abob%40y.com",
     "limit=1&q=from:alice@example.com,to:bob@example.com",
     "http://dash/?q=from%3Aalice%40x.com%2Cto%3Abob%40y.com"),
    # A secret nested deeper than is read, its name escaped once more each level: hidden whole.
    ("/v2.1/servers?limit=1&next=" + escaped_deep("/a?pass%77ord=s3cr3t-d", 6),
     "http://dash/?next=" + escaped_deep("/a?pass%77ord=s3cr3t-d", 6),
     "limit=1&next=/a?next=/a?next=/a?next=/a?next=***",
     "http://dash/?next=/a?next=/a?next=/a?next=/a?next=***"),
], ids=["escaped-equals", "escaped-twice", "password-nested", "mail-kept", "nested-too-deep"])
def test_a_secret_escaped_or_nested_is_redacted_in_the_trace_and_the_access_log(
        serve_stack, target, referer, query, referer_shown):
    """Sent as written (a raw request: an HTTP client would decode `%77`), the secret is
    neither in the trace file nor on the console, while the rest of the query reads as sent."""
    stack = serve_stack(DEMO / "compute.ini", "osapi_compute")
    status, headers, _ = raw_request(stack.url, target,
                                     headers=(*TOKEN.items(), ("Referer", referer)))
    assert status.endswith("200 OK")
    start = stack.trace(dict(headers)["X-Pastescope-Trace"])[0]["data"]
    assert (start["query"], start["headers"]["Referer"]) == (query, referer_shown)
    logged = stack.wait_for_output(re.compile(r'"(GET /v2\.1/servers\?[^"]*)"'))
    assert logged.group(1) == f"GET /v2.1/servers?{query} HTTP/1.0"
    assert "s3cr3t" not in stack.events_path.read_text() + stack.output()


def test_a_request_line_s_url_password_is_hidden_as_user_info_and_nested_alike():
    line = "GET http://u:s3cr3t@h/x?next=http%3A%2F%2Fu%3As3cr3t%40h%2F&to=http://u:s3cr3t@h/"
    assert redact_url.request_line(f"{line} HTTP/1.1") == (
        "GET http://u:***@h/x?next=http://u:***@h/&to=http://u:***@h/ HTTP/1.1")


#: A passphrase of many words interpolated into a pipeline, which reads it as four members,
#: and into a composite's alternative, which does too; a note holds it whole.
LISTED_PASSPHRASE = """\
[DEFAULT]
admin_password = correct horse battery staple

[pipeline:main]
pipeline = auth %(admin_password)s app

[composite:choose]
use = call:stack.wsgi:pipeline_factory
noauth2 = %(admin_password)s app
keystone = app

[filter:auth]
paste.filter_factory = stack.demo.x:f
note = see correct horse battery staple

[app:app]
use = egg:A#a
"""


def test_the_words_of_a_passphrase_a_pipeline_reads_as_members_are_hidden(tmp_path):
    """Each word is refused alone, by its repr: hidden there as the whole passphrase is in
    the note, in `inspect`, its JSON, `which` and what `serve` says."""
    ini = tmp_path / "phrase.ini"
    ini.write_text(LISTED_PASSPHRASE)
    text = run_cli("inspect", str(ini))
    lines = [line.strip("│├└─ ") for line in text.stdout.splitlines()]
    assert lines.count("line 5: [pipeline:main] '***': no such filter section") == 4
    # The tree's ✗ cites the `pipeline =` line, below the header's (line 4).
    assert lines.count("✗ '***': no such filter section   (line 5)") == 4
    doc = run_cli("inspect", str(ini), "--json").stdout
    nodes = {node["id"]: node for node in json.loads(doc)["graphs"][0]["nodes"]}
    assert [member["name"] for member in nodes["pipeline:main"]["refused_members"]] == [
        "***"] * 4
    assert nodes["filter:auth"]["conf"] == {"note": "see ***"}
    which = run_cli("which", str(ini), "GET", "/")
    assert "'***': no such filter section" in which.stdout
    served = run_cli("serve", str(ini), "--port", "0", "--trace-to", "off")
    assert served.returncode == 2
    assert "[pipeline:main] '***': no such filter section" in served.stderr
    choose = run_cli("inspect", str(ini), "--name", "choose")
    assert "'***' names no filter section; '***' names no filter section" in choose.stdout
    for output in (text.stdout, text.stderr, doc, which.stdout, which.stderr, served.stderr,
                   choose.stdout, choose.stderr):
        assert not re.search("correct|horse|battery|staple", output), output


def test_a_secret_a_setting_s_url_nests_is_hidden_in_every_other_setting(tmp_path):
    """A password or a token escaped in a URL's parameter is hidden in that URL as in a
    request's query, and so, like a password of its own, wherever another setting holds it.
    (A `%` is written `%%` in an ini.)"""
    ini = tmp_path / "nested.ini"
    ini.write_text("[app:main]\nuse = egg:A#a\n"
                   "auth_uri = http://k/?next=http%%3A%%2F%%2Fu%%3As3cr3t-n%%40h%%2F"
                   "&back=%%2Fx%%3Ftoken%%3Ds3cr3t-t\n"
                   "args = --pw s3cr3t-n --tok s3cr3t-t\n")
    doc = run_cli("inspect", str(ini), "--json").stdout
    assert json.loads(doc)["graphs"][0]["nodes"][0]["conf"] == {
        "auth_uri": "http://k/?next=http://u:***@h/&back=/x?token=***",
        "args": "--pw *** --tok ***"}
    assert "s3cr3t" not in doc
