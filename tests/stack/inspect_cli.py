"""`python -m stack inspect FILE --json` run as a user runs it, and the JSON it prints read
back."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def inspect_json(path) -> dict:
    done = run_cli("inspect", str(path), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
