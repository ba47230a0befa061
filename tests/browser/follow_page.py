"""The follow page as a class sees it: a second browser, another machine of the class, watching
the teacher's steps on `/follow`; and what the teacher's bar says while the class follows."""

from __future__ import annotations

from playwright.sync_api import Browser

#: What the bar of a teacher's page says while Follow shows the class what this tab opens.
BAR_TEXT = ("Presenting to viewers: Follow shows them each request you open in this tab, from its "
            "first step, and each step you show.")


def open_viewer(browser: Browser, url: str):
    """A second browser (another machine of the class) on `/follow`: its context, page, and
    the JavaScript errors and non-GET requests it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    viewer = context.new_page()
    viewer.set_default_timeout(10_000)
    errors: list[str] = []
    posts: list[str] = []
    viewer.on("pageerror", lambda error: errors.append(str(error)))
    viewer.on("request", lambda r: posts.append(r.url) if r.method != "GET" else None)
    viewer.goto(f"{url}/follow")
    return context, viewer, errors, posts
