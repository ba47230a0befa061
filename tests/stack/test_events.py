"""Every event kind is documented, the README's table is the generated one, and what it says
of the data every event carries, may leave out and of `node` holds for real traces."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from stack import events
from stack.event_data import DataError
from stack.event_data import checked_data
from tests.conftest import ROOT
from tests.conftest import TOKEN
from tests.conftest import raw_request

README = (ROOT / "README.md").read_text()


def test_every_payload_docstring_opens_with_its_kind():
    for payload in events.PAYLOADS:
        assert payload.__doc__.startswith(f"{payload.kind} — "), payload.__name__
        assert len(payload.__doc__.strip().splitlines()) > 1, f"{payload.kind}: say more"


def test_kinds_are_the_design_contract():
    assert events.KINDS == {
        "request.start", "composite.dispatch", "composite.miss", "node.enter", "node.leave",
        "route.match", "route.miss", "controller.action", "controller.return", "error",
        "request.end", "wsgi.warning"}


def test_readme_event_table_is_generated_from_the_docstrings():
    assert events.events_table() in README


def test_event_json_has_the_contract_keys():
    event = events.Event("t", 1, 0, 3, 1.5, "node.enter", "filter:x", "s",
                         {"script_name": "", "path_info": "/"})
    assert list(event.to_json()) == [f.name for f in dataclasses.fields(events.Event)]



def readme_table() -> dict[str, tuple[set[str], set[str]]]:
    """The README's events table as a script builds a validator from it: each kind → the data
    every event of it carries, and the data it may leave out."""
    table = {}
    for line in README.splitlines():
        if match := re.fullmatch(r"\| `([a-z.]+)` \| [^|]+ \| ([^|]+) \| ([^|]+) \|", line):
            kind, carried, optional = match.groups()
            table[kind] = (set(re.findall(r"`(\w+)`", carried)),
                           set(re.findall(r"`(\w+)`", optional)))
    return table


#: Requests to the compute demo whose traces hold every kind but wsgi.warning (which only
#: `--check-wsgi` writes) and composite.miss (its urlmap has `/`): a 401, a 200 through the
#: router, a route miss, and a 500 an action raised (error events).
REQUESTS = [
    ("GET", "/v2.1/servers", (), b""),
    ("GET", "/v2.1/servers", tuple(TOKEN.items()), b""),
    ("GET", "/v2.1/nowhere", tuple(TOKEN.items()), b""),
    ("POST", "/v2.1/servers/1/action",
     (*TOKEN.items(), ("Content-Type", "application/json"), ("Content-Length", "15")),
     b'{"migrate": {}}'),
]


@pytest.fixture(scope="module")
def traced(compute_stack) -> list[dict]:
    """Every event of `REQUESTS`' traces, as the stack wrote them."""
    found = []
    for method, path, headers, body in REQUESTS:
        _, sent, _ = raw_request(compute_stack.url, path, method=method, headers=headers,
                                 body=body)
        found += compute_stack.trace(dict(sent)["X-Pastescope-Trace"])
    return found


def test_the_readme_table_says_which_data_real_events_carry_and_may_leave_out(traced):
    table = readme_table()
    assert set(table) == events.KINDS
    assert {event["kind"] for event in traced} == events.KINDS - {"wsgi.warning", "composite.miss"}
    for event in traced:
        carried, optional = table[event["kind"]]
        assert carried <= set(event["data"]), (event["kind"], event["data"])
        assert set(event["data"]) <= carried | optional, (event["kind"], event["data"])
    # A node.leave without `unstarted`, an error without `raised_in`: the README lets both be.
    assert any(e["kind"] == "node.leave" and "unstarted" not in e["data"] for e in traced)


def test_the_dashboard_takes_what_the_readme_lets_out_and_refuses_the_rest(traced):
    table = readme_table()
    for event in {event["kind"]: event for event in traced}.values():
        carried, optional = table[event["kind"]]
        for name in optional & set(event["data"]):
            data = {key: value for key, value in event["data"].items() if key != name}
            checked_data(event["kind"], data)  # refused: DataError
        for name in carried:
            data = {key: value for key, value in event["data"].items() if key != name}
            with pytest.raises(DataError, match=f"data.{name} is missing"):
                checked_data(event["kind"], json.loads(json.dumps(data)))


def test_node_is_null_where_the_readme_says(traced):
    said = README[README.index("\n## Events\n"):README.index("This table is generated")]
    assert "null where an event is no layer's: always on `request.start` and `request.end`" in (
        " ".join(said.split()))
    for event in traced:
        if event["kind"] in ("request.start", "request.end"):
            assert event["node"] is None, event
        elif event["kind"] == "error" and event["data"]["raised_at"] is None:
            assert event["node"] is None, event
        else:
            assert event["node"] is not None, event
