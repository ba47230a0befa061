"""Secrets never leave the stack: headers, query strings and JSON fields."""

from __future__ import annotations

import pytest

from stack import redact


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
