"""Live's list of hops under the diagram, as a class reads it while a request replays.

A token-carrying /v2.1 request has 23 hops, and the list shows about nine: it must follow the
newest hop (the route, the action and the way back are what a class is told to watch), and it
must not grow a hop at a time, which moved everything below it (the Ask form, the request
list) under the teacher's pointer at every replay.
"""

from __future__ import annotations

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
