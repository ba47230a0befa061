"""The entry an uploaded file's page draws first, where the address names none.

Apart from the page (`dashboard.uploads`) because "which" (`dashboard.which`) asks about that
same entry when the question names none, and the page shows which's answer in its turn.
"""

from __future__ import annotations

from typing import Any


def default_entry(doc: dict[str, Any]) -> tuple[str | None, str]:
    """The entry shown first of an uploaded file (None where it has none), and why: the
    biggest graph, which in real files is the API itself (nova's osapi_compute), or the biggest
    of those holding a section PasteDeploy would refuse. A broken file is uploaded to find what
    breaks it; and a refused section loses what it would reach, so its entry is no longer the
    biggest (nova without its `[filter:sizelimit]` opened on ec2)."""
    refused = {error["section"] for error in doc["errors"]}
    broken = [g for g in doc["graphs"] if any(node["id"] in refused for node in g["nodes"])]
    biggest = max(broken or doc["graphs"], key=lambda g: len(g["nodes"]), default=None)
    if biggest is None:
        return None, ""
    if broken:
        return biggest["entry"], "the one with the most sections, of those PasteDeploy would refuse"
    return biggest["entry"], "the one with the most sections"
