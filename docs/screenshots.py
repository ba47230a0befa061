"""Take the README's screenshots again: docs/live-diagram.png and docs/step-view.png.

    python docs/screenshots.py

Run it from the clone, in its virtualenv (with requirements-test.txt installed: Playwright), on a
machine with Debian's Chromium (`apt-get install chromium fonts-liberation`). It starts a
dashboard (its data in a new temporary folder) and the compute demo stack on 127.0.0.1, free
ports, as the tests do (`tests.dashboard.servers`), sends the demo's requests, takes both
pictures and stops both servers. Run it again whenever the pages change.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import expect
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the clone's packages, tests' servers among them

from tests.browser.conftest import CHROMIUM  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.conftest import TOKEN  # noqa: E402
from tests.dashboard.servers import Dashboard  # noqa: E402
from tests.dashboard.servers import announced  # noqa: E402
from tests.dashboard.servers import send  # noqa: E402

DOCS = ROOT / "docs"
STACK = "osapi_compute"
#: The requests sent before the pictures: every box gets figures, the route table hits, and
#: `GET /v2.1/servers/new` shows a route whose controller lacks its action.
REQUESTS = [
    ("GET", "/", {}),
    ("GET", "/v2.1/servers", TOKEN),
    ("GET", "/v2.1/servers", {}),
    ("GET", "/v2.1/flavors", TOKEN),
    ("GET", "/v2.1/servers/1", TOKEN),
    ("GET", "/v2.1/servers/999", TOKEN),
    ("GET", "/v2.1/servers/new", TOKEN),
    ("DELETE", "/v2.1/flavors", TOKEN),
    ("GET", "/v2.1/nothing", TOKEN),
    ("GET", "/v2.1/servers", TOKEN),
    ("GET", "/", {}),
    ("GET", "/v2.1/servers", TOKEN),
]
#: The preset the Live picture sends from the page, and plays.
PRESET = "GET /v2.1/servers — list servers"


def live_picture(page: Page, dashboard_url: str) -> None:
    """The Live page, once the preset sent from its form has played through the diagram."""
    page.goto(f"{dashboard_url}/?stack={STACK}")
    expect(page.locator("#live")).to_have_attribute("data-stack", STACK)
    page.select_option("#speed", "16")
    page.select_option('#send-form select[name="preset"]', label=PRESET)
    page.click('#send-form button[type="submit"]')
    result = page.locator("#send-result")
    expect(result).not_to_have_attribute("data-trace", "")
    player = page.locator("#player")
    expect(player).to_have_attribute("data-trace", result.get_attribute("data-trace"))
    expect(player).to_have_attribute("data-state", "done", timeout=20_000)
    page.select_option("#speed", "1")
    page.mouse.move(0, 0)
    page.screenshot(path=DOCS / "live-diagram.png", animations="disabled")


def step_picture(page: Page, dashboard_url: str, trace: dict) -> None:
    """The step view of `trace` at the hop where the app is entered."""
    index = next(i for i, event in enumerate(trace["events"])
                 if event["kind"] == "node.enter" and event["node"].startswith("app:"))
    page.goto(f"{dashboard_url}/requests/{trace['trace']}/steps")
    stepper = page.locator(".stepper")
    expect(stepper).to_have_attribute("data-state", "paused")
    page.click(f'.stepper .hop[data-index="{index}"]')
    expect(stepper).to_have_attribute("data-index", str(index))
    page.mouse.move(0, 0)
    page.screenshot(path=DOCS / "step-view.png", animations="disabled")


def main() -> int:
    argparse.ArgumentParser(description="Take the README's screenshots again.").parse_args()
    with tempfile.TemporaryDirectory(prefix="pastescope-screenshots-") as tmp:
        dashboard = Dashboard(Path(tmp) / "data")
        try:
            with announced(dashboard, STACK) as stack:
                traces = [send(dashboard, stack, *request) for request in REQUESTS]
                take_pictures(dashboard.url, traces)
        finally:
            dashboard.stop()
    for name in ("live-diagram.png", "step-view.png"):
        print(f"wrote docs/{name}")
    return 0


def take_pictures(dashboard_url: str, traces: list[dict]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            live = browser.new_context(viewport={"width": 1920, "height": 1150})
            live_picture(live.new_page(), dashboard_url)
            steps = browser.new_context(viewport={"width": 1280, "height": 800})
            step_picture(steps.new_page(), dashboard_url, traces[1])
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
