"""A lesson file's TOML syntax error in a teacher's words: its line, quoted, and what to write.

tomllib says where, in a parser's words ("Invalid value", "Illegal character '\\n'"), and of a
`\"\"\"` notice never closed, at the end of the file, no line at all: a teacher who wrote
`method = GET` or left a notice open read nothing to act on. The mistakes a hand-written
lesson makes are said again with their mend, after tomllib's own words; any other is said as
tomllib says it.
"""

from __future__ import annotations

import re

from stack.ini_text import readable

#: Where tomllib says a syntax error is: a line and column, or the end of the file.
PLACE = re.compile(r"\s*\((?:at line (\d+), column \d+|at end of document)\)")
#: Where a multi-line string opens or closes.
MULTILINE_QUOTE = re.compile(r'"""|\'\'\'')
#: tomllib's message (without its place) → what it means in a lesson file, and what to write.
MEANINGS = {
    "Invalid value": "text is written in quotes (`title = \"Routes\"`), a number without "
                     "(`expect = 404`)",
    "Illegal character '\\n'": "a string is not closed on its line: end it with the quote it "
                               "opens with, or write a notice of several lines in `\"\"\"`",
    "Unterminated string": "a string is never closed: a `\"\"\"` is missing at its end",
    "Cannot overwrite a value": "a field is given twice: each is given once in the lesson, and "
                                "once in each [[step]]",
    "Expected '=' after a key in a key/value pair": "a field is written `name = value`, a "
                                                    "header `\"Name\" = \"value\"`",
    "Expected newline or end of document after a statement": (
        "something follows the value on this line: a `\"` inside a string is written `\\\"`; "
        "or a `\"\"\"` string above this line was never closed"),
}
#: A field whose value is one bare word or path (`method = GET`, `path = /v2.1/servers`).
BARE_VALUE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*([A-Za-z/][^\s\"'\[\]{}#`]*)\s*(?:#.*)?$")
#: The longest quote of the line: enough to find it by.
QUOTED = 60


def syntax_error(error: str, text: str) -> tuple[str, int | None]:
    """What to say of tomllib's `error` about `text`, and the line it is on (None if unknown):
    tomllib's words, the line quoted, and, for a mistake a lesson's author is known to make,
    what to write instead."""
    found = PLACE.search(error)
    message = PLACE.sub("", error).strip()
    line = int(found.group(1)) if found and found.group(1) else None
    if line is None and message == "Unterminated string":
        line = unclosed_line(text)
    lines = text.splitlines()
    source = lines[line - 1].strip() if line is not None and 0 < line <= len(lines) else ""
    said = f"not valid TOML: {message}"
    if source and "`" not in source:  # a notice's backticks would end the quote
        said += f", in `{readable(source, QUOTED)}`"
    bare = BARE_VALUE.match(source) if message == "Invalid value" else None
    if bare:
        meaning = f'text is written in quotes, `{bare[1]} = "{readable(bare[2], QUOTED)}"`'
    else:
        meaning = MEANINGS.get(message)
    return (f"{said}: {meaning}" if meaning else said), line


def unclosed_line(text: str) -> int | None:
    """The line (from 1) where the multi-line string left open at the end of `text` opens."""
    quote, opened = None, None
    for number, line in enumerate(text.splitlines(), 1):
        for found in MULTILINE_QUOTE.finditer(line):
            if quote is None:
                quote, opened = found.group(), number
            elif found.group() == quote:
                quote = None
    return opened if quote is not None else None
