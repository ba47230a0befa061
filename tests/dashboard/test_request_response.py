"""The request page's Response section for error bodies the stack read, and those it would not
show: what they were, and why they show no text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest

from tests.dashboard import page_text
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import send
from tests.dashboard.servers import steps_of
from tests.stack.paste_apps import PNG

#: One app a path, each answering an error: tests/stack/paste_apps.py `make_app`'s settings.
APPS = {
    "png": {"status": "415 Unsupported Media Type", "content_type": "image/png",
            "body_base64": PNG},
    "br": {"status": "404 Not Found", "encoding": "br", "text": "readable, but labelled br"},
    "gzip": {"status": "400 Bad Request", "encoding": "gzip", "content_type": "application/json",
             "text": json.dumps({"badRequest": {"message": "Bad flavor", "password": "hunter2"}})},
    # 6,000 characters that gzip to some 50 bytes: more text than a preview inflates
    "zipped": {"status": "500 Internal Server Error", "encoding": "gzip", "text": "ab" * 3000},
    "listed": {"status": "404 Not Found", "encoding": "gzip, br", "text": "twice encoded"},
    "latin": {"status": "404 Not Found", "content_type": "text/plain; charset=iso-8859-1",
              "charset": "iso-8859-1", "text": "No café here."},
    "html": {"status": "404 Not Found", "content_type": "text/html", "text": "<p>nope & co</p>"},
    "refused": {"status": "401 Unauthorized", "text": "A token is required."},
    "empty": {"status": "404 Not Found", "text": ""},
}


@pytest.fixture(scope="module")
def stack(dashboard: Dashboard, tmp_path_factory) -> Iterator[Stack]:
    """A stack of `APPS` under /png, /br…, announced to `dashboard`."""
    ini = tmp_path_factory.mktemp("ini") / "errors.ini"
    sections = ["[composite:main]\nuse = egg:Paste#urlmap\n"
                + "".join(f"/{name} = {name}\n" for name in APPS)]
    for name, settings in APPS.items():
        sections.append(f"[app:{name}]\nuse = call:tests.stack.paste_apps:make_app\n"
                        + "".join(f"{key} = {value}\n" for key, value in settings.items()))
    ini.write_text("\n".join(sections))
    with announced(dashboard, "main", str(ini)) as server:
        yield server


def response_section(dashboard: Dashboard, stack: Stack, method: str, path: str) -> str:
    """The text of the request page's Response section (tags dropped), once the request
    sent to `stack` is stored."""
    trace = send(dashboard, stack, method, path)
    status, _, page = dashboard.get(f"/requests/{trace['trace']}")
    assert status == 200
    return page_text.section(page, "Response")


def test_an_image_is_said_to_be_no_text(dashboard, stack):
    assert response_section(dashboard, stack, "GET", "/png") == (
        "The 415 came with 70 bytes of image/png, not shown: not text.")


@pytest.mark.parametrize(("path", "said"), [
    ("/br", "The 404 came with 25 bytes of text/plain, not shown: compressed as br, which "
            "Pastescope cannot undo (it reads gzip and deflate)."),
    ("/listed", "The 404 came with 13 bytes of text/plain, not shown: compressed as gzip, br, "
                "which Pastescope cannot undo (it reads gzip and deflate)."),
])
def test_a_body_in_an_encoding_the_stack_cannot_undo_says_which(dashboard, stack, path, said):
    assert response_section(dashboard, stack, "GET", path) == said


def test_an_inflated_body_s_note_tells_its_compressed_size_from_its_text(dashboard, stack):
    section = response_section(dashboard, stack, "GET", "/zipped")
    sent, text = section.split(" secrets redacted by the stack: ")
    compressed = int(re.search(r": (\d+) bytes compressed as gzip,", sent).group(1))
    assert compressed < 100 and len(text) == 4096  # a cut text, far longer than what was sent
    assert sent.endswith(f"(text/plain): {compressed} bytes compressed as gzip, shown inflated "
                         "(at most its first 4096 bytes),")


def test_a_gzipped_body_is_shown_inflated_and_redacted(dashboard, stack):
    section = response_section(dashboard, stack, "GET", "/gzip")
    assert section.startswith("What the stack answered with its 400 (application/json)")
    assert '"message": "Bad flavor", "password": "***"' in section
    assert "hunter2" not in section


def test_a_body_is_shown_in_its_declared_charset(dashboard, stack):
    section = response_section(dashboard, stack, "GET", "/latin")
    assert section.endswith("secrets redacted by the stack: No café here.")


def test_a_head_answered_with_a_body_is_said_to_have_sent_it(dashboard, stack):
    """eventlet sends the body an app returns for a HEAD; a client reads none of it, so it
    is not shown as what the client got."""
    assert response_section(dashboard, stack, "HEAD", "/html") == (
        "The client got no body: an answer to a HEAD has none. What the server sent after the "
        "headers of its 404 all the same (text/html), secrets redacted by the stack: "
        "<p>nope & co</p> "
        "A body answered this HEAD: the server sent its 16 bytes after the headers, yet a "
        "client reads no body after a HEAD (on a connection kept open, it takes them for the "
        "start of the next response). An app answers a HEAD with the headers only; WebOb's "
        "Response does so itself.")


def test_a_head_refused_is_not_told_why_by_a_body_it_never_got(dashboard, stack):
    """A HEAD answered 401 (a token missing) with a body: curl -I shows no body, and the
    story, the last step and the Response section say the HEAD got none, not that the
    answer's body said why; a GET's body does say why."""
    trace = send(dashboard, stack, "HEAD", "/refused")["trace"]
    steps = steps_of(dashboard, trace)
    assert steps["failure"][-1] == (
        "The body the server sent after the headers, which a client reads none of after a "
        "HEAD, says why: “A token is required.”")
    assert steps["steps"][-1]["text"].endswith(
        "over a connection kept open, it takes them for the start of the next response. "
        "Those bytes said: “A token is required.”")
    section = page_text.section(dashboard.get(f"/requests/{trace}")[2], "Response")
    assert section.startswith("The client got no body: an answer to a HEAD has none. What the "
                              "server sent after the headers of its 401 all the same")
    got = steps_of(dashboard, send(dashboard, stack, "GET", "/refused")["trace"])
    assert got["failure"][-1] == "The answer's body says why: “A token is required.”"
    assert got["steps"][-1]["text"].endswith("Its body said: “A token is required.”")


def test_compare_says_a_heads_error_body_was_never_read_as_the_request_page_does(dashboard,
                                                                                 stack):
    """Compare quoted a HEAD's body as what its client was told (`B's body said: …`), while
    the request page says a client reads none of it."""
    got = send(dashboard, stack, "GET", "/refused")["trace"]
    head = send(dashboard, stack, "HEAD", "/refused")["trace"]
    other = send(dashboard, stack, "GET", "/empty")["trace"]
    unread = "sent after the headers, which a client reads none of after a HEAD"
    assert steps_of(dashboard, head)["failure"][-1] == (
        f"The body the server {unread}, says why: “A token is required.”")

    def said(a: str, b: str) -> str:
        return html.unescape(page_text.summary(dashboard.get(f"/compare?a={a}&b={b}")[2],
                                               "body"))

    assert said(got, head) == f"Both bodies said “A token is required.”, but B's was {unread}."
    assert said(head, other) == f"A's body, {unread}, said: “A token is required.”"
    assert said(other, head) == f"B's body, {unread}, said: “A token is required.”"
    assert said(got, other) == "A's body said: “A token is required.”"


def test_a_head_answered_with_no_body_says_a_head_has_none(dashboard, stack):
    assert response_section(dashboard, stack, "HEAD", "/empty") == (
        "The 404 came with no body, as an answer to a HEAD has none.")
    assert response_section(dashboard, stack, "GET", "/empty") == "The 404 came with no body."


def test_a_trace_whose_end_has_not_come_says_so_not_that_its_body_was_not_kept(dashboard):
    assert dashboard.post("/api/events", trace_events("no-end")[:-1])[0] == 202
    status, _, page = dashboard.get("/requests/no-end")
    section = page_text.section(page, "Response")
    assert status == 200 and "Not kept" not in section
    assert section == (
        "The end of this response was not received: the trace holds no request.end, so what "
        "the stack answered is not known. python -m stack serve sends a trace whole, once its "
        "request has ended: these events came without it from another sender (it may still "
        "send it), or from a file that held them so.")


def test_event_data_reads_as_the_text_it_holds_not_script_escapes(dashboard, stack):
    """`<p>` in a body, not `\\u003cp\\u003e` (JSON made safe for a script, not for a reader)."""
    trace = send(dashboard, stack, "GET", "/html")
    page = dashboard.get(f"/requests/{trace['trace']}")[2]
    events = page_text.section(page, "Events")
    assert '"body": "<p>nope & co</p>"' in events
    assert "\\u003c" not in events and "\\u0026" not in events
