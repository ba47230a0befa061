"""A file the dashboard refuses looks refused, in headless Chromium at a projector's size:
a lesson or a file of saved requests refused was said in the plain text of the form's help,
where a teacher preparing a class took it for more help; the ini upload's refusal was already
red and bold. All three now read alike."""

from __future__ import annotations

from playwright.sync_api import Locator
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import XGA
from tests.browser.upload_page import pick

#: How a refusal is drawn: the dashboard's colour for a server's error (--server), bold.
REFUSED = {"color": "rgb(201, 42, 42)", "weight": "700"}
LOOK = "e => ({color: getComputedStyle(e).color, weight: getComputedStyle(e).fontWeight})"


def look(refusal: Locator) -> dict[str, str]:
    return refusal.evaluate(LOOK)


def test_a_refused_ini_lesson_or_saved_file_looks_refused_alike(browser, classroom):
    with opened_page(browser, viewport=XGA) as page:
        pick(page, classroom, "bad.ini", b"not a setting\n")
        ini = page.locator("#upload-error")
        expect(ini).to_contain_text("bad.ini:1:")
        assert look(ini) == REFUSED

        page.goto(classroom.url + "/lessons")
        page.set_input_files("#lesson-file", files=[
            {"name": "bad.toml", "mimeType": "text/plain", "buffer": b'title = "x"\n'}])
        lesson = page.locator("#lesson-load-error")
        expect(lesson).to_contain_text("bad.toml:")
        assert look(lesson) == REFUSED

        page.goto(classroom.url + "/requests")
        page.set_input_files("#load-requests input[type=file]", files=[
            {"name": "bad.json", "mimeType": "application/json", "buffer": b'{"a": 1}'}])
        page.locator("#load-requests").get_by_role("button", name="Load").click()
        saved = page.locator("#import-result .import-result")
        expect(saved).to_contain_text("Not loaded: bad.json")
        assert look(saved) == REFUSED
