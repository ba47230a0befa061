"""The Live page's stack picker marks the stack shown so it is seen at a glance: in bold alone it
hardly stood out from the others. It stays marked when the picker is drawn again (another
stack announced itself)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.servers import announced

#: How a stack's link looks: what tells one from another, besides its name.
LOOK = """(link) => {
  const style = getComputedStyle(link);
  return {background: style.backgroundColor, border: style.borderTopStyle + ' ' +
          style.borderTopWidth + ' ' + style.borderTopColor};
}"""
CLEAR = "rgba(0, 0, 0, 0)"


def test_the_stack_shown_is_marked_apart_from_the_others(page, dashboard, stack):
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    shown = page.locator('#stack-picker [data-stack-link="osapi_compute"]')
    expect(shown).to_have_attribute("aria-current", "page")
    with announced(dashboard, "web", "stack/demo/seed_nova.ini"):
        other = page.locator('#stack-picker [data-stack-link="web"]')
        expect(other).to_be_visible()  # drawn again from the live stream
        expect(shown).to_have_attribute("aria-current", "page")
        assert other.get_attribute("aria-current") is None
        marked, plain = shown.evaluate(LOOK), other.evaluate(LOOK)
    assert plain["background"] == CLEAR, plain
    assert marked["background"] != CLEAR, marked
    assert marked["border"] != plain["border"], (marked, plain)


def test_the_focus_stays_on_a_stacks_link_as_the_picker_is_drawn_again(page, dashboard, stack):
    """A keyboard user on a stack's link kept their place when another stack announced itself:
    the focus fell to the page's body, and the next Tab started again at the header."""
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    shown = page.locator('#stack-picker [data-stack-link="osapi_compute"]')
    page.get_by_role("button", name="Projector").focus()
    page.keyboard.press("Tab")
    expect(shown).to_be_focused()
    assert dashboard.post("/api/stacks", announcement("picker-focus"))[0] == 200
    expect(page.locator('#stack-picker [data-stack-link="picker-focus"]')).to_be_visible()
    expect(shown).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Projector")).to_be_focused()
