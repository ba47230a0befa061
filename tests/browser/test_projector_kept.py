"""Projector mode kept in a browser tab, in headless Chromium: a teacher turns it on once and it
stays on while they follow links from page to page (and off once turned off); every page has
its toggle in the top header; `?projector=1` or `=0` in a URL still forces it; it is on before
the page is first drawn, not switched on after.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.conftest import NOVA
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: The header's toggle, on every page.
TOGGLE = 'header.top [data-action="projector"]'

#: Records, as the page is parsed, whether <body> was already in projector mode when the
#: header (the first thing drawn) arrived: drawn before that, the page flashes white first.
WATCH_FIRST_PAINT = """() => {
  new MutationObserver((records, observer) => {
    const header = document.querySelector('header.top');
    if (!header) return;
    window.projectorWhenDrawn = document.body.classList.contains('projector');
    observer.disconnect();
  }).observe(document, {childList: true, subtree: true});
}"""


@pytest.fixture(scope="module")
def traces(dashboard, stack) -> list[str]:
    """Two recorded requests of the demo stack: a 200 and a 401."""
    return [send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"],
            send(dashboard, stack, "GET", "/v2.1/servers", {})["trace"]]


def in_projector_mode(page: Page, url_part: str, on: bool = True) -> None:
    """The page at a URL containing `url_part` has loaded, in projector mode or not (`on`), its
    header's toggle saying so; the URL carries no `projector` of its own."""
    page.wait_for_url(f"**{url_part}*")
    body = page.locator("body")
    if on:
        expect(body).to_have_class("projector")
    else:
        expect(body).not_to_have_class("projector")
    expect(page.locator(TOGGLE)).to_have_attribute("aria-pressed", str(on).lower())
    assert "projector" not in page.url, page.url


def nav(page: Page, name: str) -> None:
    """Follow the top header's link `name`."""
    page.locator("header.top nav a", has_text=name).click()


def test_projector_mode_stays_on_from_page_to_page(page, dashboard, traces):
    ok, denied = traces
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
    in_projector_mode(page, "/", on=False)
    page.locator(TOGGLE).click()
    in_projector_mode(page, "/")

    nav(page, "Requests")
    in_projector_mode(page, "/requests")
    page.locator(f'#rows tr[data-trace="{ok}"] td.path a').click()
    in_projector_mode(page, f"/requests/{ok}")
    page.locator("a.step-through").click()
    in_projector_mode(page, f"/requests/{ok}/steps")
    expect(page.locator(TOGGLE)).to_have_attribute("aria-pressed", "true")
    nav(page, "Lessons")
    in_projector_mode(page, "/lessons")
    page.locator('[data-lesson="compute-demo"] a').click()
    in_projector_mode(page, "/lessons/compute-demo")
    nav(page, "Requests")
    page.locator(f'#rows tr[data-trace="{denied}"] td.path a').click()
    in_projector_mode(page, f"/requests/{denied}")
    page.locator("a.compare-with").click()
    in_projector_mode(page, "/compare")
    nav(page, "Follow")
    in_projector_mode(page, "/follow")
    page.reload()
    in_projector_mode(page, "/follow")

    # Off, it stays off: by the header's toggle, and by Esc.
    nav(page, "Live")
    in_projector_mode(page, "/")
    page.locator(TOGGLE).click()
    in_projector_mode(page, "/", on=False)
    expect(page.locator(TOGGLE)).to_have_attribute("aria-pressed", "false")
    nav(page, "Requests")
    in_projector_mode(page, "/requests", on=False)
    page.locator(f'#rows tr[data-trace="{ok}"] td.path a').click()
    in_projector_mode(page, f"/requests/{ok}", on=False)
    page.locator("a.step-through").click()
    in_projector_mode(page, f"/requests/{ok}/steps", on=False)
    page.locator(TOGGLE).click()
    in_projector_mode(page, "/steps")
    nav(page, "Lessons")
    in_projector_mode(page, "/lessons")
    page.locator("body").press("Escape")
    in_projector_mode(page, "/lessons", on=False)
    nav(page, "Upload an ini")
    in_projector_mode(page, "/inis", on=False)
    # Back, to a page left while it was on: it is off there too.
    page.go_back()
    in_projector_mode(page, "/lessons", on=False)
    page.go_back()
    in_projector_mode(page, "/steps", on=False)


def test_the_url_still_forces_it(page, dashboard, traces):
    page.goto(f"{dashboard.url}/lessons?projector=1")
    in_projector_mode(page, "/lessons")
    nav(page, "Requests")
    in_projector_mode(page, "/requests")
    page.locator(TOGGLE).click()
    in_projector_mode(page, "/requests", on=False)
    # Back to the page whose link asked for it: the teacher's later choice holds.
    page.go_back()
    in_projector_mode(page, "/lessons", on=False)

    page.goto(f"{dashboard.url}/requests/{traces[0]}?projector=1")
    in_projector_mode(page, f"/requests/{traces[0]}")
    page.goto(f"{dashboard.url}/compare?a={traces[0]}&b={traces[1]}&projector=0")
    in_projector_mode(page, "/compare", on=False)
    # The rest of the query is kept.
    assert page.url.endswith(f"/compare?a={traces[0]}&b={traces[1]}"), page.url
    nav(page, "Lessons")
    in_projector_mode(page, "/lessons", on=False)


def test_it_is_on_before_the_page_is_drawn(page, dashboard, traces):
    page.add_init_script(f"({WATCH_FIRST_PAINT})()")
    page.goto(f"{dashboard.url}/requests?projector=1")
    in_projector_mode(page, "/requests")
    assert page.evaluate("window.projectorWhenDrawn") is True
    nav(page, "Lessons")
    in_projector_mode(page, "/lessons")
    assert page.evaluate("window.projectorWhenDrawn") is True


def test_every_page_has_the_toggle(page, dashboard, traces):
    ok, denied = traces
    upload(page, dashboard, NOVA)
    ini = page.url.removeprefix(dashboard.url)
    pages = ["/", "/requests", f"/requests/{ok}", f"/requests/{ok}/steps", "/lessons",
             "/lessons/compute-demo", f"/compare?a={ok}", f"/compare?a={ok}&b={denied}",
             "/inis", ini, "/follow"]
    for on in (False, True):
        for url in pages:
            page.goto(dashboard.url + url)
            toggle = page.locator(TOGGLE)
            expect(toggle).to_have_count(1)
            expect(toggle).to_be_visible()
            expect(toggle).to_have_accessible_name("Projector")
            expect(toggle).to_have_attribute("aria-pressed", str(on).lower())
            # It lies in the header's row, not pushed off the side of the screen.
            box = toggle.bounding_box()
            assert box["x"] + box["width"] <= page.viewport_size["width"], (url, box)
        if not on:
            page.goto(dashboard.url + "/lessons/compute-demo")
            page.locator(TOGGLE).click()
            expect(page.locator("body")).to_have_class("projector")


def test_the_toggle_leaves_the_step_keys_to_the_stepper(page, dashboard, traces):
    page.goto(f"{dashboard.url}/requests/{traces[0]}/steps")
    stepper = page.locator(".stepper")
    expect(stepper).to_have_attribute("data-index", "0")
    page.locator(TOGGLE).click()
    expect(page.locator("body")).to_have_class("projector")
    # Space steps on, rather than pressing the toggle again.
    page.keyboard.press("Space")
    expect(stepper).to_have_attribute("data-index", "1")
    expect(page.locator("body")).to_have_class("projector")
    page.keyboard.press("ArrowRight")
    expect(stepper).to_have_attribute("data-index", "2")
