"""Secrets never leave the stack: headers, query strings, JSON fields, and an ini's settings
wherever a message quotes them."""

from __future__ import annotations

import json

import pytest

from stack import redact
from tests.conftest import run_cli


def test_secret_headers_are_redacted_and_others_kept():
    headers = redact.headers(redact.environ_headers({"PATH_INFO": "/",
        "HTTP_X_AUTH_TOKEN": "t", "HTTP_X_SUBJECT_TOKEN": "t", "HTTP_X_SERVICE_TOKEN": "t",
        "HTTP_AUTHORIZATION": "Basic eA==", "HTTP_COOKIE": "a=b", "HTTP_ACCEPT": "*/*"}))
    assert headers == {
        "X-Auth-Token": "***", "X-Subject-Token": "***", "X-Service-Token": "***",
        "Authorization": "***", "Cookie": "***", "Accept": "*/*"}


def test_each_request_shows_its_own_headers_though_their_reading_is_planned_once():
    first = {"PATH_INFO": "/", "HTTP_X_AUTH_TOKEN": "a", "HTTP_ACCEPT": "text/plain"}
    second = {"PATH_INFO": "/", "HTTP_X_AUTH_TOKEN": "b", "HTTP_ACCEPT": "*/*"}
    more = {**second, "HTTP_COOKIE": "c", "HTTP_USER_AGENT": "curl"}
    assert redact.environ_headers(first) == {"HTTP_X_AUTH_TOKEN": "***",
                                             "HTTP_ACCEPT": "text/plain"}
    assert redact.environ_headers(second) == {"HTTP_X_AUTH_TOKEN": "***", "HTTP_ACCEPT": "*/*"}
    assert list(redact.environ_headers(more).items()) == [
        ("HTTP_X_AUTH_TOKEN", "***"), ("HTTP_ACCEPT", "*/*"), ("HTTP_COOKIE", "***"),
        ("HTTP_USER_AGENT", "curl")]


def test_query_secrets_are_redacted():
    assert redact.query("limit=5&marker=x") == "limit=5&marker=x"
    assert redact.query("auth_token=abc&limit=5") == "auth_token=***&limit=5"
    assert redact.query("password=p&X-Amz-Signature=s") == "password=***&X-Amz-Signature=***"


@pytest.mark.parametrize(("line", "shown"), [
    ("GET /servers?limit=2&password=p HTTP/1.1", "GET /servers?limit=2&password=*** HTTP/1.1"),
    ("GET\t/servers?token=t\tHTTP/1.1", "GET\t/servers?token=***\tHTTP/1.1"),
    ("GET http://u:pw@h/x?sig=s HTTP/1.0", "GET http://u:***@h/x?sig=*** HTTP/1.0"),
    ("GET /x?pass%77ord=p", "GET /x?pass%77ord=***"),
    ("GET /servers?limit=2 HTTP/1.1", "GET /servers?limit=2 HTTP/1.1"),
])
def test_a_request_line_s_query_secrets_are_redacted_its_version_kept(line, shown):
    assert redact.request_line(line) == shown


def test_password_fields_are_redacted_at_any_depth():
    body = {"auth": {"identity": {"password": {"user": {"name": "u", "password": "p"}}}},
            "server": {"adminPass": "a", "name": "n"}, "list": [{"secret": "s"}]}
    assert redact.fields(body) == {
        "auth": {"identity": {"password": {"user": {"name": "u", "password": "***"}}}},
        "server": {"adminPass": "***", "name": "n"}, "list": [{"secret": "***"}]}


def test_secret_settings_are_redacted_by_name_and_others_kept():
    conf = {
        "encryption_root_secret": "s", "hmac_keys": "k", "admin_password": "p",
        "set db_passwd": "p", "Auth_Token_Cache": "t", "app_credential_id": "c", "api_key": "k",
        "MEMCACHE_SECRET_KEY": "k", "enabled": "yes", "keystone": "authtoken app",
        "key_manager": "barbican", "delay_auth_decision": "true",
    }
    assert redact.redacted(conf)[0] == {
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
    assert redact.redacted(conf)[0] == {
        "sqlalchemy.url": "mysql+pymysql://root:***@localhost/nova?charset=utf8",
        "transport_url": "rabbit://openstack:***@ctl1:5672,openstack:***@ctl2:5672/",
        "memcached_servers": "localhost:11211", "www_authenticate_uri": "http://ctl:5000/v3",
        "proxy": "http://user@proxy:3128", "note": "mail admin:x@example.org",
        "auth_uri": "http://k/?password=***&region=r", "next": "http://k/?next=http://u:***@h/",
    }


@pytest.mark.parametrize("factory", [("use", "egg:swift#tempauth"), (
    "paste.filter_factory", "swift.common.middleware.tempauth:filter_factory")])
def test_the_keys_of_swift_tempauths_users_are_redacted_and_their_groups_kept(factory):
    conf = {factory[0]: factory[1], "user_admin_admin": "admin .admin .reseller_admin",
            "user64_dGVzdA_dGVzdGVy": "testing .admin http://127.0.0.1:8080/v1/AUTH_t",
            "user_test_tester3": "testing3", "reseller_prefix": "AUTH"}
    shown = redact.redacted(conf)[0]
    assert [shown[name] for name in list(conf)[1:]] == [
        "*** .admin .reseller_admin", "*** .admin http://127.0.0.1:8080/v1/AUTH_t", "***", "AUTH"]
    # Another filter's settings of that shape are not accounts.
    assert redact.redacted({"use": "egg:x#agent", "user_agent_name": "pastescope"})[0] == {
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
    assert redact.body_text(text) == shown


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
    assert ("! leak.ini:17: `paste.filter_factory = ***` has no `:`: a factory is "
            "`module:object`; without the `:` PasteDeploy imports all of `***` as a module and "
            "calls the module itself, which fails") in lines
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
     "'%' must be followed by '%' or '(', found: '***' (in 'admin_password', redacted)"),
    ("[DEFAULT]\nadmin_password = s3cr3t-pw%(nope\n[app:main]\nuse = egg:A#a\n", "{}:2: ",
     "bad interpolation variable reference '***' (in 'admin_password', redacted)"),
    # Reached through a setting of another name, which the refusal names.
    ("[app:main]\nuse = egg:A#a\nargs = %(admin_password)s\nadmin_password = s3cr3t%zz\n",
     "line 3: [app:main] ",
     "'%' must be followed by '%' or '(', found: '***' (in 'admin_password', redacted)"),
    ("[app:main]\nuse = egg:A#a\nadmin_password = s3cr3t-pw %(admin_password)s\n",
     "line 3: [app:main] ",
     "option 'admin_password' in section 'app:main' refers to itself (admin_password → "
     "admin_password), so it can never be filled in: a %(name)s reads its section's own key, "
     "and [DEFAULT]'s only where the section has none. PasteDeploy gives up after 10 steps "
     "(Recursion limit exceeded in value substitution). Raw value: '***'"),
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
