"""What HTTP lets a request carry as its method, a header's name and a header's value: one rule
for each, with the one sentence that refuses it.

Three places take these from a user: `python -m stack which … -H 'Name: value'` (and the
dashboard's which form, through `resolve`), the dashboard's Send (`dashboard.sender`) and
lesson files (`dashboard.lesson_files`). Each says where (the argument, the field, the file's
line) before the sentence given here, so a method, name or value refused in one is refused in
the others in the same words, and one taken in one is taken in all three. `wsgi_checks`, which
the loader imports for every `serve`, uses the token's characters for the header names a layer
passes up: this module is apart so it need not import `resolve` (and its routing) for them.
"""

from __future__ import annotations

import re

from stack.ini_text import readable

#: The characters of an HTTP token (RFC 9110 `tchar`), which methods and header names are,
#: as a regular expression's character class holds them: one rule for every check of either.
TOKEN_CHARS = r"!#$%&'*+.^_`|~0-9A-Za-z-"
#: An HTTP method is a token (RFC 9110); a longer one is no method anyone sends.
METHOD = re.compile(f"[{TOKEN_CHARS}]{{1,32}}")
#: A header's name, a token (`match` it: `\Z`, not `$`, which would let a final newline by).
HEADER_NAME = re.compile(f"[{TOKEN_CHARS}]{{1,100}}\\Z")
#: What a method must be, said wherever one is refused.
METHOD_RULE = ("an HTTP method: a token such as GET, PATCH or PURGE (letters, digits and "
               "!#$%&'*+-.^_`|~, at most 32)")
#: What a header's name must be, said wherever one is refused.
HEADER_NAME_RULE = ("a header name: a token such as Accept or X-Auth-Token (letters, digits and "
                    "!#$%&'*+-.^_`|~, at most 100)")
#: What a header's value must be, said wherever one is refused.
HEADER_VALUE_RULE = ("a header's value is one line of Latin-1 text, with no control character "
                     "but tab")
#: What may not be in a header's value: the control characters but tab, and DEL (RFC 9110
#: `field-vchar` is VCHAR or obs-text; SP and HTAB may come between them).
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
#: Around a value: optional whitespace (RFC 9110 `OWS`), not part of it.
VALUE_SPACE = " \t"


def quoted(text: object) -> str:
    """A method, a name or a value quoted in a message, cut to a readable length."""
    return readable(repr(text))


def check_method(method: object) -> str:
    """`method`, as typed (methods are case-sensitive), when a request line could carry it;
    else a ValueError saying why."""
    if not isinstance(method, str) or not METHOD.fullmatch(method):  # `$` would let "GET\n" by
        raise ValueError(f"{quoted(method)} is not {METHOD_RULE}")
    return method


def check_header_name(name: object) -> str:
    """`name` when a header block could carry it as a header's name; else a ValueError.

    A space before the colon is not trimmed: a server takes `X-A : 1` for no header `X-A`
    (eventlet drops it; RFC 9112 has a server refuse it).
    """
    if not isinstance(name, str) or not HEADER_NAME.match(name):
        raise ValueError(f"{quoted(name)} is not {HEADER_NAME_RULE}")
    return name


def header_value(name: str, value: object) -> str:
    """`value` as a server reads it (spaces and tabs around it dropped), or a ValueError.

    The rule is what a client can send and a server reads as that value (RFC 9110 5.5):
    - a line break (CR or LF) is refused: it ends the header, and what follows would be read
      as another header (eventlet ends a line at a lone CR too), so the value is not what is
      sent and the request is not the one asked for;
    - the other control characters and DEL are refused: `field-vchar` leaves them out, and
      servers differ on them (eventlet passes a NUL on, others answer 400), so no answer to
      one would say what the stack does with it;
    - a tab between other characters is taken: RFC 9110 allows it, and eventlet passes it on;
    - Latin-1 text beyond ASCII (`café`, U+0080 to U+00FF) is taken: each character is one
      byte (obs-text), which `http.client` sends and eventlet hands on as the same character
      (PEP 3333); text beyond Latin-1 (`日本`) is refused: `http.client` cannot send it, and
      sent as UTF-8 by another client it reaches the app as other characters (`æ\\x97¥`);
    - spaces and tabs around it are dropped, not refused: they are the separator's, not the
      value's (`OWS`), and eventlet drops them too, so the value held is the one the app gets;
    - an empty value is taken: HTTP allows it, and a server passes it on as ``.
    """
    if not isinstance(value, str):
        raise ValueError(f"the value of {name} is {quoted(value)}, not text: {HEADER_VALUE_RULE}")
    value = value.strip(VALUE_SPACE)
    control = VALUE_CONTROL.search(value)
    beyond = next((char for char in value if ord(char) > 0xFF), None)
    if control is not None:
        char = control.group()
        what = "a line break" if char in "\r\n" else f"the control character U+{ord(char):04X}"
        fault = f"holds {what}"
    elif beyond is not None:
        fault = f"holds {beyond!r} (U+{ord(beyond):04X}), which is not Latin-1"
    else:
        return value
    raise ValueError(f"the value of {name} {fault}: {HEADER_VALUE_RULE}")


def check_headers(headers: dict) -> dict[str, str]:
    """`headers` (name: value, as a user wrote them) with each value as a server reads it
    (`header_value`), or a ValueError for the first name (`check_header_name`) or value
    refused: Send and lesson files take a mapping of headers, and say where before it."""
    return {check_header_name(name): header_value(name, value) for name, value in headers.items()}
