"""request.end shows the start of an error's response body, secrets redacted; never a 2xx's.

It is read as its charset and Content-Encoding say; a body that is not text, or that the
stack cannot read, shows no text rather than mojibake.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib

import pytest
import requests

from stack.body_preview import BODY_PREVIEW
from stack.body_preview import response_preview
from tests.conftest import raw_request
from tests.stack.paste_apps import PNG
from tests.stack.trace_checks import check_well_formed

SECRET_BODY = {"badRequest": {"message": "adminPass is too short", "adminPass": "hunter2"}}


def serve_app(serve_stack, tmp_path, **settings: str):
    """A stack of one app (tests/stack/paste_apps.py `make_app`) with `settings`."""
    ini = tmp_path / "app.ini"
    lines = [f"{name} = {value}" for name, value in settings.items()]
    ini.write_text("[app:main]\nuse = call:tests.stack.paste_apps:make_app\n"
                   + "\n".join(lines) + "\n")
    return serve_stack(ini, "main")


def request_end(stack, path: str = "/", method: str = "GET") -> tuple[requests.Response, dict]:
    response = requests.request(method, stack.url + path, timeout=10)
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    check_well_formed(events)
    [end] = [e["data"] for e in events if e["kind"] == "request.end"]
    return response, end


def test_an_error_body_is_shown_with_its_secret_members_redacted(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, status="400 Bad Request",
                      content_type="application/json", text=json.dumps(SECRET_BODY))
    response, end = request_end(stack)
    assert response.status_code == 400 and response.json() == SECRET_BODY
    assert end["content_type"] == "application/json"
    assert json.loads(end["body"]) == {
        "badRequest": {"message": "adminPass is too short", "adminPass": "***"}}
    assert "hunter2" not in json.dumps(end)


def test_a_streamed_error_body_is_cut_at_the_preview_and_counted_whole(serve_stack, tmp_path):
    text = "".join(f"line {n:05d};" for n in range(1000))  # 11,000 bytes, on one ini line
    stack = serve_app(serve_stack, tmp_path, status="503 Service Unavailable", chunk="1000",
                      text=text)
    response, end = request_end(stack)
    assert response.status_code == 503 and response.text == text
    assert end["body"] == text[:BODY_PREVIEW]
    assert end["bytes"] == len(text)
    assert end["content_type"] == "text/plain"
    assert "content_encoding" not in end  # none was sent


def test_a_successful_body_is_not_kept(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, text="all well", chunk="3")
    response, end = request_end(stack)
    assert (response.status_code, response.text) == (200, "all well")
    assert (end["body"], end["content_type"], end["bytes"]) == ("", "", 8)


def test_the_preview_reads_a_large_body_only_as_far_as_it_shows():
    chunks = [b"%05d;" % n for n in range(200_000)]  # 1.2 MB in many chunks, a list
    chunks[1] = "not bytes"  # a broken app's chunk: skipped, never a failed trace
    body, content_type, _ = response_preview([("content-type", "text/plain")], chunks)
    expected = (chunks[0] + b"".join(chunks[2:]))[:BODY_PREVIEW].decode()
    assert (body, content_type) == (expected, "text/plain")


@pytest.mark.parametrize("chunk", ["", "4"])  # a list, then a generator of 4-byte chunks
def test_a_head_answered_with_a_body_counts_the_bytes_eventlet_sent(serve_stack, tmp_path,
                                                                    chunk):
    """eventlet sends whatever body an app returns for a HEAD: a client reads none of it, but
    the bytes went out (on a kept-alive connection, as the next response's start)."""
    stack = serve_app(serve_stack, tmp_path, status="404 Not Found", text="no such thing",
                      chunk=chunk)
    status, headers, body = raw_request(stack.url, "/", method="HEAD")
    assert (status, body) == ("HTTP/1.1 404 Not Found", b"no such thing")
    events = stack.trace(dict(headers)["X-Pastescope-Trace"])
    check_well_formed(events)
    [end] = [e["data"] for e in events if e["kind"] == "request.end"]
    assert (end["status"], end["bytes"], end["body"]) == (404, 13, "no such thing")


def test_secrets_a_fault_quotes_or_holds_as_numbers_and_lists_are_redacted(serve_stack,
                                                                           tmp_path):
    body = {"badRequest": {"message": "Invalid body: " + json.dumps({"adminPass": "hunter2"}),
                           "password": 424242, "tokens": ["tok-1", "tok-2"]}}
    stack = serve_app(serve_stack, tmp_path, status="400 Bad Request",
                      content_type="application/json", text=json.dumps(body))
    response, end = request_end(stack)
    assert response.json() == body
    assert json.loads(end["body"]) == {"badRequest": {
        "message": 'Invalid body: {"adminPass": "***"}', "password": "***", "tokens": "***"}}
    leaked = [secret for secret in ("hunter2", "424242", "tok-1") if secret in json.dumps(end)]
    assert leaked == []


@pytest.mark.parametrize(("status", "text", "charset"), [
    ("404 Not Found", "No café here.", "iso-8859-1"),
    ("409 Conflict", "Déjà pris ☕", "utf-16"),
])
def test_a_body_is_read_in_the_charset_its_content_type_declares(serve_stack, tmp_path,
                                                                 status, text, charset):
    content_type = f"text/plain; charset={charset}"
    stack = serve_app(serve_stack, tmp_path, status=status, text=text,
                      content_type=content_type, charset=charset)
    response, end = request_end(stack)
    assert response.content == text.encode(charset)
    assert (end["body"], end["content_type"]) == (text, content_type)


def test_a_bogus_charset_is_read_as_utf_8(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, status="400 Bad Request", text="No café here.",
                      content_type="text/plain; charset=no-such-charset")
    response, end = request_end(stack)
    assert response.status_code == 400
    assert end["body"] == "No café here."


def test_charsets_python_cannot_read_in_fall_back_to_utf_8():
    for declared in ("base64", "idna", "undefined", "rot13", '"utf-8\x00"', ""):
        headers = [("Content-Type", f"text/plain; charset={declared}")]
        assert response_preview(headers, ["café".encode()])[:2] == ("café", headers[0][1]), (
            declared)


def test_a_gzipped_body_is_shown_inflated_with_its_secrets_redacted(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, status="400 Bad Request", encoding="gzip",
                      content_type="application/json", text=json.dumps(SECRET_BODY))
    response, end = request_end(stack)
    assert response.headers["Content-Encoding"] == "gzip" and response.json() == SECRET_BODY
    assert json.loads(end["body"]) == {
        "badRequest": {"message": "adminPass is too short", "adminPass": "***"}}
    assert "hunter2" not in json.dumps(end)
    assert end["content_encoding"] == "gzip"


def test_the_start_of_a_gzipped_body_bigger_than_the_preview_is_inflated(serve_stack,
                                                                         tmp_path):
    # hex digests hardly compress: 16,000 characters gzip to about 9 KiB, cut at 4 KiB
    text = "".join(hashlib.sha256(b"%d" % n).hexdigest() for n in range(250))
    sent = len(gzip.compress(text.encode()))
    assert sent > 2 * BODY_PREVIEW
    stack = serve_app(serve_stack, tmp_path, status="500 Internal Server Error",
                      encoding="gzip", chunk="1000", text=text)
    response, end = request_end(stack)
    assert response.text == text
    assert end["bytes"] == sent
    assert end["body"] == text[:BODY_PREVIEW]


def test_a_body_in_an_encoding_the_stack_cannot_read_shows_no_text(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, status="404 Not Found", encoding="br",
                      text="readable, but labelled br")
    response, end = request_end(stack)
    assert response.headers["Content-Encoding"] == "br"
    assert (end["body"], end["content_type"], end["bytes"]) == ("", "text/plain", 25)
    assert end["content_encoding"] == "br"  # so a page can say why it shows no text


def test_a_success_keeps_no_content_encoding(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, encoding="gzip", text="all well")
    response, end = request_end(stack)
    assert (response.status_code, response.text) == (200, "all well")
    assert "content_encoding" not in end


def test_an_image_shows_no_text(serve_stack, tmp_path):
    stack = serve_app(serve_stack, tmp_path, status="415 Unsupported Media Type",
                      content_type="image/png", body_base64=PNG)
    response, end = request_end(stack)
    assert response.content == base64.b64decode(PNG)
    assert (end["body"], end["content_type"], end["bytes"]) == ("", "image/png", 70)


def test_deflate_is_read_zlib_wrapped_or_raw():
    text = b'{"error": "gone", "password": "hunter2"}'
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    for body in (zlib.compress(text), raw.compress(text) + raw.flush()):
        headers = [("Content-Type", "application/json"), ("Content-Encoding", "Deflate")]
        assert response_preview(headers, [body])[0] == '{"error": "gone", "password": "***"}'


def test_a_gzip_bomb_inflates_no_further_than_the_preview():
    bomb = gzip.compress(b"A" * 5_000_000)  # its first 4 KiB inflate to about 4 MB
    headers = [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")]
    body, *_ = response_preview(headers, [bomb[:BODY_PREVIEW]])
    assert body == "A" * BODY_PREVIEW


def test_bytes_that_are_not_text_or_not_what_their_encoding_says_show_no_text():
    cases = [
        ([("Content-Type", "text/plain")], b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ([("Content-Type", "application/octet-stream")], b"plain words"),
        ([("Content-Encoding", "gzip")], b"not gzip at all"),
        ([("Content-Encoding", "gzip, br")], gzip.compress(b"twice encoded")),
    ]
    for headers, body in cases:
        assert response_preview(headers, [body])[0] == "", (headers, body)
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert response_preview([("Content-Type", "image/svg+xml")], [svg])[0] == svg.decode()
