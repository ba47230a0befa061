"""On a phone (390×844): a start command to copy breaks between its words, never in an option
("--trace-" on one line, "to" on the next, on Live with no stack and on a lesson whose stack is
not running); the compare page breaks a stack's name after its `_`, not "osapi_comput|e"; and
in projector mode, a request sent from the form replays where the class sees it (the diagram's
frame ran 250 px past the window's foot, the replay followed into that part, and the frame's
top showed blank white)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.line_breaks import WORD_BREAKS
from tests.browser.line_breaks import mid_word_breaks
from tests.browser.live_page import V21_PATH
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played
from tests.browser.screens import PHONE
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: Each box that lights up, the trace replayed, and whether the box's top left corner (where the
#: request enters it) was then both in the frame's visible part and on screen (to a border's
#: width: a lane followed is scrolled to the frame's left edge).
WATCH_SEEN = """() => {
  window.seen = [];
  const frame = document.getElementById('diagram');
  new MutationObserver((records) => {
    for (const r of records) {
      const node = r.target;
      const was = (r.oldValue || '').split(' ').includes('active');
      if (was || !node.matches('.node.active')) continue;
      const f = frame.getBoundingClientRect();
      const b = node.querySelector(':scope > .box, :scope > .frame').getBoundingClientRect();
      const top = Math.max(f.top, 0), bottom = Math.min(f.bottom, innerHeight);
      window.seen.push({node: node.dataset.node,
        trace: document.getElementById('player').dataset.trace,
        seen: b.left >= f.left - 2 && b.left < f.right && b.top >= top && b.top < bottom});
    }
  }).observe(frame, {subtree: true, attributes: true, attributeFilter: ['class'],
    attributeOldValue: true});
}"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    with opened_page(browser, viewport=PHONE) as page:
        yield page


def test_lives_start_command_breaks_between_words(phone, classroom):
    phone.goto(classroom.url + "/")
    command = phone.locator("#no-stack code")
    expect(command).to_contain_text("--trace-to")
    assert command.evaluate("c => c.getClientRects().length") > 2, "not wrapped: nothing checked"
    assert mid_word_breaks(phone, "#no-stack code", WORD_BREAKS) == []


def test_a_lessons_start_command_breaks_between_words(phone, dashboard, stack):
    phone.goto(f"{dashboard.url}/lessons/nova-seed")
    command = phone.locator(".lesson-stack .start")
    expect(command).to_contain_text("--trace-to")
    assert mid_word_breaks(phone, ".lesson-stack .start", WORD_BREAKS) == []


def test_compare_breaks_a_stack_name_after_its_separator(phone, dashboard, stack):
    a = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"]
    b = send(dashboard, stack, "GET", "/v2.1/servers")["trace"]
    phone.goto(f"{dashboard.url}/compare?a={a}&b={b}")
    expect(phone.locator(".compare-heads")).to_contain_text("osapi_compute")
    assert mid_word_breaks(phone, ".compare-heads td") == []


def test_a_request_sent_in_projector_mode_replays_in_sight(phone, dashboard, stack):
    phone.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
    expect(phone.locator("body")).to_have_class("projector")
    phone.select_option("#speed", "16")
    phone.evaluate(WATCH_SEEN)
    trace = send_preset(phone, "GET /v2.1/servers — list servers")
    wait_played(phone, trace)
    seen = [box for box in phone.evaluate("window.seen") if box["trace"] == trace]
    assert {box["node"] for box in seen} == set(V21_PATH), seen
    assert [box for box in seen if not box["seen"]] == []
    # What was sent and what it got are still on screen above the diagram.
    result = phone.locator("#send-result").bounding_box()
    assert result["y"] >= 0, result
