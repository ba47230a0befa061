"""Live's list of hops under the diagram, as a class reads it while a request replays.

A token-carrying /v2.1 request has 23 hops, and the list shows about nine: it must follow the
newest hop (the route, the action and the way back are what a class is told to watch), and it
must not grow a hop at a time, which moved everything below it (the Ask form, the request
list) under the teacher's pointer at every replay. A teacher who scrolls the list up to point at
a hop keeps it there: the list follows only from its end.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played

#: Records, at each hop written, whether the newest hop is inside the list's visible box, and
#: where the Ask form below the list stands on the page.
WATCH_HOPS = """() => {
  window.hopsSeen = [];
  const hops = document.getElementById('hops');
  const ask = document.querySelector('#hops ~ .which');
  new MutationObserver(() => {
    const list = hops.getBoundingClientRect();
    const newest = hops.lastElementChild;
    if (!newest) return;
    const shown = newest.getBoundingClientRect();
    window.hopsSeen.push({
      text: newest.textContent,
      inView: shown.top >= list.top - 1 && shown.bottom <= list.bottom + 1,
      below: Math.round(ask.getBoundingClientRect().top + window.scrollY),
    });
  }).observe(hops, {childList: true});
}"""


def test_the_hop_list_follows_the_newest_hop_and_keeps_its_height(page, dashboard, stack):
    open_live(page, dashboard.url, speed="16")
    page.evaluate(WATCH_HOPS)
    trace = send_preset(page, "GET /v2.1/servers — list servers")
    wait_played(page, trace)
    seen = page.evaluate("window.hopsSeen")
    assert len(seen) > 12, seen
    assert seen[-1]["text"].startswith("response 200"), seen[-1]
    hidden = [s["text"] for s in seen if not s["inView"]]
    assert hidden == [], f"hops written out of the list's view: {hidden}"
    assert len({s["below"] for s in seen}) == 1, \
        f"what is under the list moved as hops were written: {[s['below'] for s in seen]}"


def in_list_view(page, hop: str) -> bool:
    """Whether the hop `hop` (a selector) lies inside the list's visible box."""
    return page.evaluate("""(hop) => {
      const list = document.getElementById('hops').getBoundingClientRect();
      const shown = document.querySelector(hop).getBoundingClientRect();
      return shown.top >= list.top - 1 && shown.bottom <= list.bottom + 1;
    }""", hop)


def test_a_teacher_who_scrolled_the_hop_list_up_keeps_the_hop_pointed_at(page, dashboard,
                                                                          stack):
    open_live(page, dashboard.url, speed="2")
    trace = send_preset(page, "GET /v2.1/servers — list servers")
    hops = page.locator("#hops")
    # Past the ninth hop the list has scrolled to follow; the teacher scrolls back to the top.
    page.wait_for_function("document.querySelectorAll('#hops li').length >= 12")
    hops.hover()
    page.mouse.wheel(0, -2000)
    page.wait_for_function("document.getElementById('hops').scrollTop === 0")
    written = hops.locator("li").count()
    wait_played(page, trace)
    assert hops.locator("li").count() > written, "the replay ended before the list was scrolled"
    expect(hops.locator("li").first).to_have_text(re.compile(r"^GET /v2\.1/servers"))
    assert in_list_view(page, "#hops li:first-child"), "the hop pointed at was scrolled away"
    assert not in_list_view(page, "#hops li:last-child"), "the list was pulled down to the newest"

    # The next replay starts a new list, and follows its newest hop again.
    page.select_option("#speed", "16")
    trace = send_preset(page, "GET /v2.1/flavors — list flavors")
    wait_played(page, trace)
    expect(hops.locator("li").last).to_have_text(re.compile(r"^response 200"))
    assert in_list_view(page, "#hops li:last-child"), "the next replay did not follow its hops"
