"""Let every request through as a fixed demo user (nova's noauth, for development).

The alternative the compute demo's `pipeline_factory` picks with `auth_strategy = noauth`: the
same pipeline with this filter where token auth stands.
"""

from __future__ import annotations

from stack.filters.token_auth import HTTP_IDENTITY_STATUS
from stack.wsgi import Middleware
from stack.wsgi import Request


class NoAuth(Middleware):
    """Marks every request as authenticated."""

    def process_request(self, req: Request) -> None:
        req.headers[HTTP_IDENTITY_STATUS] = "Confirmed"
