"""A stack served with `--check-wsgi` records the response headers each layer passed up,
secrets redacted, and the request page says what each layer added, changed or removed, and what
the stack answered with; the step view says it at the layer's leave. Without the flag nothing
is recorded and the page reads as it did."""

from __future__ import annotations

import json

import pytest

from stack.wsgi_checks_headers import MAX_HEADERS
from tests.conftest import raw_request
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.servers import announced
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.stack.app_inis import filtered

#: An app passing up a cookie, a debug header and a Location whose query holds a token, under
#: a filter that passes them on and one that changes them on the way out.
INI = """\
[pipeline:main]
pipeline = changer tag app

[filter:changer]
use = call:tests.stack.paste_apps:make_header_changer
put = X-Stamp=stamped Content-Type=text/html
remove = X-Debug

[filter:tag]
use = call:tests.stack.paste_apps:make_tag

[app:app]
use = call:tests.stack.paste_apps:make_app
headers = X-Debug=on Set-Cookie=session=s3cr3t Location=http://h/next?token=t0k3n&page=2
"""
#: What the "Response headers" section says before the layers.
RECORDED_BY = ("Recorded by a stack served with --check-wsgi, secrets redacted by the stack: "
               "what each layer did to the headers the layer below it passed up, from the "
               "innermost out.")
#: The Location the app passed up, as recorded: its query's token redacted.
LOCATION = "http://h/next?token=***&page=2"


def served(dashboard, tmp_path, name: str, *extra: str,
           text: str = INI) -> tuple[list[tuple[str, str]], dict, str]:
    """The ini `text` asked for `/` once, served as stack `name` with `extra` options: the
    headers the client got, the stored trace, and the request's page."""
    ini = tmp_path / "headers.ini"
    ini.write_text(text)
    with announced(dashboard, "main", str(ini), stack=name, extra=extra) as stack:
        line, headers, body = raw_request(stack.url, "/")
        trace = stored(dashboard, dict(headers)["X-Pastescope-Trace"])
    if text == INI:
        assert (line, body) == ("HTTP/1.1 200 OK", b"[tag]hello")
    _, _, page = dashboard.get(f"/requests/{trace['trace']}")
    return headers, trace, page


def test_the_request_page_says_what_each_layer_did_to_the_response_headers(dashboard,
                                                                             tmp_path):
    headers, trace, page = served(dashboard, tmp_path, "checked", "--check-wsgi")
    assert ("Set-Cookie", "session=s3cr3t") in headers  # the client got it whole
    assert section(page, "Response headers") == (
        f"{RECORDED_BY} "
        "app:app added Content-Type: text/plain, added X-Debug: on, added Set-Cookie: ***, "
        f"added Location: {LOCATION} "
        "filter:tag passed them up unchanged "
        "filter:changer added X-Stamp: stamped, changed Content-Type from text/plain to "
        "text/html, removed X-Debug: on "
        "The stack answered with these headers (the server adds its own, such as Date, and "
        f"Pastescope X-Pastescope-Trace): Set-Cookie *** Location {LOCATION} "
        "X-Stamp stamped Content-Type text/html")
    assert "the response's are recorded only" not in page
    # the secrets never left the stack
    recorded = json.dumps(trace)
    assert "s3cr3t" not in recorded and "t0k3n" not in recorded
    assert "s3cr3t" not in page and "t0k3n" not in page

    steps = steps_of(dashboard, trace["trace"])["steps"]
    [changer] = [step["text"] for step in steps
                 if step["kind"] == "node.leave" and step["node"] == "filter:changer"]
    assert changer.endswith(
        "; in the response headers it added `X-Stamp: stamped`, changed `Content-Type` from "
        "`text/plain` to `text/html`, removed `X-Debug: on`."), changer
    [tag] = [step["text"] for step in steps
             if step["kind"] == "node.leave" and step["node"] == "filter:tag"]
    assert "response headers" not in tag


def test_without_check_wsgi_no_response_header_is_recorded(dashboard, tmp_path):
    headers, trace, page = served(dashboard, tmp_path, "unchecked")
    assert ("Set-Cookie", "session=s3cr3t") in headers
    leaves = [e["data"] for e in trace["events"] if e["kind"] == "node.leave"]
    assert leaves and not any("headers" in data or "more_headers" in data for data in leaves)
    assert "<h3>Response headers</h3>" not in page
    assert ("(as the server passed them on to the app, a header sent twice with its values "
            "joined by commas; secrets redacted by the stack; the response's are recorded "
            "only by a stack served with --check-wsgi)") in " ".join(shown(page).split())
    assert "response headers" not in json.dumps(steps_of(dashboard, trace["trace"]))


def test_a_server_500_with_no_layer_s_headers_is_not_sent_to_check_wsgi(dashboard, tmp_path):
    """A filter raised before anything called start_response: no layer passed headers up, so a
    stack served with --check-wsgi recorded none either. The page says so, not that only such
    a stack records them, which read as advice to turn on the flag it was served with."""
    _, trace, page = served(dashboard, tmp_path, "raising", "--check-wsgi",
                            text=filtered("raising", "make_raising_filter"))
    assert trace["status"] == 500
    assert "<h3>Response headers</h3>" not in page
    assert ("secrets redacted by the stack; no layer passed response headers up: the server "
            "answered with its own 500)") in " ".join(shown(page).split())
    assert "the response's are recorded only" not in page


def many_ini(many: int) -> str:
    """An app passing up `many` headers (its Content-Type and X-N1…), more than a trace
    records of one layer (`MAX_HEADERS`)."""
    return f"""\
[app:main]
use = call:tests.stack.paste_apps:make_app
headers = {" ".join(f"X-N{n}={n}" for n in range(1, many))}
"""


@pytest.mark.parametrize("more, said", [(3, "3 more headers"), (1, "1 more header")])
def test_a_layer_s_headers_are_recorded_up_to_a_bound(dashboard, tmp_path, more, said):
    _, trace, page = served(dashboard, tmp_path, "many", "--check-wsgi",
                            text=many_ini(MAX_HEADERS + more))
    [leave] = [e["data"] for e in trace["events"] if e["kind"] == "node.leave"]
    assert len(leave["headers"]) == MAX_HEADERS and leave["more_headers"] == more
    layer = section(page, "Response headers").split("app:main ", 1)[1]
    assert layer.startswith("added Content-Type: text/plain, added X-N1: 1, ")
    assert layer.split(" The stack answered")[0].endswith(
        f"added X-N{MAX_HEADERS - 1}: {MAX_HEADERS - 1} ({said} not recorded)")


def test_a_header_name_that_is_no_http_token_is_recorded_and_shown(dashboard, tmp_path):
    """The trace records the names a layer passed up as they were, tokens or not (the stack's
    `--check-wsgi` says which break the rule): the dashboard takes the batch holding one, and
    the page shows it, rather than refusing the trace that shows the bug."""
    _, _, page = served(dashboard, tmp_path, "colon", "--check-wsgi", text=(
        "[app:main]\nuse = call:tests.stack.paste_apps:make_app\nheaders = X-Note:=noted\n"))
    assert section(page, "Response headers").startswith(
        f"{RECORDED_BY} app:main added Content-Type: text/plain, added X-Note:: noted ")
    assert ("app:main passed up the header name 'X-Note:', which holds ':'; WSGI wants an HTTP "
            "field name, with no colon, space or control character") in shown(page)


#: An app passing up a token and a cookie, under a filter that passes them on and one that
#: replaces the token with another on the way out (keystone's `X-Subject-Token`).
TOKEN_INI = """\
[pipeline:main]
pipeline = changer tag app

[filter:changer]
use = call:tests.stack.paste_apps:make_header_changer
put = X-Subject-Token=n3wt0k3n

[filter:tag]
use = call:tests.stack.paste_apps:make_tag

[app:app]
use = call:tests.stack.paste_apps:make_app
headers = X-Subject-Token=0ldt0k3n Set-Cookie=session=s3cr3t
"""


def test_a_layer_that_changes_a_secret_header_is_said_to_change_it_its_values_hidden(
        dashboard, tmp_path):
    headers, trace, page = served(dashboard, tmp_path, "token", "--check-wsgi", text=TOKEN_INI)
    assert ("X-Subject-Token", "n3wt0k3n") in headers  # the client got the new one
    layers = section(page, "Response headers").split(" The stack answered")[0]
    assert layers.endswith(
        "app:app added Content-Type: text/plain, added X-Subject-Token: ***, "
        "added Set-Cookie: *** "
        "filter:tag passed them up unchanged "
        "filter:changer changed X-Subject-Token (value hidden)"), layers
    steps = steps_of(dashboard, trace["trace"])["steps"]
    [changer] = [step["text"] for step in steps
                 if step["kind"] == "node.leave" and step["node"] == "filter:changer"]
    assert changer.endswith(
        "; in the response headers it changed `X-Subject-Token` (value hidden)."), changer
    recorded = json.dumps(trace) + json.dumps(steps) + page
    assert not any(secret in recorded for secret in ("0ldt0k3n", "n3wt0k3n", "s3cr3t"))
