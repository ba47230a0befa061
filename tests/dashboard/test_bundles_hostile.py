"""Saved requests at the edges of the import's size limit: a file "Save these requests" writes
always loads back, and one past the limit is a 413 naming the file."""

from __future__ import annotations

import json
import re

import requests

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import load
from tests.dashboard.servers import served

LIMIT = 64 * 1024


def heavy(trace: str) -> list[dict]:
    """A request with a 6 KB header, as a real browser's cookies make it."""
    events = trace_events(trace)
    events[0]["data"]["headers"]["X-Big"] = "x" * 6000
    return events


def test_a_saved_file_stops_before_the_import_limit_and_says_so(tmp_path):
    config = {"DATA_DIR": str(tmp_path / "a"), "MAX_IMPORT_BYTES": LIMIT}
    with served(config) as url:
        requests.post(f"{url}/api/stacks", json=announcement(), timeout=15)
        events = [event for n in range(30) for event in heavy(f"big-{n:02}")]
        assert requests.post(f"{url}/api/events", json=events, timeout=15).status_code == 202
        answer = requests.get(f"{url}/api/traces/export", timeout=15)
        assert answer.status_code == 200
    assert len(answer.content) <= LIMIT
    kept = len(json.loads(answer.content)["traces"])
    assert 0 < kept < 30
    assert re.search(rf'-newest-{kept}-of-30\.json"', answer.headers["Content-Disposition"])
    with served({"DATA_DIR": str(tmp_path / "b"), "MAX_IMPORT_BYTES": LIMIT}) as url:
        loaded = load(url, answer.content)
        assert loaded.status_code == 200, loaded.text
        assert len(loaded.json()["traces"]) == kept


def test_a_request_larger_than_a_file_loads_is_refused_on_saving(tmp_path):
    with served({"DATA_DIR": str(tmp_path), "MAX_IMPORT_BYTES": 4096}) as url:
        assert requests.post(f"{url}/api/events", json=heavy("one-big"),
                             timeout=15).status_code == 202
        answer = requests.get(f"{url}/api/traces/export", timeout=15)
        assert answer.status_code == 413
        assert answer.json()["error"] == ("the request 'one-big' alone takes more than 4 KiB, "
                                          "the most a file of saved requests loads")


def test_a_file_past_the_limit_is_413_naming_it_and_a_fragment_for_htmx(tmp_path):
    with served({"DATA_DIR": str(tmp_path), "MAX_IMPORT_BYTES": 1024}) as url:
        answer = load(url, b"[" + b" " * 2000 + b"]", name="class.json")
        assert answer.status_code == 413
        assert answer.json()["error"] == "class.json: the file is 2 KiB; the limit is 1 KiB"
        fragment = load(url, b"[" + b" " * 2000 + b"]", name="class.json", headers=HTMX)
        assert fragment.status_code == 200
        assert "class.json: the file is 2 KiB; the limit is 1 KiB" in fragment.text
