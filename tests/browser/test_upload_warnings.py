"""An uploaded ini's warnings are written under its diagram, seen without hovering on a ⚠."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.dashboard.warned_upload import LISTED
from tests.dashboard.warned_upload import WARNED
from tests.stack.misread_inis import INDENTED


def test_the_warnings_are_written_under_the_diagram(page, dashboard):
    upload(page, dashboard, "warned.ini", WARNED)
    expect(page.locator('#diagram .node[data-node="app:a"]')).to_be_visible()
    warnings = page.locator("#ini .ini-warnings li")
    expect(warnings).to_have_text(LISTED)
    for index in range(len(LISTED)):
        expect(warnings.nth(index)).to_be_visible()
    expect(warnings.first).to_have_attribute("data-line", "3")
    diagram = page.locator("#diagram").bounding_box()
    first = warnings.first.bounding_box()
    assert diagram is not None and first is not None
    assert first["y"] >= diagram["y"] + diagram["height"]  # under the diagram, not beside it


def test_the_warnings_heading_is_a_heading_and_names_are_code(page, dashboard):
    refused = WARNED + b"[pipeline:p]\npipeline = nosuch a\n"
    upload(page, dashboard, "warned.ini", refused)
    heading = page.locator("#ini h3", has_text="Warnings:")
    expect(heading).to_be_visible()
    errors = page.locator("#ini h3", has_text="PasteDeploy would refuse this section:")
    expect(errors).to_be_visible()
    style = "el => [getComputedStyle(el).fontSize, getComputedStyle(el).fontWeight]"
    assert heading.evaluate(style) == errors.evaluate(style)  # the errors' heading's look
    first = page.locator("#ini .ini-warnings li").first
    expect(first.locator("code")).to_have_text(["[DEFAULT]", "]"])
    expect(first).not_to_contain_text("`")



#: Whether a list item's text runs wider than the item, and over how many lines it is laid out.
LAID_OUT = """li => {
    const range = document.createRange();
    range.selectNodeContents(li);
    const lines = new Set(Array.from(range.getClientRects(), rect => Math.round(rect.top)));
    return {overflows: li.scrollWidth > li.clientWidth, lines: lines.size};
}"""


def test_a_quoted_line_keeps_its_spaces_and_long_messages_still_wrap(page, dashboard):
    """[app:b], which the composite names, is indented under [app:a]'s `script`: refused,
    its header quoted as written, two spaces first."""
    page.set_viewport_size({"width": 480, "height": 1000})
    upload(page, dashboard, "indented.ini", INDENTED.encode())
    quoting = page.locator("#ini li", has_text="looks like its header")
    expect(quoting).to_have_count(1)
    assert "line 9, '  [app:b]', looks like its header" in quoting.inner_text()
    for item in (quoting, page.locator("#ini .ini-warnings li").first):
        laid_out = item.evaluate(LAID_OUT)
        assert not laid_out["overflows"] and laid_out["lines"] > 2, laid_out


def test_a_factory_without_its_colon_reads_well(page, dashboard):
    """The warning says "colon" in words: a quoted `:` beside the sentence's own colon was
    shown as "has no : : a factory"."""
    upload(page, dashboard, "nocolon.ini", b"[app:main]\npaste.app_factory = a.b.c\n")
    warning = page.locator("#ini .ini-warnings li", has_text="a factory is")
    expect(warning).to_contain_text(
        "paste.app_factory = a.b.c has no colon: a factory is module:object; without one, "
        "PasteDeploy imports all of a.b.c as a module")
    expect(warning).not_to_contain_text(": :")
