"""Reading a text file a browser or script uploads (multipart field `file`), within a limit.

An ini, a lesson and a file of saved requests arrive the same way and can go wrong the same
ways — too large, no `file` field, not UTF-8 — so one function reads them and says what was
wrong; each endpoint answers in its own shape.
"""

from __future__ import annotations

import io

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.errors import human_size
from dashboard.errors import over_limit
from stack.utf8 import NotUtf8
from stack.utf8 import utf8_text

#: Room for the multipart envelope around the file itself (bytes).
ENVELOPE = 64 * 1024
#: Longest file name kept from an upload.
MAX_NAME = 200


class UploadRefused(ValueError):
    """An upload that cannot be read; `too_large` tells a size refusal (413) from the rest;
    `file` and `line` say where, when the file was read (a byte that is not UTF-8), and
    `reason` what, for an endpoint that cites a place its own way (an ini's `FILE:LINE:`)."""

    def __init__(self, message: str, too_large: bool = False, file: str | None = None,
                 line: int | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.too_large = too_large
        self.file = file
        self.line = line
        self.reason = reason or message


def read_upload_text(limit: int, what: str, default_name: str) -> tuple[str, str]:
    """The file name (folders dropped) and UTF-8 text of field `file`, at most `limit` bytes.

    `what` is said when the field is missing ("the ini"); the whole body is never read past
    the limit, whatever Content-Length claims.
    """
    too_large = UploadRefused(f"the file is larger than {human_size(limit)}, the limit", True)
    request.max_content_length = limit + ENVELOPE
    if request.content_length is not None and request.content_length > request.max_content_length:
        # The body is the file and a few hundred bytes of form around it.
        size, most = over_limit(request.content_length, limit)
        raise UploadRefused(f"the file is about {size} (the upload's size); the limit is {most}",
                            True)
    try:
        uploads = request.files.getlist("file")
    except RequestEntityTooLarge:
        raise too_large from None
    if len(uploads) > 1:  # one would be taken and the others silently not
        raise UploadRefused(f"send one file in field 'file', not {len(uploads)}")
    if not uploads:
        raise UploadRefused(f"{missing_file()}send {what} as multipart/form-data field 'file'")
    upload = uploads[0]
    name = (upload.filename or default_name).replace("\\", "/").rsplit("/", 1)[-1][:MAX_NAME]
    content = upload.read(limit + 1)
    if len(content) > limit:
        size, most = over_limit(upload.stream.seek(0, io.SEEK_END), limit)
        raise UploadRefused(f"{name}: the file is {size}; the limit is {most}", True, file=name)
    try:
        return name, utf8_text(content)
    except NotUtf8 as exc:
        raise UploadRefused(f"{name}: line {exc.line}: {exc}", file=name, line=exc.line,
                            reason=str(exc)) from None


def missing_file() -> str:
    """Why a form holds no file in field `file`, when it is not plain: the field came as text,
    other fields came, or a multipart body came and no part of it could be read (cut short, or
    malformed)."""
    if "file" in request.form:  # curl -F 'file=<PATH' sends the file's text as a text field
        return ("field 'file' came as text, not as a file (with curl, -F 'file=@PATH' sends "
                "the file; 'file=<PATH' sends its text): ")
    fields = [*request.files, *request.form]
    if fields:
        return f"no field 'file' (the form sent {', '.join(map(repr, fields[:5]))}): "
    if request.mimetype == "multipart/form-data" and request.content_length:
        return "no part of the multipart body could be read (cut short, or malformed): "
    return ""
