"""Routers for the tests that serve them: one whose own `__call__` raises, or answers 400, before
Routes is asked; and routers whose unnamed routes share a template ("twins"), of one method
too, told apart by their requirements alone (`make_twins_by_requirements`), or by their
names."""

from __future__ import annotations

import routes

from stack.wsgi import Router


class RaisingRouter(Router):
    """A Router subclass whose own `__call__` raises before Routes is asked (as Routes does
    reading a form body for `_method` that cannot be read)."""

    def __call__(self, environ, start_response):
        raise RuntimeError("the router broke before matching")


class RefusingRouter(Router):
    """One whose own `__call__` answers 400 before Routes is asked."""

    def __call__(self, environ, start_response):
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"refused"]


def make_router(global_conf, refuse=""):
    """A router of one route, `/items`, that raises before matching; with `refuse`, answers 400."""
    mapper = routes.Mapper()
    mapper.connect("/items", controller="items", action="index")
    return (RefusingRouter if refuse else RaisingRouter)(mapper, {"items": object()})


class Things:
    """Shows a thing, updates it, or does whatever the method asks to it: any id is one."""

    def show(self, req, id: str) -> dict:
        return {"thing": id}

    def update(self, req, id: str, body: dict | None = None) -> dict:
        return {"thing": id, "updated": True}

    def handle(self, req, id: str, body: dict | None = None) -> dict:
        return {"thing": id, "method": req.method}


def make_twins_any_and_get(global_conf, **local_conf):
    """`/things/{id}` for any method before the same for GET, which then matches nothing (Routes
    takes the first that matches); `/gadgets/{id}` for GET before the same for any method,
    which takes the rest."""
    mapper = routes.Mapper()
    mapper.connect(None, "/things/{id}", controller="things", action="handle")
    mapper.connect(None, "/things/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/gadgets/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/gadgets/{id}", controller="things", action="handle")
    return Router(mapper, {"things": Things()})


def make_twins_get_and_put(global_conf, **local_conf):
    """`GET` and `PUT /things/{id}`, unnamed, as two `mapper.connect` for two methods."""
    mapper = routes.Mapper()
    mapper.connect(None, "/things/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/things/{id}", controller="things", action="update",
                   conditions={"method": ["PUT"]})
    return Router(mapper, {"things": Things()})


class Servers:
    """Shows a server by its number, or finds one by its name."""

    def show(self, req, id: str) -> dict:
        return {"server": id}

    def by_name(self, req, id: str) -> dict:
        return {"name": id}


def make_twins_by_requirements(global_conf, **local_conf):
    """GET `/servers/{id}` twice, told apart by what `{id}` must be: digits `show` a server,
    letters look one up `by_name`; and GET `/things/{id}` twice to one action, digits then
    letters, told apart by their requirements alone."""
    mapper = routes.Mapper()
    get = {"method": ["GET"]}
    for controller, actions in (("servers", ("show", "by_name")), ("things", ("show", "show"))):
        for action, pattern in zip(actions, (r"\d+", "[a-z]+"), strict=True):
            mapper.connect(None, f"/{controller}/{{id}}", controller=controller, action=action,
                           requirements={"id": pattern}, conditions=get)
    return Router(mapper, {"servers": Servers(), "things": Things()})


def make_named_twins(global_conf, **local_conf):
    """GET `/things/{id}` twice to `things.show`, named `by_number` (digits, written as Python
    reads a pattern: `\\Z`, which JavaScript does not) and `by_word` (letters): twins a name
    tells apart, as Routes does by their requirements."""
    mapper = routes.Mapper()
    for name, pattern in (("by_number", r"\d+\Z"), ("by_word", "[a-z]+")):
        mapper.connect(name, "/things/{id}", controller="things", action="show",
                       requirements={"id": pattern}, conditions={"method": ["GET"]})
    return Router(mapper, {"things": Things()})
