"""The step view reads as plain words first: each step's sentence, then the event kind it
explains as a small tag (still a link to the glossary), and in the list of steps each layer's
name, then its event kind as a tag. The raw kinds (`node.enter`, `composite.dispatch`) led both,
in the type of the words, before a learner met the sentence."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.servers import send

#: Font size in px of the element `selector` finds within the element given.
SIZE = "(e, selector) => parseFloat(getComputedStyle(e.querySelector(selector)).fontSize)"
#: Whether the sentence comes before the kind's line in the step.
WORDS_FIRST = """(step) => Boolean(step.querySelector('.step-text').compareDocumentPosition(
  step.querySelector('.step-where')) & Node.DOCUMENT_POSITION_FOLLOWING)"""


def test_the_plain_words_come_first_and_the_kind_is_a_small_tag(page: Page, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers/1", {"X-Auth-Token": "demo-token"})
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    step = page.locator('.step[data-kind="node.enter"][data-node="filter:authtoken"]')
    index = step.get_attribute("data-index")
    page.locator(f'.hop[data-index="{index}"]').click()
    expect(step).to_be_visible()
    assert step.evaluate(WORDS_FIRST)
    tag = step.locator(".step-where code.kind-tag")
    expect(tag.get_by_role("link", name="node.enter")).to_have_attribute(
        "href", "/glossary#node-enter")
    assert step.evaluate(SIZE, ".kind-tag") < step.evaluate(SIZE, ".step-text")

    hop = page.locator(f'.hop[data-index="{index}"]')
    expect(hop).to_have_attribute("data-kind", "node.enter")
    expect(hop).to_have_text("filter:authtoken node.enter")
    expect(hop.locator("code.kind-tag")).to_have_text("node.enter")
    assert hop.evaluate(SIZE, ".kind-tag") < float(
        hop.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)"))
    # A step of no layer is its kind alone.
    expect(page.locator('.hop[data-index="0"]')).to_have_text("request.start")
