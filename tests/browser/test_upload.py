"""Uploading an ini in headless Chromium: picker and drag-and-drop, drawn or refused with a line."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.upload_page import pick
from tests.browser.upload_page import upload
from tests.conftest import NOVA

BROKEN = b"[app:main]\nuse = egg:demo#app\nthis line has no equals sign\n"


#: The page's h1 as a reader sees it: its words, and its height in px (a visually hidden one is 1).
SHOWN_H1 = """() => { const h = document.querySelector('h1');
  return [h.textContent.trim(), h.getBoundingClientRect().height]; }"""


def test_the_upload_page_has_a_heading_as_lessons_has(page, dashboard):
    page.goto(dashboard.url + "/lessons")
    _, lessons = page.evaluate(SHOWN_H1)
    page.goto(dashboard.url + "/inis")
    words, height = page.evaluate(SHOWN_H1)
    assert words == "Upload an ini"
    assert lessons > 10 and height == lessons, (height, lessons)


def test_nova_is_drawn_with_its_alternatives_and_entries(page, dashboard):
    upload(page, dashboard, NOVA)
    expect(page.locator("#ini h2")).to_have_text("nova-api-paste.ini")
    for node in ("composite:osapi_compute", "pipeline:openstack_compute_api_v21[keystone]",
                 "pipeline:openstack_compute_api_v21[noauth]", "filter:authtoken"):
        expect(page.locator(f'#diagram .node[data-node="{node}"]').first).to_be_visible()
    page.select_option('#ini select[name="entry"]', "composite:metadata")
    expect(page.locator('#diagram .node[data-node="composite:metadata"]')).to_be_visible()
    expect(page.locator('#ini')).to_have_attribute("data-entry", "composite:metadata")


def test_a_broken_ini_shows_its_error_with_the_line(page, dashboard):
    pick(page, dashboard, "broken.ini", BROKEN)
    error = page.locator("#upload-error")
    expect(error).to_contain_text("broken.ini:3:")
    expect(error).to_have_attribute("data-line", "3")


def test_drag_and_drop(page, dashboard):
    page.goto(dashboard.url + "/inis")
    drop = page.evaluate_handle("""(text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.ini', {type: 'text/plain'}));
        return data;
    }""", NOVA.read_text())
    page.dispatch_event("#upload", "drop", {"dataTransfer": drop})
    page.wait_for_url("**/inis/*")
    expect(page.locator("#ini h2")).to_have_text("dropped.ini")


def test_an_upload_over_the_limit_is_refused_clearly(page, dashboard):
    pick(page, dashboard, "huge.ini", b"#\n" * (600 * 1024))
    expect(page.locator("#upload-error")).to_have_text(
        "upload refused: the file is about 1.2 MiB (the upload's size); the limit is 1 MiB")


def test_the_same_file_uploaded_twice_is_listed_once_at_its_first_address(page, dashboard):
    """"Uploaded before" listed a file uploaded twice twice: it is one upload, its latest, at
    the address its first upload gave, which still works."""
    addresses = []
    for _ in range(2):
        upload(page, dashboard, "twice.ini", b"[app:main]\nuse = egg:a\n")
        addresses.append(page.url)
    assert addresses[0] == addresses[1]
    page.goto(dashboard.url + "/inis")
    rows = page.locator("#uploads tbody tr")
    expect(rows.filter(has_text="twice.ini")).to_have_count(1)
    expect(rows.first).to_contain_text("twice.ini")  # the latest upload, first
    page.goto(addresses[0])
    expect(page.locator("#ini h2")).to_have_text("twice.ini")
