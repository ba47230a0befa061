"""The contrast check (`colours.unreadable_texts`) fails where it reads no text: it read none
of every page it checked (a default argument Playwright never applied) and passed them all."""

from __future__ import annotations

import pytest

from tests.browser.colours import unreadable_texts


def test_a_check_that_reads_no_text_fails_and_one_that_reads_a_short_one_says_it(page):
    page.set_content("<body><p hidden>unseen</p></body>")
    with pytest.raises(AssertionError, match="no text of the page was read"):
        unreadable_texts(page)
    page.set_content('<body><p style="color: #eee">pale</p></body>')
    assert unreadable_texts(page) == ['p "pale": 1.16:1']
