"""A lesson's integer field written in quotes (`expect = "404"`) is refused with what to write:
the number without its quotes. ("must be an integer" alone left a teacher looking at a 404
that looked like one.)"""

from __future__ import annotations

import pytest

from tests.dashboard.uploading import GOOD
from tests.dashboard.uploading import load

LESSON = GOOD.replace("{stack}", "common")


@pytest.mark.parametrize(("written", "said"), [
    ('expect = "404"', "field 'expect': must be an integer, written without quotes: "
                       "`expect = 404`"),
    ("body_bytes = ' 2048 '", "field 'body_bytes': must be an integer, written without "
                              "quotes: `body_bytes = 2048`"),
    ('expect = "Not Found"', "field 'expect': must be an integer"),
], ids=["expect", "body_bytes", "words"])
def test_a_number_in_quotes_is_refused_with_what_to_write(dashboard, written, said):
    status, _, answer = load(dashboard, "quoted.toml", LESSON.replace("expect = 200", written))
    assert status == 400
    assert answer["error"] == f"quoted.toml: line 14: step 2: {said}"
    assert answer["line"] == 14
