"""A hand-written lesson's slips are refused with the line they are on: a table for a field, a
misspelt `[[steps]]`, a step's `[step.headers]`, and a notice that quotes `[[step]]`."""

from __future__ import annotations

import pytest

from dashboard.lesson_files import LessonError
from dashboard.lesson_files import read_lesson_text
from tests.dashboard.test_lessons_api import GOOD
from tests.dashboard.test_lessons_api import load

HEAD = GOOD.split("[[step]]")[0].replace("{stack}", "common")
FIRST = """\
[[step]]
method = "GET"
path = "/"
notice = "The root."
"""


@pytest.mark.parametrize(("text", "line", "step", "field", "reason"), [
    # A lesson's field written as a table, after the steps (TOML puts tables last).
    (HEAD + FIRST + "\n[lesson]\nlevel = 1\n", 11, None, "lesson", "unknown field"),
    # [[steps]] for [[step]]: the likeliest slip of all.
    (HEAD + FIRST.replace("[[step]]", "[[steps]]"), 6, None, "steps", "unknown field"),
    # A step's headers as a table of its own.
    (HEAD + FIRST + '\n[[step]]\nmethod = "GET"\npath = "/v1/test"\nnotice = "n"\n'
     "[step.headers]\nX-Auth-Token = 5\n", 15, 2, "headers", "must be a string"),
    # A step's headers as dotted keys.
    (HEAD + FIRST + '\n[[step]]\nmethod = "GET"\npath = "/v1/test"\nnotice = "n"\n'
     'headers."Bad Name" = "x"\n', 15, 2, "headers", "not a valid HTTP header name"),
    # A notice quoting a step header: the next step's fields are still found on their lines.
    (HEAD + FIRST.replace('notice = "The root."',
                          'notice = """Each request is a\n[[step]]\ntable."""')
     + '\n[[step]]\nmethod = "GET"\npath = "/v1/test"\nNotice = "typo"\n', 16, 2, "Notice",
     "unknown field"),
])
def test_a_slip_is_named_with_its_line(text, line, step, field, reason):
    with pytest.raises(LessonError) as raised:
        read_lesson_text(text, "mine.toml")
    error = raised.value
    assert (error.line, error.step, error.field) == (line, step, field), str(error)
    assert reason in error.reason
    at = f"mine.toml: line {line}: " + (f"step {step}: " if step else "")
    assert str(error).startswith(f"{at}field '{field}': ")


def test_the_teacher_gets_the_line_of_a_misspelt_step_table(dashboard):
    status, _, answer = load(dashboard, "slip.toml",
                             HEAD + FIRST.replace("[[step]]", "[[steps]]"))
    assert status == 400
    assert answer["error"].startswith("slip.toml: line 6: field 'steps': unknown field")
    assert answer["line"] == 6
