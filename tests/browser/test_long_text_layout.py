"""A long path, query string or header value wraps inside its box: on the request page, the
step view and "What would this URL hit?", at a laptop's 1280×800. (A 300-character path made
the request page 3,410 px wide, ran the step's words under the list of steps, and pushed the
answer of "What would this URL hit?" under the send form.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.in_sight import PAGE_WIDER
from tests.browser.in_sight import spills
from tests.browser.screens import NARROW
from tests.browser.which_form import submit
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: One word of 300 characters: a path segment, a header's value, a query's name.
LONG = "x" * 300
#: A path whose request line is over eventlet's 8 KB: "What would this URL hit?" answers 414.
TOO_LONG = "/" + "a" * 9000


@pytest.fixture(scope="module")
def long_path(dashboard, stack) -> dict:
    """A 404 for a server whose id is 300 characters long."""
    return send(dashboard, stack, "GET", f"/v2.1/servers/{LONG}", TOKEN)


@pytest.fixture(scope="module")
def long_header(dashboard, stack) -> dict:
    """A 401 with a header value and a query string of 300 characters each."""
    return send(dashboard, stack, "GET", f"/v2.1/servers?{LONG}=1", {"X-Long": LONG})


def test_the_request_page_wraps_a_long_path(laptop, dashboard, long_path):
    laptop.goto(f"{dashboard.url}/requests/{long_path['trace']}")
    expect(laptop.locator(".why li").first).to_contain_text(LONG[:50])
    assert not laptop.evaluate(PAGE_WIDER)
    assert spills(laptop, ".request-detail") == []
    # The title names it shortened (test_huge_path.py); unfolded below it, it wraps in its box.
    expect(laptop.locator(".request-detail h2")).to_contain_text("…")
    laptop.locator(".whole-path summary").click()
    whole = laptop.locator(".whole-path-text")
    expect(whole).to_have_text(f"/v2.1/servers/{LONG}")
    assert not laptop.evaluate(PAGE_WIDER)
    assert spills(laptop, ".request-detail") == []
    lines = whole.evaluate(
        "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).fontSize)")
    assert lines > 3, "the whole path is not wrapped"


def test_the_request_page_wraps_a_long_header_and_query(laptop, dashboard, long_header):
    laptop.goto(f"{dashboard.url}/requests/{long_header['trace']}")
    value = laptop.locator(".headers tr", has_text="X-Long").locator("td")
    expect(value).to_contain_text(LONG)
    assert not laptop.evaluate(PAGE_WIDER)
    assert spills(laptop, ".headers", ".request-detail") == []
    assert spills(laptop, ".request-detail") == []
    table = laptop.locator(".headers").bounding_box()
    for cell in (value, laptop.locator(".headers tr", has_text="query").locator("td")):
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= table["x"] + table["width"] + 1, (box, table)
        assert box["height"] > 40, "the value is not wrapped"


def test_the_step_view_keeps_a_long_path_beside_the_list_of_steps(laptop, dashboard, long_path):
    laptop.goto(f"{dashboard.url}/requests/{long_path['trace']}/steps")
    route = next(e["seq"] for e in long_path["events"] if e["kind"] == "route.match")
    laptop.click(f'.stepper .hop[data-index="{route}"]')
    step = laptop.locator(f'.step-now .step[data-index="{route}"]')
    expect(step.locator(".step-text")).to_contain_text(LONG[:50])
    assert not laptop.evaluate(PAGE_WIDER)
    assert spills(laptop, ".step-now") == []
    words = step.locator(".step-text").bounding_box()
    table = step.locator("table.changes").bounding_box()
    hops = laptop.locator(".step-hops").bounding_box()
    for box in (words, table):
        assert box["x"] + box["width"] <= hops["x"], (box, hops)  # not under the list of steps
    assert spills(laptop, ".stepper-head") == []
    assert spills(laptop, ".stepper .why") == []


@pytest.mark.parametrize("path", [f"/v2.1/servers/{LONG}", TOO_LONG], ids=["300", "414"])
def test_what_would_this_url_hit_keeps_a_long_path_in_its_box(laptop, dashboard, stack, path):
    laptop.goto(dashboard.url + "/")
    expect(laptop.locator("#diagram svg")).to_be_visible()
    submit(laptop, "GET", path)
    expect(laptop.locator(".which")).to_have_attribute(
        "data-which-stopped", "414" if path == TOO_LONG else "")
    expect(laptop.locator(".which-headline")).to_contain_text(path[:50])
    assert not laptop.evaluate(PAGE_WIDER)
    assert spills(laptop, ".which") == []
    which = laptop.locator(".which").bounding_box()
    send_form = laptop.locator(".send-form").bounding_box()
    assert which["x"] + which["width"] <= send_form["x"], (which, send_form)
    field = laptop.locator('.which-form input[name="path"]').bounding_box()
    assert field["x"] + field["width"] <= which["x"] + which["width"], (field, which)


#: Where each layer name of the timeline breaks across lines: the two characters either side of
#: every break (its text only, not the tag after it).
BREAKS = """() => Array.from(document.querySelectorAll('.timeline td.layer'), cell => {
  const text = Array.from(cell.childNodes).filter(node => node.nodeType === Node.TEXT_NODE);
  const chars = [];
  for (const node of text) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width) chars.push([node.data[i], Math.round(rect.top)]);
    }
  }
  const breaks = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i][1] > chars[i - 1][1]) breaks.push(chars[i - 1][0] + chars[i][0]);
  }
  return [cell.textContent.trim(), breaks];
})"""


def test_a_phone_breaks_layer_names_between_their_parts(browser, dashboard, long_path):
    """At 420 px the timeline's layer names wrap after a `:`, `_` or `.`, never mid-word
    ("filter:authtok|en")."""
    with opened_page(browser, viewport=NARROW) as phone:
        phone.goto(f"{dashboard.url}/requests/{long_path['trace']}")
        expect(phone.locator('.timeline tr[data-node="filter:authtoken"]')).to_be_visible()
        names = phone.evaluate(BREAKS)
        assert any(breaks for _, breaks in names), names  # some do wrap at 420 px
        mid_word = [(name, pair) for name, breaks in names for pair in breaks
                    if pair[0] not in ":_. " and pair[1] != " "]
        assert mid_word == [], names
        assert not phone.evaluate(PAGE_WIDER)
