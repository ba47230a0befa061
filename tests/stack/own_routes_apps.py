"""A developer's own routers, on `stack.wsgi.Router`, using Routes beyond the demo's: a
requirement on a variable, method conditions and a condition function, a resource nested in
another, a submapper with a path prefix, formats, and a redirect."""

from __future__ import annotations

import routes

from stack.wsgi import Router


class Items:
    """Shows or updates an item by its number; an admin page of one."""

    def show(self, req, id: str) -> dict:
        return {"item": id}

    def update(self, req, id: str, body: dict | None = None) -> dict:
        return {"item": id, "updated": True}

    def index(self, req, **args) -> dict:
        return {"items": [], "args": args}

    def create(self, req, **args) -> dict:
        return {"created": args}

    def delete(self, req, **args) -> None:
        return None


def is_admin(environ: dict, match: dict) -> bool:
    """A Routes condition function: the route is only for a request saying `X-Role: admin`."""
    return environ.get("HTTP_X_ROLE") == "admin"


def make_items(global_conf, **local_conf):
    """`/items/{id}` of digits only, for GET (`show`) and PUT or PATCH (`update`); `/admin/{id}`
    for a request whose condition function `is_admin` takes."""
    mapper = routes.Mapper()
    mapper.connect("show", "/items/{id}", controller="items", action="show",
                   requirements={"id": r"\d+"}, conditions={"method": ["GET"]})
    mapper.connect("update", "/items/{id}", controller="items", action="update",
                   requirements={"id": r"\d+"}, conditions={"method": ["PUT", "PATCH"]})
    mapper.connect("admin", "/admin/{id}", controller="items", action="show",
                   conditions={"function": is_admin})
    return Router(mapper, {"items": Items()})


def make_shop(global_conf, **local_conf):
    """A resource `servers` with `ips` nested in it; `/v1/things` of a submapper's prefix for
    GET and POST; `/reports/{id}.{format}` of json or xml; `/docs/{id}{.format}`; and a
    redirect of `/old/{id}` to `/reports/{id}.json`."""
    mapper = routes.Mapper()
    mapper.resource("server", "servers", controller="items")
    mapper.resource("ip", "ips", controller="items",
                    parent_resource={"member_name": "server", "collection_name": "servers"})
    with mapper.submapper(path_prefix="/v1", controller="items") as things:
        things.connect("things", "/things", action="index", conditions={"method": ["GET"]})
        things.connect("new_thing", "/things", action="create", conditions={"method": ["POST"]})
    mapper.connect("report", "/reports/{id}.{format}", controller="items", action="show",
                   requirements={"format": "json|xml"})
    mapper.connect("doc", "/docs/{id}{.format}", controller="items", action="show")
    mapper.redirect("/old/{id}", "/reports/{id}.json", _redirect_code="301 Moved Permanently")
    return Router(mapper, {"items": Items()})


def make_misnamed(global_conf, **local_conf):
    """A route naming the controller `itmes`, where the router is given `items`."""
    mapper = routes.Mapper()
    mapper.connect("show", "/items/{id}", controller="itmes", action="show")
    return Router(mapper, {"items": Items()})



def make_unnamed(global_conf, **local_conf):
    """A route naming no controller at all."""
    mapper = routes.Mapper()
    mapper.connect("home", "/home", action="show")
    return Router(mapper, {"items": Items()})
