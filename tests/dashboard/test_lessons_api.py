"""Lessons: the files are checked strictly, and every bundled step gets, from the real demo
stack, the status its notice is about."""

from __future__ import annotations

import html
import json
import re
import urllib.request

import pytest

from dashboard.lesson_files import BUNDLED
from dashboard.lesson_files import LessonError
from dashboard.lesson_files import read_lesson_folder
from dashboard.lesson_files import read_lesson_text
from dashboard.presets import COMPUTE
from dashboard.text import whole_words
from tests.conftest import TOKEN
from tests.dashboard import page_text
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.servers import form_sent
from tests.dashboard.servers import send
from tests.dashboard.uploading import GOOD
from tests.dashboard.uploading import load
from tests.dashboard.uploading import multipart


def run(dashboard: Dashboard, lesson: str, n: int, **kwargs):
    return dashboard.post(f"/api/lessons/{lesson}/steps/{n}/run", **kwargs)


def test_the_bundled_lessons_read_and_say_what_to_expect():
    lessons, errors = read_lesson_folder()
    assert errors == []
    by_name = {lesson.name: lesson for lesson in lessons}
    assert set(by_name) == {"compute-demo", "glance-seed", "nova-seed"}
    assert [lesson.stack for lesson in lessons] == ["osapi_compute", "common", "web"]
    compute = by_name["compute-demo"]
    assert [step.expect for step in compute.steps] == [200, 200, 401, 404, 405, 500, 413]
    for lesson in lessons:
        assert lesson.start.startswith("python -m stack serve stack/demo/")
        assert f"--name {lesson.stack}" in lesson.start
        for step in lesson.steps:
            assert step.expect is not None and len(step.notice) > 80, (lesson.name, step.index)


@pytest.mark.parametrize(("text", "line", "step", "field", "reason"), [
    (GOOD.replace('method = "get"', 'method = "GET /"'), 12, 2, "method",
     "is not an HTTP method"),
    (GOOD.replace('path = "/v1/test"', 'path = "v1/test"'), 13, 2, "path", "start with '/'"),
    (GOOD.replace('notice = "The root."\n', ""), 6, 1, "notice", "is required"),
    (GOOD.replace("expect = 200", 'expect = "200"'), 14, 2, "expect", "must be an integer"),
    (GOOD.replace("expect = 200", "expect = 999"), 14, 2, "expect", "between 100 and 599"),
    (GOOD.replace("expect = 200", "expected = 200"), 14, 2, "expected", "unknown field"),
    (GOOD.replace("expect = 200", 'headers = { "Bad Name" = "x" }'), 14, 2, "headers",
     "is not a header name"),
    (GOOD.replace('title = "A teacher\'s lesson"\n', ""), 1, None, "title", "is required"),
    (GOOD.replace('stack = "{stack}"', 'stack = "two words"'), 3, None, "stack",
     "the stack's name"),
    (GOOD.split("[[step]]")[0], 1, None, "step", "is required"),
])
def test_a_wrong_field_is_named_with_its_file_line_and_step(text, line, step, field, reason):
    with pytest.raises(LessonError) as raised:
        read_lesson_text(text.replace("{stack}", "common"), "mine.toml")
    error = raised.value
    assert (error.file, error.line, error.step, error.field) == ("mine.toml", line, step, field)
    assert reason in error.reason
    assert str(error).startswith("mine.toml: ")


def test_a_toml_syntax_error_gives_tomls_own_line():
    text = GOOD.replace("{stack}", "common").replace('path = "/"', 'path = "/')
    with pytest.raises(LessonError) as raised:
        read_lesson_text(text, "broken.toml")
    assert raised.value.line == 8
    assert str(raised.value).startswith("broken.toml: line 8: not valid TOML")


def test_a_file_name_must_make_a_url():
    with pytest.raises(LessonError, match="must end in .toml"):
        read_lesson_text(GOOD.replace("{stack}", "common"), "lesson.txt")
    with pytest.raises(LessonError, match="letters, digits"):
        read_lesson_text(GOOD.replace("{stack}", "common"), "my lesson.toml")


def test_a_teachers_lesson_is_loaded_listed_and_refused_with_its_reason(dashboard):
    status, _, lesson = load(dashboard, "teacher-1.toml", GOOD.replace("{stack}", "common"))
    assert status == 200
    assert lesson["name"] == "teacher-1" and lesson["bundled"] is False
    assert [s["method"] for s in lesson["steps"]] == ["GET", "get"]
    status, _, listed = dashboard.get("/api/lessons")
    assert status == 200
    assert [entry["name"] for entry in listed][-1] == "teacher-1"
    assert {"compute-demo", "glance-seed", "nova-seed"} <= {entry["name"] for entry in listed}
    page = dashboard.get("/lessons")[2]
    assert 'data-lesson="teacher-1"' in page and "loaded from <code>teacher-1.toml</code>" in page

    status, _, answer = load(dashboard, "teacher-2.toml",
                             GOOD.replace("{stack}", "common").replace('"get"', '"G(E)T"'))
    assert status == 400
    assert (answer["file"], answer["line"], answer["step"], answer["field"]) == (
        "teacher-2.toml", 12, 2, "method")
    assert answer["error"].startswith("teacher-2.toml: line 12: step 2: field 'method': ")
    assert dashboard.get("/api/lessons/teacher-2")[0] == 404

    status, _, answer = load(dashboard, "compute-demo.toml", GOOD.replace("{stack}", "common"))
    assert status == 400 and "rename the file" in answer["error"]
    status, _, answer = load(dashboard, "huge.toml", "# x\n" * 70_000)
    assert status == 413
    assert answer["error"] == ("lesson refused: huge.toml: the file is 273.4 KiB; the limit is "
                               "256 KiB")
    status, _, answer = dashboard.post("/api/lessons", raw=b"title = 1",
                                       headers={"Content-Type": "text/plain"})
    assert status == 400 and "field 'file'" in answer["error"]


def test_a_step_of_a_stack_not_running_says_how_to_start_it(dashboard):
    assert load(dashboard, "absent.toml", GOOD.replace("{stack}", "nobody_runs_this"))[0] == 200
    status, _, answer = run(dashboard, "absent", 1)
    assert status == 409
    assert "'nobody_runs_this' is not running" in answer["error"]
    assert "python -m stack serve stack/demo/seed_glance.ini --name nobody_runs_this" in (
        answer["error"])
    status, _, html = run(dashboard, "absent", 1, headers=HTMX)
    assert status == 409 and 'data-state="error"' in html
    assert "is not running" in page_text.shown(html)  # each word a span (`whole_words`)
    assert run(dashboard, "absent", 3)[0] == 404
    assert run(dashboard, "no-such-lesson", 1)[0] == 404


def test_a_step_that_is_no_number_or_a_parameter_is_refused_naming_it(dashboard):
    for step in ("x", "0", "-1", "1.0"):
        assert run(dashboard, "compute-demo", step)[::2] == (404, {
            "error": f"lesson 'compute-demo' has steps 1 to 7, not {step}"}), step
    for method, path in [("GET", "/api/lessons?name=compute-demo"),
                         ("GET", "/api/lessons/compute-demo?step=2"),
                         ("POST", "/api/lessons?name=x"),
                         ("POST", "/api/lessons/compute-demo/steps/1/run?stack=web")]:
        name = path.split("?")[1].split("=")[0]
        assert dashboard.request(method, path)[::2] == (400, {
            "error": f"unknown query parameter {name!r}; {path.split('?')[0]} takes no query "
                     "parameter"}), path


@pytest.mark.parametrize("name", ["compute-demo", "glance-seed", "nova-seed"])
def test_every_bundled_step_gets_the_status_its_notice_is_about(dashboard, stack, seed_stacks,
                                                                name):
    status, _, lesson = dashboard.get(f"/api/lessons/{name}")
    assert status == 200
    for step in lesson["steps"]:
        status, _, result = run(dashboard, name, step["index"])
        where = f"{name} step {step['index']}: {step['method']} {step['path']}"
        assert status == 200, (where, result)
        assert result["status"] == step["expect"], where
        assert result["complete"] is True, where
        assert result["steps_url"] == f"/requests/{result['trace']}/steps"
        trace = dashboard.get(f"/api/traces/{result['trace']}")[2]
        assert trace["stack"] == lesson["stack"], where
        assert (trace["method"], trace["path"]) == (step["method"], step["path"]), where
        assert trace["events"][-1]["kind"] == "request.end", where
        assert trace["events"][-1]["data"]["status"] == step["expect"], where
        # A route template a notice names is one the router matched or tried for this request.
        routed = {e["data"]["template"] for e in trace["events"] if e["kind"] == "route.match"}
        routed |= {c["template"] for e in trace["events"] if e["kind"] == "route.miss"
                   for c in e["data"]["candidates"]}
        named = {t for t in re.findall(r"`([^`]*)`", step["notice"]) if ":(" in t}
        assert named <= routed, (where, named - routed)
        lit = {e["node"].partition(":")[2] for e in trace["events"] if e["kind"] == "node.enter"}
        for said in lit_claims(step["notice"]):
            assert said_lit(said, lit), (where, said, sorted(lit))


#: The counts a notice says boxes in ("Two boxes light up").
COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def lit_claims(notice: str) -> list[str]:
    """The clauses of `notice` that say which boxes light up (not those that say one never
    does): each is checked against the layers the request entered (`said_lit`)."""
    clauses = re.split(r"[.:;]\s", " ".join(notice.split()))
    return [c for c in clauses if re.search(r"\blights? up\b", c) and "never" not in c]


def said_lit(clause: str, lit: set[str]) -> bool:
    """Whether `clause` says the boxes that lit, `lit` (the short names of the layers the
    request entered): their number ("Four boxes light up"), or each of them by name. A clause
    naming two of four ("only faultwrap and versionsapp light up") told a class the urlmap and
    the pipeline stayed dark."""
    count = re.search(rf"\b({'|'.join(COUNTS)}) boxes\b", clause, re.I)
    if count:
        return COUNTS[count.group(1).lower()] == len(lit)
    return all(re.search(rf"\b{re.escape(layer)}\b", clause) for layer in lit)


def test_the_unknown_server_step_says_how_to_send_the_routers_own_404(dashboard, stack):
    """Step 4 ended "Compare with the router's own 404 for a path no route knows", and no step
    sent one, nor did the notice say how: a dead end. It names the preset Live's menu offers,
    as the menu words it, and that preset gets the router's 404."""
    notice = dashboard.get("/api/lessons/compute-demo")[2]["steps"][3]["notice"]
    menu = page_text.part(dashboard.get("/?stack=osapi_compute")[2], '<select name="preset"',
                          "</select>")
    offered = {html.unescape(o) for o in re.findall(r"<option[^>]*>([^<]+)</option>", menu)}
    named = [quoted for quoted in re.findall(r"`([^`]*)`", notice) if quoted in offered]
    assert named, notice
    preset = next(p for p in COMPUTE if f"{p['method']} {p['path']} — {p['label']}" == named[0])
    trace = dashboard.get("/api/traces/" + form_sent(
        dashboard, preset["method"], preset["path"], preset["headers"]))[2]
    assert trace["status"] == 404
    assert [e["kind"] for e in trace["events"] if e["kind"].startswith("route.")] == ["route.miss"]


def test_the_glance_versions_notice_says_where_its_body_is_seen(dashboard, seed_stacks):
    """Step 1 said "the body is the `version = 1.0.0` setting", and the step view shows only
    "The stack answered 200, 6 bytes": a 200's body is not kept. The notice says what the
    body is, the count the step view gives, and where to read it (curl)."""
    notice = dashboard.get("/api/lessons/glance-seed")[2]["steps"][0]["notice"]
    trace = run(dashboard, "glance-seed", 1)[2]["trace"]
    end = dashboard.get(f"/api/traces/{trace}")[2]["events"][-1]["data"]
    steps = dashboard.get(f"/requests/{trace}/steps")[2]
    assert f"The stack answered 200, {end['bytes']} bytes" in page_text.shown(steps)
    assert not end["body"]
    with urllib.request.urlopen(seed_stacks[0].url + "/", timeout=10) as response:
        body = response.read()
    assert body == b"1.0.0\n" and end["bytes"] == len(body)
    said = " ".join(notice.split())
    assert "The body, `1.0.0` and a newline," in said
    assert f"counts its {len(body)} bytes" in said and "`curl` shows it" in said


def test_the_lesson_page_shows_each_step_with_its_notice_and_a_run_button(dashboard, stack):
    page = dashboard.get("/lessons/compute-demo")[2]
    assert page.count('class="lesson-step"') == 7
    assert 'data-stack-state="running"' in page
    assert "authtoken answers 401 itself" in page
    assert 'hx-post="/api/lessons/compute-demo/steps/3/run"' in page
    status, _, html = run(dashboard, "compute-demo", 3, headers=HTMX)
    assert status == 200
    assert 'data-status="401"' in html and "as the lesson expects" in html
    assert 'hx-get="/requests/' in html and '/steps" hx-trigger="load"' in html
    assert dashboard.get("/lessons/nope")[0] == 404


def test_the_lessons_page_links_the_format_and_the_bundled_files_as_text(dashboard):
    """It said "see the bundled ones for the format" and linked neither: a teacher needed the
    repository to write a lesson."""
    page = dashboard.get("/lessons")[2]
    links = dict(re.findall(r'<a href="(/lessons/files/[^"]+)">([^<]+)</a>',
                            page_text.part(page, '<p id="lesson-format">', "</p>")))
    bundled = {lesson.file for lesson in read_lesson_folder()[0]}
    assert set(links.values()) == {"README.md"} | bundled
    for href, file in links.items():
        status, headers, text = dashboard.get(href)
        assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
        assert text == (BUNDLED / file).read_text()
    assert "[[step]]" in dashboard.get("/lessons/files/README.md")[2]
    status, _, refused = dashboard.get("/lessons/files/lessons.py")
    assert status == 404 and "no bundled lesson file named &#39;lessons.py&#39;" in refused
    assert dashboard.get("/lessons/files/..%2F__init__.py")[0] == 404


def test_a_runs_times_say_whose_they_are(dashboard, stack):
    """A Run showed the dashboard's round trip ("9.8 ms") beside the stack's own time the
    request list and step view show ("0.737 ms"), and said neither."""
    html = run(dashboard, "compute-demo", 3, headers=HTMX)[2]
    trace = re.search(r'data-trace="([^"]+)"', html).group(1)
    in_stack = dashboard.get(f"/api/traces/{trace}")[2]["duration_ms"]
    times = re.search(r"<span class=\"muted\" data-lesson-times>(.*?)</span>", html, re.S)
    said = " ".join(times.group(1).split())
    assert re.fullmatch(rf"{in_stack:.3f} ms in the stack, \d+\.\d ms round trip from the "
                        r"dashboard", said), said


def test_a_step_of_a_stack_that_stopped_says_how_to_start_it(tmp_path):
    dashboard = Dashboard(tmp_path)
    try:
        server = Stack(dashboard.url, "common", "stack/demo/seed_glance.ini")
        try:
            dashboard.wait_for("/api/stacks", lambda found: any(
                s["name"] == "common" for s in found), timeout=20)
        finally:
            server.stop()
        assert load(dashboard, "stopped.toml", GOOD.replace("{stack}", "common"))[0] == 200
        status, _, answer = run(dashboard, "stopped", 2)
        assert status == 409
        assert "'common' said it stopped at " in answer["error"]
        assert "start it with: python -m stack serve" in answer["error"]
        # the command reports to this dashboard, on whatever port it runs, and serves on the
        # port the stack last announced (the lesson names none)
        assert answer["error"].endswith(
            f"--name common --port {server.port} --trace-to {dashboard.url}")
        # a bundled lesson's own port gives way to it too, on its page and in a run's answer
        command = (f"python -m stack serve stack/demo/seed_glance.ini --name common "
                   f"--port {server.port} --trace-to {dashboard.url}")
        page = dashboard.get("/lessons/glance-seed")[2]
        start = f"<code class=\"start\">{whole_words(command)}</code>"
        assert f"stopped — start it with\n    {start}" in page
        # the page's line, fetched again as stacks come and go, says the same
        assert dashboard.get("/api/lessons/glance-seed/stack")[2] == {
            "state": "stopped", "runnable": False, "start": command, "refused": None}
        line = dashboard.get("/api/lessons/glance-seed/stack", headers=HTMX)
        assert 'data-runnable="false"' in line[2] and f"stopped — start it with\n    {start}" in (
            line[2])
        assert run(dashboard, "glance-seed", 1)[2]["error"].endswith(command)
    finally:
        dashboard.stop()


def test_a_notice_shows_backticks_as_code_and_nothing_as_html(dashboard):
    text = GOOD.replace("{stack}", "common").replace(
        'notice = "The root."', 'notice = "Look at `SCRIPT_NAME` <b>here</b>."')
    assert load(dashboard, "markup.toml", text)[0] == 200
    page = dashboard.get("/lessons/markup")[2]
    assert "Look at <code>SCRIPT_NAME</code> &lt;b&gt;here&lt;/b&gt;." in page


def test_a_lessons_stack_loaded_from_saved_requests_says_so(dashboard, stack, tmp_path):
    trace = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)
    status, _, saved = dashboard.get(f"/api/traces/export?ids={trace['trace']}")
    assert status == 200, saved
    classroom = Dashboard(tmp_path)
    try:
        body, headers = multipart("saved.json", json.dumps(saved).encode())
        status, _, answer = classroom.post("/api/traces/import", raw=body, headers=headers)
        assert status == 200 and answer["announced"] == ["osapi_compute"], answer
        listing = classroom.get("/lessons")[2]
        assert 'data-stack-state="loaded"' in listing
        assert "(loaded from saved requests, not running)" in listing
        page = classroom.get("/lessons/compute-demo")[2]
        assert 'data-stack-state="loaded"' in page
        assert "loaded from saved requests, not running — start it with" in page
        command = f"--name osapi_compute --port 8090 --trace-to {classroom.url}"
        assert f"{whole_words(command)}</code>" in page
        # a Run is refused as the page says, with the command that starts the stack
        status, _, answer = run(classroom, "compute-demo", 1)
        assert status == 409
        assert answer["error"].startswith("stack 'osapi_compute' was loaded from the file "
                                          "saved.json; start it with: python -m stack serve ")
        assert answer["error"].endswith(command)
    finally:
        classroom.stop()


def test_a_start_command_is_shown_escaped_word_by_word(dashboard):
    """A teacher's `start` is shown in the page, a word a span (`whole_words`): as text, never
    as markup, and two spaces make no empty word."""
    text = GOOD.replace("{stack}", "marked").replace(
        '"python -m stack serve stack/demo/seed_glance.ini --name marked"',
        """'python -m stack serve "a&b <i>.ini"  --name marked'""")
    assert load(dashboard, "marked.toml", text)[0] == 200
    page = dashboard.get("/lessons/marked")[2]
    assert ('<span class="word">serve</span> <span class="word">&#34;a&amp;b</span> '
            '<span class="word">&lt;i&gt;.ini&#34;</span> <span class="word">--name</span>') in page


def test_the_nova_seeds_faultwarp_is_said_to_be_the_articles_spelling(dashboard):
    """The nova seed's first step lights a box `faultwarp`, and a class that knows nova's
    `faultwrap` asks whether the lesson has a typo: the step says whose spelling it is."""
    page = dashboard.get("/lessons/nova-seed")[2]
    step = " ".join(page_text.shown(page_text.part(page, 'id="step-1"', "</li>")).split())
    assert "faultwarp, then logrequest, then homeapp" in step
    assert "faultwarp is no typo of ours: the article spells nova's faultwrap so" in step
