"""The start of an error's response body as request.end shows it: read as its Content-Encoding
and charset say, as no text when it is none (`response_preview`).

A stack reads it as a 4xx or 5xx ends (`stack.wire.prepared`); the dashboard asks the same
questions to say why a body shows no text.
"""

from __future__ import annotations

import zlib

from stack import redact_json

#: Most bytes of an error's response body that request.end shows.
BODY_PREVIEW = 4096
#: Media types whose bodies are never text, and whole families of them (`image/`): such a
#: body is shown as no text, as mojibake tells a reader nothing. A type built on text
#: (`image/svg+xml`) is text all the same (`TEXT_SUFFIXES`).
BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/octet-stream",
                "application/zip", "application/gzip", "application/x-gzip",
                "application/pdf", "application/wasm", "application/x-protobuf")
TEXT_SUFFIXES = ("+xml", "+json")
#: Content-Encodings that leave a body as it is.
IDENTITY = ("", "identity")
#: The Content-Encodings a preview can undo, as the zlib window bits to try in turn: gzip's
#: header; deflate zlib-wrapped as HTTP says, else raw, as some servers send it.
INFLATE_WBITS = {"gzip": (31,), "x-gzip": (31,), "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS)}


def response_preview(headers: list | None, chunks: list) -> tuple[str, str, str]:
    """`(body, content_type, content_encoding)` of an error's response as request.end shows
    them, from what `stack.trace.TracedApp.finish` kept of it.

    Runs as the request ends, so nothing here may raise: a body the stack cannot read as
    text (binary, compressed in a way it cannot undo) is shown as no text at all.
    """
    content_type, encoding = header(headers, "content-type"), header(headers, "content-encoding")
    text = preview_text(body_head(chunks), content_type, encoding)
    return redact_json.body_text(text), content_type, encoding


def header(headers: list | None, name: str) -> str:
    """The first value of the response header `name` (lower case); "" when there is none."""
    return next((str(value) for key, value in headers or () if str(key).lower() == name), "")


def body_head(chunks: list) -> bytes:
    """The first `BODY_PREVIEW` bytes of a body's chunks, read only as far as that: an
    error's body may be large."""
    head = bytearray()
    for chunk in chunks:
        if len(head) >= BODY_PREVIEW:
            break
        if isinstance(chunk, bytes):
            head += chunk[:BODY_PREVIEW - len(head)]
    return bytes(head)


def preview_text(head: bytes, content_type: str, encoding: str) -> str:
    """The text of a body's first bytes, as its Content-Encoding and charset say to read
    them; "" for a body that is not text (by its type, or holding NUL characters once read)
    or that is encoded in a way Pastescope cannot undo."""
    if is_binary_type(content_type):
        return ""
    data = inflated(head, encoding)
    if data is None:
        return ""
    text = decoded(data, charset(content_type))
    return "" if "\x00" in text else text


def is_binary_type(content_type: str) -> bool:
    """Whether a Content-Type names bodies that are never text (`BINARY_TYPES`).

    The dashboard asks too, to say why an error's body shows no text.
    """
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type.startswith(BINARY_TYPES) and not media_type.endswith(TEXT_SUFFIXES)


def coding(encoding: str) -> str:
    """A Content-Encoding as compared: its case and the spaces around it do not count."""
    return encoding.strip().lower()


def inflated(head: bytes, encoding: str) -> bytes | None:
    """The start of a body as it was before its Content-Encoding; None when that cannot be
    undone (br, zstd, a list of codings, bytes that are not what the header says).

    Only the compressed body's first bytes were kept, so they are inflated as a stream cut
    short (a decompressobj minds no missing end), and to at most `BODY_PREVIEW` bytes: a few
    KiB of gzip can inflate to gigabytes.
    """
    encoding = coding(encoding)
    if encoding in IDENTITY:
        return head
    for wbits in INFLATE_WBITS.get(encoding, ()):
        try:
            return zlib.decompressobj(wbits).decompress(head, BODY_PREVIEW)
        except zlib.error:
            continue
    return None


def can_undo(encoding: str) -> bool:
    """Whether a preview can undo a Content-Encoding (`inflated`, given bytes that are what
    it says). The dashboard asks, to say why an error's body shows no text."""
    encoding = coding(encoding)
    return encoding in IDENTITY or encoding in INFLATE_WBITS


def charset(content_type: str) -> str:
    """The charset a Content-Type declares (`text/plain; charset=iso-8859-1`); UTF-8 when it
    declares none."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return "utf-8"


def decoded(data: bytes, charset: str) -> str:
    """`data` read in `charset`, bytes it cannot read replaced; read as UTF-8 when Python
    knows no such charset or cannot replace in it (`idna`): a bogus charset must not fail
    the trace."""
    try:
        return data.decode(charset, "replace")
    except (LookupError, ValueError):
        return data.decode("utf-8", "replace")
