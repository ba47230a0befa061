"""A URL's, a query's and a request line's secrets redacted (`stack.redact`): a query parameter
by its name, decoded as the app decodes it, a URL's password whatever its name, and an address or
query a parameter's value holds, read in turn. Runs for every traced request with a query, and for
every line of the access log: most hold no secret, and are let through at the cost of one look.
"""

from __future__ import annotations

import re
from urllib.parse import quote_plus
from urllib.parse import unquote_plus

from stack.redact import REDACTED
from stack.redact import SECRET_WORDS

#: Query parameter names that carry secrets: also anything `auth`, a bare `key` (an API key)
#: and `sig` (swift's `temp_url_sig`), but not `sort_key` or `design`, which OpenStack's list
#: calls use.
SECRET_QUERY = re.compile(
    SECRET_WORDS + r"|auth|(?<![a-z0-9_])key(?![a-z0-9_])|(?<![a-z0-9])sig(?![a-z0-9])", re.I)
#: `SECRET_QUERY` read case by case, for ASCII text lower-cased first (`_secret_word`), the
#: pattern being all lower case: it finds the same names there in less than half the time, as
#: reading case-blind costs the pattern matcher its fast paths.
SECRET_QUERY_LOWER = re.compile(SECRET_QUERY.pattern)
#: What every name `SECRET_QUERY` finds holds, in lower case: looked for first (`_secret_word`),
#: as most queries hold none, and this costs a fraction of what the pattern, its lookbehinds
#: tried at every character, costs each query.
SECRET_QUERY_PARTS = re.compile(r"pass|pwd|secret|token|cred|sig|key|auth")
#: A bare `pass` ending a name as it stands in a query read whole, its `=` after it:
#: `SECRET_QUERY`'s `pass$` ends the text it reads, which for a whole query is its last value's
#: end, so `pass=p` was left unread.
PASS_NAME = re.compile(r"(?<![a-z0-9])pass\n?=", re.I)
#: One `name=value` of a query string; WebOb splits on `;` as well as `&`. Its `=` may be
#: %-escaped, once or more (`password%3Ds3cr3t`, `%253D`): a client that escaped a whole
#: `password=…` sent the secret all the same, though the app reads it as a name.
QUERY_PAIR = re.compile(
    r"(?:^|(?<=[&;]))(?P<name>[^&;=]*?)(?P<mark>=|%(?:25)*3[dD])(?P<value>[^&;]*)")
#: How deep `query` reads a query or URL held in a parameter's value, held in another's…
#: (`next=/login?next=/servers?token=t`): deeper, a value is redacted whole, as one that
#: deep is no address a user follows, and reading it must not end the request in a
#: RecursionError. So is text escaped more often than a name is decoded (`unescaped`), which
#: no name shows in however deep the secret is (fail closed).
MAX_NESTED = 4
#: What a value written again with a part redacted (`_nested`) leaves unescaped: what a
#: query's value may hold as it is, so `next=/servers?token=***` reads as it was sent.
VALUE_SAFE = "/?:@=,*"
#: A password in a URL's user info: `mysql://root:PASS@host/db`, and oslo.messaging's
#: `rabbit://user:PASS@host1,user:PASS@host2/`, whose later hosts follow a comma. Up to the
#: last `@` before the host, as URL parsers read it: a password holding an `@` (`s3c@r3t`) was
#: shown from there on.
URL_PASSWORD = re.compile(r"((?:[a-z][a-z0-9+.-]*://|,)[^\s:/@,]*:)[^\s/,]*(?=@)", re.I)


def url(value: str, depth: int = 0, found: list[str] | None = None) -> str:
    """A URL with its query's secret parameters (`query`) and its password redacted, and its
    fragment's, read as a query: OAuth hands a token back as `#access_token=…`.

    `depth`: how deep in a parameter's value the URL is (`_nested`, which reads it by this
    one path); `found`, where given, gets each text redacted (a setting's, `_setting`).
    """
    if "?" not in value and "#" not in value and "@" not in value:
        return value  # a path, or a request line's method or version
    value, hashmark, fragment = value.partition("#")
    address, mark, rest = value.partition("?")
    if "@" in address and "://" in address:  # a password needs a scheme: not `a:b@c.example`
        if found is not None:
            found += [match.group()[len(match.group(1)):]
                      for match in URL_PASSWORD.finditer(address)]
        address = URL_PASSWORD.sub(rf"\g<1>{REDACTED}", address)
    return (address + mark + query(rest, depth, found)
            + hashmark + query(fragment, depth, found))


#: The whitespace between a request line's words, where the server splits it (a tab as a
#: space): kept, so the line is printed as it came.
WHITESPACE = re.compile(r"(\s+)")


def request_line(line: str) -> str:
    """An HTTP request line (`GET /servers?password=p HTTP/1.1`) with its target redacted as
    `url` redacts a URL: what the server's access log prints, on a console a class may watch.

    Word by word, as the server splits it (at any whitespace): the query runs up to the
    version, which must not be read as part of its last value.
    """
    if "?" not in line and "@" not in line:
        return line
    return "".join(map(url, WHITESPACE.split(line)))


def query(query_string: str, depth: int = 0, found: list[str] | None = None) -> str:
    """The query string with secret parameters' values redacted, the rest as it was sent.

    A name is read as the app reads it, its escapes decoded (`pass%77ord` is `password`),
    and a pair ends at `;` as well as `&`, as WebOb splits them. So is a value, where it holds
    an address or a query of its own (`_nested`): a login's `next=%2Fservers%3Ftoken%3Dt`
    carries a token all the same, and a `next=https://u:p@h/` a password whatever its name.

    Runs for every request: the pairs are read only where the query, decoded as often as it
    was escaped (`unescaped`), holds a secret's name (`_secret_word`) or a `://`, or is
    escaped more often than that reads, as a query nested deeper than `MAX_NESTED` is: its
    pairs are read then, and a value nested that deep is redacted whole (`_nested`), not left
    in clear for want of reading it. A query nested in a value (`depth` deep) is read whole,
    as the request's query was. `found`: as `url`'s.
    """
    if not query_string:
        return query_string
    if depth == 0:
        read = unescaped(query_string) if "%" in query_string else query_string
        if read is not None and "://" not in read and not _secret_word(read, whole=True):
            return query_string
    return QUERY_PAIR.sub(lambda pair: _redacted_pair(pair, depth, found), query_string)


def unescaped(text: str) -> str | None:
    """`text` %-decoded as often as it was escaped, up to `MAX_NESTED` + 1 times: what its
    names say however deep in a value a client escaped them (`%2570assword`). None when it is
    escaped more often still: what it says is not known, and is read as a secret (fail
    closed), as a value nested deeper than `MAX_NESTED` is redacted whole."""
    for _ in range(MAX_NESTED + 1):
        decoded = unquote_plus(text)
        if decoded == text or "%" not in decoded:
            return decoded
        text = decoded
    return text if unquote_plus(text) == text else None


def _secret_word(text: str, whole: bool = False) -> bool:
    """Whether `text` (decoded) holds a name `SECRET_QUERY` finds, read the fastest way that
    finds the same: ASCII text lower-cased, and looked into for the `SECRET_QUERY_PARTS` first;
    other text by the pattern itself, whose case-blind reading finds more there than
    lower-casing does (`ſ` for an `s`, the Kelvin sign for a `k`).

    `whole`: `text` is a query read whole, where a bare `pass` ends a name, not the text
    (`PASS_NAME`).
    """
    if text.isascii():
        text = text.lower()
        if SECRET_QUERY_PARTS.search(text) is None:
            return False
        found = SECRET_QUERY_LOWER.search(text)
    else:
        found = SECRET_QUERY.search(text)
    return found is not None or (whole and PASS_NAME.search(text) is not None)


def _redacted_pair(pair: re.Match, depth: int, found: list[str] | None) -> str:
    """A query's `name=value` as `query` shows it; `depth`: how deep in another's value the
    query is (`_nested`)."""
    name, mark, value = pair.group("name", "mark", "value")
    if secret_parameter(name):
        if found is not None:
            found.append(value)
        return f"{name}{mark}{REDACTED}"
    shown = _nested(value, depth + 1, found)
    return pair.group() if shown is value else f"{name}{mark}{shown}"


def _nested(value: str, depth: int, found: list[str] | None) -> str:
    """A parameter's value (as sent) with the secrets of an address or query it holds
    redacted, read as the app reads the value: decoded, then as an address (`url`: its
    password, its query) or, with no `?` and no `@`, as a query; decoded again if it was
    escaped twice (an address inside another's). The value itself when nothing is redacted,
    else written again escaped as a query's value must be.

    `depth` bounds how deep it reads (`MAX_NESTED`): a value is redacted whole past it.
    """
    if "=" not in value and "%" not in value and "@" not in value:
        return value
    if depth > MAX_NESTED:
        return REDACTED
    read = unquote_plus(value)
    if "?" in read or "://" in read:
        shown = url(read, depth, found)
    elif "=" in read:
        shown = query(read, depth, found)
    elif read != value:
        shown = _nested(read, depth + 1, found)
    else:
        return value
    return value if shown == read else quote_plus(shown, safe=VALUE_SAFE)


def secret_parameter(name: str) -> bool:
    """Whether a query parameter named `name` (as written, %-escaped) holds a secret: also one
    escaped too often to read (`unescaped`)."""
    read = unescaped(name)
    return read is None or _secret_word(read)
