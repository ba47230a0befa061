"""Secrets OpenStack sends under other names: swift's auth headers, its temp URLs' signatures,
API keys, query parameters a client escaped or split with `;`, nova's `adminPass` wherever it
is sent, a URL's query in a `Referer`; and what must stay readable."""

from __future__ import annotations

import pytest
import requests

from stack import redact_environ
from stack import redact_json
from stack import redact_url
from tests.conftest import DEMO
from tests.conftest import TOKEN


@pytest.mark.parametrize(("sent", "shown"), [
    ("temp_url_sig=abc&temp_url_expires=1", "temp_url_sig=***&temp_url_expires=1"),  # swift
    ("key=AIza&q=x", "key=***&q=x"),
    ("X-Amz-Credential=AKIA%2F2013&AWSAccessKeyId=AK", "X-Amz-Credential=***&AWSAccessKeyId=***"),
    ("pass%77ord=hunter2&b=c%2Fd", "pass%77ord=***&b=c%2Fd"),  # the name as the app reads it
    ("limit=1;token=t", "limit=1;token=***"),  # WebOb splits on `;` too
    # what OpenStack's list calls send stays as it was sent, escapes and all
    ("sort_key=name&sort_dir=asc&marker=a%2Fb&flag",
     "sort_key=name&sort_dir=asc&marker=a%2Fb&flag"),
    ("keyword=k&design=d&monkey=1", "keyword=k&design=d&monkey=1"),
    # the names a JSON body's fields are redacted by, in a query too
    ("adminPass=a&pwd=p&pass=p&passphrase=p", "adminPass=***&pwd=***&pass=***&passphrase=***"),
    ("passage=1&bypass=2&compass=3", "passage=1&bypass=2&compass=3"),
])
def test_query_parameters_named_like_secrets_are_redacted(sent, shown):
    assert redact_url.query(sent) == shown


def test_request_headers_named_like_secrets_are_redacted():
    headers = redact_environ.headers(redact_environ.environ_headers({
        "HTTP_X_AUTH_USER": "test:tester", "HTTP_X_AUTH_KEY": "testing",
        "HTTP_X_STORAGE_PASS": "testing", "HTTP_PROXY_AUTHORIZATION": "Basic eA==",
        "HTTP_X_API_KEY": "k", "HTTP_X_AMZ_SECURITY_TOKEN": "t",
        "HTTP_X_ACCOUNT_META_TEMP_URL_KEY_2": "k", "HTTP_X_OPENSTACK_REQUEST_ID": "req-1",
        "HTTP_X_PASSAGE": "p", "HTTP_X_PASSPHRASE": "p", "HTTP_X_ADMIN_PASS": "p"}))
    assert headers == {
        "X-Auth-User": "test:tester", "X-Auth-Key": "***", "X-Storage-Pass": "***",
        "Proxy-Authorization": "***", "X-Api-Key": "***", "X-Amz-Security-Token": "***",
        "X-Account-Meta-Temp-Url-Key-2": "***", "X-Openstack-Request-Id": "req-1",
        "X-Passage": "p", "X-Passphrase": "***", "X-Admin-Pass": "***"}


def test_a_served_request_leaves_no_such_secret_in_its_events(serve_stack):
    stack = serve_stack(DEMO / "compute.ini", "osapi_compute")
    response = requests.get(
        stack.url + "/v2.1/servers?temp_url_sig=sig-secret&limit=1;token=tok-secret",
        headers={**TOKEN, "X-Auth-Key": "key-secret",
                 "X-Storage-Pass": "pass-secret"},
        timeout=10)
    assert response.status_code == 200
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    start = events[0]["data"]
    assert start["query"] == "temp_url_sig=***&limit=1;token=***"
    assert (start["headers"]["X-Auth-Key"], start["headers"]["X-Storage-Pass"]) == ("***", "***")
    assert "secret" not in stack.events_path.read_text()


@pytest.mark.parametrize("name", ["password", "adminPass", "pwd", "passphrase", "api_key"])
def test_a_name_secret_in_a_json_body_is_secret_in_a_query_and_a_header(name):
    """One list of secret words for all three: a name redacted in one is redacted in each."""
    assert redact_json.fields({name: "s"}) == {name: "***"}
    assert redact_url.query(f"{name}=s") == f"{name}=***"
    header = name.replace("_", "-")
    key = redact_environ.environ_key(header)
    assert redact_environ.headers(redact_environ.environ_headers({key: "s"})) == {
        redact_environ.header_name(key): "***"}


@pytest.mark.parametrize(("sent", "shown"), [
    ("http://app.test/login?token=t&password=p&next=/home",
     "http://app.test/login?token=***&password=***&next=/home"),
    ("https://admin:hunter2@app.test/?q=1", "https://admin:***@app.test/?q=1"),
    ("http://app.test/servers?limit=5", "http://app.test/servers?limit=5"),
])
def test_the_query_and_password_of_a_url_in_a_header_are_redacted(sent, shown):
    for header in ("Referer", "Location", "Content-Location"):
        key = redact_environ.environ_key(header)
        assert redact_environ.environ_headers({key: sent, "HTTP_ACCEPT": sent}) == {
            key: shown, "HTTP_ACCEPT": sent}


def test_a_served_request_leaves_no_secret_of_a_url_or_a_query_in_its_events(serve_stack):
    stack = serve_stack(DEMO / "oslo.ini", "oslo_compute")
    response = requests.get(
        stack.url + "/v2.1/servers?adminPass=SECRET16&pwd=SECRET17&limit=1",
        headers={"Referer": "http://app.test/login?token=SECRETR&password=SECRETR2",
                 "X-Passphrase": "SECRET61"},
        timeout=10)
    assert response.status_code == 200
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    start = events[0]["data"]
    assert start["query"] == "adminPass=***&pwd=***&limit=1"
    assert start["headers"]["Referer"] == "http://app.test/login?token=***&password=***"
    assert start["headers"]["X-Passphrase"] == "***"
    assert "SECRET" not in stack.events_path.read_text()
