"""The story of a request that ended well after a layer caught an error, as a browser draws
it: not in the red box of a failure's story, yet with its code marked as there, on the desktop
and in projector mode."""

from __future__ import annotations

from playwright.sync_api import Page

#: The story box's colours, and its code's, marked as in a failure's story (`.why code`).
DRAWN = """section => {
  const style = getComputedStyle(section), code = getComputedStyle(section.querySelector('code'));
  return {border: style.borderLeftColor, background: style.backgroundColor,
          code: code.backgroundColor};
}"""
#: `.why code`'s background, on the desktop and in projector mode (steps.css).
CODE = {"desktop": "rgb(240, 244, 248)", "projector": "rgb(36, 59, 83)"}
#: What `--server` (a failure's story's border) is drawn as.
SERVER = """() => {
  const probe = document.createElement('span');
  probe.style.color = 'var(--server)';
  document.body.append(probe);
  const drawn = getComputedStyle(probe).color;
  probe.remove();
  return drawn;
}"""


def test_a_caught_errors_story_is_not_drawn_as_a_failure(page: Page, dashboard,
                                                         retried_raise):
    page.goto(f"{dashboard.url}/requests/{retried_raise}")
    story = page.locator('section[data-why="caught"]')
    for mode in ("desktop", "projector"):
        if mode == "projector":
            page.locator('header.top [data-action="projector"]').click()
            page.wait_for_function("document.body.classList.contains('projector')")
        drawn = story.evaluate(DRAWN)
        assert drawn["background"] == "rgba(0, 0, 0, 0)", (mode, drawn)
        assert drawn["border"] != page.evaluate(SERVER), (mode, drawn)
        assert drawn["code"] == CODE[mode], (mode, drawn)
