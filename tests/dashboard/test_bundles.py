"""Saved requests: exported from a dashboard fed by the real demo, loaded into one with no stack."""

from __future__ import annotations

import json
import re

import pytest
import requests

from tests.conftest import TOKEN
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import exported
from tests.dashboard.servers import load
from tests.dashboard.servers import sent_from_form
from tests.dashboard.servers import served

#: Requests saved: a 200, a 401 answered by authtoken, a 404 from the router, a 405.
SENT = [("GET", "/v2.1/servers", TOKEN), ("GET", "/v2.1/servers", {}),
        ("GET", "/v2.1/nothing", TOKEN), ("DELETE", "/v2.1/flavors", TOKEN)]


@pytest.fixture(scope="module")
def sent(dashboard, stack) -> list[str]:
    """Trace ids of `SENT`, each recorded by the dashboard."""
    return sent_from_form(dashboard, SENT)


@pytest.fixture(scope="module")
def saved(dashboard, sent) -> bytes:
    answer = exported(dashboard, sent)
    assert re.fullmatch(r'attachment; filename="pastescope-requests-[\d-]+\.json"',
                        answer.headers["Content-Disposition"])
    return answer.content


def test_the_file_holds_the_traces_and_their_stack(dashboard, sent, saved):
    doc = json.loads(saved)
    assert (doc["pastescope"], doc["version"]) == ("requests", 1)
    assert [t["trace"] for t in doc["traces"]] == sent
    assert [t["status"] for t in doc["traces"]] == [200, 401, 404, 405]
    for trace in doc["traces"]:
        assert trace == dashboard.get(f"/api/traces/{trace['trace']}")[2]
    [stack] = doc["stacks"]
    assert stack["name"] == "osapi_compute" and stack["url"].startswith("http://127.0.0.1:")
    assert {n["id"] for n in stack["graph"]["nodes"]} >= {"composite:osapi_compute",
                                                         "filter:authtoken", "app:compute_app"}
    assert stack["routes"]["app:compute_app"]


def test_the_list_filters_choose_what_is_saved(dashboard, sent):
    doc = requests.get(f"{dashboard.url}/api/traces/export?status=4xx&path=/v2.1/servers",
                       timeout=15).json()
    assert [t["trace"] for t in doc["traces"]] == [sent[1]]
    status, _, page = dashboard.get("/requests?status=4xx")
    assert 'href="/api/traces/export?status=4xx"' in page
    assert 'href="/api/traces/export"' in dashboard.get("/")[2]  # the live page: no filters


def test_export_refuses_unknown_ids_and_bad_filters(dashboard, sent):
    status, _, answer = dashboard.get(f"/api/traces/export?ids={sent[0]},nope")
    assert status == 404 and answer["error"].startswith("no trace 'nope'")
    status, _, answer = dashboard.get("/api/traces/export?status=teapot")
    assert status == 400 and "status must be" in answer["error"]


def without_repeat(detail: str) -> str:
    """A request's detail without its Repeat: off, saying why, for a stack loaded from a file."""
    return re.sub(r'<button type="button" data-action="repeat".*?</(output|span)>\s*', "",
                  detail, flags=re.S)


def test_loaded_requests_show_as_they_did_with_no_stack_running(dashboard, classroom, sent,
                                                                saved):
    answer = load(classroom.url, saved)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"traces": sent, "already": [], "announced": ["osapi_compute"],
                             "kept_live": []}
    listed = [row["trace"] for row in classroom.get("/api/traces")[2]]
    assert sorted(listed) == sorted(sent)
    for trace_id in sent:
        assert classroom.get(f"/api/traces/{trace_id}")[2] == \
            dashboard.get(f"/api/traces/{trace_id}")[2]
        assert without_repeat(classroom.get(f"/requests/{trace_id}", headers=HTMX)[2]) == \
            without_repeat(dashboard.get(f"/requests/{trace_id}", headers=HTMX)[2])
        steps = classroom.get(f"/api/traces/{trace_id}/steps")
        assert steps[0] == 200 and steps[2] == dashboard.get(f"/api/traces/{trace_id}/steps")[2]
    page = classroom.get("/requests")[2]
    assert all(f'data-trace="{trace_id}"' in page for trace_id in sent)
    drawn = classroom.get("/?stack=osapi_compute", headers=HTMX)[2]
    live = dashboard.get("/?stack=osapi_compute", headers=HTMX)[2]
    nodes = set(re.findall(r'data-node="([^"]+)"', live))
    assert nodes and set(re.findall(r'data-node="([^"]+)"', drawn)) == nodes


def test_a_running_stack_of_the_same_name_is_kept(dashboard, saved):
    answer = load(dashboard.url, saved)
    assert answer.status_code == 200
    assert answer.json()["kept_live"] == ["osapi_compute"]
    assert answer.json()["announced"] == []


def test_the_page_form_gets_an_answer_it_can_show(classroom, saved):
    answer = load(classroom.url, saved, headers=HTMX)
    assert answer.status_code == 200
    assert 'data-state="loaded"' in answer.text
    assert "Loaded 4 requests from saved.json" in answer.text
    refused = load(classroom.url, b"{}", headers=HTMX)
    assert 'data-state="error"' in refused.text
    assert "Not loaded: saved.json: not a file" in refused.text


def test_a_file_loaded_again_says_its_requests_were_already_here(classroom, saved):
    """Not "Loaded 4 requests" a second time, as if 4 were added: none is new."""
    assert load(classroom.url, saved).json()["already"] == []
    again = load(classroom.url, saved, headers=HTMX)
    assert "Loaded saved.json: no new requests, 4 already here." in again.text
    ids = [trace["trace"] for trace in json.loads(saved)["traces"]]
    assert load(classroom.url, saved).json()["already"] == ids
    assert len(classroom.get("/api/traces")[2]) == 4


def first_of(saved: bytes) -> bytes:
    """`saved` with its first request alone (and the graphs it names)."""
    doc = json.loads(saved)
    first = doc["traces"][0]["trace"]
    graphs = [dict(graph, traces=[first]) for graph in doc["graphs"] if first in graph["traces"]]
    return json.dumps(dict(doc, traces=doc["traces"][:1], graphs=graphs)).encode()


def test_a_file_partly_loaded_before_says_how_many_are_new(classroom, saved):
    assert load(classroom.url, first_of(saved)).status_code == 200
    answer = load(classroom.url, saved, headers=HTMX)
    assert "Loaded saved.json: 3 new requests, 1 already here." in answer.text


def test_a_loaded_stack_says_it_is_from_the_file_and_is_not_sent_to(dashboard, classroom, sent,
                                                                    saved):
    assert load(classroom.url, saved, name="class-1.json").status_code == 200
    [stack] = classroom.get("/api/stacks")[2]
    assert (stack["name"], stack["loaded_from"], stack["online"]) == \
        ("osapi_compute", "class-1.json", False)
    assert dashboard.get("/api/stacks")[2][0]["loaded_from"] is None  # the running one
    page = classroom.get("/?stack=osapi_compute")[2]
    start = page.index('id="stack-picker"')
    picker = page[start:page.index("</nav>", start)]
    assert 'class="loaded"' in picker and "from class-1.json" in picker
    assert "not heard from" not in picker
    start = page.index('id="send-form"')
    form = page[start:page.index("</form>", start)]
    assert "Sending is off: osapi_compute was loaded from class-1.json and is not running." in form
    assert '<button type="submit" disabled>' in form
    refusal = ("stack 'osapi_compute' was loaded from the file class-1.json; it is not running, "
               "so there is nothing to send to (start the stack to send requests)")
    status, _, answer = classroom.post("/api/send", {
        "stack": "osapi_compute", "method": "GET", "path": "/v2.1/servers"})
    assert (status, answer) == (409, {"error": refusal})
    status, _, answer = classroom.post(f"/api/traces/{sent[0]}/repeat")
    assert (status, answer) == (409, {"error": refusal})
    # ...and the request's page says so up front, its Repeat off, as the send form is.
    for headers in ({}, HTMX):
        detail = classroom.get(f"/requests/{sent[0]}", headers=headers)[2]
        assert re.search(r'<button type="button" data-action="repeat" [^>]*disabled[^>]*>'
                         r'Repeat</button>', detail)
        assert ("Repeating is off: osapi_compute was loaded from class-1.json and is not "
                "running.") in detail
    running = dashboard.get(f"/requests/{sent[0]}")[2]
    assert re.search(r'data-action="repeat" data-trace="[^"]+">Repeat</button>', running)
    assert "Repeating is off" not in running


def broken(saved: bytes, change) -> bytes:
    doc = json.loads(saved)
    change(doc)
    return json.dumps(doc).encode()


def test_a_query_parameter_is_refused_naming_it_and_nothing_is_loaded(classroom, saved):
    answer = requests.post(f"{classroom.url}/api/traces/import?replace=1", timeout=15,
                           files={"file": ("saved.json", saved)})
    assert (answer.status_code, answer.json()) == (400, {
        "error": "unknown query parameter 'replace'; /api/traces/import takes no query "
                 "parameter"})
    assert classroom.get("/api/traces")[2] == []


def test_bad_files_are_refused_saying_where(classroom, saved):
    cases = [
        (b"\xff", "saved.json: line 1: not UTF-8 text: byte 0xff at column 1 (save the file "
                  "as UTF-8)"),
        (b"{", "saved.json: not JSON: Expecting property name"),
        (b" \n", "saved.json: the file is empty: a file of saved requests is what the Requests "
                 "page's 'Save these requests' downloads"),
        # JSON has no NaN (Python's json writes and reads it): refused as the file is read.
        (broken(saved, lambda d: d["traces"][0]["events"][-1]["data"].update(
            duration_ms=float("nan"))), "saved.json: not JSON: NaN is not a JSON number"),
        (b"[]", 'saved.json: not a file of saved requests (no "pastescope": "requests")'),
        (broken(saved, lambda d: d.update(version=2)),
         "saved.json: version 2 is not one this dashboard reads (it reads version 1)"),
        (broken(saved, lambda d: d.update(traces=[])), "saved.json: the file holds no traces"),
        (broken(saved, lambda d: d["stacks"][0].pop("graph")),
         "saved.json: stack 0 ('osapi_compute'): field 'graph' is required"),
        (broken(saved, lambda d: d["stacks"].append(d["stacks"][0])),
         "saved.json: stack 1 ('osapi_compute'): stack 0 has the same name; a file holds each "
         "stack once"),
        (broken(saved, lambda d: d["traces"][2]["events"][4].update(seq="4")),
         "saved.json: trace 2 ({2}), event 4: 'seq' must be an integer"),
        (broken(saved, lambda d: d["traces"][1]["events"][3].pop("kind")),
         "saved.json: trace 1 ({1}), event 3 (seq 3): missing field 'kind'"),
        (broken(saved, lambda d: d["traces"][0]["events"][1].update(trace="other")),
         "saved.json: trace 0 ({0}), event 1 (seq 1): 'trace' is 'other', not the trace's id"),
        (broken(saved, lambda d: d["traces"][3]["events"].pop(0)),
         "saved.json: trace 3 ({3}): needs its request.start event (what the request was)"),
        (broken(saved, lambda d: d["traces"][0]["events"][0]["data"].update(headers=[])),
         "saved.json: trace 0 ({0}), event 0 (seq 0): request.start data.headers must be an "
         "object of strings, got a list"),
    ]
    ids = [t["trace"] for t in json.loads(saved)["traces"]]
    for content, message in cases:
        answer = load(classroom.url, content)
        expected = message.format(*ids)
        assert answer.status_code == 400, message
        assert answer.json()["error"].startswith(expected), (answer.json(), expected)
    nothing = requests.post(f"{classroom.url}/api/traces/import", data={"x": "1"}, timeout=15)
    assert nothing.status_code == 400
    assert nothing.json()["error"] == ("no field 'file' (the form sent 'x'): send the saved "
                                       "requests as multipart/form-data field 'file'")


def test_a_request_saved_while_pending_loads_as_pending(classroom, saved):
    """No request.end yet (still under way, or its end lost): the list shows it pending, and
    the file a dashboard saved with it loads, rather than being refused whole."""
    doc = json.loads(saved)
    pending = doc["traces"][3]
    pending["events"] = [e for e in pending["events"] if e["kind"] != "request.end"]
    assert load(classroom.url, json.dumps(doc).encode()).status_code == 200
    listed = classroom.get("/api/traces?status=pending")[2]
    assert [(t["trace"], t["status"]) for t in listed] == [(pending["trace"], None)]


def test_save_takes_the_newest_thousand_and_the_list_says_how_many_it_shows(classroom):
    """The list shows the newest 100; a file holds up to the 1,000 a dashboard loads, and its
    name says when the filters selected more."""
    for batch in range(11):  # 1,001 requests, 91 a post
        events = [e for n in range(91) for e in trace_events(f"many-{batch}-{n}")]
        assert classroom.post("/api/events", events)[0] == 202
    page = classroom.get("/requests")[2]
    assert "(newest first: the newest 100 of the 1001 kept)" in page
    assert "(newest first)" in classroom.get("/requests?path=many-0-")[2]  # 91: all shown
    answer = requests.get(f"{classroom.url}/api/traces/export", timeout=30)
    assert len(answer.json()["traces"]) == 1000
    assert re.fullmatch(r'attachment; filename="pastescope-requests-[\d-]+-newest-1000-of-1001'
                        r'\.json"', answer.headers["Content-Disposition"])


def test_a_broken_file_stores_nothing(tmp_path, saved):
    with served({"DATA_DIR": str(tmp_path)}) as url:
        answer = load(url, broken(saved, lambda d: d["traces"][3]["events"].pop(0)))
        assert answer.status_code == 400
        assert requests.get(f"{url}/api/traces", timeout=15).json() == []
        assert requests.get(f"{url}/api/stacks", timeout=15).json() == []


def test_a_file_beyond_the_limit_is_refused(tmp_path, saved):
    with served({"DATA_DIR": str(tmp_path), "MAX_IMPORT_BYTES": 1024}) as url:
        answer = load(url, saved)
        assert answer.status_code == 413
        assert answer.json()["error"] == (f"saved.json: the file is {len(saved) / 1024:.1f} KiB; "
                                          "the limit is 1 KiB")
        assert requests.get(f"{url}/api/traces", timeout=15).json() == []


def listed(dashboard, ids: list[str], path: str = "/requests") -> list[str]:
    """Of `ids`, those a page's request list shows, top to bottom."""
    rows = re.findall(r'<tr [^>]*data-trace="([^"]+)"', dashboard.get(path)[2])
    return [trace_id for trace_id in rows if trace_id in ids]


def test_loaded_requests_are_listed_newest_first_whatever_the_file_order(dashboard, classroom,
                                                                         sent, saved):
    # `saved` holds them as sent, oldest first; the list's Save holds them newest first.
    newest_first = sent[::-1]
    as_listed = requests.get(f"{dashboard.url}/api/traces/export", timeout=15).content
    assert [t["trace"] for t in json.loads(as_listed)["traces"] if t["trace"] in sent] == \
        newest_first
    for content in (saved, as_listed):
        assert load(classroom.url, content).status_code == 200
        assert [row["trace"] for row in classroom.get("/api/traces")[2]] == newest_first
        for page in ("/requests", "/?stack=osapi_compute"):
            assert listed(classroom, sent, page) == newest_first, page


def test_requests_loaded_beside_a_running_stack_sit_below_newer_live_ones(dashboard, sent,
                                                                          saved):
    [later] = sent_from_form(dashboard, [("GET", "/v2.1/flavors", TOKEN)])
    assert load(dashboard.url, saved).status_code == 200  # stored again, after `later`
    for page in ("/requests", "/"):
        assert listed(dashboard, [*sent, later], page) == [later, *sent[::-1]], page
