"""DESIGN.md's *Dashboard HTTP API* says what each answer holds: every key a real answer has
(the stream's messages, which, Send, the step view, an export, an upload, an import, the
lessons, the presenter) is named in its endpoint's entry, so a script written from DESIGN alone
reads what comes back."""

from __future__ import annotations

import json
import re

from tests.conftest import ROOT
from tests.conftest import TOKEN
from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.dashboard.samples import announcement
from tests.dashboard.servers import exported
from tests.dashboard.servers import load
from tests.dashboard.servers import send
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader
from tests.dashboard.uploading import GOOD
from tests.dashboard.uploading import load as load_lesson
from tests.dashboard.uploading import upload

DESIGN = (ROOT / "DESIGN.md").read_text()
#: The keys of an event as the contract has them, and of `GET /api/traces/ID`'s answer.
EVENT_KEYS = {"trace", "span", "parent", "seq", "ts", "kind", "node", "stack", "data"}


def entry(start: str) -> str:
    """DESIGN's entry of the HTTP API that starts `- start`, up to the next entry, its lines
    joined."""
    begin = DESIGN.index(f"\n- {start}")
    end = DESIGN.find("\n- ", begin + 1)
    return " ".join(DESIGN[begin:end].split())


def named(text: str) -> set[str]:
    """The keys an entry names: `"key"`, or `` `key` `` said of an answer's part."""
    return set(re.findall(r'["`](\w+)["`]', text))


def keys(*objects: dict) -> set[str]:
    return {key for value in objects for key in value}


def test_the_stream_sends_the_messages_design_names(dashboard, stack):
    said = entry("`GET /api/stream`")
    documented = set(re.findall(r"`(\w+)` — ", said))
    assert documented == {"rows", "trace", "figures", "stacks", "loaded", "presenter"}
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        _, _, trace_id = stack.get_servers()
        stored(dashboard, trace_id)
        dashboard.post("/api/stacks", announcement("design-named", url="http://127.0.0.1:9"))
        assert dashboard.post("/api/presenter", {"trace": trace_id, "index": 0})[0] == 200
        seen: dict[str, dict] = {}
        reader.until(lambda message: seen.setdefault(message["event"], message) is not None
                     and {"rows", "trace", "figures", "stacks", "presenter"} <= set(seen))
    finally:
        reader.close()
        dashboard.post("/api/presenter", {"trace": None})
    assert set(seen) <= documented
    trace = json.loads(seen["trace"]["data"])
    kept = dashboard.get(f"/api/traces/{trace['trace']}")[2]
    assert set(trace) - set(kept) <= named(said) and "shown" in trace
    beyond = keys(*trace["events"]) - EVENT_KEYS
    assert "place" in beyond and beyond <= named(said)
    assert set(json.loads(seen["figures"]["data"])) <= named(said)
    assert set(json.loads(seen["presenter"]["data"])) <= named(said)
    assert "<tr" in seen["rows"]["data"]


def test_which_answers_with_the_keys_design_names(dashboard, stack):
    said = named(entry("`GET /api/which"))
    for path in ("/v2.1/servers", "/v2.1/nowhere"):
        status, _, answer = dashboard.get(
            f"/api/which?stack=osapi_compute&method=GET&path={path}")
        assert status == 200, answer
        assert keys(answer, *answer["hops"], answer["source"], answer["stopped"] or {}) <= said
    assert answer["stopped"] is not None  # the second: a route miss, stopped at the router


def test_send_steps_shown_and_export_answer_with_the_keys_design_names(dashboard, stack):
    status, _, sent = dashboard.post("/api/send", {
        "stack": "osapi_compute", "method": "GET", "path": "/v2.1/servers", "headers": TOKEN})
    assert status == 200, sent
    assert set(sent) <= named(entry("`POST /api/send`")) | named(entry("`POST /api/traces/ID"))
    trace = send(dashboard, stack, "GET", "/v2.1/servers")  # a 401: a failure story
    steps = dashboard.get(f"/api/traces/{trace['trace']}/steps")[2]
    changes = [change for step in steps["steps"] for change in step["changes"]]
    assert changes and steps["failure"]
    assert keys(steps, *steps["steps"], *changes) <= named(entry("`GET /api/traces/ID/steps`"))
    shown = dashboard.get(f"/api/traces/{trace['trace']}/shown")[2]
    assert set(shown) - set(trace) <= named(entry("`GET /api/traces/ID/shown`")) | {"shown"}
    assert keys(*shown["events"]) - EVENT_KEYS <= {"shown", "place", "outcome", "refused"}
    document = exported(dashboard, [trace["trace"]]).json()
    said = named(entry("`GET /api/traces/export"))
    assert keys(document, *document["stacks"], *document["graphs"]) <= said
    assert document["traces"] == [dashboard.get(f"/api/traces/{trace['trace']}")[2]]


#: A file with a refused branch and an unused section: the upload's additions, all of them.
REFUSING = b"""\
[composite:main]
use = egg:Paste#urlmap
/ = api
/v2 = nothere

[pipeline:api]
pipeline = missing app
[app:app]
use = egg:Demo#app
paste.app_factory = x:y
setting = 1
"""


def test_an_upload_adds_to_inspect_json_only_what_design_says(dashboard, tmp_path):
    said = entry("`POST /api/inis`")
    ini = write_ini(tmp_path, REFUSING.decode(), "refusing.ini")
    inspected = json.loads(run_cli("inspect", str(ini), "--json").stdout)
    status, _, uploaded = upload(dashboard, "refusing.ini", REFUSING)
    assert status == 200, uploaded
    assert set(uploaded) - set(inspected) == {"id"}
    nodes = {node["id"]: node for graph in inspected["graphs"] for node in graph["nodes"]}
    added = set()
    for graph in uploaded["graphs"]:
        for node in graph["nodes"]:
            added |= set(node) - set(nodes[node["id"]])
    assert "missing" in added
    assert added <= named(said)
    status, _, empty = upload(dashboard, "empty.ini", b"# nothing here\n")
    assert status == 200 and empty["entries"] == [] and "no_entries" in empty
    assert "`no_entries`" in said


def test_an_unreadable_upload_is_refused_as_design_says_inspect_refuses_it(dashboard, tmp_path):
    text = "[app:main]\nuse = egg:A#a\n[app:main]\nuse = egg:B#b\n"
    done = run_cli("inspect", str(write_ini(tmp_path, text, "dup.ini")), "--json")
    inspected = json.loads(done.stdout)
    [error] = inspected["errors"]
    status, _, refused = upload(dashboard, "dup.ini", text.encode())
    assert status == 400
    assert refused == {**inspected, "error": f"dup.ini:3: {error['error']}", "line": 3}
    assert done.stderr == f"{tmp_path / refused['error']}\n"  # the path as given, then the same
    assert error == {"section": None, "error": error["error"], "line": 3}
    said = entry("`POST /api/inis`")
    assert ("answered 400 with `inspect --json`'s document of it" in said
            and "its one error `{\"section\": null, \"error\": \"message\", \"line\": N}`"
            in said and "`error` is the line `inspect` prints on stderr, `FILE:LINE: message` "
            "(FILE the upload's name)" in said)


def test_an_import_answers_with_the_keys_design_names(dashboard, classroom, stack):
    said = entry("`POST /api/traces/import`")
    trace = send(dashboard, stack, "GET", "/")
    saved = exported(dashboard, [trace["trace"]]).content
    answer = load(classroom.url, saved)
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) <= named(said) and answer.json()["traces"] == [trace["trace"]]
    refused = load(classroom.url, b"{}", "empty.json")
    assert refused.status_code == 400 and set(refused.json()) <= named(said)


def test_the_lessons_answer_with_the_keys_design_names(dashboard, stack):
    status, _, listed = dashboard.get("/api/lessons")
    assert status == 200 and listed
    assert keys(*listed) <= named(entry("`GET /api/lessons`"))
    status, _, lesson = dashboard.get("/api/lessons/compute-demo")
    assert status == 200 and lesson["steps"]
    assert keys(lesson, *lesson["steps"]) <= named(entry("`GET /api/lessons`"))
    posting = named(entry("`POST /api/lessons`"))
    status, _, loaded = load_lesson(dashboard, "design-keys.toml",
                                    GOOD.replace("{stack}", "osapi_compute"))
    assert status == 200 and set(loaded) == set(lesson)
    status, _, refused = load_lesson(dashboard, "design-bad.toml", "title = 1\n")
    assert status == 400 and set(refused) <= posting and refused["field"] == "title"
    running = named(entry("`POST /api/lessons/NAME/steps/N/run`"))
    status, _, ran = dashboard.post("/api/lessons/compute-demo/steps/1/run")
    assert status == 200, ran
    assert ran["complete"] and set(ran) <= running
    status, _, missing = dashboard.post("/api/lessons/nobody-wrote-this/steps/1/run")
    assert status == 404 and set(missing) <= running


def test_the_presenter_answers_with_the_keys_design_names(dashboard, stack):
    said = named(entry("`GET /api/presenter`"))
    _, _, trace_id = stack.get_servers()
    stored(dashboard, trace_id)
    try:
        for method, path, body in [("GET", "/api/presenter", None),
                                   ("POST", "/api/presenter", {"trace": trace_id, "index": 1}),
                                   ("POST", "/api/presenter/heartbeat", None),
                                   ("POST", "/api/presenter", {"trace": trace_id, "index": "1"})]:
            status, _, answer = dashboard.request(method, path, body)
            assert status in (200, 400) and answer and set(answer) <= said, (path, answer)
    finally:
        dashboard.post("/api/presenter", {"trace": None})
    assert "`POST /api/presenter/heartbeat`" in entry("`GET /api/presenter`")
