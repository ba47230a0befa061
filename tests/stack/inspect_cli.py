"""`python -m stack inspect FILE --json` run as a user runs it, the JSON it prints read
back, and a node of it found by id."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def inspect_json(path) -> dict:
    done = run_cli("inspect", str(path), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def node(doc: dict, node_id: str) -> dict:
    """The node `node_id` of any of `doc`'s graphs."""
    return next(n for g in doc["graphs"] for n in g["nodes"] if n["id"] == node_id)
