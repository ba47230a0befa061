"""The README says where things are, and its examples print what the commands print.

Every module of `stack/` and `dashboard/` is named in *Where things are*; every repository
path the README names in backticks exists; `inspect` and `which` print what the README shows,
and `serve` the line it quotes, and the tour's `jq` lines are the events its stack writes; each
of the compute demo's curl lines gets the status its comment says; the Licence names the
licence of every kept test ini.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dashboard.glossary import ANCHORS
from dashboard.glossary import anchor_of
from dashboard.lesson_files import read_lesson_folder
from tests.conftest import file_traced
from tests.conftest import run_cli
from tests.conftest import write_ini

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PACKAGES = ("stack", "dashboard")


def section(title: str) -> str:
    """The text of the README's `## title` section, up to the next `## `."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def package_block(name: str) -> str:
    """The lines of *Where things are* about package `name`: from the line starting `name/`
    to the next line that starts with no space."""
    lines = section("Where things are").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}/"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i] and not lines[i].startswith(" ")), len(lines))
    return "\n".join(lines[start:end]).removeprefix(f"{name}/")


def members(package: str) -> list[str]:
    """The package's modules (`name.py`) and its folders (`name/`), as the README names them."""
    folder = ROOT / package
    modules = [path.name for path in folder.glob("*.py")]
    folders = [f"{path.name}/" for path in folder.iterdir()
               if path.is_dir() and not path.name.startswith((".", "_"))]
    return sorted(modules + folders)


@pytest.mark.parametrize("package", PACKAGES)
def test_where_things_are_names_every_module(package):
    block = package_block(package)
    missing = [name for name in members(package)
               if not re.search(rf"(?<![\w/.]){re.escape(name)}(?!\w)", block)]
    assert missing == [], f"README's *Where things are* does not name {package}/{missing}"


#: Where a repository path starts: a top-level folder, or a file at the top.
TOP = sorted(path.name for path in ROOT.iterdir()
             if path.name not in (".git", ".venv", "data", "__pycache__"))
#: A file at the top the README may name though it is missing: `DESIGN.md`, `NOTES.md`…
TOP_DOC = re.compile(r"[A-Z][A-Za-z_-]*\.md")


def named_paths(text: str) -> list[str]:
    """The repository paths `text` names in backticks: `tests/data/ini/`, `DESIGN.md`…
    (a URL path like `/requests/ID`, a module's dotted name or a bare `api-paste.ini` is none)."""
    found = []
    for span in re.findall(r"`([^`\s]+)`", text):
        first = span.split("/", 1)[0]
        if first in TOP and (span == first or "/" in span) or TOP_DOC.fullmatch(span):
            found.append(span)
    return found


def test_the_readme_names_only_paths_that_exist():
    paths = named_paths(README)
    assert {"DESIGN.md", "stack/events.py", ".ci/run"} <= set(paths)  # the check sees them
    missing = [path for path in paths
               if not (any(ROOT.glob(path)) if "*" in path else (ROOT / path).exists())]
    assert missing == [], f"README names paths that do not exist: {missing}"


def test_the_licence_names_the_licence_of_every_test_ini():
    """PROVENANCE.md's table gives each kept file's licence: the README's one line about them
    said OpenStack's and PasteDeploy's alone while Pylons' BSD-3-Clause files were kept too."""
    said = " ".join(section("Licence").split())
    rows = (ROOT / "tests/data/ini/PROVENANCE.md").read_text().splitlines()
    licences = {cells[5].strip() for cells in (row.split("|") for row in rows)
                if len(cells) == 8 and cells[1].strip() not in ("local file", "---")}
    assert {"Apache-2.0", "MIT", "BSD-3-Clause"} <= licences  # the table read as it is
    assert [licence for licence in sorted(licences) if licence not in said] == []


def test_the_readme_has_no_changelog_but_points_to_it():
    assert "CHANGELOG.md" in section("Changelog")
    assert "\n- 0.2." not in README
    assert (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog\n")


def example(command: str) -> str:
    """What the README shows `$ command` printing: the lines after it, up to its block's end."""
    start = README.index(f"$ {command}\n") + len(f"$ {command}\n")
    return README[start:README.index("```", start)]


@pytest.mark.parametrize("command", [
    "python -m stack inspect stack/demo/compute.ini",
    "python -m stack which stack/demo/compute.ini GET /v2.1/servers",
    "python -m stack which stack/demo/compute.ini GET /v2.1/servrs --load",
])
def test_the_readme_shows_what_the_command_prints(command):
    args = command.split()[1:]
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == example(command)


def test_the_readme_quotes_how_serve_names_a_factory_it_cannot_import(tmp_path):
    """An operator serving nova's ini where keystonemiddleware is not installed meets this
    line first: it names the factory's setting between the section and the error, which the
    README's quote had left out. (A module no machine has stands in for keystonemiddleware,
    so the line is the same wherever the tests run.)"""
    said = " ".join(section("A tour of the command line").split())
    quoted = re.search(r"named with its section and line \(`(api-paste\.ini:7: [^`]+)…`\)",
                       said).group(1)
    absent = "pastescope_absent_middleware"
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken app\n\n[app:app]\n"
                    "paste.app_factory = stack.demo.compute:Versions.factory\n"
                    "[filter:authtoken]\n"
                    f"paste.filter_factory = {absent}.auth_token:filter_factory\n")
    done = run_cli("serve", str(ini), "--trace-to", "off")
    assert done.returncode == 2, done.stderr
    expected = quoted.replace("api-paste.ini", str(ini), 1).replace("keystonemiddleware", absent)
    assert done.stderr.startswith(expected), done.stderr


#: A demo's serve command as *The demos* gives it.
DEMO_SERVE = re.compile(r"^python -m stack serve (\S+) --name (\S+) --port (\d+) "
                        r"--trace-to http://127\.0\.0\.1:5000$", re.M)
#: A request *The demos* says to send: `curl [-X METHOD] http://127.0.0.1:PORT/path`, or a
#: further `/path` of the port last named.
DEMO_REQUEST = re.compile(r"curl (?:-X (\w+)\s+)?http://127\.0\.0\.1:(\d+)(/\S*?)`|`(/[^`\s]*)`")


def demo_commands() -> tuple[list[tuple[str, str, int]], list[tuple[str, int, str]]]:
    """*The demos*' serve commands (file, entry, port) and the requests it says to send to
    them (method, port, path), in its order."""
    text = section("The demos")
    serves = [(file, name, int(port)) for file, name, port in DEMO_SERVE.findall(text)]
    after = text[text.index("```", text.index("python -m stack serve stack/demo/oslo.ini")):]
    requests, port = [], None
    for method, named_port, path, further in DEMO_REQUEST.findall(after.split("\n\n")[1]):
        port = int(named_port) if named_port else port
        requests.append((method or "GET", port, path or further))
    return serves, requests


def test_the_readme_serves_each_demo_and_its_requests_answer(serve_stack):
    serves, requests = demo_commands()
    assert {file for file, _, _ in serves} == {
        "stack/demo/oslo.ini", "stack/demo/seed_glance.ini", "stack/demo/seed_nova.ini"}
    # Each on a port no other command of the README or the Procfile uses: all run at once.
    elsewhere = README + (ROOT / "Procfile").read_text()
    assert all(elsewhere.count(f"--port {port} ") == 1 for _, _, port in serves)
    urls = {port: serve_stack(ROOT / file, name).url for file, name, port in serves}
    assert {port for _, port, _ in requests} == set(urls) and len(requests) >= 9
    for method, port, path in requests:
        request = urllib.request.Request(urls[port] + path, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200, (method, port, path)


def test_each_lesson_starts_its_stack_on_the_port_the_readme_gives_it():
    """A teacher who started the demos as the README says, then opens a lesson, must not be
    told to start a second copy on a port the README gave another demo."""
    lessons, errors = read_lesson_folder()
    assert not errors
    served = README + (ROOT / "Procfile").read_text()
    for lesson in lessons:
        assert lesson.start in served, (lesson.name, lesson.start)


def test_a_file_sink_appends_to_the_events_of_earlier_runs_as_the_readme_says(tmp_path):
    said = " ".join(README[README.index("### `python -m stack serve"):].split())
    assert ("`file:PATH` (JSON Lines, one event a line, appended: a file that exists keeps the "
            "events of earlier runs") in said
    traces = []
    for _ in range(2):
        with file_traced(ROOT / "stack/demo/compute.ini", "osapi_compute", tmp_path) as stack:
            with urllib.request.urlopen(stack.url + "/", timeout=10) as response:
                traces.append(response.headers["X-Pastescope-Trace"])
            stack.trace(traces[-1])
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    assert {json.loads(line)["trace"] for line in lines} == set(traces)


#: The tour's file-sink example: what it serves, asks and reads back with `jq`.
TOUR_SERVE = ("python -m stack serve stack/demo/compute.ini --name osapi_compute --port 8091 "
              "--trace-to file:events.jsonl &")
TOUR_CURL = "curl -s http://127.0.0.1:8091/v2.1/servers -o /dev/null -w '%{http_code}\\n'"
TOUR_JQ = "jq -c '[.seq, .kind, .node, .data.status // .data.label]' events.jsonl"


def test_the_tours_jq_lines_are_the_events_the_stack_writes(compute_stack):
    """A student running the tour's example compares its `jq` lines with theirs, hop by hop:
    they must be the events the stack writes for that 401, and its filter the short circuit
    the sentence under them says."""
    assert f"$ {TOUR_SERVE}\n" in README
    assert example(TOUR_CURL).split("\n$ ")[0] == "401"
    shown = [line for line in example(TOUR_JQ).splitlines() if not line.startswith("$ ")]
    with pytest.raises(urllib.error.HTTPError) as answered:
        urllib.request.urlopen(compute_stack.url + "/v2.1/servers", timeout=10)
    assert answered.value.code == 401
    events = compute_stack.trace(answered.value.headers["X-Pastescope-Trace"])
    # jq's `a // b`: b where a is null or false.
    written = [json.dumps([event["seq"], event["kind"], event["node"],
                           event["data"].get("status") or event["data"].get("label")],
                          separators=(",", ":")) for event in events]
    assert shown == written
    short = [event["node"] for event in events
             if event["kind"] == "node.leave" and event["data"]["short_circuit"]]
    assert short == ["filter:authtoken"]
    assert "The 401 comes from `filter:authtoken` (`short_circuit: true`)" in README


#: *The demos*' compute requests: the shell lines after `S=http://127.0.0.1:8090`, each ending
#: in `# STATUS: who answers`.
COMPUTE_REQUEST = re.compile(r"^(.*curl .*\S)\s+# (\d{3}): ", re.M)


def compute_requests(text: str, url: str) -> list[tuple[urllib.request.Request, int]]:
    """The README's curl lines for the compute demo as requests to `url`, each with the
    status its comment promises: read as curl reads `-H`, `-X`, `-d` (a form, unless
    a Content-Type says otherwise) and `--data-binary @-` fed by `head -c N /dev/zero`."""
    block = text[text.index("T='X-Auth-Token: demo-token'; S=http://127.0.0.1:8090\n"):]
    block = block[:block.index("```")]
    found = []
    for line, status in COMPUTE_REQUEST.findall(block):
        words = shlex.split(line.replace('"$T"', "'X-Auth-Token: demo-token'"))
        body = None
        if words[0] == "head":
            body, words = bytes(int(words[2])), words[words.index("|") + 1:]
        headers, method, path = {}, None, None
        options = iter(words[1:])
        for word in options:
            if word == "-H":
                name, value = next(options).split(":", 1)
                headers[name] = value.strip()
            elif word == "-X":
                method = next(options)
            elif word == "-d":
                body = next(options).encode()
                headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            elif word == "--data-binary":
                assert next(options) == "@-" and body is not None, line
            elif word.startswith("$S/"):
                path = url + word.removeprefix("$S")
            else:
                assert word == "-i", f"a curl option the test does not read: {word}"
        found.append((urllib.request.Request(path, body, headers, method=method), int(status)))
    assert len(found) == block.count("curl "), "a curl line without its `# STATUS: ` comment"
    return found


def test_the_readmes_compute_requests_get_the_status_it_says(compute_stack):
    """A student pasting them must see what each comment says: the migrate action's 500 needs
    its JSON Content-Type (curl's -d alone sends a form, and the controller answers 400)."""
    requests = compute_requests(section("The demos"), compute_stack.url)
    assert len(requests) >= 9
    for request, status in requests:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                got = response.status
        except urllib.error.HTTPError as error:
            got = error.code
        assert got == status, (request.get_method(), request.full_url, request.headers)


def test_the_readme_quotes_the_400_an_action_sent_as_a_form_gets(compute_stack):
    """The README tells what curl's `-d` without a Content-Type answers: the words must be the
    stack's, or a student meets another message than the one the README explains."""
    said = " ".join(section("The demos").split())
    quoted = re.search(r"the 400 says why: `([^`]+)`", said).group(1)
    request = urllib.request.Request(
        compute_stack.url + "/v2.1/servers/1/action", b'{"migrate": null}',
        {"X-Auth-Token": "demo-token", "Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as answered:
        urllib.request.urlopen(request, timeout=10)
    assert answered.value.code == 400
    assert quoted in " ".join(answered.value.read().decode().split())


def test_the_learners_way_in_leads_where_it_says(app):
    """*Learning with it* is where a student starts: the pages it links are the dashboard's,
    the lesson it names is a bundled one, each word it says the glossary explains has an
    entry, and each section it sends them to is a heading of this README."""
    said = " ".join(section("Learning with it").split())
    lessons, errors = read_lesson_folder()
    assert not errors
    assert re.search(r"pick \*([^*]+)\*", said).group(1) in {lesson.title for lesson in lessons}
    words = re.search(r"which says what (.+?) are\.", said).group(1)
    named = [word.split(" ", 1)[1] for word in re.split(r", | and ", words)]
    assert len(named) >= 6
    assert [word for word in named if anchor_of(word) not in ANCHORS] == []
    titles = re.findall(r"\(see \*([^*]+)\*\)", said)
    assert titles
    for title in titles:
        assert f"\n## {title}\n" in README, title
    client = app.test_client()
    pages = re.findall(r"<http://127\.0\.0\.1:5000(/[^>]*)>", said)
    assert pages == ["/lessons", "/glossary"]
    assert [client.get(page).status_code for page in pages] == [200, 200]


#: Each seed lesson → the titles a student looks its article up by (`stack/demo/seed_*.py`).
SEED_ARTICLES = {
    "glance-seed": ("The various APIs of OpenStack learning",
                    "Python paste module and routes module"),
    "nova-seed": ("三. nova api中的WSGI application", "zhengtianbao"),
}


@pytest.mark.parametrize("lesson", SEED_ARTICLES)
def test_each_seed_article_is_named_by_title_in_the_readme_and_its_lesson(app, lesson):
    """"The article" was all a student read, in the README's demos and on the lesson's page,
    with no title to find the article by."""
    demos = " ".join(section("The demos").split())
    page = app.test_client().get(f"/lessons/{lesson}").text
    for title in SEED_ARTICLES[lesson]:
        assert title in demos and title in page, title
