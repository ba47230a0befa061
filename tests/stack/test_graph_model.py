"""`stack.graph_model`: section kinds, node ids and the JSON the contract gives a graph."""

from __future__ import annotations

import json

import pytest

from stack import graph_model
from stack.graph import read_ini
from tests.conftest import INI_DATA


def test_section_kinds_and_ids() -> None:
    assert graph_model.section_kind("application") == "app"
    assert graph_model.section_kind("composit") == "composite"
    for kind in ("app", "filter", "pipeline", "composite", "filter-app"):
        assert graph_model.section_kind(kind) == kind
    with pytest.raises(ValueError):
        graph_model.section_kind("server")
    assert graph_model.node_id("composite", "x") == "composite:x"
    assert graph_model.node_id("app", "x", "other.ini") == "other.ini#app:x"


def test_json_shapes_follow_the_contract() -> None:
    ini = read_ini(str(INI_DATA / "aodh-api-paste.ini"))
    data = ini.to_json()
    # The contract's fields, then extra ones it welcomes: warnings no graph's node carries,
    # and the sections no entry uses.
    assert list(data) == ["file", "entries", "graphs", "errors", "warnings", "unused",
                          "named_by_refused"]
    assert data["warnings"] == []
    assert data["file"] == "aodh-api-paste.ini"
    assert data["entries"] == ["composite:aodh+noauth", "composite:aodh+keystone"]
    first = data["graphs"][0]
    assert list(first) == ["entry", "nodes", "edges", "defaults", "file_defaults"]
    assert first["nodes"][0] == {
        "id": "composite:aodh+noauth",
        "kind": "composite",
        "name": "aodh+noauth",
        "factory": "egg:Paste#urlmap",
        "file": "aodh-api-paste.ini",
        "line": 1,
        "conf": {},
        "conf_lines": {},
        "warnings": [],
        "errors": [],
        "error_lines": [],
        "refused_members": [],
        "built_as": None,
        "refused_alternatives": {},
        "refused_targets": [],
        "refused_links": [],
    }
    assert {
        "source": "composite:aodh+noauth",
        "target": "app:healthcheck",
        "label": "/healthcheck",
    } in first["edges"]
    json.dumps(data)  # plain JSON
