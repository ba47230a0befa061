"""A stack served with `--check-wsgi` sends its wsgi.warning events to the dashboard, and the
request page lists them under "WSGI rules broken", naming the layer that broke each rule."""

from __future__ import annotations

from tests.conftest import raw_request
from tests.dashboard.page_text import section
from tests.dashboard.servers import announced
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored

#: An app that passes up a status with no reason phrase, behind a filter that passes it on.
INI = """\
[pipeline:main]
pipeline = tag app

[filter:tag]
use = call:tests.stack.paste_apps:make_tag

[app:app]
use = call:tests.stack.paste_apps:make_app
status = 200
"""


def test_the_request_page_lists_the_rules_broken(dashboard, tmp_path):
    ini = tmp_path / "broken.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini), stack="checked",
                   extra=("--check-wsgi",)) as stack:
        line, headers, body = raw_request(stack.url, "/")
        trace = stored(dashboard, dict(headers)["X-Pastescope-Trace"])
    assert (line, body) == ("HTTP/1.1 200", b"[tag]hello")
    [warning] = [e for e in trace["events"] if e["kind"] == "wsgi.warning"]
    assert warning["node"] == "app:app"
    _, _, page = dashboard.get(f"/requests/{trace['trace']}")
    assert section(page, "WSGI rules broken") == (
        "Said by a stack served with --check-wsgi: eventlet let these pass, and the client got "
        "what it would have got unchecked; another server, or a client, may refuse them. "
        "app:app passed up the status '200'; WSGI wants three digits, one space and a reason "
        "phrase, such as \"200 OK\"")
    assert '<li data-rule="status" data-node="app:app">' in page
    steps = steps_of(dashboard, trace["trace"])["steps"]
    assert [step["text"] for step in steps if step["kind"] == "wsgi.warning"] == [
        "WSGI rule broken: the app `app` passed up the status '200'; WSGI wants three digits, "
        "one space and a reason phrase, such as \"200 OK\"."]


def test_a_request_that_broke_no_rule_shows_no_such_block(dashboard, stack):
    _, _, trace = stack.get_servers()
    stored(dashboard, trace)
    _, _, page = dashboard.get(f"/requests/{trace}")
    assert "WSGI rules broken" not in page
