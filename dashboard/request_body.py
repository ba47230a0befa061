"""A posted body read within its limit (`read_body`), or as JSON (`read_json`): for a stack's
batches and announcements (`dashboard.ingest`) and the JSON the pages post (`dashboard.sender`,
`dashboard.presenter`), so each refuses a body too large or compressed as the others do.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask import request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.exceptions import UnsupportedMediaType
from werkzeug.wsgi import get_input_stream

from stack import body_preview


def read_body(limit: int) -> bytes:
    """The request body, refused with 413 beyond `limit` bytes (chunked bodies included), and
    with 415 when compressed (a Content-Encoding): read as it is, it would be refused as bytes
    that are not UTF-8, which says nothing of why.

    Read here, to one byte past the limit: werkzeug's own read of a body with no length (a
    chunked one) stops at `max_content_length` and hands over what it read as the whole body,
    and the batch cut there would be taken, the rest of it lost.
    """
    encoding = request.headers.get("Content-Encoding", "")
    if body_preview.coding(encoding) not in body_preview.IDENTITY:
        raise UnsupportedMediaType(f"Content-Encoding {encoding[:40]} is not supported; send "
                                   "the body uncompressed")
    request.max_content_length = limit  # what a refusal says the limit is
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge()
    stream = get_input_stream(request.environ, max_content_length=limit + 1)
    chunks, size = [], 0
    while size <= limit and (chunk := stream.read(limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RequestEntityTooLarge()
    return b"".join(chunks)


def read_json(limit: int) -> Any:
    """The request's JSON body, of `limit` bytes at most (`read_body`), or None when it is not
    typed as JSON, or not JSON (not UTF-8, nested past what the parser reads).

    NOTE: typed as such only: a page of another site can post a form or text/plain to the
    dashboard without asking it first (CORS), but not application/json.
    """
    body = read_body(limit)
    if not request.is_json:
        return None
    try:
        return current_app.json.loads(body)
    except ValueError:
        return None
