"""What HTTP lets a request carry as its method, a header's name and a header's value: one rule
for each, with the one sentence that refuses it.

Three places take these from a user: `python -m stack which … -H 'Name: value'` (and the
dashboard's which form, through `resolve`), the dashboard's Send (`dashboard.sender`) and
lesson files (`dashboard.lesson_files`). Each says where (the argument, the field, the file's
line) before the sentence given here, so a method, name or value refused in one is refused in
the others in the same words, and one taken in one is taken in all three. `wsgi_checks`, which
the loader imports for every `serve`, uses the token's characters for the header names a layer
passes up: this module is apart so it need not import `resolve` (and its routing) for them.

The three also take the same SET of headers (`check_headers`): a header given twice, a Host,
Content-Length with Transfer-Encoding, a name holding `_` are taken or refused alike, since a
header block is what eventlet reads, not what a user meant: two lines of one name reach the
app as one environ key, their values joined by a comma (`X-Auth-Token: a,b`, no token at
all), or, Content-Length and Content-Type, as the first alone; `X_Auth_Token` not at all.
"""

from __future__ import annotations

import re

from stack.ini_text import readable
from stack.near_names import listed
from stack.redact_environ import BODY_HEADERS
from stack.redact_environ import environ_key
from stack.redact_environ import header_value as redacted_value

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


#: What a value that is no text is, by its type, in the words of JSON (Send's API) and TOML
#: (lesson files) alike; `bool` before `int`, whose kind it is too.
KINDS = ((bool, "a boolean"), (int, "a number"), (float, "a number"), (list, "a list"),
         (dict, "an object"), (type(None), "null"))


def kind_of(value: object) -> str:
    """What `value`, which is no text, is, in words: a refusal says so rather than quote it,
    as Python would write it (`None`, `True`, `['t']`: not what the user typed), and a secret
    header's value given as a number or a list would be shown whole."""
    return next((words for kind, words in KINDS if isinstance(value, kind)),
                f"a {type(value).__name__}")


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
        raise ValueError(f"the value of {name} is {kind_of(value)}, not text (a string, in "
                         f"quotes): {HEADER_VALUE_RULE}")
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


#: A Host header (RFC 9110): a name, an IPv4 address or a bracketed IPv6 one, with an optional
#: port. Names are read loosely (`_` too, as container hosts have them); no more than that.
HOST = re.compile(r"(?:[A-Za-z0-9_.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
#: Why a Host is refused, after it is named.
NOT_A_HOST = "is not a host name or address with an optional port (such as localhost:8774)"
#: The two headers that frame a request's body, each to the other: given together, eventlet
#: refuses the request itself (`reject_bad_requests`).
FRAMING = {"content-length": "transfer-encoding", "transfer-encoding": "content-length"}
#: A Content-Length (RFC 9110 8.6: `1*DIGIT`), of a size Python reads as a number at once.
CONTENT_LENGTH = re.compile(r"[0-9]{1,19}")
#: Why a Content-Length is refused, after it is named.
NOT_A_LENGTH = "is not a number of bytes: digits alone, such as 42 (at most 19 of them)"
#: The highest TCP port: of a Host header's, and of what `--port` takes (stack's and the
#: dashboard's).
MAX_PORT = 65535
#: What a header line must look like, said wherever one is refused (`which -H`, Send's form).
LINE_RULE = "expected NAME: VALUE (e.g. 'Accept: application/json;version=2.1')"
#: Why eventlet passes a header whose name holds `_` on to no app (`{}`: the name written with
#: `-`): said where one is refused here, and where a trace lists it sent (`dropped_headers`).
UNDERSCORE = "eventlet drops header names containing `_`: sent as `{}`, it would reach the app"


def is_host(host: str) -> bool:
    """Whether `host` is a Host header's value (`HOST`) whose port, if any, is one
    (≤ `MAX_PORT`)."""
    if not HOST.fullmatch(host):
        return False
    port = host.rpartition("]")[2].partition(":")[2]
    return not port or int(port) <= MAX_PORT


def check_host(host: str) -> None:
    """Refuse a Host no client would send (none at all is fine: urlmap's domain keys then
    match nothing): a ValueError says what is wrong."""
    if host and not is_host(host):
        raise ValueError(f"{quoted(host)} {NOT_A_HOST}")


def header_line(line: object) -> tuple[str, str]:
    """A `Name: value` line as curl's -H takes it → `(name, value)` as typed, or a ValueError:
    `which -H` and Send's form split their lines here, so one with no colon is said alike."""
    if not isinstance(line, str) or ":" not in line:
        raise ValueError(LINE_RULE)
    name, _, value = line.partition(":")
    return name, value


def redacted_line(line: str) -> str:
    """A `Name: value` line as a message or a page shows it back: a secret's value redacted as
    a request's header is (`stack.redact_environ`: `X-Auth-Token: ***`, `Referer:
    http://h/?token=***`), any other line as given: an empty value hides nothing (and `***`
    would say one is given), and a line with no colon has no value to tell. A refusal quoted
    a token whole. What is no text is no line: `line_named` says it by its kind."""
    if ":" not in line:
        return line
    name, _, value = line.partition(":")
    value = value.strip(VALUE_SPACE)
    hidden = redacted_value(environ_key(name.strip()), value) if value else value
    return line if hidden == value else f"{name.strip()}: {hidden}"


def add_header(headers: dict[str, str], names: dict[str, str], name: object,
               value: object) -> None:
    """Add `name: value` to `headers` (those given before it, `names` their names by their
    lower case, kept alongside so that a long list is checked in one pass), or a ValueError
    saying why not.

    Beyond its name's and value's own rules, a header is refused when it would not reach the
    app as the one given:
    - a name given before, in any case (`X-Auth-Token`, then `x-auth-token`): eventlet hands
      the app both values as one, joined by a comma (`a,b`), or, Content-Length and
      Content-Type, the first alone; neither is what either line asked for;
    - a Host that is no host (`check_host`): it is the request's Host, which urlmap's domain
      keys read, in all three places alike (`which` takes it as it takes `--host`);
    - a Content-Length that is no number of bytes (`ten`, `-1`, empty), and Content-Length
      with Transfer-Encoding: eventlet answers 400 itself (RFC 9112 6.1 allows it for the
      second), untraced, so no layer the three places show would see the request;
    - a name holding `_` (`X_Auth_Token`): eventlet drops it (an environ could not tell it
      from `X-Auth-Token`), so no layer sees it, and an auth filter answers 401 for a token
      that was given; refused, not taken with a warning, as a name given twice is: the
      request asked about or sent would not be the one the app gets.
    """
    value = header_value(check_header_name(name), value)
    if "_" in name:
        raise ValueError(f"{UNDERSCORE.format(name.replace('_', '-'))}; as `{name}`, no layer "
                         "sees it")
    first = names.get(name.lower())
    if first is not None:
        case = " (header names ignore case)" if first != name else ""
        gets = ("the first value alone" if environ_key(name)[5:] in BODY_HEADERS
                else "both values as one, joined by a comma")
        raise ValueError(f"{first} is given twice{case}: eventlet would hand the app {gets}; "
                         "give it once")
    if name.lower() == "host" and value and not is_host(value):
        raise ValueError(f"the value of {name}, {quoted(value)}, {NOT_A_HOST}")
    if name.lower() == "content-length" and not CONTENT_LENGTH.fullmatch(value):
        raise ValueError(f"the value of {name}, {quoted(value)}, {NOT_A_LENGTH}")
    other = FRAMING.get(name.lower())
    if other is not None and other in names:
        raise ValueError("Content-Length and Transfer-Encoding are given together: eventlet "
                         "answers such a request 400 itself, before any layer sees it; give "
                         "one")
    headers[name] = value
    names[name.lower()] = name


#: Most header lines eventlet reads, through `http.server`, before it answers 431 itself,
#: untraced: `http.client`'s limit (100, in a private name of its module, `_MAXHEADERS`)
#: counts the blank line that ends them too. Spelt out here, as `METHODS_EXPECTING_BODY` is.
MOST_HEADER_LINES = 99


#: Methods `http.client` sends a Content-Length for with no body (`Content-Length: 0`): its
#: own rule ("some servers will otherwise respond with a 411"), kept in a private set of its
#: module, spelt out here.
METHODS_EXPECTING_BODY = frozenset({"PATCH", "POST", "PUT"})


def client_adds(given: set[str], method: str, body: bool) -> list[str]:
    """The headers Send's client adds to a request of `method`, with a `body` or not, whose
    headers' names are `given` (in lower case): `which` and lessons ask about requests as
    Send sends them, so all three count them.

    `http.client` adds Host and Accept-Encoding to every request, and a Content-Length to one
    with a body or of a method that expects one (`Content-Length: 0` for a POST with none),
    unless it is framed already; Send adds Content-Type to one with a body. Each unless given.
    """
    adds = [("Host", ("host",)), ("Accept-Encoding", ("accept-encoding",))]
    if body or method.upper() in METHODS_EXPECTING_BODY:
        adds.append(("Content-Length", ("content-length", "transfer-encoding")))
    if body:
        adds.append(("Content-Type", ("content-type",)))
    return [name for name, unless in adds if given.isdisjoint(unless)]


def too_many(names: list[str], method: str, body: bool) -> ValueError | None:
    """Why a request of `method` (with a `body` or not) whose headers are named `names`
    cannot be sent and traced, or None: with what Send's client adds (`client_adds`) it is
    more lines than eventlet reads."""
    added = client_adds({name.lower() for name in names}, method, body)
    most = MOST_HEADER_LINES - len(added)
    if len(names) <= most:
        return None
    adds = f"; Send adds {listed(added)} to it, unless given" if added else ""
    return ValueError(f"{len(names):,} headers, more than the {most} that fit: eventlet reads "
                      f"at most {MOST_HEADER_LINES} header lines and answers more 431 itself, "
                      f"before any layer sees the request{adds}")


def line_named(number: int, line: object) -> str:
    """A refused line (the `number`th) as its refusal names it: quoted, a secret's value
    redacted; or, what is no text, by its place and kind (it may hold a secret anywhere)."""
    if isinstance(line, str):
        return quoted(redacted_line(line))
    return f"header {number} is {kind_of(line)}, not a line of text"


def check_headers(headers: dict | list, method: str, body: bool) -> dict[str, str]:
    """`headers` as a user gave them, name: value (Send's API, lesson files) or `Name: value`
    lines (`which -H`, Send's form), with each value as a server reads it (`header_value`);
    or a ValueError for the first refused (`add_header`), after the line when one was typed,
    or for more than fit in a request of `method`, with a `body` or not (`too_many`).
    Each place says where before it.
    """
    as_lines = not isinstance(headers, dict)  # each line is quoted before its refusal
    if len(headers) > MOST_HEADER_LINES:  # more than fit whatever they are: read none
        raise too_many([str(line).partition(":")[0] for line in headers] if as_lines else
                       [str(name) for name in headers], method, body)
    checked: dict[str, str] = {}
    names: dict[str, str] = {}
    for number, given in enumerate(headers if as_lines else headers.items(), 1):
        try:
            add_header(checked, names, *(header_line(given) if as_lines else given))
        except ValueError as exc:
            if not as_lines:
                raise
            raise ValueError(f"{line_named(number, given)}: {exc}") from None
    refusal = too_many(list(checked), method, body)
    if refusal is not None:
        raise refusal
    return checked
