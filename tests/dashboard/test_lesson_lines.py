"""A hand-written lesson's slips are refused with the line they are on: a table for a field, a
misspelt `[[steps]]`, a step's `[step.headers]`, a notice that quotes `[[step]]`, steps written
as an inline array (`step = [{…}, {…}]`), and a file that is not UTF-8."""

from __future__ import annotations

import pytest

from dashboard.lesson_files import LessonError
from dashboard.lesson_files import read_lesson_folder
from dashboard.lesson_files import read_lesson_text
from tests.dashboard.uploading import GOOD
from tests.dashboard.uploading import load
from tests.dashboard.uploading import multipart

HEAD = GOOD.split("[[step]]")[0].replace("{stack}", "common")
FIRST = """\
[[step]]
method = "GET"
path = "/"
notice = "The root."
"""
INLINE = """\
step = [
  { method = "GET", path = "/", notice = "The root." },

  SECOND,
]
"""


def inline(second: str, opening: str = "step = [") -> str:
    """A lesson whose two steps are an inline array, the second written `second`."""
    return HEAD + INLINE.replace("SECOND", second).replace("step = [", opening)


@pytest.mark.parametrize(("text", "line", "step", "field", "reason"), [
    # A lesson's field written as a table, after the steps (TOML puts tables last).
    (HEAD + FIRST + "\n[lesson]\nlevel = 1\n", 11, None, "lesson", "unknown field"),
    # [[steps]] for [[step]]: the likeliest slip of all.
    (HEAD + FIRST.replace("[[step]]", "[[steps]]"), 6, None, "steps", "unknown field"),
    # A step's headers as a table of its own.
    (HEAD + FIRST + '\n[[step]]\nmethod = "GET"\npath = "/v1/test"\nnotice = "n"\n'
     "[step.headers]\nX-Auth-Token = 5\n", 15, 2, "headers", "X-Auth-Token is a number, not text"),
    # A step's headers as dotted keys.
    (HEAD + FIRST + '\n[[step]]\nmethod = "GET"\npath = "/v1/test"\nnotice = "n"\n'
     'headers."Bad Name" = "x"\n', 15, 2, "headers", "is not a header name"),
    # A notice quoting a step header: the next step's fields are still found on their lines.
    (HEAD + FIRST.replace('notice = "The root."',
                          'notice = """Each request is a\n[[step]]\ntable."""')
     + '\n[[step]]\nmethod = "GET"\npath = "/v1/test"\nNotice = "typo"\n', 16, 2, "Notice",
     "unknown field"),
    # Steps as an inline array, one a line: the second step's line.
    (inline('{ method = "G(E)T", path = "/v1/test", notice = "n" }'),
     9, 2, "method", "is not an HTTP method"),
    # The first step's notice quotes a comma, a key and a brace: the second is still found.
    (HEAD + 'step = [{ method = "GET", path = "/", notice = "a, expect = {" },\n'
     '  { method = "GET", path = "/v1/test", notice = "n", expect = 999 }]\n',
     7, 2, "expect", "HTTP status"),
    # A field of a step found nowhere (in a multi-line notice it is text): the step's line.
    (inline('{ path = "/v1/test", notice = """no\nmethod = here""" }'),
     9, 2, "method", "is required"),
    # An item that is no table, after a comment holding brackets.
    (inline('"GET /v1/test"', "step = [  # the steps: [ { ,"),
     9, 2, None, "each step must be"),
])
def test_a_slip_is_named_with_its_line(text, line, step, field, reason):
    with pytest.raises(LessonError) as raised:
        read_lesson_text(text, "mine.toml")
    error = raised.value
    assert (error.line, error.step, error.field) == (line, step, field), str(error)
    assert reason in error.reason
    at = f"mine.toml: line {line}: " + (f"step {step}: " if step else "")
    assert str(error).startswith(at + (f"field '{field}': " if field else ""))


@pytest.mark.parametrize("field", ["title", "summary"])
def test_a_lesson_field_left_out_is_said_where_it_would_go(dashboard, field):
    """It was said with no line (`bad.toml: field 'summary': is required`), unlike every other
    slip: a lesson's fields are the file's top-level keys, written from line 1."""
    text = "\n".join(line for line in (HEAD + FIRST).splitlines()
                     if not line.startswith(f"{field} ="))
    status, _, answer = load(dashboard, "bad.toml", text)
    assert status == 400
    assert answer["error"] == f"bad.toml: line 1: field '{field}': is required"


def test_the_teacher_gets_the_line_of_a_misspelt_step_table(dashboard):
    status, _, answer = load(dashboard, "slip.toml",
                             HEAD + FIRST.replace("[[step]]", "[[steps]]"))
    assert status == 400
    assert answer["error"].startswith("slip.toml: line 6: field 'steps': unknown field")
    assert answer["line"] == 6


LATIN = HEAD + FIRST.replace("The root.", "Le café, enfin.")


def test_a_file_not_utf8_is_refused_with_the_line_and_column_of_the_byte(tmp_path):
    text = LATIN
    (tmp_path / "latin.toml").write_bytes(text.encode("latin-1"))
    (tmp_path / "fine.toml").write_text(text, "utf-8")
    lessons, [error] = read_lesson_folder(tmp_path)
    assert [lesson.name for lesson in lessons] == ["fine"]
    assert error.line == 9  # the notice's line: é is its 17th character
    assert str(error) == ("latin.toml: line 9: not UTF-8 text: byte 0xe9 at column 17 "
                          "(save the file as UTF-8)")


def test_an_uploaded_lesson_not_utf8_is_refused_with_its_line_and_column_too(dashboard):
    body, headers = multipart("latin.toml", LATIN.encode("latin-1"))
    status, _, answer = dashboard.post("/api/lessons", raw=body, headers=headers)
    assert (status, answer["file"], answer["line"]) == (400, "latin.toml", 9)
    assert answer["error"] == ("latin.toml: line 9: not UTF-8 text: byte 0xe9 at column 17 "
                               "(save the file as UTF-8)")
