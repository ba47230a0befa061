"""The glossary in Chromium: a student on the step view follows an event kind or an environ key
to what it means, in a tab of its own, and keeps the step they were on; one reading a request's
story follows its words there."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from stack.events import PAYLOADS
from tests.browser.colours import unreadable_texts
from tests.dashboard.servers import send


def test_a_step_links_its_kind_and_keys_to_their_entries(page: Page, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers/1", {"X-Auth-Token": "demo-token"})
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    stepper = page.locator(".stepper")
    dispatch = page.locator('.step[data-kind="composite.dispatch"]').first
    index = dispatch.get_attribute("data-index")
    page.locator(f'.hop[data-index="{index}"]').click()
    expect(stepper).to_have_attribute("data-index", index)

    with page.context.expect_page() as opened:
        dispatch.locator(".step-where").get_by_role("link", name="composite.dispatch").click()
    glossary = opened.value
    expect(glossary).to_have_url(f"{dashboard.url}/glossary#composite-dispatch")
    entry = glossary.locator("#composite-dispatch")
    expect(entry.locator("dt")).to_have_text("composite.dispatch")
    expect(entry.locator("dd")).to_have_text(
        "A composite (urlmap, pipeline_factory…) picked a branch.")

    dispatch.locator('tr[data-key="PATH_INFO"]').get_by_role("link", name="PATH_INFO").click()
    # The same tab again, now at PATH_INFO's entry; the steps stay where the student was.
    expect(glossary).to_have_url(f"{dashboard.url}/glossary#path-info")
    assert page.context.pages == [page, glossary]
    expect(glossary.locator("#path-info dd")).to_contain_text("The router matches PATH_INFO")
    expect(stepper).to_have_attribute("data-index", index)


def test_the_nav_leads_to_every_group(page: Page, dashboard):
    page.goto(dashboard.url + "/")
    page.get_by_role("navigation").first.get_by_role("link", name="Glossary").click()
    expect(page.locator("h1")).to_have_text("Glossary")
    groups = page.get_by_role("navigation", name="Groups").get_by_role("link")
    expect(groups).to_have_text(["The ini (PasteDeploy)", "WSGI", "Routing (Routes)",
                                 "Statuses (who answers)", "What Pastescope records",
                                 "Event kinds"])
    groups.last.click()
    expect(page).to_have_url(f"{dashboard.url}/glossary#group-event-kinds")
    expect(page.locator("#group-event-kinds dt")).to_have_count(len(PAYLOADS))  # each kind


def test_the_request_page_s_story_leads_to_the_entry_of_its_words(page: Page, dashboard, stack):
    """A student reading why the demo answered 401 follows "short circuit" to what it means."""
    trace = send(dashboard, stack, "GET", "/v2.1/servers")
    page.goto(f"{dashboard.url}/requests/{trace['trace']}")
    story = page.locator("section.why")
    with page.context.expect_page() as opened:
        story.get_by_role("link", name="short circuit").click()
    glossary = opened.value
    expect(glossary).to_have_url(f"{dashboard.url}/glossary#short-circuit")
    entry = glossary.locator("#short-circuit")
    expect(entry.locator("dt")).to_have_text("short circuit")
    expect(entry.locator("dd")).to_contain_text("answered without calling the layer after it")
    expect(entry).to_be_in_viewport()


def test_the_entry_a_link_opens_reads_on_a_projector(page: Page, dashboard):
    """The entry a link opens is marked, pale yellow; in projector mode, kept in the tab the
    link opens, its text stayed white on it: the one entry the class was sent to read was the
    one they could not."""
    page.goto(f"{dashboard.url}/glossary?projector=1#405")
    expect(page.locator("body")).to_have_class("projector")
    expect(page.locator("[id='405'] dd")).to_contain_text("Method Not Allowed")
    assert unreadable_texts(page) == []
