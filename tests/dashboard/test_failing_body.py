"""A body that fails as it is sent, after every layer returned: the request page and the step
view say so, and say what the client got."""

from __future__ import annotations

import re

import pytest

from tests.conftest import raw_request
from tests.dashboard.page_text import page_section
from tests.dashboard.page_text import shown
from tests.dashboard.page_text import timeline_row
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import announced
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.stack.app_inis import counted_ini
from tests.stack.app_inis import ref
from tests.stack.body_end_apps import leave_part_way


def served(dashboard, ini, name: str = "main") -> tuple[str, bytes, str, dict]:
    """GET / of `ini`, served as the stack `name` reporting to `dashboard`: the status line and
    body the client got, its trace id, and that trace once stored."""
    with announced(dashboard, name, str(ini)) as stack:
        line, headers, body = raw_request(stack.url, "/")
        trace = dict(headers)["X-Pastescope-Trace"]
        return line, body, trace, stored(dashboard, trace)


def test_the_pages_say_the_body_broke_after_the_layers(dashboard, tmp_path):
    ini = tmp_path / "failing.ini"
    ini.write_text("[app:main]\nuse = call:tests.stack.paste_apps:make_failing\nsize = 10\n")
    line, _, trace, summary = served(dashboard, ini)
    assert (line, summary["status"]) == ("HTTP/1.1 200 OK", 200)
    errors = page_section(dashboard, trace, "Errors")
    [where] = [e["data"]["raised_in"] for e in summary["events"] if e["kind"] == "error"]
    assert where.startswith("paste_apps.py:") and where.endswith(" in body")
    assert (f"RuntimeError: the body broke part way — raised at app:main ({where}), caught by "
            "server") in errors
    steps = steps_of(dashboard, trace)
    assert steps["failure"][-1].endswith(
        "the client had got the status and 10 bytes of the body, and then the server cut the "
        "connection.")
    # The list's row says it too: a green 200 alone reads as all went well.
    _, _, rows = dashboard.get("/requests", headers=HTMX)
    [row] = [row for row in rows.split("</tr>") if f'data-trace="{trace}"' in row]
    cell = row.split('<td class="status">', 1)[1].split("</td>", 1)[0]
    assert " ".join(shown(cell).split()) == "200 · error"
    assert 'title="RuntimeError: the body broke part way"' in row
    # …and the status filter finds it by that word, in the list and the API.
    _, _, rows = dashboard.get("/requests?status=error", headers=HTMX)
    assert f'data-trace="{trace}"' in rows
    _, _, found = dashboard.get("/api/traces?status=error")
    assert trace in [row["trace"] for row in found]
    assert all(row["error"] for row in found)


def test_a_filter_s_body_that_broke_is_said_to_be_the_filter_s(dashboard, tmp_path):
    """The filter returned with its app's 200 (a list: it answered at once); the generator
    the filter returned raised later, as the server read it: the filter's code raised it, so
    the page names the filter's body, read after it returned."""
    ini = tmp_path / "breaking.ini"
    ini.write_text(f"[pipeline:main]\npipeline = breaking app\n\n"
                   f"[filter:breaking]\npaste.filter_factory = {ref('make_breaking_body_filter')}\n"
                   "\n[app:app]\nuse = call:tests.stack.paste_apps:make_app\n")
    line, body, trace, summary = served(dashboard, ini)
    assert (line, body) == ("HTTP/1.1 200 OK", b"hello")  # then cut short
    [error] = [e["data"] for e in summary["events"] if e["kind"] == "error"]
    assert (error["raised_at"], error["caught_by"]) == ("filter:breaking", "server")
    assert page_section(dashboard, trace, "Errors") == (
        "RuntimeError: the filter's body broke — raised as the body of filter:breaking was read "
        f"({error['raised_in']}), caught by server")
    assert error["raised_in"].startswith("body_apps.py:")
    assert error["raised_in"].endswith(" in chunks")
    # The step view and the story say what the page says.
    steps = steps_of(dashboard, trace)
    said = ("RuntimeError (\"the filter's body broke\") was raised as the body of the filter "
            f"`breaking` was read (`{error['raised_in']}`); no layer caught it; the client had "
            "got the status and 5 bytes of the body, and then the server cut the connection.")
    assert [s["text"] for s in steps["steps"] if s["kind"] == "error"] == [said]
    assert steps["failure"][-1] == said


def test_a_request_sent_from_the_page_whose_body_is_cut_short_is_shown_and_traced(dashboard,
                                                                                   tmp_path):
    ini = tmp_path / "failing.ini"
    ini.write_text("[app:main]\nuse = call:tests.stack.paste_apps:make_failing\nsize = 10\n")
    with announced(dashboard, "main", str(ini)):
        status, _, result = dashboard.post("/api/send", {"stack": "main", "method": "GET",
                                                         "path": "/", "headers": {}, "body": ""})
        # The stack was reached and answered: its status, its trace, and what went wrong.
        assert status == 200, result
        assert (result["status"], result["body"], result["cut"]) == (
            200, "x" * 10, "the stack cut the body short after 10 bytes")
        assert stored(dashboard, result["trace"])["status"] == 200


def test_the_pages_say_a_body_s_close_failed_after_it_was_sent(dashboard, tmp_path):
    ini = tmp_path / "closing.ini"
    ini.write_text(f"[app:closing]\nuse = call:{ref('make_failing_close')}\n")
    line, body, trace, summary = served(dashboard, ini, "closing")
    assert (line, body) == ("HTTP/1.1 200 OK", b"x" * 10)
    [where] = [e["data"]["raised_in"] for e in summary["events"] if e["kind"] == "error"]
    assert where.startswith("body_end_apps.py:") and where.endswith(" in close")
    assert page_section(dashboard, trace, "Errors") == (
        "OSError: the body's close broke — raised by the close() of the response body, once "
        f"it was done ({where}), caught by server")
    steps = steps_of(dashboard, trace)
    assert "the client had got the status and 10 bytes of the body, and then the server " \
           "dropped the connection" in steps["failure"][-1]


@pytest.mark.parametrize("writes", [False, True], ids=["body", "write"])
def test_the_pages_say_the_client_went_away_part_way(dashboard, tmp_path, writes):
    taken = tmp_path / "taken"
    ini = tmp_path / "counted.ini"
    ini.write_text(counted_ini(taken, "counted", writes))
    with announced(dashboard, "counted", str(ini)) as stack:
        trace = leave_part_way(stack.url)
        summary = stored(dashboard, trace)
    [end] = [e["data"] for e in summary["events"] if e["kind"] == "request.end"]
    assert end["status"] == 200 and end["client_gone"] is True and end["bytes"] < 20_000
    assert page_section(dashboard, trace, "Response").endswith(
        f"Cut short: the client went away. The server had written {end['bytes']} bytes of the "
        "body (what reached the client may be less), and the rest was never sent.")
    steps = steps_of(dashboard, trace)
    assert ("when the client went away: writing to it failed, so the rest was never sent."
            in steps["steps"][-1]["text"])
    # The app that wrote got the failed write as an exception: something went wrong, but
    # nothing failed the request, nor answered it early.
    _, _, page = dashboard.get(f"/requests/{trace}")
    headings = {"What went wrong" if writes else None} - {None}
    assert {h for h in ("Why it failed", "What went wrong", "Why it was answered early")
            if f"<h3>{h}</h3>" in page} == headings


def test_the_timeline_says_no_status_of_layers_with_no_start_response(dashboard, tmp_path):
    """They raised nothing: the server found no status to send the body with."""
    ini = tmp_path / "unstarted.ini"
    ini.write_text(f"[pipeline:main]\npipeline = passing app\n\n"
                   f"[filter:passing]\nuse = call:{ref('make_inspecting_filter')}\n\n"
                   f"[app:app]\nuse = call:{ref('make_unstarted_app')}\n")
    line, _, trace, _ = served(dashboard, ini)
    assert line == "HTTP/1.1 500 Internal Server Error"
    timeline = page_section(dashboard, trace, "Timeline")
    assert "raised" not in timeline and timeline.count("no status") == 3, timeline


def test_a_body_of_bytes_is_said_to_be_refused_as_the_server_took_it(dashboard, tmp_path):
    """No line of the app raised the error, and no body was sent: the Errors list says the
    server could not take what the layers returned, not that a body broke as it was sent."""
    ini = tmp_path / "bytes.ini"
    ini.write_text(f"[app:main]\npaste.app_factory = {ref('make_misshapen_app')}\nbody = bytes\n")
    line, _, trace, _ = served(dashboard, ini)
    assert line == "HTTP/1.1 500 Internal Server Error"
    assert page_section(dashboard, trace, "Errors") == (
        "TypeError: the response body is a bytes object, not an iterable of bytes: a WSGI layer "
        "returns a list of bytes, such as [b\"...\"] — raised as the server took the body the "
        "layers returned, which is no body it can send, caught by server")


def test_the_timeline_says_body_raised_of_layers_whose_returned_body_raised(dashboard, tmp_path):
    """A fault wrapper (a try/except around its call) over a generator filter and an app whose
    body raises at once: every call returned before the body was read, so the wrapper's row
    says its body raised, as the step view's box does, not that it raised, which read as an
    exception its try/except should have caught."""
    ini = tmp_path / "wrapped.ini"
    ini.write_text(f"[pipeline:main]\npipeline = swallowing passing app\n\n"
                   f"[filter:swallowing]\nuse = call:{ref('make_swallowing_filter')}\n\n"
                   f"[filter:passing]\nuse = call:{ref('make_generator_filter')}\n\n"
                   f"[app:app]\nuse = call:{ref('make_raising_body_app')}\nat_once = yes\n")
    line, _, trace, _ = served(dashboard, ini)
    assert line == "HTTP/1.1 500 Internal Server Error"
    timeline = page_section(dashboard, trace, "Timeline")
    assert re.findall(r"(\w+:\w+) (body raised|raised|\d{3}) ", timeline) == [
        ("pipeline:main", "body raised"), ("filter:swallowing", "body raised"),
        ("filter:passing", "body raised"), ("app:app", "200")], timeline
    _, _, page = dashboard.get(f"/requests/{trace}")
    assert ('data-outcome="body-raised" title="It returned; the exception came out of the body '
            'it returned') in timeline_row(page, "filter:swallowing")
    steps = steps_of(dashboard, trace)["steps"]
    assert {s["node"]: s["outcome"] for s in steps if s["kind"] == "node.leave"} == {
        "pipeline:main": "body raised", "filter:swallowing": "body raised",
        "filter:passing": "body raised", "app:app": "200"}
