"""One rule for a method, a header's name and a header's value (`stack.http_token`), in the
three places a user gives them: `python -m stack which … -H`, the dashboard's Send
(`POST /api/send`) and a lesson file. Each took or refused them by rules of its own: a tab
`which` refused the others took, a line break at the end `which` dropped the others refused,
`日本` only Send refused, and each said so in its own words.

So for the set of headers: a name given twice (`X-Auth-Token`, `x-auth-token`) `which` refused
in words of its own while Send and lessons sent both lines (eventlet hands the app `a,b`), a
Host `which` refused Send and lessons sent, Content-Length with Transfer-Encoding eventlet
answers 400 to before any layer sees it."""

from __future__ import annotations

import http.client
import json

import pytest

from dashboard import sender
from stack import http_token
from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored
from tests.dashboard.uploading import load

COMPUTE = DEMO / "compute.ini"
#: A lesson of one step, for a stack never announced: loading it runs nothing.
LESSON = """\
title = "Rules"
summary = "One step."
stack = "gone"
start = "python -m stack serve stack/demo/compute.ini --name gone"

[[step]]
method = {method}
path = "/"
headers = {{ {headers} }}
notice = "What is sent."{more}
"""
#: What Send answers a request that passed its checks, to a stack that never announced itself.
NOT_ANNOUNCED = "no stack named 'gone' has announced itself"
VALUE_RULE = "a header's value is one line of Latin-1 text, with no control character but tab"
NAME_RULE = ("a header name: a token such as Accept or X-Auth-Token (letters, digits and "
             "!#$%&'*+-.^_`|~, at most 100)")
METHOD_RULE = ("an HTTP method: a token such as GET, PATCH or PURGE (letters, digits and "
               "!#$%&'*+-.^_`|~, at most 32)")


def which(method: str, *headers: str) -> str:
    """What `python -m stack which` says: "ok" when it answers, else its one line of error."""
    done = run_cli("which", str(COMPUTE), method, "/v2.1/servers",
                   *[arg for header in headers for arg in ("-H", header)])
    if done.returncode == 0:
        return "ok"
    assert (done.returncode, done.stdout) == (2, "")
    return done.stderr.removeprefix("python -m stack which: ").removesuffix("\n")


def send(dashboard, method: str, headers: dict[str, str]) -> str:
    """What Send answers: "ok" when the request passed its checks, else its error."""
    status, _, answer = dashboard.post("/api/send", {"stack": "gone", "method": method,
                                                     "path": "/", "headers": headers})
    if (status, answer["error"]) == (404, NOT_ANNOUNCED):
        return "ok"
    assert status == 400, answer
    return answer["error"]


def lesson(dashboard, method: str, name: str, value: str, *more: tuple[str, str],
           body: str | None = None) -> str | dict[str, str]:
    """What loading a lesson file answers: its step's headers (`name = value`, then `more`,
    and its `body`) as taken, else the error."""
    headers = ", ".join(f"{json.dumps(key)} = {json.dumps(text)}"
                        for key, text in ((name, value), *more))
    extra = "" if body is None else f"\nbody = {json.dumps(body)}"
    text = LESSON.format(method=json.dumps(method), headers=headers, more=extra)
    status, _, answer = load(dashboard, "rules.toml", text)
    if status == 200:
        return answer["steps"][0]["headers"]
    assert status == 400, answer
    return answer["error"]


def said(dashboard, name: str, value: str) -> tuple[str, str, str | dict[str, str]]:
    """What `which -H`, Send and a lesson file say of the header `name: value`."""
    return (which("GET", f"{name}: {value}"), send(dashboard, "GET", {name: value}),
            lesson(dashboard, "GET", name, value))


def refused(name: str, value: str, why: str) -> tuple[str, str, str]:
    """The three refusals of the header `name: value`, each saying where, then `why`."""
    return (f"-H {f'{name}: {value}'!r}: {why}", f"field 'headers': {why}",
            f"rules.toml: line 9: step 1: field 'headers': {why}")


def test_a_tab_inside_a_value_is_taken_by_all_three(dashboard):
    """`which` refused it (not "printable"); HTTP allows it, and eventlet passes it on."""
    assert said(dashboard, "X-A", "a\tb") == ("ok", "ok", {"X-A": "a\tb"})


def test_spaces_around_a_value_are_dropped_by_all_three(dashboard):
    """A lesson kept and showed them; a server drops them, so the value held is the one the
    app gets."""
    assert said(dashboard, "X-A", " \ta  ") == ("ok", "ok", {"X-A": "a"})


@pytest.mark.parametrize("value, character", [("a\x7fb", "U+007F"), ("a\x01b", "U+0001")])
def test_a_control_character_in_a_value_is_refused_by_all_three(dashboard, value, character):
    """A lesson file took DEL and other control characters, to be refused only when its step
    was run, with no file or line named."""
    assert said(dashboard, "X-A", value) == refused(
        "X-A", value, f"the value of X-A holds the control character {character}: {VALUE_RULE}")


@pytest.mark.parametrize("value", ["a\n", "a\r"])
def test_a_line_break_ending_a_value_is_refused_by_all_three(dashboard, value):
    """`which` dropped it with the spaces around the value."""
    assert said(dashboard, "X-A", value) == refused(
        "X-A", value, f"the value of X-A holds a line break: {VALUE_RULE}")


@pytest.mark.parametrize("value, character", [("a\x1f", "U+001F"), ("a\x0b", "U+000B")])
def test_a_control_character_ending_a_value_is_refused_by_all_three(dashboard, value, character):
    """Python counts these as spaces: `which` dropped them, a lesson file took them."""
    assert said(dashboard, "X-A", value) == refused(
        "X-A", value, f"the value of X-A holds the control character {character}: {VALUE_RULE}")


@pytest.mark.parametrize("value", ["a\x85b", "a\xa0b"])
def test_latin_1_beyond_ascii_is_taken_by_all_three(dashboard, value):
    """`which` refused U+0080 to U+00A0 (not "printable"); each is one byte HTTP allows
    (obs-text), which eventlet hands on as the same character."""
    assert said(dashboard, "X-A", value) == ("ok", "ok", {"X-A": value})


def test_text_beyond_latin_1_is_refused_by_all_three(dashboard):
    """`which` and a lesson file took it; no client sends it as itself."""
    assert said(dashboard, "X-A", "日本") == refused(
        "X-A", "日本", f"the value of X-A holds '日' (U+65E5), which is not Latin-1: {VALUE_RULE}")


@pytest.mark.parametrize("name", ["X-A ", " X-A"])
def test_a_space_around_a_name_is_refused_by_all_three(dashboard, name):
    """`which` dropped it; a server takes `X-A : 1` for no header `X-A`."""
    assert said(dashboard, name, "1") == refused(name, "1", f"{name!r} is not {NAME_RULE}")


def test_a_name_that_is_no_token_is_refused_in_the_same_words_by_all_three(dashboard):
    assert said(dashboard, "X(A)", "1") == refused("X(A)", "1", f"'X(A)' is not {NAME_RULE}")


def test_a_method_that_is_no_token_is_refused_in_the_same_words_by_all_three(dashboard):
    """`which` said "(a token such as GET)", Send and lesson files the rule."""
    why = f"'GE T' is not {METHOD_RULE}"
    assert which("GE T") == f"METHOD {why}"
    assert send(dashboard, "GE T", {}) == f"field 'method': {why}"
    assert lesson(dashboard, "GE T", "X-A", "1") == (
        f"rules.toml: line 7: step 1: field 'method': {why}")


#: What a header given twice is refused with, by all three, after where it was given.
TWICE = ("X-Auth-Token is given twice (header names ignore case): eventlet would hand the app "
         "both values as one, joined by a comma; give it once")
#: What a Host that is no host is refused with.
NO_HOST = ("the value of Host, 'a b', is not a host name or address with an optional port "
           "(such as localhost:8774)")
#: What Content-Length with Transfer-Encoding is refused with.
FRAMED_TWICE = ("Content-Length and Transfer-Encoding are given together: eventlet answers such "
                "a request 400 itself, before any layer sees it; give one")


def test_a_header_given_twice_in_two_cases_is_refused_by_all_three(dashboard):
    """`which` refused it in words of its own; Send and a lesson sent both lines, and the app
    got `X-Auth-Token: a,b` (eventlet joins them into one environ key), no token at all."""
    # The line quoted has its token redacted, as everywhere it is shown back.
    assert which("GET", "X-Auth-Token: a", "x-auth-token: b") == (
        f"-H 'x-auth-token: ***': {TWICE}")
    assert send(dashboard, "GET", {"X-Auth-Token": "a", "x-auth-token": "b"}) == (
        f"field 'headers': {TWICE}")
    assert send(dashboard, "GET", ["X-Auth-Token: a", "x-auth-token: b"]) == (
        f"field 'headers': 'x-auth-token: ***': {TWICE}")  # the page's form sends its lines
    assert lesson(dashboard, "GET", "X-Auth-Token", "a", ("x-auth-token", "b")) == (
        f"rules.toml: line 9: step 1: field 'headers': {TWICE}")


def test_a_body_header_given_twice_says_the_app_gets_the_first(dashboard):
    why = ("Content-Type is given twice: eventlet would hand the app the first value alone; "
           "give it once")
    assert which("GET", "Content-Type: a/b", "Content-Type: c/d") == (
        f"-H 'Content-Type: c/d': {why}")
    assert send(dashboard, "GET", ["Content-Type: a/b", "Content-Type: c/d"]) == (
        f"field 'headers': 'Content-Type: c/d': {why}")


def test_a_header_line_without_a_colon_is_refused_in_the_same_words(dashboard):
    """The page's form said `header line without 'Name: value'`, `which` its own words."""
    why = "'Accept': expected NAME: VALUE (e.g. 'Accept: application/json;version=2.1')"
    assert which("GET", "Accept") == f"-H {why}"
    assert send(dashboard, "GET", ["Accept"]) == f"field 'headers': {why}"


def test_a_host_header_is_the_request_s_host_in_all_three(dashboard, tmp_path):
    """`which` refused it ("give the Host as the host"), while Send and lessons sent it as
    the Host, which a urlmap's domain key routes by."""
    ini = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n"
                              "domain api.example.com /v3 = v3\n\n[app:v3]\nuse = call:x:y\n")
    by_header = run_cli("which", str(ini), "GET", "/v3/x", "-H", "Host: api.example.com")
    by_option = run_cli("which", str(ini), "GET", "/v3/x", "--host", "api.example.com")
    assert (by_header.returncode, by_header.stderr) == (0, "")
    assert by_header.stdout == by_option.stdout
    assert "(host api.example.com) would go: the composite `main` → the app `v3`" in (
        by_header.stdout)
    assert lesson(dashboard, "GET", "Host", "api.example.com") == {"Host": "api.example.com"}
    assert send(dashboard, "GET", {"Host": "api.example.com"}) == "ok"


def test_a_host_that_is_no_host_is_refused_by_all_three(dashboard):
    """Send and lessons sent `Host: a b`, which `which --host` refused."""
    assert said(dashboard, "Host", "a b") == refused("Host", "a b", NO_HOST)


def test_a_host_given_as_a_header_and_as_the_host_is_refused():
    done = run_cli("which", str(COMPUTE), "GET", "/v2.1/servers", "--host", "a",
                   "-H", "Host: b")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("python -m stack which: -H 'Host: b': the Host is given twice, as "
                           "--host too; give it once\n")


def test_content_length_with_transfer_encoding_is_refused_by_all_three(dashboard):
    """Send and lessons sent both, and eventlet answered 400 itself, untraced."""
    assert which("GET", "Content-Length: 2", "Transfer-Encoding: chunked") == (
        f"-H 'Transfer-Encoding: chunked': {FRAMED_TWICE}")
    assert send(dashboard, "GET", {"Content-Length": "2", "Transfer-Encoding": "chunked"}) == (
        f"field 'headers': {FRAMED_TWICE}")
    assert lesson(dashboard, "GET", "Content-Length", "2", ("Transfer-Encoding", "chunked")) == (
        f"rules.toml: line 9: step 1: field 'headers': {FRAMED_TWICE}")


def test_a_lesson_s_content_length_other_than_its_body_is_refused_when_loaded(dashboard):
    """Send refuses it; a lesson took it, to be refused when its step ran in front of the
    class."""
    assert lesson(dashboard, "POST", "Content-Length", "5", body="abc") == (
        "rules.toml: line 9: step 1: field 'headers': header 'Content-Length' says 5 bytes, "
        "but the body is 3 bytes (as UTF-8): make them match, or leave the header out and it "
        "is set from the body")


def too_many(count: int, most: int, adds: str) -> str:
    """Why `count` headers, none of them Host, Accept-Encoding, Content-Length or
    Content-Type, are refused where `most` fit: eventlet reads 99 header lines, and Send's
    client `adds` its own to the request."""
    return (f"{count} headers, more than the {most} that fit: eventlet reads at most 99 header "
            "lines and answers more 431 itself, before any layer sees the request; Send adds "
            f"{adds} to it, unless given")


#: What Send's client adds to a GET: Host and Accept-Encoding, and no more.
GET_ADDS = "Host and Accept-Encoding"


def test_more_headers_than_eventlet_reads_are_refused_by_all_three(dashboard):
    """Each was read against every one before it, a minute's work for a long list Send took;
    and eventlet answers more than fit with its own 431, untraced. The rule said 100, but
    http.client counts the blank line that ends the headers, and adds some of its own."""
    lines = [f"X-H{n}: {n}" for n in range(98)]
    refusal = too_many(98, 97, GET_ADDS)
    assert which("GET", *lines) == f"-H {refusal}"
    assert send(dashboard, "GET", lines) == f"field 'headers': {refusal}"
    assert lesson(dashboard, "GET", "X-H", "0", *[(f"X-H{n}", "1") for n in range(1, 98)]) == (
        f"rules.toml: line 9: step 1: field 'headers': {refusal}")
    assert which("GET", *lines[:97]) == "ok"
    assert send(dashboard, "GET", lines[:97]) == "ok"
    assert which("GET", *[f"X-H{n}: {n}" for n in range(1000)]).startswith(
        "-H 1,000 headers, more than the 97 that fit")


#: A body the compute demo takes for a new server.
SERVER_BODY = '{"server": {"name": "many"}}'


@pytest.mark.parametrize("method, body, most, adds", [
    ("GET", "", 97, GET_ADDS),
    ("POST", "", 96, "Host, Accept-Encoding and Content-Length"),
    ("POST", SERVER_BODY, 95, "Host, Accept-Encoding, Content-Length and Content-Type"),
], ids=["get", "post-without-body", "post-with-body"])
def test_the_most_headers_taken_are_sent_and_traced_and_one_more_gets_eventlet_s_431(
        dashboard, method, body, most, adds):
    """The largest set Send takes for the request reaches the demo stack and is traced; one
    more Send refuses, and sent as Send would send it, eventlet answers 431 itself, with no
    trace. A GET took two fewer than fit: Send counted a body's Content-Length and
    Content-Type for every request, and http.client sends those only with a body (a
    Content-Length alone, of 0, for a POST with none)."""
    headers = {**TOKEN, **{f"X-H{n}": str(n) for n in range(most - len(TOKEN))}}
    with announced(dashboard) as stack:
        spec = {"stack": "osapi_compute", "method": method, "path": "/v2.1/servers",
                "headers": headers, "body": body}
        status, _, answer = dashboard.post("/api/send", spec)
        assert status == 200 and answer["status"] != 431, answer
        assert stored(dashboard, answer["trace"])["status"] == answer["status"]
        more = {**spec, "headers": {**headers, f"X-H{most}": "more"}}
        status, _, answer = dashboard.post("/api/send", more)
        assert (status, answer["error"]) == (
            400, f"field 'headers': {too_many(most + 1, most, adds)}")
        sent = sender.send(stack.url, more, timeout=10)  # past Send's checks
        assert (sent["status"], sent["trace"]) == (431, None), sent


#: What a Content-Length that is no number is refused with.
NO_LENGTH = "is not a number of bytes: digits alone, such as 42 (at most 19 of them)"


@pytest.mark.parametrize("value", ["ten", "-1", "+3", "1_0"])
def test_a_content_length_that_is_no_number_is_refused_by_all_three(dashboard, value):
    """Send and lessons sent it as typed, and eventlet answered 400 itself, untraced (`+3`
    and `1_0` it reads as numbers, Python's `int`; no other server does)."""
    assert said(dashboard, "Content-Length", value) == refused(
        "Content-Length", value, f"the value of Content-Length, {value!r}, {NO_LENGTH}")


#: What a header whose name holds `_` is refused with: the words a trace says it dropped in.
UNDERSCORED = ("eventlet drops header names containing `_`: sent as `X-Auth-Token`, it would "
               "reach the app; as `X_Auth_Token`, no layer sees it")


def test_a_name_holding_an_underscore_is_refused_by_all_three(dashboard):
    """`which` read `X_Auth_Token` as the environ's HTTP_X_AUTH_TOKEN, and Send and lessons
    sent it, which eventlet drops: the demo's 401 "The X-Auth-Token header is missing." for a
    token that was given."""
    assert said(dashboard, "X_Auth_Token", "demo-token") == refused(
        "X_Auth_Token", "***", UNDERSCORED)  # its token redacted in the line quoted


class _Captured(http.client.HTTPConnection):
    """An http.client connection that keeps what it would send, with no socket."""

    def send(self, data: bytes) -> None:
        self.sent = getattr(self, "sent", b"") + data


@pytest.mark.parametrize("method", ["GET", "HEAD", "DELETE", "OPTIONS", "POST", "PUT", "PATCH",
                                    "post"])
def test_the_content_length_send_counts_is_the_one_http_client_sends(method):
    """Send counts the Content-Length http.client adds to a request with no body by a rule
    spelt out in `stack.http_token` (http.client keeps it private): the two must agree, or
    Send's count of the header lines that fit is one off."""
    connection = _Captured("example.invalid")
    connection.request(method, "/")
    sends_length = b"\r\ncontent-length: 0\r\n" in connection.sent.lower()
    assert ("Content-Length" in http_token.client_adds(set(), method, False)) == sends_length
