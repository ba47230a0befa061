"""A request as a client sends it to a stack, before any layer reads it: its target checked,
its PATH_INFO and host as a WSGI server hands them over, its line's length, its headers'
environ keys.

`which` (the command line, the dashboard's form, a lesson) asks about a request target as a
client types it (`/v2.1/servers?x=1`, `http://HOST/PATH`, `*`); this says what eventlet makes
of it, so what the walk reads is what a layer would (`stack.resolve`).
"""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING

from stack import http_token
from stack import redact_environ
from stack.http_token import quoted
from stack.wsgi_path import readable_path

if TYPE_CHECKING:
    from stack.resolve import Resolution

#: eventlet.wsgi's MAX_REQUEST_LINE: it reads at most this many bytes of a request line and
#: answers 414 to a line that fills them, so a line, CRLF included, must be shorter.
MAX_REQUEST_LINE = 8192
#: The HTTP version a client (curl, a browser) writes at the end of its request line.
HTTP_VERSION = "HTTP/1.1"
#: An escaped `/` in a request's path: eventlet decodes it with every other %-escape, so an
#: object name or an ID holding one (`a%2Fb`) reaches urlmap and Routes as two segments.
ESCAPED_SLASH = re.compile(r"%2F", re.IGNORECASE)
#: The asterisk-form request target (RFC 9112): OPTIONS of the server as a whole, not a path.
ASTERISK = "*"
#: What begins a URL's fragment, which stays with the client (RFC 9110 4.2.4, RFC 3986 3.5).
FRAGMENT = "#"
#: A `%` that begins no %-escape (`%ZZ`, or one at the end): a server keeps it as sent.
BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2}).{0,2}", re.DOTALL)


def check_target(method: str, target: str) -> None:
    """Refuse a request target no server would be sent: a ValueError says what is wrong.

    A path starts with `/` (a whole URL, `http://HOST/PATH`, is taken for its path and
    host, which must be one, `http_token.check_host`); `*` asks OPTIONS of the server as a
    whole and nothing else; a request line cannot carry a space or a control character
    unescaped. Its length is no error: a line too long is the server's to answer (`resolve`
    says its 414).
    """
    if target == ASTERISK:
        if not asterisk_form(method, target):
            raise ValueError(f"'*' is a request target for OPTIONS only (the asterisk-form: "
                             f"the server as a whole); a path for {method} starts with '/'")
    elif not is_prefix(target):
        raise ValueError(f"{quoted(target)} must start with '/' (or be a whole URL: "
                         "http://HOST/PATH)")
    elif any(c.isspace() or ord(c) < 32 for c in target):
        raise ValueError(f"{quoted(target)} holds a space or a control character, which a "
                         "request line cannot carry: write it %-escaped (a space is %20)")
    elif (host := _origin_form(target)[0]) and not http_token.is_host(host):
        raise ValueError(f"the URL's host {quoted(host)} {http_token.NOT_A_HOST}")


def asterisk_form(method: str, target: str) -> bool:
    """Whether `target` is `*` asking OPTIONS of the server as a whole (`options *` too: the
    server hands it on as sent), the one request target that does not start with `/`."""
    return target == ASTERISK and method.upper() == "OPTIONS"


def case_note(method: str) -> str:
    """Why a method not in upper case is taken as typed: it is not its upper-case namesake."""
    return (f"`{method}` is not `{method.upper()}`: HTTP methods are case-sensitive, and a "
            f"server and its router compare them as sent (`curl -X {method}` sends `{method}`; "
            f"most clients send `{method.upper()}`), so a route for {method.upper()} does not "
            f"match it.")


def given_host(host: str, headers: dict[str, str], option: str) -> str:
    """The Host `which` asks about: `host` (given as `option`), or a Host among `headers`
    (`http_token.check_headers`), taken out of them: Send and lessons send that header as the
    request's Host, so `which` reads it as that too. Both given is a ValueError, as a header
    given twice is."""
    name = next((given for given in headers if given.lower() == "host"), None)
    if name is None:
        return host
    if host:
        raise ValueError(f"{quoted(f'{name}: {headers[name]}')}: the Host is given twice, as "
                         f"{option} too; give it once")
    return headers.pop(name)


def request_target(target: str) -> tuple[str, str]:
    """`(PATH_INFO, host)` of a request target: what a WSGI server hands the stack.

    The query string is not part of PATH_INFO, and percent-escapes are decoded (`%2F` is a
    `/` to urlmap and Routes); text beyond ASCII is what a client sends, UTF-8, read as
    Latin-1 (PEP 3333), as eventlet does. An absolute URL (`http://host/path`) names its host.
    """
    path = request_path(target)
    return (urllib.parse.unquote(path.encode().decode("latin-1"), encoding="latin-1"),
            _origin_form(target)[0])


def request_path(target: str) -> str:
    """The path of a request target as its client typed it: no host, no query string, its
    %-escapes not decoded."""
    return _origin_form(target)[1].partition("?")[0]


def _origin_form(target: str) -> tuple[str, str]:
    """`(host, what the request line carries)` of a request target: an absolute URL is sent
    as its path and query (`GET /path?q HTTP/1.1`), its host in a Host header; a fragment
    (`#…`) is never sent (`fragment`)."""
    sent = target.partition(FRAGMENT)[0]
    scheme, sep, rest = sent.partition("://")
    if sep and scheme.isalpha():
        host, slash, path = rest.partition("/")
        return host, slash + path or "/"
    return "", sent


def fragment(target: str) -> str:
    """The fragment of a typed URL (`#frag`), or "": a client keeps it to itself and sends
    the rest (curl drops it, a browser keeps it for the page), so no layer ever sees it."""
    return FRAGMENT + target.partition(FRAGMENT)[2] if FRAGMENT in target else ""


def request_notes(method: str, target: str, path_info: str) -> list[str]:
    """What an answer to the request is read with, where the request is not what it looks: a
    fragment dropped, a method not in upper case, a `%` that begins no escape, a `%2F` the
    server decodes (each said before the answer, `Resolution.stopped`'s `said`).
    `path_info`: the target's (`request_target`)."""
    notes = []
    path = request_path(target)
    if dropped := fragment(target):
        notes.append(f"`{dropped}` is the URL's fragment, which a client never sends (curl "
                     f"drops it too): the request is for `{_origin_form(target)[1]}`.")
    if method != method.upper():
        notes.append(case_note(method))
    if bare := bare_percents(path):
        notes.append(f"{' and '.join(f'`{b}`' for b in bare)} "
                     f"{'is no %-escape' if len(bare) == 1 else 'are no %-escapes'}, "
                     f"so the server hands it over as it was sent: PATH_INFO holds "
                     f"{path_info!r}. Below, a `%` a path holds is written `%25` "
                     f"(`{readable_path(path_info)}`), as a client would send it, so "
                     "that it never reads as the start of an escape.")
    if ESCAPED_SLASH.search(path):
        notes.append(f"The server decodes `%2F` to `/` before any layer sees the "
                     f"path: PATH_INFO holds `{readable_path(path_info)}`, and neither "
                     "a urlmap nor a router can tell the escaped `/` from one typed.")
    return notes


def too_long(result: Resolution) -> bool:
    """Whether eventlet would refuse the request line before any layer sees it; if so, say so.

    Its bytes are counted as a client such as curl writes them: the target as given (text
    beyond ASCII as its UTF-8), the query string included, `HTTP/1.1` and CRLF at the end.
    """
    line = f"{result.method} {_origin_form(result.path)[1]} {HTTP_VERSION}\r\n"
    size = len(line.encode("utf-8", "surrogateescape"))
    if size < MAX_REQUEST_LINE:
        return False
    reason = (f"its request line is {size:,} bytes, and eventlet reads at most "
              f"{MAX_REQUEST_LINE - 1:,} (CRLF included)")
    result.stopped = {"node": None, "status": 414, "reason": reason}
    result.say(f"the server answers 414 Request URI Too Long itself: {reason}. It closes "
               "the connection, and no layer of the stack is entered.")
    return True


def bare_percents(path: str) -> list[str]:
    """The `%`s of a typed path that begin no %-escape, each with what follows it (`%ZZ`):
    the server keeps them as sent, and a shown path writes them `%25` (`stack.wsgi_path`),
    which is not what was typed."""
    return list(dict.fromkeys(BARE_PERCENT.findall(path)))


def header_environ(headers: dict[str, str]) -> dict[str, str]:
    """The WSGI environ keys of request headers (PEP 3333): `Content-Type` is `CONTENT_TYPE`,
    `Accept` is `HTTP_ACCEPT`."""
    environ = {}
    for header, value in headers.items():
        key = redact_environ.environ_key(header)
        body_key = key.removeprefix("HTTP_")
        environ[body_key if body_key in redact_environ.BODY_HEADERS else key] = value
    return environ


def is_prefix(label: str) -> bool:
    """Whether a urlmap's label (or a request target) is a path or a whole URL."""
    return label.startswith("/") or label.startswith(("http://", "https://"))
