"""Debian's /usr/bin/chromium as the tests drive it (never a downloaded browser): its path, the
flags it is started with, and a page opened in it (`opened_page`) that fails the test if a
script on it raised. Shared by the browser fixtures (tests/browser/conftest.py), the tests
opening pages of their own, and the benchmarks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from playwright.sync_api import Browser
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextlib.contextmanager
def opened_page(browser: Browser, **context: Any) -> Iterator[Page]:
    """A page in a new browser context (`context`: Playwright's options, the viewport…); the
    test fails if a script on it raised."""
    context = browser.new_context(**context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
        assert errors == [], f"JavaScript errors on the page: {errors}"
    finally:
        context.close()
