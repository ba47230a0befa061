"""The nova-style example of zhengtianbao's article on paste.deploy, WebOb and Routes in nova
(its section "三. nova api中的WSGI application"), on Python 3 and today's Routes and WebOb.

`/home` goes through the article's FaultWarp and RequestLogging filters to HomeApp; the rest goes
to its APIRouter: `/version/`, `GET /servers`, `POST /servers/{id}/action`. The article serves
the router on a server of its own; here the ini mounts it at urlmap's `/`. The article passes
controller objects to `mapper.connect()` and `mapper.resource()`, which Routes keeps only
because they define `__call__` (any other object it turns into a string). Here routes name
their controller and `stack.wsgi.Router` looks the name up (see its docstring), so the
controllers below need no `__call__`.
"""

from __future__ import annotations

import logging

import routes

from stack.wsgi import Request
from stack.wsgi import Router
from stack.wsgi_path import readable_path

LOG = logging.getLogger(__name__)


class HomeApp:
    """The article's home page app."""

    def __call__(self, environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"welcome to home page, hello world!"]

    @classmethod
    def factory(cls, global_conf, **kwargs):
        return cls()


class FaultWarp:
    """The article's fault wrapper: a filter that only passes the request on."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        LOG.info("filter:FaultWarp is called")
        return self.app(environ, start_response)

    @classmethod
    def factory(cls, global_conf, **kwargs):
        return cls


class RequestLogging(FaultWarp):
    """The article's request logger: logs, then passes the request on."""

    def __call__(self, environ, start_response):
        LOG.info("filter:RequestLogging is called: %s %s", environ["REQUEST_METHOD"],
                 path_as_split(environ))
        return self.app(environ, start_response)


def path_as_split(environ) -> str:
    """`/home (urlmap moved "/home" to SCRIPT_NAME; PATH_INFO "")`: the path the client asked
    for, and how it reached this filter.

    The article logs PATH_INFO alone, which under urlmap is empty for `/home`: a learner reads
    `GET ` as a bug, when it is the lesson itself: urlmap moved the prefix it matched into
    SCRIPT_NAME, and the layers below see only the rest.
    """
    script = readable_path(environ.get("SCRIPT_NAME", ""))
    path = readable_path(environ.get("PATH_INFO", ""))
    moved = f'urlmap moved "{script}" to SCRIPT_NAME' if script else 'SCRIPT_NAME ""'
    return f'{script}{path} ({moved}; PATH_INFO "{path}")'


class VersionsApp:
    """`GET /version/`."""

    def show(self, req: Request) -> str:
        return "in version show fun"


class ServersApp:
    """The article's servers: `index` and the `action` member."""

    def index(self, req: Request) -> str:
        return "welcome to servers app"

    def action(self, req: Request, id: str, body: dict | None = None) -> str:
        return f"server action function (server {id})"


class APIRouter(Router):
    """The article's router, with controllers named rather than passed as objects."""

    def __init__(self) -> None:
        mapper = routes.Mapper()
        mapper.connect("version", "/version/", controller="versions", action="show")
        mapper.resource("server", "servers", controller="servers",
                        collection={"detail": "GET"}, member={"action": "POST"})
        super().__init__(mapper, {"versions": VersionsApp(), "servers": ServersApp()})

    @classmethod
    def factory(cls, global_conf, **kwargs):
        return cls()
