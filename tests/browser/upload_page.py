"""The upload page (/inis) in a test's browser: a file picked in its form, as a user picks one,
and, for one the dashboard takes, the wait for the page that draws it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page


def pick(page: Page, dashboard, name: str, content: bytes) -> None:
    """Open /inis and pick the file `name` holding `content`; what the page answers is for the
    test to wait for (a refusal stays on /inis)."""
    page.goto(dashboard.url + "/inis")
    page.set_input_files("#upload-file", files=[
        {"name": name, "mimeType": "text/plain", "buffer": content}])


def upload(page: Page, dashboard, file: Path | str, content: bytes | None = None) -> None:
    """Upload `file` (a file on disk, under its name holding its bytes; or a name holding
    `content`, a test's own text), and wait for the page that draws it."""
    name = file.name if isinstance(file, Path) else file
    if content is None:
        content = Path(file).read_bytes()
    pick(page, dashboard, name, content)
    page.wait_for_url("**/inis/*")
