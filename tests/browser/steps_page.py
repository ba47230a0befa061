"""The step view of one request, driven as a reader does: opened, then the keys; which of a
box's rows is marked."""

from __future__ import annotations

import re

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


def only(rows: Locator, nth: int, cls: str) -> None:
    """`cls` is on row `nth` of `rows`, and on no other."""
    expect(rows.and_(rows.page.locator(f".{cls}"))).to_have_count(1)
    expect(rows.nth(nth)).to_have_class(re.compile(rf"\b{cls}\b"))
