"""Every page at a phone's width in headless Chromium: none scrolls sideways, and what the page
is for is still on screen.

The pages hold real data: requests the compute demo answered (a 200, a 401, two 404s), one
of them compared with another, an uploaded ini. A table or a diagram wider than the phone may
scroll inside its own box; the page itself may not. A diagram is not shrunk to the phone's width
until its names cannot be read: it is drawn larger, and its frame scrolls.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.live_page import wait_played
from tests.browser.screens import PHONE
from tests.browser.text_sizes import readable_diagram
from tests.browser.upload_page import upload
from tests.conftest import NOVA
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: Each page (its URL, with {ok} and {failed} two recorded requests) and what it is for: every
#: selector's first match must be visible and lie within the phone's width.
PAGES = {
    "live": ("/?stack=osapi_compute",
             ["#diagram", "#send-form", "#rows tr[data-trace] td.path", "#rows td.status"]),
    "requests": ("/requests", ["#rows tr[data-trace] td.path", "#rows td.status", "#rows td.num"]),
    "request": ("/requests/{failed}", [".request-detail h2", ".timeline tbody td.layer",
                                       ".events tbody tr", ".errors li"]),
    "steps": ("/requests/{ok}/steps", [".stepper .step-diagram",
                                       '.stepper [data-action="forward"]',
                                       ".stepper .step:not([hidden]) .step-text"]),
    "compare": ("/compare?a={ok}&b={failed}", [".compare-heads", ".compare-summary",
                                               ".compare-hops"]),
    "compare with": ("/compare?a={ok}", [".compare-heads", ".compare-choices"]),
    "upload": ("/inis", ["#upload", "#upload-file"]),
    "lessons": ("/lessons", [".lesson-list li"]),
    "lesson": ("/lessons/compute-demo", [".lesson-step h2", ".lesson-step .notice"]),
    "follow": ("/follow", [".follow-waiting"]),
}

#: How far the page scrolls sideways, and where `selectors`' first matches lie across it.
MEASURE = """selectors => ({
  scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  width: document.documentElement.clientWidth,
  boxes: selectors.map((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return {selector: s, left: r.left, right: r.right, width: r.width};
  }),
})"""


@pytest.fixture(scope="module")
def recorded(dashboard, stack) -> dict[str, str]:
    """Requests the demo answers in different ways: {"ok": a 200's trace id, "failed": the trace
    id of a 404 the controller raised}."""
    ok = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    send(dashboard, stack, "GET", "/v2.1/servers")
    send(dashboard, stack, "GET", "/v2.1/nothing", TOKEN)
    failed = send(dashboard, stack, "GET", "/v2.1/servers/999", TOKEN)
    assert failed["status"] == 404 and failed["error"], failed
    return {"ok": ok["trace"], "failed": failed["trace"]}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    with opened_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        yield page


def fits_the_phone(page: Page, selectors: list[str]) -> None:
    """The page does not scroll sideways, and each selector's first match is shown within it."""
    for selector in selectors:
        expect(page.locator(selector).first).to_be_visible()
    seen = page.evaluate(MEASURE, selectors)
    assert seen["scroll"] <= 0, f"the page scrolls {seen['scroll']} px sideways"
    for box in seen["boxes"]:
        assert box["width"] > 0 and box["left"] >= 0 and box["right"] <= seen["width"] + 0.5, box


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone, dashboard, recorded, name):
    url, selectors = PAGES[name]
    phone.goto(dashboard.url + url.format(**recorded))
    fits_the_phone(phone, selectors)


@pytest.mark.parametrize("name, frame", [("live", "#diagram"),
                                         ("steps", ".stepper .step-diagram")])
def test_the_diagram_is_readable_on_a_phone(phone, dashboard, recorded, name, frame):
    phone.goto(dashboard.url + PAGES[name][0].format(**recorded))
    readable_diagram(phone, frame)


def test_an_uploaded_ini_fits_a_phone(phone, dashboard):
    upload(phone, dashboard, NOVA)
    fits_the_phone(phone, ["#ini h2", "#diagram", '#ini select[name="entry"]'])
    readable_diagram(phone, "#diagram")


#: Records each box of the Live diagram as it becomes the current one, and whether its start
#: was then inside the frame's visible part, within a pixel: a scrolled frame lands on fractions
#: (`window.sighted`: [node, in sight]).
WATCH_SIGHT = """() => {
  window.sighted = [];
  const frame = document.querySelector('#diagram');
  new MutationObserver((records) => records.forEach((r) => {
    const node = r.target;
    if (!node.matches('.node') || !node.classList.contains('active')
        || (r.oldValue || '').split(' ').includes('active')) return;
    const f = frame.getBoundingClientRect();
    const b = node.querySelector(':scope > .box, :scope > .frame').getBoundingClientRect();
    window.sighted.push([node.dataset.node, b.left >= f.left - 1 && b.left < f.right]);
  })).observe(frame, {subtree: true, attributes: true, attributeFilter: ['class'],
                      attributeOldValue: true});
}"""


def test_the_live_diagram_follows_the_request_on_a_phone(phone, dashboard, stack):
    phone.goto(dashboard.url + PAGES["live"][0])
    phone.select_option("#speed", "16")
    phone.evaluate(WATCH_SIGHT)
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    wait_played(phone, trace["trace"])
    sighted = phone.evaluate("window.sighted")
    entered = [e["node"] for e in trace["events"] if e["kind"] == "node.enter"]
    assert list(dict.fromkeys(node for node, _ in sighted)) == entered
    assert [node for node, seen in sighted if not seen] == []
