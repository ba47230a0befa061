"""A stack served with `--check-wsgi` sends its wsgi.warning events to the dashboard, and the
request page lists them under "WSGI rules broken", naming the layer that broke each rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import raw_request
from tests.conftest import write_ini
from tests.dashboard.page_text import part
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.servers import announced
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.dashboard.wsgi_warned import BENT_INI
from tests.dashboard.wsgi_warned import INI
from tests.stack import paste_apps
from tests.stack.trace_checks import BENDING
from tests.stack.trace_checks import warned_in

#: What the "WSGI rules broken" section says before the rules.
SAID_BY = ("Said by a stack served with --check-wsgi: eventlet let these pass, and the client "
           "got what it would have got unchecked; another server, or a client, may refuse them.")


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
    # Where, too: the line of the app's code that made the start_response call.
    at = warned_in(paste_apps.make_app, "start_response(status, list(headers))", "app")
    assert section(page, "WSGI rules broken") == (
        f"{SAID_BY} app:app passed up the status '200'; WSGI wants three digits, one space "
        "and a reason phrase, such as \"200 OK\"" + at.replace("`", ""))
    assert '<li data-rule="status" data-node="app:app">' in page
    steps = steps_of(dashboard, trace["trace"])["steps"]
    assert [step["text"] for step in steps if step["kind"] == "wsgi.warning"] == [
        "WSGI rule broken: the app `app` passed up the status '200'; WSGI wants three digits, "
        f"one space and a reason phrase, such as \"200 OK\"{at}."]


def test_a_request_that_broke_no_rule_shows_no_such_block(dashboard, stack):
    _, _, trace = stack.get_servers()
    stored(dashboard, trace)
    _, _, page = dashboard.get(f"/requests/{trace}")
    assert "WSGI rules broken" not in page


#: Filters that pass down an environ WSGI forbids, each above a filter that passes it on
#: unchanged (`tag`): path → the filter, and the words the page shows after its name. `/fine`
#: breaks no rule.
BENT = {
    "/int": ("int_count", "passed down HTTP_X_COUNT as an int (5); WSGI wants a str for every "
                          "CGI variable (a key with no dot)"),
    "/bytes": ("bytes_count", "passed down HTTP_X_COUNT as a bytes (b'five'); WSGI wants a str "
                              "for every CGI variable (a key with no dot)"),
    "/relative": ("relative", "passed down PATH_INFO as 'servers/1', with no leading /; "
                              "WSGI wants it empty or starting with /"),
    "/slashed": ("slashed", "passed down SCRIPT_NAME as '/v2/', which ends in /; WSGI "
                            "wants it empty or starting with / and not ending with one: the "
                            "/ after it starts PATH_INFO"),
}


def asked_checked(dashboard, folder: Path, ini: str, stack: str, paths: list[str]) -> dict:
    """Each of `paths` asked once of `ini`, written in `folder`, served with --check-wsgi as
    `stack`: path → (status line, body, the stored trace)."""
    written = write_ini(folder, ini, f"{stack}.ini")
    with announced(dashboard, "main", str(written), stack=stack,
                   extra=("--check-wsgi",)) as server:
        answered = {path: raw_request(server.url, path) for path in paths}
        return {path: (line, body, stored(dashboard, dict(headers)["X-Pastescope-Trace"]))
                for path, (line, headers, body) in answered.items()}


@pytest.fixture(scope="module")
def bent(dashboard, tmp_path_factory):
    """Each `BENT` path and `/fine` asked once of `BENT_INI`."""
    return asked_checked(dashboard, tmp_path_factory.mktemp("bent"), BENT_INI, "bent",
                         [*BENT, "/fine"])


def test_the_request_page_names_the_filter_that_passed_down_a_bad_environ(dashboard, bent):
    for path, (name, words) in BENT.items():
        line, body, trace = bent[path]
        assert (line, body) == ("HTTP/1.1 200 OK", b"[tag]hello")
        _, _, page = dashboard.get(f"/requests/{trace['trace']}")
        assert section(page, "WSGI rules broken") == (
            f"{SAID_BY} filter:{name} {words}{BENDING.replace('`', '')}"), path


def status_cell(page: str, trace: str) -> str:
    """The text of the status cell of the list row of `trace`."""
    row = part(page, f'data-trace="{trace}"', "</tr>")
    return " ".join(shown(part(row, '<td class="status">', "</td>")).split())


def test_the_list_marks_the_requests_that_broke_a_rule_and_filters_them(dashboard, bent):
    broken = {bent[path][2]["trace"] for path in BENT}
    fine = bent["/fine"][2]["trace"]
    _, _, page = dashboard.get("/requests?stack=bent")
    for trace in broken:
        assert status_cell(page, trace) == "200 · wsgi: 1 WSGI rule broken"
    assert status_cell(page, fine) == "200"

    _, _, page = dashboard.get("/requests?stack=bent&status=wsgi")
    assert set(re.findall(r'<tr [^>]*data-trace="([^"]+)"', page)) == broken
    assert 'value="wsgi"' in page
    _, _, listed = dashboard.get("/api/traces?stack=bent&status=WSGI")
    assert {(row["trace"], row["wsgi_warnings"]) for row in listed} == {
        (trace, 1) for trace in broken}


#: Layers that break a WSGI rule away from their own steps, or answer a 2xx themselves and
#: break one: `counting` in the start_response it hands down, which the WebOb filter below it
#: calls only as it answers; `later` in a body the server reads once every layer returned;
#: `twice` and `str` as they answer.
ASIDE_INI = """\
[composite:main]
use = egg:Paste#urlmap
/counted = counted
/later = later
/twice = twice
/str = str

[pipeline:counted]
pipeline = counting request_id app

[pipeline:later]
pipeline = later app

[pipeline:twice]
pipeline = twice app

[pipeline:str]
pipeline = str app

[filter:counting]
use = call:tests.stack.paste_apps:make_int_header

[filter:request_id]
paste.filter_factory = stack.filters.request_id:RequestId.factory

[filter:later]
use = call:tests.stack.paste_apps:make_self_answering
mistake = str_later

[filter:twice]
use = call:tests.stack.paste_apps:make_self_answering
mistake = twice

[filter:str]
use = call:tests.stack.paste_apps:make_self_answering
mistake = str

[app:app]
use = call:tests.stack.paste_apps:make_app
"""


@pytest.fixture(scope="module")
def aside(dashboard, tmp_path_factory):
    """Each path of `ASIDE_INI` asked once."""
    return asked_checked(dashboard, tmp_path_factory.mktemp("aside"), ASIDE_INI, "aside",
                         ["/counted", "/later", "/twice", "/str"])


def warning_step(dashboard, trace: dict) -> tuple[list[tuple[str, str]], int, str]:
    """The (kind, node) of every step of `trace`'s step view, the index of its one warning,
    and that warning's text."""
    steps = steps_of(dashboard, trace["trace"])["steps"]
    [at] = [step["index"] for step in steps if step["kind"] == "wsgi.warning"]
    return [(step["kind"], step["node"]) for step in steps], at, steps[at]["text"]


def test_a_warning_said_inside_the_layer_below_says_why_it_is_there(dashboard, aside):
    line, _, trace = aside["/counted"]
    assert line == "HTTP/1.1 200 OK"
    hops, at, text = warning_step(dashboard, trace)
    # Where it happened: as the WebOb filter below answered, once the app had returned.
    assert hops[at - 1:at + 3] == [("node.leave", "app:app"),
                                   ("wsgi.warning", "filter:counting"),
                                   ("node.leave", "filter:request_id"),
                                   ("node.leave", "filter:counting")]
    counted = warned_in(paste_apps.make_int_header,
                        'start_response(status, [*headers, ("X-Count", 42)], exc_info)',
                        "counted")
    assert text == (
        "WSGI rule broken: the filter `counting` passed up the header `X-Count` as an int "
        f"(42); WSGI wants str{counted}. It happened inside the filter `request_id`, which "
        "runs below the filter `counting` and called the start_response the filter "
        "`counting` had handed down.")


def test_a_warning_on_a_body_read_after_every_layer_says_so_and_names_its_yield(dashboard,
                                                                                aside):
    line, _, trace = aside["/later"]
    assert line == "HTTP/1.1 200 OK"
    hops, at, text = warning_step(dashboard, trace)
    assert hops[at - 1:] == [("node.leave", "composite:main"),
                             ("wsgi.warning", "filter:later"), ("request.end", None)]
    yielded = warned_in(paste_apps.make_self_answering, 'yield "world"', "later")
    assert text == (
        "WSGI rule broken: the filter `later` passed up a body item as a str; WSGI wants "
        f"bytes{yielded}. It happened as the server read the body the filter `later` "
        "returned, after every layer had returned.")


@pytest.mark.parametrize(("path", "status"), [("/twice", "202"), ("/str", "200")])
def test_the_story_of_a_layer_that_answered_itself_says_it_broke_a_rule(dashboard, aside,
                                                                       path, status):
    name = path.strip("/")
    line, _, trace = aside[path]
    assert line.startswith(f"HTTP/1.1 {status} ")
    _, _, page = dashboard.get(f"/requests/{trace['trace']}")
    why = part(page, '<section class="why"', "</section>")
    assert "<h3>Why it was answered early</h3>" in why
    lines = ASIDE_INI.splitlines()
    at = {header: lines.index(header) + 1 for header in (f"[filter:{name}]", f"[pipeline:{name}]")}
    assert [shown(line) for line in re.findall(r"<li>(.*?)</li>", why)][-2:] == [
        f"The filter {name} (aside.ini line {at[f'[filter:{name}]']}, placed by "
        f"[pipeline:{name}] at line {at[f'[pipeline:{name}]']}) answered {status} itself, "
        "without calling the next layer (a short circuit); these layers never ran: the app app.",
        f"The filter {name} broke a WSGI rule, which eventlet let pass: “WSGI rules broken” "
        "says which."]
    assert "<h3>WSGI rules broken</h3>" in page
    story = steps_of(dashboard, trace["trace"])["failure"]
    assert story[-1] == (f"The filter `{name}` broke a WSGI rule, which eventlet let pass: "
                         "“WSGI rules broken” says which.")
