"""Every event kind is documented, and the README's table is the generated one."""

from __future__ import annotations

import dataclasses

from stack import events
from tests.conftest import ROOT


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
    assert events.events_table() in (ROOT / "README.md").read_text()


def test_event_json_has_the_contract_keys():
    event = events.Event("t", 1, 0, 3, 1.5, "node.enter", "filter:x", "s",
                         {"script_name": "", "path_info": "/"})
    assert list(event.to_json()) == [f.name for f in dataclasses.fields(events.Event)]
