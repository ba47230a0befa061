"""The step view of one request, driven as a reader does: opened, then the keys."""

from __future__ import annotations

from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect


def last_step(page: Page, url: str) -> Locator:
    """Open the step view at `url` and go to its last step (End), waiting until it is shown;
    the stepper."""
    page.goto(url)
    stepper = page.locator(".stepper")
    stepper.focus()
    page.keyboard.press("End")
    last = int(stepper.get_attribute("data-steps")) - 1
    expect(stepper).to_have_attribute("data-index", str(last))
    return stepper
