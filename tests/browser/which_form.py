""""What would this URL hit?" on a page with a diagram: opening a page with its form, asking it
there, and reading the path it draws."""

from __future__ import annotations

import re

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.conftest import NOVA


def open_page(page: Page, dashboard, where: str) -> None:
    """The form, on nova's file uploaded (`where` "upload") or on the running stack's Live page
    ("live"): the two pages a which test asks the same question on."""
    if where == "upload":
        upload(page, dashboard, NOVA)
    else:
        page.goto(dashboard.url + "/?stack=osapi_compute")
    expect(page.locator(".which-form")).to_be_visible()


def drawn_path(page: Page) -> list[tuple[str, str]]:
    """The boxes marked on the path, in their order: (node, the lane it is drawn in)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#diagram .which-hop'))
        .sort((a, b) => a.dataset.whichOrder - b.dataset.whichOrder)
        .map((box) => [box.dataset.node, box.dataset.in || ''])""")


def submit(page: Page, method: str, path: str) -> None:
    """Ask from the page's form, waiting for nothing (a question it refuses draws no path)."""
    form = page.locator(".which-form")
    form.locator('input[name="method"]').fill(method)
    form.locator('input[name="path"]').fill(path)
    form.locator('button[type="submit"]').click()


def ask(page: Page, method: str, path: str) -> None:
    """Ask from the page's form, and wait until the diagram has drawn the answer."""
    submit(page, method, path)
    drawn = re.compile("^" + re.escape(f"{method} {path}") + "( |$)")
    expect(page.locator("#diagram svg")).to_have_attribute("data-which-drawn", drawn)
