"""What a screen reader reads out as a page changes: a live region (role status, aria-live, an
output) speaks when its text changes, only if it was in the page and rendered before; one shown
from `hidden` or display: none with its words already in it says nothing. `mark_live` marks the
regions there now and records what they say from then on (`said`); `was_live` finds them."""

from __future__ import annotations

from playwright.sync_api import Locator
from playwright.sync_api import Page

#: Marks every live region rendered now (a visually hidden one is rendered), and records each
#: text one of them takes, in order.
MARK_LIVE = """() => {
  window.saidByRegions = [];
  const regions = document.querySelectorAll('[role=status], [role=alert], [aria-live], output');
  regions.forEach((element) => {
    if (!element.checkVisibility()) return;
    element.dataset.wasLive = 'true';
    new MutationObserver(() => window.saidByRegions.push(
      element.textContent.trim().replace(/\\s+/g, ' ')))
      .observe(element, {childList: true, characterData: true, subtree: true});
  });
}"""


def mark_live(page: Page) -> None:
    """Mark the live regions a screen reader follows on `page` now, and record what they say."""
    page.evaluate(MARK_LIVE)


def was_live(page: Page, text: str) -> Locator:
    """The regions `mark_live` marked that now hold `text`: where it was read out."""
    return page.locator('[data-was-live="true"]').filter(has_text=text)


def said(page: Page) -> list[str]:
    """Each text the marked regions took since `mark_live`, in order (an emptied one: "")."""
    return page.evaluate("window.saidByRegions")
