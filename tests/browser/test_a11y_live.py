"""The Live page from the keyboard and with a screen reader: a row's replay is a button, the
replay a user starts is said once (the traffic's own replays are not), requests arriving are
said in a line at most every few seconds, and Live and the step view have one Projector button,
the header's: the second beside the diagram did the same, and a teacher could not tell them
apart. Send from the keys says its answer and the demo's token hint; a row's detail names its
events' columns."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import wait_played
from tests.browser.live_regions import mark_live
from tests.browser.live_regions import was_live
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import form_sent


def test_a_row_replays_from_the_keyboard_and_says_so_once(page: Page, dashboard, stack):
    missing = form_sent(dashboard, "GET", "/v2.1/servers/999", TOKEN)
    open_live(page, dashboard.url)
    row = page.locator(f'#rows tr[data-trace="{missing}"]')
    button = row.get_by_role("button")
    # Named by the time it shows, then what it does; the path's link still opens the page.
    expect(button).to_have_accessible_name(
        row.locator("td").first.inner_text() + ": show GET /v2.1/servers/999 here")
    expect(row.get_by_role("link", name="/v2.1/servers/999")).to_have_attribute(
        "href", f"/requests/{missing}")

    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#player")).to_have_attribute("data-trace", missing)
    said = page.locator("#replay-said")
    expect(said).to_have_attribute("role", "status")
    expect(said).to_have_text("Replaying GET /v2.1/servers/999 → 404")
    expect(page.locator("#detail .request-detail")).to_contain_text("/v2.1/servers/999")
    expect(button).to_be_focused()
    wait_played(page, missing)

    # The traffic's own replays are not read out: only the one asked for.
    arrived = form_sent(dashboard, "GET", "/v2.1/servers", TOKEN)
    expect(page.locator("#player")).to_have_attribute("data-trace", arrived)
    expect(said).to_have_text("Replaying GET /v2.1/servers/999 → 404")

    # Space presses it too; the same request asked for again is said again once it starts.
    wait_played(page, arrived)
    said.evaluate("(element) => { element.textContent = ''; }")
    button.focus()
    page.keyboard.press("Space")
    expect(page.locator("#player")).to_have_attribute("data-trace", missing)
    expect(said).to_have_text("Replaying GET /v2.1/servers/999 → 404")


def test_a_replay_whose_row_is_gone_is_said_in_the_lists_words(page: Page, dashboard):
    """A request the list no longer holds is said with its status as the dashboard words it
    (the trace's `shown.status`), as its row said it: "no answer", not a word of the page's."""
    dashboard.post("/api/stacks", announcement("sample-said"))
    events = trace_events("said-unanswered", stack="sample-said", status=None)
    assert dashboard.post("/api/events", events)[0] == 202
    open_live(page, dashboard.url, "sample-said")
    row = page.locator('#rows tr[data-trace="said-unanswered"]')
    expect(row.locator("td.status")).to_have_text("no answer")
    row.get_by_role("button").click()
    said = page.locator("#replay-said")
    expect(said).to_have_text("Replaying GET /v1/items → no answer")
    wait_played(page, "said-unanswered")
    expect(page.locator("#now-playing")).to_contain_text("GET /v1/items → no answer in ")

    row.evaluate("(element) => element.remove()")
    said.evaluate("(element) => { element.textContent = ''; }")
    page.click("#replay")
    expect(said).to_have_text("Replaying GET /v1/items → no answer")


#: Records, in the page, every line the arriving requests' status says.
WATCH_SAID = """() => {
  window.saidLines = [];
  const said = document.querySelector('#requests [data-rows-said]');
  new MutationObserver(() => window.saidLines.push(said.textContent))
    .observe(said, {childList: true, characterData: true, subtree: true});
}"""


def test_requests_arriving_are_said_a_line_at_most_every_few_seconds(page: Page, dashboard,
                                                                      stack):
    open_live(page, dashboard.url)
    said = page.locator("#requests [data-rows-said]")
    expect(said).to_have_attribute("role", "status")
    expect(said).to_be_empty()  # the rows the page opens with are not new
    page.evaluate(WATCH_SAID)
    form_sent(dashboard, "GET", "/v2.1/servers/999", TOKEN)
    expect(said).to_have_text("New request: GET /v2.1/servers/999 → 404")
    # The next ones within a few seconds of it: one line for them all, naming the newest.
    form_sent(dashboard, "GET", "/v2.1/servers", TOKEN)
    form_sent(dashboard, "GET", "/v2.1/flavors", TOKEN)
    expect(said).to_have_text("2 new requests; the newest: GET /v2.1/flavors → 200",
                              timeout=10_000)
    assert page.evaluate("window.saidLines") == [
        "New request: GET /v2.1/servers/999 → 404",
        "2 new requests; the newest: GET /v2.1/flavors → 200"]


def test_live_and_the_step_view_have_one_projector_button(page: Page, dashboard, stack):
    trace = form_sent(dashboard, "GET", "/v2.1/servers", TOKEN)
    for url in ("/?stack=osapi_compute", f"/requests/{trace}/steps"):
        page.goto(dashboard.url + url)
        toggles = page.get_by_role("button", name="Projector")
        expect(toggles).to_have_count(1)
        expect(page.locator('header.top [data-action="projector"]')).to_have_accessible_name(
            "Projector")


def test_send_from_the_keys_says_its_answer_and_the_demos_token_hint(page: Page, dashboard,
                                                                      stack):
    """A preset picked with the arrows and sent with Enter: the answer is said (the form's
    output), and so is the hint under the unchanged demo's 401, which was only shown: a screen
    reader heard "401 Unauthorized" and never how to get past it."""
    open_live(page, dashboard.url)
    mark_live(page)
    preset = page.get_by_role("combobox", name="Preset")
    preset.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(preset.locator("option:checked")).to_have_text(
        "GET /v2.1/servers — list servers, no token (401)")
    for _ in ("Method", "Path", "Headers", "Body", "Send"):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#send-result")).to_have_attribute("data-status", "401")
    expect(was_live(page, "401 Unauthorized · trace ")).to_have_count(1)
    expect(was_live(page, "its token check takes")).to_have_text(
        "This is Pastescope's demo, unchanged: its token check takes X-Auth-Token: demo-token. "
        "Give it in the Headers field and send again.")
    expect(page.get_by_role("button", name="Send")).to_be_focused()

    # Given the token, the request passes: the hint is neither shown nor said.
    page.get_by_role("textbox", name="Headers").fill("X-Auth-Token: demo-token")
    page.get_by_role("button", name="Send").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#send-result")).to_have_attribute("data-status", "200")
    expect(page.locator("#send-form [data-send-token-said]")).to_be_empty()


def test_a_rows_detail_still_names_the_events_columns(page: Page, dashboard, stack):
    """Beside the diagram, the events table lays each event out in lines, its head not shown:
    hidden with `display: none`, it was gone for a screen reader too, each cell read unnamed."""
    trace = form_sent(dashboard, "GET", "/v2.1/flavors", TOKEN)
    open_live(page, dashboard.url)
    page.locator(f'#rows tr[data-trace="{trace}"]').get_by_role("button").focus()
    page.keyboard.press("Enter")
    events = page.locator("#detail table.events")
    expect(events).to_be_visible()
    expect(events.get_by_role("columnheader")).to_have_text(["seq", "+ms", "kind", "node", "data"])
    assert events.locator("thead").bounding_box()["height"] <= 1  # still not shown
