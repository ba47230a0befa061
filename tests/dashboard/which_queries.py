"""`GET /api/which` asked what a URL would hit: in an uploaded ini or a running stack."""

from __future__ import annotations

from urllib.parse import urlencode


def ask(dashboard, *pairs: tuple[str, str], headers: dict | None = None):
    return dashboard.get("/api/which?" + urlencode(pairs), headers=headers)
