"""JSON bodies' secrets redacted (`stack.redact`): a request's body, parsed (`fields`), and the
start of an error response's body, read as text (`body_text`), as what is kept of it may end in
the middle of the JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

from stack.redact import REDACTED
from stack.redact import SECRET_WORDS

#: JSON body field names that carry secrets.
SECRET_FIELD = re.compile(SECRET_WORDS, re.I)
#: Deepest nesting of a JSON value (a request body) that `fields` keeps; an object or list
#: deeper is shown as `TOO_DEEP`. JSON nested a thousand deep is valid, and walking it must
#: not end the request in a RecursionError; the dashboard takes twice this
#: (`stack.event_data.MAX_DEPTH`).
MAX_DEPTH = 32
TOO_DEEP = "…"


def fields(value: Any, depth: int = 0) -> Any:
    """A JSON value with every secret-named field's value redacted, cut at `MAX_DEPTH`."""
    if isinstance(value, (dict, list)) and depth >= MAX_DEPTH:
        return TOO_DEEP
    if isinstance(value, dict):
        return {
            key: (REDACTED if SECRET_FIELD.search(str(key)) and not isinstance(item, dict)
                  else fields(item, depth + 1))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [fields(item, depth + 1) for item in value]
    return value


#: A JSON string in text, from its opening quote, cut short or not (a body's start may end
#: inside it, even right after a backslash). Possessive: it never backtracks.
_STRING = r'"(?:[^"\\]|\\.)*+(?:"|\\?$)'
STRING = re.compile(_STRING)
#: A string, a number, `true` or `false`.
_SCALAR = _STRING + r'|-?[0-9][0-9.eE+-]*+|true|false'
#: What may follow a member's name up to its value, and a value that is a scalar or a flat
#: array of them (cut short or not): what `fields` redacts in a request's body, but for
#: objects, whose own members are read in turn.
MEMBER_VALUE = re.compile(r'(\s*+:\s*+)(?:' + _SCALAR + r'|\[(?:\s|,|' + _SCALAR + r')*+(?:\]|$))')


def body_text(text: str, quoted: bool = False) -> str:
    """A response body's text with the values of secret-named JSON members redacted.

    Read in the text rather than parsed, because what is kept is the body's start, which may
    end in the middle of the JSON, and a body may be JSON whatever its Content-Type says. One
    pass from the start, string by string, so no text makes it slow. A string that quotes JSON
    (a fault's message quoting the request's body) is read in turn, one level deep (`quoted`).
    """
    parts, done = [], 0
    for string in STRING.finditer(text):
        if string.start() < done:
            continue  # inside a value already redacted
        name = string.group()
        value = MEMBER_VALUE.match(text, string.end())
        if value is not None and _secret_name(name):
            parts += [text[done:string.end()], value.group(1), f'"{REDACTED}"']
            done = value.end()
        elif not quoted and '\\"' in name:
            parts += [text[done:string.start()], _quoted_json(name)]
            done = string.end()
    return "".join(parts) + text[done:]


def _secret_name(string: str) -> bool:
    """Whether a JSON string (quotes and escapes as written: `"admin\\u0050ass"`) names a
    secret."""
    return SECRET_FIELD.search(_read_string(string)) is not None


def _read_string(string: str) -> str:
    """A JSON string's text (quotes and escapes as written), also when it is cut short."""
    if "\\" in string:
        try:
            return json.loads(string if _closed(string) else string.rstrip("\\") + '"')
        except ValueError:
            pass
    return string.strip('"')


def _closed(string: str) -> bool:
    """Whether a JSON string as written has its closing quote (the body was not cut in it)."""
    return len(string) > 1 and string.endswith('"')


def _quoted_json(string: str) -> str:
    """A JSON string whose text is JSON itself, its secret members redacted (as it was written
    when there are none)."""
    inner = _read_string(string)
    redacted = body_text(inner, quoted=True)
    if redacted == inner:
        return string
    written = json.dumps(redacted, ensure_ascii=False)
    return written if _closed(string) else written[:-1]
