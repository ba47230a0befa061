"""Redact secrets from event data before it leaves the stack.

Called when a trace is turned into events (off the request path), for every sink alike, so a
token never reaches a file, the network or the dashboard. The header list is DESIGN.md's; other
headers, query parameters, JSON fields and settings are matched by name, because OpenStack
spreads secrets over many names (`password`, `adminPass`, `auth_token`, `X-Amz-Signature`…):
one list of such words (`SECRET_WORDS`) serves them all, each place adding only what is its own.
A header that carries a URL (`Referer`) has that URL's query and password redacted. A graph's
settings (`conf`) are redacted where the graph is built, as the graph leaves the stack too
(announcement, `inspect`): by name, and where a value holds one whatever its name (a URL's
password, or its query's secret parameters as a request's are, or the text of a secret hidden in
another setting); and so is what the graph's messages quote of them, by the same rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from collections.abc import Collection
from typing import Any
from urllib.parse import quote_plus
from urllib.parse import unquote_plus

#: What a redacted value is replaced with.
REDACTED = "***"
#: Headers whose values are secrets (lower case).
SECRET_HEADERS = frozenset(
    {
        "x-auth-token",
        "x-subject-token",
        "x-service-token",
        "authorization",
        "cookie",
        "set-cookie",
    }
)
#: Words that make a name secret wherever it is met, a header's, a query parameter's, a JSON
#: member's or a setting's: nova's `adminPass`, `X-Passphrase`, a `pwd`, a `swift_creds`, an
#: `api_key`, a bare `pass` or one ending a name (swift's `X-Storage-Pass`), not a `passage`
#: or a `bypass`.
SECRET_WORDS = (r"password|passwd|passphrase|adminpass|pwd|secret|token|credential|creds"
                r"|signature|api_?key|access_?key|(?<![a-z0-9])pass$")
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
#: JSON body field names that carry secrets.
SECRET_FIELD = re.compile(SECRET_WORDS, re.I)
#: Ini setting names that carry secrets: swift's `encryption_root_secret`, cinder's `hmac_keys`,
#: keystone's old `admin_password`, anything ending in `key` or `keys`.
SECRET_SETTING = re.compile(SECRET_WORDS + r"|keys?$", re.I)
#: A password in a URL's user info: `mysql://root:PASS@host/db`, and oslo.messaging's
#: `rabbit://user:PASS@host1,user:PASS@host2/`, whose later hosts follow a comma. Up to the
#: last `@` before the host, as URL parsers read it: a password holding an `@` (`s3c@r3t`) was
#: shown from there on.
URL_PASSWORD = re.compile(r"((?:[a-z][a-z0-9+.-]*://|,)[^\s:/@,]*:)[^\s/,]*(?=@)", re.I)
#: A URL in a setting's value: a word holding `://` (`auth_uri = http://k:5000/?password=p`).
SETTING_URL = re.compile(r"\S*://\S*")
#: swift's tempauth reads its accounts from settings `user_<account>_<user> = <key> <group>…`
#: (`user64_…` with base64 names): the first word is the user's key.
TEMPAUTH_USER = re.compile(r"user(?:64)?_[^_]+_.", re.I)
#: The settings that name a section's factory, where tempauth is told by its name.
FACTORY_SETTINGS = ("use", "paste.filter_factory")
#: Shortest text hidden in one setting that is hidden in every other (`hiding`): a shorter
#: value of a secret-named setting is mostly no secret (keystonemiddleware's
#: `token_cache_time = 300`, a `yes`), and hidden wherever it is a word it would hide what is
#: none (`revocation_cache_time = 300`), and tell itself by where it is hidden; while a
#: secret that short is found by trying every one.
MIN_HIDDEN = 4
#: Values of a secret-named setting that are no secret, and so are not hidden elsewhere: a
#: switch or a number (`service_token_roles_required = true` hid `delay_auth_decision = true`).
NO_SECRET = re.compile(r"true|false|yes|no|on|off|none|\d+", re.I)
#: Where such a text is hidden in another value: as a word of its own, not inside a longer
#: one (swift's sample key `admin` is no secret in `reseller_admin` or the group `.admin`).
HIDDEN_WORD = r"(?<![\w.]){}(?!\w)"
#: How a character of a hidden text may be written in a message quoting it: escaped as a
#: repr or JSON string escapes it.
WRITTEN_CHARS = {"\\": r"\\{1,2}", "'": r"\\?'", '"': r'\\?"'}
#: What may stand between two words of a hidden text in a message: whitespace, or whitespace
#: escaped as a repr or JSON string escapes it.
WRITTEN_SPACE = r"(?:\s|\\[ntr])+"
#: What splits a hidden text into the parts every way of writing it holds as they are.
PLAIN_PARTS = re.compile(r"[\s\\'\"]+")
#: Most texts hidden in one setting that are looked for in every other: each is searched for
#: in each value, and real files hide a few dozen; a file with more hides the longest so.
MAX_HIDDEN = 256
#: Deepest nesting of a JSON value (a request body) that `fields` keeps; an object or list
#: deeper is shown as `TOO_DEEP`. JSON nested a thousand deep is valid, and walking it must
#: not end the request in a RecursionError; the dashboard takes twice this
#: (`stack.event_data.MAX_DEPTH`).
MAX_DEPTH = 32
TOO_DEEP = "…"


#: The request headers WSGI keeps without the `HTTP_` prefix (PEP 3333): a request's body's.
BODY_HEADERS = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})


def header_name(environ_key: str) -> str:
    """`HTTP_X_AUTH_TOKEN` → `X-Auth-Token`; `CONTENT_TYPE` → `Content-Type`."""
    name = environ_key[5:] if environ_key[:5] == "HTTP_" else environ_key
    return "-".join(part.capitalize() for part in name.split("_"))


def environ_key(name: str) -> str:
    """`X-Auth-Token` → `HTTP_X_AUTH_TOKEN`: the WSGI environ key of a request header."""
    return "HTTP_" + name.upper().replace("-", "_")


#: The same headers as WSGI environ keys (`HTTP_X_AUTH_TOKEN`).
SECRET_ENVIRON = frozenset(environ_key(name) for name in SECRET_HEADERS)
#: Other request headers whose values are secrets, by name (as environ keys), beyond what
#: `SECRET_SETTING` names already (swift's `X-Auth-Key`, `X-Storage-Pass`, `X-Amz-Security-Token`):
#: `Proxy-Authorization`, a `…-Temp-Url-Key-2`.
SECRET_HEADER_NAME = re.compile(r"authorization|_key_\d+$", re.I)
#: Request headers whose value is a URL (as environ keys): its query and its password are
#: redacted as the request's own are (`url`). A `Referer` holds the whole address of the page
#: the request came from, a login's `?token=` included.
URL_HEADERS = frozenset({"HTTP_REFERER", "HTTP_LOCATION", "HTTP_CONTENT_LOCATION",
                         "HTTP_DESTINATION", "HTTP_X_ORIGINAL_URL", "HTTP_X_REWRITE_URL",
                         "HTTP_X_FORWARDED_URI"})


def environ_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request headers of a WSGI environ, still keyed `HTTP_…`, secret values redacted.

    Names are left as environ keys because turning them into header names (`header_name`)
    can wait until the events are built, which for the dashboard is on the other side.
    Runs for every traced request, so the work is planned once per list of environ keys (a
    client sends the same headers request after request) and then done by C loops; only the
    values of the few headers that carry a URL (`URL_HEADERS`) are read one by one.
    """
    keys = tuple(environ)
    names, secrets, urls = _header_plans.get(keys) or _plan_headers(keys)
    headers = dict(zip(names, map(environ.__getitem__, names), strict=True))
    headers.update(secrets)
    for key in urls:
        headers[key] = url(headers[key])
    return headers


#: Header plans by environ keys: the `HTTP_…` keys, the secret ones with their redaction, and
#: those holding a URL.
_header_plans: dict[tuple[str, ...], tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]] = {}
#: Most plans kept; past this, a new list of keys is planned each time it is met.
MAX_HEADER_PLANS = 256


def _plan_headers(
    keys: tuple[str, ...]
) -> tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]:
    # NOTE: eventlet puts a CONTENT_TYPE in every environ, `text/plain` when none was sent:
    # it is kept for a request with a body only (what its app read it as), not for each GET.
    body = "CONTENT_LENGTH" in keys or "HTTP_TRANSFER_ENCODING" in keys
    names = tuple(key for key in keys
                  if key[:5] == "HTTP_" or (body and key in BODY_HEADERS))
    secrets = {key: REDACTED for key in names if is_secret_environ(key)}
    plan = (names, secrets, tuple(key for key in names if key in URL_HEADERS))
    if len(_header_plans) < MAX_HEADER_PLANS:
        _header_plans[keys] = plan
    return plan


def header_value(key: str, value: str) -> str:
    """A request header's value as an event shows it, the header named by its environ key
    (`environ_key`): redacted if secret, its query and password redacted if a URL."""
    if is_secret_environ(key):
        return REDACTED
    return url(value) if key in URL_HEADERS else value


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


#: Longest environ value an event shows.
MAX_ENVIRON_VALUE = 200
#: Environ values an event shows as text; anything else is shown by its type.
PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def is_secret_environ(key: str) -> bool:
    """Whether an environ key's value must not leave the stack (a token header, a password)."""
    return (key in SECRET_ENVIRON or SECRET_SETTING.search(key) is not None
            or (key[:5] == "HTTP_" and SECRET_HEADER_NAME.search(key) is not None))


def environ_value(value: Any) -> str:
    """How an event shows an environ value a layer added (its key not secret).

    Text and numbers are shown, cut at `MAX_ENVIRON_VALUE`; anything else — a request
    context, a token's data — by its type only, since its repr may hold secrets or be huge.
    """
    if type(value) in PLAIN_TYPES:
        return plain_text(value)
    return object_text(type(value))


def plain_text(value: Any) -> str:
    """A value of `PLAIN_TYPES` as an event shows it."""
    return str(value)[:MAX_ENVIRON_VALUE]


def object_text(kind: type) -> str:
    """Any other value as an event shows it: by its type."""
    return f"<{kind.__name__}>"


def by_type(text: str) -> bool:
    """Whether an event's environ value is an `object_text`: what the value was is not
    recorded."""
    return text[:1] == "<" and text[-1:] == ">"


def headers(environ_headers: dict[str, str]) -> dict[str, str]:
    """Header names for `environ_headers`' keys (`HTTP_X_AUTH_TOKEN` → `X-Auth-Token`)."""
    return {header_name(key): value for key, value in environ_headers.items()}


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


def redacted(conf: dict[str, str], factory: str = "") -> tuple[dict[str, str], set[str]]:
    """A copy of an ini section's settings with their secrets redacted, and the texts it
    hid: the value of a secret-named setting, a password in a URL (a database's, a message
    queue's) and its query's secret parameters (`url`), and the key of each of swift
    tempauth's users (its groups stay: they say who may do what).

    `factory`: the factory that builds the section, where its `use =` chain ends (`use = base`
    whose section uses `egg:swift#tempauth` is tempauth).
    """
    tempauth = _tempauth(conf, factory)
    shown, hidden = {}, set()
    for name, value in conf.items():
        shown[name], texts = _setting(name, value, tempauth)
        hidden.update(texts)
    return shown, hidden


def setting_shown(name: str, value: str) -> str:
    """One setting's value as `redacted` shows it alone in its section: what a message quoting
    one line or part of a value shows (`ini_text`, `ini_interpolation`). Alone, it is never a
    tempauth user's: only a `use` or `paste.filter_factory` makes a section tempauth's, and
    neither is named as a user is."""
    return _setting(name, value, False)[0]


def part_shown(name: str, value: str, start: int) -> str | None:
    """`value[start:]`, part of a setting's value, as a message quoting it shows it: as it is
    where the whole value hides nothing; else that part of the value as `setting_shown` shows
    it whole: from `start` where all it hid is after (`%zz?password=***`), the part as it is
    where all is before (`https://u:***@h/%zz`); None where the part starts within a secret.

    NOTE: not `setting_shown` of the part alone: cut from its value, a URL's password or a
    query's secret is no longer read as one (`%zz?password=s3cr3t`, `%cr3t@db/nova`)."""
    shown = setting_shown(name, value)
    part = value[start:]
    if shown == value:
        return part
    if shown[: start + 1] == value[: start + 1]:
        return shown[start:]
    return part if shown.endswith(part) else None


def hiding(hidden: Collection[str],
           word_lists: Collection[list[str]] = ()) -> Callable[[str], str]:
    """What redacts each of the texts `hidden` (`redacted`'s, of the files' settings) in a
    text that holds it as a word of its own: a password interpolated into a setting of another
    name (`args = --pw %(admin_password)s`) shows there no more than in its own, nor in a
    message quoting such a value (`require = %(admin_password)s is not checked here`).

    `word_lists`: the values read as lists of words (a pipeline's, a composite key's), where
    a text of many words hidden whole (`admin_password = correct horse battery staple`
    interpolated into a pipeline) is named a word at a time: each of its words there is
    hidden too, where a message quotes it by its repr (`'horse': no such filter section`)
    and where a refused word's name is it alone.
    """
    # NOTE: the longest first, as a shorter one may be part of it.
    texts = sorted({text for text in hidden if _hideable(text)}, key=len, reverse=True)[:MAX_HIDDEN]
    words = [(_plain_part(text), re.compile(HIDDEN_WORD.format(_written(text))))
             for text in texts]
    listed = _words_listed(texts, word_lists)

    def hide(value: str) -> str:
        for part, word in words:
            if part in value:
                value = word.sub(REDACTED, value)
        if value in listed:
            return REDACTED
        for word in listed:
            value = value.replace(repr(word), repr(REDACTED))
        return value

    return hide


def _words_listed(texts: list[str], word_lists: Collection[list[str]]) -> set[str]:
    """The words of each text of many words that a list of words holds in a row: where a
    message names each alone (`hiding`)."""
    found = set()
    for text in texts:
        parts = text.split()
        if len(parts) < 2:
            continue
        for words in word_lists:
            if any(words[start:start + len(parts)] == parts
                   for start in range(len(words) - len(parts) + 1)):
                found.update(part for part in parts if _hideable(part))
    return found


def _hideable(text: str) -> bool:
    """Whether `text` is hidden wherever else it appears: not a word too short or too common
    to be a secret's alone (`MIN_HIDDEN`, `NO_SECRET`), a passphrase's `a` or `on` included."""
    return len(text.strip()) >= MIN_HIDDEN and not NO_SECRET.fullmatch(text.strip())


def _written(text: str) -> str:
    """A pattern of `text` as a message may write it: as it is, or quoted as its repr or JSON
    are (a refusal quotes a name by its repr, which doubles a backslash), and whatever
    whitespace parts its words: a value's continuation lines are joined by line breaks, which
    a message writes as spaces or, quoted, as escapes."""
    return WRITTEN_SPACE.join("".join(WRITTEN_CHARS.get(char) or re.escape(char) for char in word)
                              for word in text.split())


def _plain_part(text: str) -> str:
    """The longest part of `text` that every way of writing it (`_written`) holds as it is:
    what is looked for before the pattern is."""
    return max(PLAIN_PARTS.split(text), key=len)


def _tempauth(conf: dict[str, str], factory: str) -> bool:
    """Whether swift's tempauth builds the section: its settings are then its accounts."""
    names = (factory, *(conf.get(name, "") for name in FACTORY_SETTINGS))
    return any("tempauth" in name.lower() for name in names)


def _setting(name: str, value: str, tempauth: bool) -> tuple[str, list[str]]:
    """A setting's value as `redacted` shows it, and the texts it hides there."""
    if SECRET_SETTING.search(name):
        return REDACTED, [value]
    if tempauth and TEMPAUTH_USER.match(name):
        return re.sub(r"\S+", REDACTED, value, count=1), value.split()[:1]
    if "://" not in value:
        return value, []
    found: list[str] = []
    return SETTING_URL.sub(lambda address: url(address.group(), found=found), value), found
