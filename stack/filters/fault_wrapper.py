"""Turn an unexpected exception anywhere below into a JSON 500 (nova's FaultWrapper).

Without it, eventlet would answer a bare 500 and close the connection; with it the client gets
nova's `computeFault` body and the trace shows which layer raised and that this one caught it.
"""

from __future__ import annotations

import logging

import webob
import webob.dec

from stack.wsgi import Middleware
from stack.wsgi import Request

LOG = logging.getLogger(__name__)


class FaultWrapper(Middleware):
    """Calls the next layer; any exception becomes a 500 `computeFault`."""

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req: Request):
        try:
            return req.get_response(self.application)
        except Exception as exc:
            LOG.warning("Caught error %s: %s", type(exc).__name__, exc)
            return webob.Response(
                status=500,
                json_body={
                    "computeFault": {
                        "code": 500,
                        "message": "Unexpected API Error. "
                        f"{type(exc).__name__}: {exc}",
                    }
                },
            )
