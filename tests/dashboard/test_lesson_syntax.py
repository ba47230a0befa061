"""A lesson file TOML cannot read is refused with its line quoted and, for the slips a teacher
writing one by hand makes, what to write instead. (tomllib's words alone, "line 8: not valid
TOML: Invalid value" for `method = GET`, said nothing to act on; a `\"\"\"` notice left open at
the end of the file had no line at all.)"""

from __future__ import annotations

import pytest

from tests.dashboard.uploading import GOOD
from tests.dashboard.uploading import load

LESSON = GOOD.replace("{stack}", "common")


@pytest.mark.parametrize(("old", "new", "said"), [
    ('method = "GET"', "method = GET",
     'line 7: not valid TOML: Invalid value, in `method = GET`: text is written in quotes, '
     '`method = "GET"`'),
    ('path = "/v1/test"', "path = /v1/test",
     'line 13: not valid TOML: Invalid value, in `path = /v1/test`: text is written in quotes, '
     '`path = "/v1/test"`'),
    ('notice = "The root."', 'notice = "The root.',
     "line 9: not valid TOML: Illegal character '\\n', in `notice = \"The root.`: a string is "
     "not closed on its line: end it with the quote it opens with, or write a notice of "
     'several lines in `"""`'),
    ('notice = "The router."', 'notice = """The router.\nAnd more.',
     'line 15: not valid TOML: Unterminated string, in `notice = """The router.`: a string is '
     'never closed: a `"""` is missing at its end'),
    ("expect = 200", "expect = 200\nexpect = 404",
     "line 15: not valid TOML: Cannot overwrite a value, in `expect = 404`: a field is given "
     "twice: each is given once in the lesson, and once in each [[step]]"),
    ('notice = "The root."', 'notice = "The "root" page."',
     'line 9: not valid TOML: Expected newline or end of document after a statement, in '
     '`notice = "The "root" page."`: something follows the value on this line: a `"` inside '
     'a string is written `\\"`; or a `"""` string above this line was never closed'),
], ids=["bare-method", "bare-path", "open-string", "open-notice", "twice", "inner-quote"])
def test_a_toml_slip_is_said_with_its_line_and_what_to_write(dashboard, old, new, said):
    status, _, answer = load(dashboard, "slip.toml", LESSON.replace(old, new, 1))
    assert status == 400
    assert answer["error"] == f"slip.toml: {said}"
    assert answer["line"] == int(said.split(":")[0].removeprefix("line "))
