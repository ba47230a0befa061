"""Lesson files: a guided scenario written by hand in TOML, read and checked strictly.

A teacher writes one file per lesson (see `dashboard/lessons/README.md`); a mistake must be
found when the file is loaded, not in front of the class, so every field is checked and an
error names the file, the line, the step and the field. Reading a lesson runs nothing: it is
data (TOML by the standard library's `tomllib`), and its requests go only where the sender
allows (announced loopback stacks).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.lesson_syntax import MULTILINE_QUOTE
from dashboard.lesson_syntax import syntax_error
from dashboard.sender import MAX_MADE_BODY
from dashboard.sender import SendError
from dashboard.sender import check_length
from stack import http_token
from stack.utf8 import NotUtf8
from stack.utf8 import utf8_text

#: The folder of the lessons that come with Pastescope.
BUNDLED = Path(__file__).resolve().parent / "lessons"
#: A lesson's name is its file name without `.toml`: it is part of URLs.
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
#: A stack name as `python -m stack serve --name` takes it (a section of the ini).
STACK_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
#: Steps in one lesson at most: a lesson is a short list.
MAX_STEPS = 50
#: Longest text field (a notice, a summary, a body).
MAX_TEXT = 4000
#: Fields of a lesson and of a step: name → (type, required).
LESSON_FIELDS: dict[str, tuple[type, bool]] = {
    "title": (str, True),
    "summary": (str, True),
    "stack": (str, True),
    "start": (str, True),
    "step": (list, True),
}
STEP_FIELDS: dict[str, tuple[type, bool]] = {
    "title": (str, False),
    "method": (str, True),
    "path": (str, True),
    "headers": (dict, False),
    "body": (str, False),
    "body_bytes": (int, False),
    "expect": (int, False),
    "notice": (str, True),
}
TYPE_NAMES = {str: "a string", list: "a list of [[step]] tables", dict: "a table",
              int: "an integer"}
#: Text that reads as a whole number: an integer field's value, written in quotes.
QUOTED_INTEGER = re.compile(r"^\s*([+-]?[0-9]+)\s*$")
STEP_HEADER = re.compile(r"^\s*\[\[\s*step\s*\]\]")
#: Steps written as one inline array, `step = [{…}, {…}]`, instead of `[[step]]` tables.
STEP_ARRAY = re.compile(r"^\s*[\"']?step[\"']?\s*=\s*\[")
#: What tells an array's items apart: a string (its brackets and commas are text), a comment,
#: a bracket, a comma, a bare value.
ARRAY_TOKEN = re.compile(r'"""|\'\'\'|"(?:\\.|[^"\\])*"|\'[^\']*\'|#.*|[\[\]{},]|[^\s\[\]{},#"\']+')


class LessonError(ValueError):
    """A lesson file that cannot be used: where (file, line, step, field) and why."""

    def __init__(self, file: str, message: str, line: int | None = None,
                 step: int | None = None, field: str | None = None) -> None:
        self.file, self.line, self.step, self.field = file, line, step, field
        where = [file]
        if line is not None:
            where.append(f"line {line}")
        if step is not None:
            where.append(f"step {step}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(": ".join(where) + ": " + message)
        self.reason = message

    def to_json(self) -> dict[str, Any]:
        return {"error": str(self), "file": self.file, "line": self.line, "step": self.step,
                "field": self.field}


@dataclass(frozen=True)
class Step:
    """One request of a lesson and the sentence on what to notice in its journey."""

    index: int
    method: str
    path: str
    notice: str
    title: str = ""
    headers: dict[str, str] | None = None
    body: str = ""
    body_bytes: int | None = None
    expect: int | None = None

    def request_body(self) -> str:
        """The body to send: `body`, or `body` repeated to `body_bytes` bytes when given."""
        if self.body_bytes is None:
            return self.body
        seed = self.body or "x"
        return (seed * (self.body_bytes // len(seed) + 1))[: self.body_bytes]

    def spec(self, stack: str) -> dict[str, Any]:
        """The request for `dashboard.sender`: `{stack, method, path, headers, body}`."""
        return {"stack": stack, "method": self.method, "path": self.path,
                "headers": dict(self.headers or {}), "body": self.request_body()}

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "title": self.title, "method": self.method,
                "path": self.path, "headers": dict(self.headers or {}), "body": self.body,
                "body_bytes": self.body_bytes, "expect": self.expect, "notice": self.notice}


@dataclass(frozen=True)
class Lesson:
    """A lesson: what it is about, the stack it needs and how to start it, its steps."""

    name: str
    file: str
    title: str
    summary: str
    stack: str
    start: str
    steps: tuple[Step, ...]
    bundled: bool = False

    def to_json(self, steps: bool = True) -> dict[str, Any]:
        doc = {"name": self.name, "file": self.file, "title": self.title,
               "summary": self.summary, "stack": self.stack, "start": self.start,
               "bundled": self.bundled, "step_count": len(self.steps)}
        if steps:
            doc["steps"] = [step.to_json() for step in self.steps]
        return doc


def lesson_name(file: str) -> str:
    """`compute-demo.toml` → `compute-demo`; a name fit for a URL, or a LessonError."""
    if not file.endswith(".toml"):
        raise LessonError(file, "a lesson file's name must end in .toml")
    name = file[: -len(".toml")]
    if not NAME.match(name):
        raise LessonError(file, "a lesson file's name must be letters, digits, '-' or '_' "
                                "(at most 64), before .toml: it becomes the lesson's URL")
    return name


def read_lesson_text(text: str, file: str, bundled: bool = False) -> Lesson:
    """Parse and check one lesson file's text; a LessonError says where it is wrong."""
    name = lesson_name(file)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(file, *syntax_error(str(exc), text)) from None
    except RecursionError:  # `a = [[[[…` thousands deep: tomllib recurses once a level
        raise LessonError(file, "not valid TOML for a lesson: nested too deeply", None) from None
    where = Locator(text, file)
    check_fields(doc, LESSON_FIELDS, where, None)
    for field in ("title", "summary", "start"):
        check_text(doc[field], where, None, field)
    if not STACK_NAME.match(doc["stack"]):
        raise where.error("must be the stack's name as served (`--name SECTION`), "
                          "letters, digits and _ . : -", None, "stack")
    tables = doc["step"]
    if not tables:
        raise where.error("a lesson needs at least one [[step]]", None, "step")
    if len(tables) > MAX_STEPS:
        raise where.error(f"at most {MAX_STEPS} steps in a lesson", None, "step")
    steps = tuple(read_step(table, n, where) for n, table in enumerate(tables, 1))
    return Lesson(name, file, doc["title"].strip(), doc["summary"].strip(), doc["stack"],
                  doc["start"].strip(), steps, bundled)


def read_step(table: Any, n: int, where: Locator) -> Step:
    """Check one `[[step]]` table (numbered from 1) and build its Step."""
    if not isinstance(table, dict):
        raise where.error("each step must be a [[step]] table", n, None)
    check_fields(table, STEP_FIELDS, where, n)
    # NOTE: as written, never upper-cased, as the send form sends it: methods are
    # case-sensitive, and a lesson shows what a router does with `get` by sending it.
    method = table["method"]
    try:
        http_token.check_method(method)
    except ValueError as exc:
        raise where.error(str(exc), n, "method") from None
    path = table["path"]
    if not path.startswith("/") or len(path) > 4000 or re.search(r"[\s\x00-\x1f\x7f]", path):
        raise where.error("must start with '/' and hold no spaces or control characters",
                          n, "path")
    try:
        headers = http_token.check_headers(table.get("headers") or {}, method,
                                           body=bool(table.get("body") or table.get("body_bytes")))
    except ValueError as exc:
        raise where.error(str(exc), n, "headers") from None
    body = table.get("body", "")
    if len(body) > MAX_TEXT:
        raise where.error(f"at most {MAX_TEXT} characters (use body_bytes for a large body)",
                          n, "body")
    body_bytes = table.get("body_bytes")
    if body_bytes is not None and not 1 <= body_bytes <= MAX_MADE_BODY:
        raise where.error(f"must be between 1 and {MAX_MADE_BODY}", n, "body_bytes")
    expect = table.get("expect")
    if expect is not None and not 100 <= expect <= 599:
        raise where.error("must be an HTTP status between 100 and 599", n, "expect")
    check_text(table["notice"], where, n, "notice")
    step = Step(n, method, path, table["notice"].strip(), table.get("title", "").strip(),
                headers, body, body_bytes, expect)
    try:  # as Send would refuse it, but when the file is loaded, not in front of the class
        check_length(headers, step.request_body())
    except SendError as exc:
        raise where.error(str(exc), n, "headers") from None
    return step


def check_fields(table: dict[str, Any], fields: dict[str, tuple[type, bool]], where: Locator,
                 step: int | None) -> None:
    """Every key known, every required key present, every value of its type."""
    for key in table:
        if key not in fields:
            known = ", ".join(fields)
            raise where.error(f"unknown field (known: {known})", step, key)
    for key, (kind, required) in fields.items():
        if key not in table:
            if required:
                raise where.error("is required", step, key)
            continue
        value = table[key]
        # NOTE: TOML booleans are Python ints; a step's `expect = true` is still wrong.
        if not isinstance(value, kind) or isinstance(value, bool):
            raise where.error(f"must be {TYPE_NAMES[kind]}{unquoted(kind, key, value)}",
                              step, key)


def unquoted(kind: type, key: str, value: Any) -> str:
    """What to write for a number given as text (`expect = "404"`): TOML reads it as a string,
    and "must be an integer" alone did not tell a teacher the quotes were what was wrong."""
    number = QUOTED_INTEGER.match(value) if kind is int and isinstance(value, str) else None
    return f", written without quotes: `{key} = {number[1]}`" if number else ""


def check_text(value: str, where: Locator, step: int | None, field: str) -> None:
    if not value.strip():
        raise where.error("must not be empty", step, field)
    if len(value) > MAX_TEXT:
        raise where.error(f"at most {MAX_TEXT} characters", step, field)


class Locator:
    """Finds the line of a field in the file's text, for errors (tomllib keeps no positions).

    A field of step N is looked for after the N-th `[[step]]` header, a lesson's field before
    the first — or, written as a table (`[lesson]`, `[[steps]]`, a teacher's likely slips), as
    its header anywhere; a step's field also as a dotted key (`headers.X-Auth-Token = …`) or
    a `[step.headers]` table. Lines inside a multi-line string are text, not headers or keys.
    Steps written as an inline array (`step = [{…}, {…}]`) are its items: a step's field is
    looked for in its item, which may share a line with others. A field found nowhere (a
    required one left out) gives where it would go: the step's first line, or for a lesson's
    field line 1, as its fields are the file's top-level keys, before any table: said with no
    line, it read unlike every other error of a lesson (`file: line N: field …`).
    """

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        # NOTE: a notice may hold a line `[[step]]` (a lesson about lesson files): blanked,
        # it cannot be taken for the next step's header.
        self.lines = []
        quote = None
        for line in text.splitlines():
            self.lines.append("" if quote else line)
            for found in MULTILINE_QUOTE.finditer(line):
                if quote is None:
                    quote = found.group()
                elif found.group() == quote:
                    quote = None
        self.headers = [n for n, line in enumerate(self.lines) if STEP_HEADER.match(line)]
        #: Where each item of an inline step array starts, then where the array ends.
        self.items: list[tuple[int, int]] = []
        array = next((n for n, line in enumerate(self.lines) if STEP_ARRAY.match(line)), None)
        if not self.headers and array is not None:
            column = STEP_ARRAY.match(self.lines[array]).end() - 1
            self.items = array_items(text.splitlines(), array, column)

    def line_of(self, step: int | None, field: str | None) -> int | None:
        if step is not None and self.items:
            return self.line_in_item(step, field)
        headers = self.headers
        if step is None:
            start, end = 0, headers[0] if headers else len(self.lines)
        elif step <= len(headers):
            start = headers[step - 1]
            end = headers[step] if step < len(headers) else len(self.lines)
        else:
            return None
        if field is None:
            return start + 1 if step is not None else None
        name = rf"[\"']?{re.escape(field)}[\"']?"
        key = re.compile(rf"^\s*{name}\s*[=.]")
        for n in range(start, end):
            if key.match(self.lines[n]):
                return n + 1
        # A table: a step's own (`[step.headers]`) in its lines, a lesson's anywhere.
        inside = r"step\s*\.\s*" if step is not None else ""
        table = re.compile(rf"^\s*\[\[?\s*{inside}{name}\s*[\].]")
        for n in range(start, end) if step is not None else range(len(self.lines)):
            if table.match(self.lines[n]):
                return n + 1
        return start + 1

    def line_in_item(self, step: int, field: str | None) -> int | None:
        """The line of `field` in item `step` of the inline step array, else the item's."""
        if step >= len(self.items):
            return None
        (row, column), (end_row, end_column) = self.items[step - 1], self.items[step]
        text = "\n".join(self.lines[row:end_row + 1])
        end = len(text) - len(self.lines[end_row]) + end_column
        if field is not None:
            key = re.compile(rf"[{{,]\s*[\"']?{re.escape(field)}[\"']?\s*[=.]")
            found = key.search(text, column, end)
            if found:
                return row + text.count("\n", 0, found.start()) + 1
        return row + 1

    def error(self, message: str, step: int | None, field: str | None) -> LessonError:
        return LessonError(self.file, message, self.line_of(step, field), step, field)


def array_items(lines: list[str], row: int, column: int) -> list[tuple[int, int]]:
    """Where each item of the TOML array opening at `lines[row][column]` starts, (line, column)
    from 0, then where the array closes; what tomllib, which keeps no positions, cannot say.

    Only enough TOML is read to tell the items apart: strings (multi-line ones too), comments,
    brackets and braces. An array left open (tomllib refused the file already) ends the list.
    """
    points: list[tuple[int, int]] = []
    depth, quote, expecting = 0, None, False
    for n in range(row, len(lines)):
        line, at = lines[n], column if n == row else 0
        while at < len(line):
            if quote is not None:  # inside a multi-line string
                close = line.find(quote, at)
                if close < 0:
                    break
                at, quote = close + len(quote), None
                continue
            token = ARRAY_TOKEN.search(line, at)
            if token is None or token.group().startswith("#"):
                break
            at, text = token.end(), token.group()
            if depth == 1 and expecting and text not in (",", "]"):
                points.append((n, token.start()))
                expecting = False
            if text in ('"""', "'''"):
                quote = text
            elif text in ("[", "{"):
                depth += 1
                expecting = expecting or depth == 1
            elif text in ("]", "}"):
                depth -= 1
                if depth == 0:
                    return [*points, (n, token.start())]
            elif text == "," and depth == 1:
                expecting = True
    return points


def read_lesson_folder(folder: Path = BUNDLED) -> tuple[list[Lesson], list[LessonError]]:
    """Every `*.toml` lesson in `folder`, by name, and the errors of those that failed."""
    lessons, errors = [], []
    for path in sorted(folder.glob("*.toml")):
        try:
            text = lesson_text(path.read_bytes(), path.name)
            lessons.append(read_lesson_text(text, path.name, bundled=True))
        except LessonError as exc:
            errors.append(exc)
    return lessons, errors


def lesson_text(data: bytes, file: str) -> str:
    """A lesson file's bytes as UTF-8 text; a LessonError with the line and column of the first
    byte that is not (`stack.utf8`)."""
    try:
        return utf8_text(data)
    except NotUtf8 as exc:
        raise LessonError(file, str(exc), exc.line) from None
