"""Give every request an id, in the environ for the app and in a header for the client.

Like oslo.middleware's RequestId (nova's `request_id` filter): the id is what an operator greps
the logs for, so every layer below must see the same one.
"""

from __future__ import annotations

import uuid

import webob

from stack.wsgi import Middleware
from stack.wsgi import Request

#: Environ key the request id is stored under (oslo.middleware's name).
ENV_REQUEST_ID = "openstack.request_id"
#: Response header carrying the id back to the client.
HTTP_RESP_HEADER_REQUEST_ID = "X-OpenStack-Request-Id"


class RequestId(Middleware):
    """Sets `openstack.request_id` and answers with `X-OpenStack-Request-Id`."""

    def process_request(self, req: Request) -> None:
        req.environ[ENV_REQUEST_ID] = f"req-{uuid.uuid4()}"

    def process_response(self, response: webob.Response, request: Request) -> webob.Response:
        request_id = request.environ.get(ENV_REQUEST_ID)
        if request_id and HTTP_RESP_HEADER_REQUEST_ID not in response.headers:
            response.headers[HTTP_RESP_HEADER_REQUEST_ID] = request_id
        return response
