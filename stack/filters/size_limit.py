"""Refuse request bodies over a size limit with 413 (oslo.middleware's sizelimit).

The check happens before any layer below reads the body, so a huge upload never reaches the
router: on the diagram this filter is where such a request stops.
"""

from __future__ import annotations

import webob
import webob.exc

from stack.known_size_limits import DEFAULT_MAX_BODY
from stack.wsgi import Middleware
from stack.wsgi import Request


class RequestBodySizeLimiter(Middleware):
    """413 when Content-Length exceeds `max_request_body_size`."""

    def __init__(self, application, max_request_body_size: str = str(DEFAULT_MAX_BODY),
                 **local_config: str) -> None:
        super().__init__(application)
        self.max_size = int(max_request_body_size)

    def process_request(self, req: Request) -> webob.Response | None:
        if req.content_length is not None and req.content_length > self.max_size:
            return webob.exc.HTTPRequestEntityTooLarge(
                f"Request is too large: {req.content_length} bytes, limit {self.max_size}."
            )
        return None
