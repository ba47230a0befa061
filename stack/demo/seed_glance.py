"""The glance-style example of "Python paste module and routes module", as reposted in "The
various APIs of OpenStack learning", on Python 3 and today's Routes and WebOb.

`/` answers the version, `/log` answers it through a logging filter, `/v1` goes to a router
whose one route, `GET /test`, calls `ControllerTest.test`. As in the article, the router's
controller is wrapped in a Resource; unlike it, the route names the controller (see
`stack.wsgi.Router` for why).
"""

from __future__ import annotations

import logging

import routes
import webob

from stack.wsgi import Request
from stack.wsgi import Router

LOG = logging.getLogger(__name__)


class ShowVersion:
    """The article's app: answers its `version` setting."""

    def __init__(self, version: str) -> None:
        self.version = version

    def __call__(self, environ, start_response):
        res = webob.Response(content_type="text/plain", charset="utf-8")
        res.text = f"{self.version}\n"
        return res(environ, start_response)

    @classmethod
    def factory(cls, global_conf, **kwargs):
        return cls(kwargs["version"])


class LogFilter:
    """The article's filter: logs, then passes the request on."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        LOG.info("You can write log.")
        return self.app(environ, start_response)

    @classmethod
    def factory(cls, global_conf, **kwargs):
        return cls


class ControllerTest:
    """The article's controller."""

    def test(self, req: Request) -> dict:
        return {"name": "test", "properties": "test"}


class MyRouterApp(Router):
    """The article's `/v1` router: `GET /test` → ControllerTest.test."""

    def __init__(self) -> None:
        mapper = routes.Mapper()
        mapper.connect("/test", controller="test", action="test", conditions={"method": ["GET"]})
        super().__init__(mapper, {"test": ControllerTest()})

    @classmethod
    def factory(cls, global_conf, **kwargs):
        return cls()
