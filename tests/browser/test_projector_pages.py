"""Projector mode on the pages a teacher shows after the Live page, in headless Chromium: a
request's detail and two requests compared. Their headings and tables are read from the back of
a room like the rest of the text, readable on black, and nothing is pushed off the side of a
small projector.

The requests are the compute demo's: a 200, a 401, a 404 the controller raised (a route that
matched), and a 404 no route matched (the routes it tried).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.colours import unreadable_texts
from tests.browser.screens import FULL_HD
from tests.browser.screens import SMALL_PROJECTOR
from tests.browser.text_sizes import PROJECTOR_PX
from tests.browser.upload_page import upload
from tests.conftest import NOVA
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: Each page (its URL, with {ok}, {denied}, {raised} and {unrouted} recorded requests) and a
#: table or heading it must show.
PAGES = {
    "request, route matched": ("/requests/{raised}", ".timeline td.layer"),
    "request, no route": ("/requests/{unrouted}", ".route-miss td"),
    "compare": ("/compare?a={ok}&b={denied}", ".compare-hops td"),
    "compare with": ("/compare?a={ok}", ".compare-choices td"),
}

#: The body text's size, and every heading, table cell and caption shown in <main>, with each
#: text inside them: its size, and whether it lies beyond the viewport's right edge outside any
#: box that scrolls or clips.
MEASURE = """() => {
  const own = (e) => Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  const scrolls = (e) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
  const shown = [];
  const outer = 'main :is(h1, h2, h3, th, td, caption)';
  for (const e of document.querySelectorAll(`${outer}, ${outer} *`)) {
    if (!e.matches(outer) && !own(e)) continue;
    if (!e.getClientRects().length || getComputedStyle(e).visibility !== 'visible') continue;
    let clipped = false;
    for (let a = e.parentElement; a !== document.body; a = a.parentElement) clipped ||= scrolls(a);
    shown.push({name: e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 30) + '"',
      size: parseFloat(getComputedStyle(e).fontSize),
      beyond: !clipped && e.getBoundingClientRect().right > innerWidth + 0.5});
  }
  return {body: parseFloat(getComputedStyle(document.body).fontSize), shown,
    scroll: document.scrollingElement.scrollWidth - innerWidth};
}"""


@pytest.fixture(scope="module")
def recorded(dashboard, stack) -> dict[str, str]:
    """Trace ids of the demo's answers: a 200, a 401, a raised 404 and a 404 from the router."""
    answers = {"ok": ("/v2.1/servers", TOKEN), "denied": ("/v2.1/servers", {}),
               "raised": ("/v2.1/servers/999", TOKEN), "unrouted": ("/v2.1/nothing", TOKEN)}
    return {name: send(dashboard, stack, "GET", path, headers)["trace"]
            for name, (path, headers) in answers.items()}


@pytest.mark.parametrize("name", PAGES)
def test_headings_and_tables_are_as_large_as_the_projected_text(page, dashboard, recorded, name):
    url, shows = PAGES[name]
    page.set_viewport_size(SMALL_PROJECTOR)
    separator = "&" if "?" in url else "?"
    page.goto(dashboard.url + url.format(**recorded) + separator + "projector=1")
    expect(page.locator("body")).to_have_class("projector")
    expect(page.locator(shows).first).to_be_visible()

    seen = page.evaluate(MEASURE)
    assert seen["body"] >= PROJECTOR_PX, seen["body"]
    small = [f"{s['name']}: {s['size']} px" for s in seen["shown"] if s["size"] < seen["body"]]
    assert small == [], f"smaller than the body text ({seen['body']} px):\n" + "\n".join(small)
    assert seen["scroll"] <= 0, f"the page scrolls {seen['scroll']} px sideways"
    beyond = [s["name"] for s in seen["shown"] if s["beyond"]]
    assert beyond == [], beyond
    assert unreadable_texts(page) == [], "\n".join(unreadable_texts(page))


#: Each text shown inside `selector` (not a control's own) smaller than the body's, with its
#: size; and the body's size.
SMALLER = """selector => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  const small = [];
  for (const e of document.querySelectorAll(`${selector}, ${selector} *`)) {
    if (e.closest('svg, button, select, input, textarea, [hidden]')) continue;
    if (!e.getClientRects().length) continue;
    const own = Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const size = parseFloat(getComputedStyle(e).fontSize);
    const name = `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}"`;
    if (own && size < body) small.push(`${name}: ${size} px`);
  }
  return {body, small};
}"""


def as_large_as_the_text(page, selector: str) -> None:
    """Every text in `selector` is at least as large as the projected body text."""
    expect(page.locator(selector).first).to_be_visible()
    seen = page.evaluate(SMALLER, selector)
    assert seen["body"] >= PROJECTOR_PX, seen
    assert seen["small"] == [], (f"smaller than the body text ({seen['body']} px):\n"
                                 + "\n".join(seen["small"]))


def ask_which(page, method: str, path: str) -> None:
    """Ask "What would this URL hit?" and wait for its answer."""
    form = page.locator(".which-form")
    form.locator('input[name="method"]').fill(method)
    form.locator('input[name="path"]').fill(path)
    form.locator('button[type="submit"]').click()
    expect(page.locator(".which[data-which-answer]")).to_have_attribute(
        "data-which-question", re.compile("^" + re.escape(f"{method} {path}")))


def test_what_the_url_would_hit_is_as_large_as_the_text(page, dashboard, stack):
    # Live, the demo stack: the hops, the route's table, the 405's story.
    page.set_viewport_size(FULL_HD)
    page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
    expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
    for method, path in (("GET", "/v2.1/flavors/2"), ("DELETE", "/v2.1/flavors")):
        ask_which(page, method, path)
        as_large_as_the_text(page, ".which")

    # An uploaded nova: the composite's choice ("… follows keystone") and its note.
    upload(page, dashboard, NOVA)
    page.goto(page.url + "?projector=1")
    expect(page.locator("body")).to_have_class("projector")
    ask_which(page, "DELETE", "/v2.1/flavors")
    expect(page.locator(".which-choice").first).to_be_visible()
    page.locator(".which-detail > summary").click()  # the hops, folded below the answer
    expect(page.locator(".which-hops li").first).to_be_visible()
    as_large_as_the_text(page, ".which")


def test_lesson_code_and_the_request_filters_are_as_large_as_the_text(page, dashboard):
    page.goto(f"{dashboard.url}/lessons/compute-demo?projector=1")
    expect(page.locator(".lesson .notice code").first).to_be_visible()
    as_large_as_the_text(page, ".lesson")
    page.goto(f"{dashboard.url}/lessons?projector=1")
    as_large_as_the_text(page, ".lesson-list")

    page.goto(f"{dashboard.url}/requests?projector=1")
    expect(page.locator("body")).to_have_class("projector")
    sizes = page.evaluate("""() => Array.from(
        document.querySelectorAll('#request-filters :is(input, select)'),
        (e) => [e.name, parseFloat(getComputedStyle(e).fontSize)])""")
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert len(sizes) == 4 and all(size >= body for _, size in sizes), (body, sizes)
