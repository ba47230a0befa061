"""The compute demo's apps: a versions document and a nova-style API router.

`APIRouter` serves `servers` (list, show, create, update, delete and the `action` member, as
nova does) and `flavors` (list, show) from an in-memory store. Some answers exist to be seen on
the diagram: an unknown id is the controller's 404, `DELETE /flavors` the router's 405, a server
`migrate` action raises so the fault wrapper's 500 can be seen.
"""

from __future__ import annotations

import itertools
import threading

import routes
import webob
import webob.exc

from stack.wsgi import Application
from stack.wsgi import Request
from stack.wsgi import Router
from stack.wsgi import response

FLAVORS = {
    "1": {"id": "1", "name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1},
    "2": {"id": "2", "name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20},
    "3": {"id": "3", "name": "m1.medium", "vcpus": 2, "ram": 4096, "disk": 40},
}


class Versions(Application):
    """`GET /`: the API versions document; anything else under `/` is 404."""

    def __call__(self, environ, start_response):
        req = Request(environ)
        # NOTE: PATH_INFO itself, not `req.path_info`, which decodes it as UTF-8 and raises
        # for a path that is not (`/%FF`): that is a 404 like any other path here.
        if environ.get("PATH_INFO", "") not in ("", "/"):
            return webob.exc.HTTPNotFound()(environ, start_response)
        body = {"versions": [{"id": "v2.1", "status": "CURRENT", "min_version": "2.1",
                              "links": [{"rel": "self", "href": req.host_url + "/v2.1/"}]}]}
        return webob.Response(json_body=body)(environ, start_response)


class ServersController:
    """Servers in memory; ids are strings, as in nova's URLs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(4)
        # NOTE: server 3 is the send form's to delete: in a classroom, one student's delete of
        # server 1 made every preset and lesson step about servers 1 and 2 a 404 for all.
        self.servers = {
            "1": {"id": "1", "name": "web-1", "status": "ACTIVE", "flavorRef": "1"},
            "2": {"id": "2", "name": "db-1", "status": "ACTIVE", "flavorRef": "2"},
            "3": {"id": "3", "name": "scratch-1", "status": "ACTIVE", "flavorRef": "1"},
        }

    def _get(self, id: str) -> dict:
        try:
            return self.servers[id]
        except KeyError:
            raise webob.exc.HTTPNotFound(f"Server {id} could not be found.") from None

    def index(self, req: Request) -> dict:
        return {"servers": [{"id": s["id"], "name": s["name"]} for s in self.servers.values()]}

    def show(self, req: Request, id: str) -> dict:
        return {"server": self._get(id)}

    @response(202)
    def create(self, req: Request, body: dict | None = None) -> dict:
        server = (body or {}).get("server")
        if not isinstance(server, dict) or not server.get("name"):
            raise webob.exc.HTTPBadRequest("A server needs a body {\"server\": {\"name\": …}}.")
        with self._lock:
            id = str(next(self._ids))
            self.servers[id] = {"id": id, "name": str(server["name"]), "status": "BUILD",
                                "flavorRef": str(server.get("flavorRef", "1"))}
        return {"server": self.servers[id]}

    def update(self, req: Request, id: str, body: dict | None = None) -> dict:
        server = self._get(id)
        changes = (body or {}).get("server") or {}
        if "name" in changes:
            server["name"] = str(changes["name"])
        return {"server": server}

    @response(204)
    def delete(self, req: Request, id: str) -> None:
        self._get(id)
        self.servers.pop(id, None)

    @response(202)
    def action(self, req: Request, id: str, body: dict | None = None) -> None:
        server = self._get(id)
        if not isinstance(body, dict) or not body:
            raise webob.exc.HTTPBadRequest(f"{no_action_read(req, body)} Send a JSON object "
                                           "naming the action (reboot or migrate), with the "
                                           "header Content-Type: application/json.")
        name = next(iter(body))
        if name == "reboot":
            server["status"] = "REBOOT"
            return None
        if name == "migrate":
            # Deliberately unexpected: the fault wrapper turns it into a 500.
            raise RuntimeError(f"No valid host was found for server {id}")
        raise webob.exc.HTTPBadRequest(f"Unknown action {name!r}; try reboot or migrate.")


def no_action_read(req: Request, body: object) -> str:
    """Why an action's `body` names no action: none was sent, it was not read as JSON, it is
    JSON but not an object, or an object naming nothing.

    `curl -d` sends its body as a form (`application/x-www-form-urlencoded`), which the router
    does not read as JSON: the 400 must say so, not that the action `None` is unknown. (A body
    sent with no Content-Type, eventlet hands over as `text/plain`.) A body is there as WebOb
    reads it (`is_body_readable`, which the `Router` sets for one sent chunked).
    """
    if isinstance(body, dict):
        return "The JSON object names no action."
    if not req.is_body_readable:
        return "The request has no body."
    if req.content_type != "application/json":
        return (f"The body was not read as JSON: its Content-Type is "
                f"{req.content_type or 'not given'}, not application/json.")
    return "The body is JSON, but not an object."


class FlavorsController:
    """Read-only flavors: list and show."""

    def index(self, req: Request) -> dict:
        return {"flavors": [{"id": f["id"], "name": f["name"]} for f in FLAVORS.values()]}

    def show(self, req: Request, id: str) -> dict:
        if id not in FLAVORS:
            raise webob.exc.HTTPNotFound(f"Flavor {id} could not be found.")
        return {"flavor": FLAVORS[id]}


class APIRouter(Router):
    """Routes for `servers` and `flavors`, declared as nova declares them."""

    def __init__(self) -> None:
        mapper = routes.Mapper()
        mapper.resource("server", "servers", controller="servers", member={"action": "POST"})
        mapper.resource("flavor", "flavors", controller="flavors")
        super().__init__(
            mapper, {"servers": ServersController(), "flavors": FlavorsController()}
        )

    @classmethod
    def factory(cls, global_config: dict, **local_config: str) -> APIRouter:
        return cls()
