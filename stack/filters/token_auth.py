"""Check `X-Auth-Token` and answer 401 on its own when it is missing or unknown.

A stand-in for keystonemiddleware's auth_token with a fixed token list, so a demo shows the
classic short circuit: the 401 comes from this filter and the router never sees the request.
"""

from __future__ import annotations

import webob
import webob.exc

from stack.wsgi import Middleware
from stack.wsgi import Request

#: Request header holding the token (keystone's).
HTTP_AUTH_TOKEN = "X-Auth-Token"
#: Set on the request for the layers below, as keystonemiddleware does.
HTTP_IDENTITY_STATUS = "X-Identity-Status"


class TokenAuth(Middleware):
    """Lets a request with one of `valid_tokens` (space-separated) through; 401 otherwise."""

    def __init__(self, application, valid_tokens: str = "", **local_config: str) -> None:
        super().__init__(application)
        self.valid_tokens = frozenset(valid_tokens.split())

    def process_request(self, req: Request) -> webob.Response | None:
        token = req.headers.get(HTTP_AUTH_TOKEN)
        if token not in self.valid_tokens:
            reason = "missing" if token is None else "not valid"
            return webob.exc.HTTPUnauthorized(
                f"The {HTTP_AUTH_TOKEN} header is {reason}.",
                headers=[("WWW-Authenticate", "Keystone uri='http://127.0.0.1/identity'")],
            )
        req.headers[HTTP_IDENTITY_STATUS] = "Confirmed"
        return None
