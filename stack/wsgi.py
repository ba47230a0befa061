"""Nova-style WSGI building blocks, on WebOb and Routes, with tracing built in.

The shape is nova's `nova/api/wsgi.py`: `Request`, `Application` (with a paste `factory`),
`Middleware` (`process_request` / `process_response`), `Router` (over Routes' RoutesMiddleware),
plus nova's `Resource`/controller convention and its `pipeline_factory` composite. The router
and the resource add the events no generic probe can see: route.match / route.miss and
controller.action / controller.return.

NOTE: the seed articles pass controller objects to `Mapper.resource()` / `connect()`. Routes
keeps such a default as the object only if it can be called (the articles' controllers define
`__call__`); any other it turns into its string (`'<ServersController object at 0x…>'`), which
a dispatch cannot call. A `Router` here takes the controllers in a dict and routes name them
(`controller="servers"`), so a plain controller works and a route table is printable.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

import routes
import routes.middleware
import webob
import webob.dec
import webob.exc

from stack import method_override
from stack import redact_json
from stack import routing
from stack import wsgi_path
from stack.composite_factories import DEFAULT_STRATEGY
from stack.events import RouteMatch
from stack.events import RouteMiss
from stack.method_override import PARSED_FORM
from stack.method_override import said
from stack.recorded_errors import error_of
from stack.request_trace import clock as _clock
from stack.trace_records import ACTION
from stack.trace_records import TRACE_KEY


class Request(webob.Request):
    """A WebOb request that knows its trace (None when tracing is off)."""

    @property
    def trace(self):
        return self.environ.get(TRACE_KEY)


class Application:
    """Base WSGI app: `factory` is the `paste.app_factory` entry point."""

    @classmethod
    def factory(cls, global_config: dict, **local_config: str) -> Application:
        """The app, given the section's settings as keyword arguments, as nova's
        `Application.factory` gives them: a setting the class has no parameter for is
        refused, as nova's is, but by its name (`unknown_settings`), where Python's own
        `Versions() takes no arguments` named neither the setting nor the section."""
        unknown = unknown_settings(cls, local_config)
        if unknown:
            raise TypeError(unknown)
        return cls(**local_config)

    def __call__(self, environ: dict, start_response: Callable):
        raise NotImplementedError


def unknown_settings(cls: type, settings: dict[str, str]) -> str:
    """Why `cls(**settings)` would be refused, naming the first setting it takes no
    parameter for and the ones it does take; "" when it takes them all (a `**settings`
    parameter takes any)."""
    parameters = inspect.signature(cls).parameters.values()
    if any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters):
        return ""
    taken = [parameter.name for parameter in parameters
             if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)]
    unknown = next((name for name in settings if name not in taken), None)
    if unknown is None:
        return ""
    takes = ", ".join(f"`{name}`" for name in taken) or "none"
    return (f"setting {unknown!r} is not one {cls.__name__} takes (it takes {takes}): the "
            f"factory passes each setting of its section to the class, as nova's does")


class Middleware(Application):
    """Base filter: `process_request` returning None continues, a response stops the chain.

    `process_response(response, request)` sees every response from below (oslo.middleware's
    signature, which hands over the request too).

    `factory` is the `paste.filter_factory` entry point: it returns a function that wraps the
    next app, as PasteDeploy expects.
    """

    @classmethod
    def factory(cls, global_config: dict, **local_config: str) -> Callable:
        def wrap(app: Callable) -> Middleware:
            return cls(app, **local_config)

        return wrap

    def __init__(self, application: Callable, **local_config: str) -> None:
        self.application = application

    def process_request(self, req: Request) -> webob.Response | None:
        return None

    def process_response(self, response: webob.Response, request: Request) -> webob.Response:
        return response

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req: Request):
        response = self.process_request(req)
        if response is not None:
            return response
        return self.process_response(req.get_response(self.application), req)


class Router:
    """Routes requests to controllers by a Routes mapper, recording route events.

    `controllers` maps the names routes use (`controller="servers"`) to controller objects;
    each is wrapped in a `Resource`. A route naming one it does not hold fails the load.
    """

    def __init__(self, mapper: routes.Mapper, controllers: dict[str, Any]) -> None:
        unknown = routing.unknown_controllers(mapper, controllers)
        if unknown:
            raise LookupError(f"Router: {'; '.join(unknown)}, a controller it was not given "
                              f"(given: {', '.join(sorted(controllers)) or 'none'})")
        self.map = mapper
        self.resources = {name: Resource(name, c) for name, c in controllers.items()}
        self._router = routes.middleware.RoutesMiddleware(self._dispatch, self.map)

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req: Request):
        if req.environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
            # NOTE: eventlet ends `wsgi.input` where a chunked body ends, but does not say so
            # (`wsgi.input_terminated`), and WebOb reads a body of no Content-Length only when
            # told: said here, before Routes reads a form for its `_method`, which would
            # otherwise leave the body empty for the `Resource`.
            req.is_body_readable = True
        return self._router

    @webob.dec.wsgify(RequestClass=Request)
    def _dispatch(self, req: Request):
        environ = req.environ
        match = environ["wsgiorg.routing_args"][1]
        trace = environ.get(TRACE_KEY)
        if not match:
            return self._miss(environ, trace)
        if trace is not None:
            # NOTE: Routes hands over a match with the route it is of, `routes.route`.
            route = environ["routes.route"]
            # NOTE: the method Routes matched with is the request's own unless Routes took its
            # `_method` (`stack.method_override`), which asks for a query string naming it or
            # a form read: any other request is asked no more.
            if "_method" in environ.get("QUERY_STRING", "") or PARSED_FORM in environ:
                method, override = method_override.matched_method(environ)
                trace.emit(RouteMatch, route.name, route.routepath, method, match,
                           *said(override))
            else:
                trace.emit(RouteMatch, route.name, route.routepath, environ["REQUEST_METHOD"],
                           match)
        return self.resources[match["controller"]]

    def _miss(self, environ: dict, trace) -> webob.Response:
        """The router's 404 or 405 for a request no route matched, said for the method Routes
        matched with (a `_method`'s, `stack.method_override`), recorded as route.miss."""
        # NOTE: the path as Routes matched it, as the server handed it over (PEP 3333: its
        # bytes read as Latin-1); WebOb's `req.path_info` decodes it as UTF-8, and raises
        # for a path that is not (`/servers/%FF`).
        path = environ["PATH_INFO"]
        method, override = method_override.matched_method(environ)
        status, candidates, more = routing.explain_miss(self.map, method, path)
        if trace is not None:
            trace.emit(RouteMiss, method, path, status, candidates, more, *said(override))
        # NOTE: the client's body says the likely cause too (`curl` is where a 404 is met).
        notes = [method_override.override_words(method, override) if override else "",
                 routing.miss_note(method, path, candidates)]
        note = " ".join(note for note in notes if note)
        if status == 405:
            return webob.exc.HTTPMethodNotAllowed(
                note or None,
                headers=[("Allow", ", ".join(routing.allowed_methods(candidates)))]
            )
        words = f"No route matches {method} {wsgi_path.readable_path(path)}"
        return webob.exc.HTTPNotFound(f"{words}. {note}" if note else words)


class MissingAction(webob.exc.HTTPNotFound):
    """404: a route matched, but its controller has no such action.

    A type of its own, so the error event says so (`type: MissingAction`) without anyone
    having to read the message.
    """


def response(code: int) -> Callable:
    """Decorator: the status an action answers with when it succeeds (nova's `wsgi.response`)."""

    def decorate(action: Callable) -> Callable:
        action.wsgi_code = code
        return action

    return decorate


class Resource(Application):
    """Calls a controller action with the route's arguments and JSON body; answers JSON.

    An action returns a dict (sent as JSON with the action's `response` code, default 200), a
    string (sent as text, as the seed articles' actions do) or None (no body; 204 unless the
    action's `response` code says otherwise), or raises a
    `webob.exc.HTTPException`, which is the response. Any other exception propagates, for a
    fault wrapper filter to turn into a 500.
    """

    def __init__(self, name: str, controller: Any) -> None:
        self.name = name
        self.controller = controller

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req: Request):
        args = dict(req.environ["wsgiorg.routing_args"][1])
        action_name = args.pop("action")
        args.pop("controller", None)
        args.pop("format", None)
        # NOTE: req.body, not body_file.read(): WebOb keeps it seekable, so the layers above
        # (oslo's catch_errors logs the request) can still read it. An empty one is none.
        if req.is_body_readable and req.content_type == "application/json" and (body := req.body):
            try:
                args["body"] = json.loads(body)
            except ValueError as exc:
                return webob.exc.HTTPBadRequest(f"Malformed JSON body: {exc}")
        action = routing.find_action(self.controller, action_name)
        trace = req.trace
        if trace is None:
            return self._call(req, action, action_name, args)
        entered = _clock()
        try:
            result = self._call(req, action, action_name, args)
        except webob.exc.HTTPException as exc:
            self._record(trace, entered, action_name, args, exc.code, error_of(exc))
            return exc
        except BaseException as exc:
            self._record(trace, entered, action_name, args, None, error_of(exc))
            raise
        self._record(trace, entered, action_name, args, result.status, None)
        return result

    def _record(self, trace, entered: float, action_name: str, args: dict, status, error):
        """Record the action call's interval (the controller.action/return span), its
        arguments redacted here rather than with the rest of the trace (`stack.wire.prepared`),
        which then need not look for it among the records."""
        trace.records.append((entered, _clock(), None, ACTION,
                              self.name, action_name, redact_json.fields(args), status, error))

    def _call(self, req: Request, action, action_name: str, args: dict) -> webob.Response:
        if action is None:
            raise MissingAction(f"The {self.name} controller has no action {action_name!r}")
        result = action(req, **args)
        if result is None:
            return webob.Response(status=getattr(action, "wsgi_code", 204))
        if isinstance(result, str):
            return webob.Response(text=result, content_type="text/plain", charset="utf-8")
        return webob.Response(
            json_body=result, status=getattr(action, "wsgi_code", 200), charset="utf-8"
        )


def pipeline_factory(loader, global_conf: dict, **local_conf: str):
    """Nova's `pipeline_factory` composite: build the pipeline named by `auth_strategy`.

    The keys (`noauth`, `keystone`…) are alternative pipelines; the section's `auth_strategy`
    setting (default `keystone`) picks one at load time. Only the section's: nova reads one
    option too (`[api] auth_strategy` of nova.conf), and `stack.resolve` says which pipeline a
    request takes from the same setting.
    """
    strategy = local_conf.pop("auth_strategy", DEFAULT_STRATEGY)
    if strategy not in local_conf:
        raise LookupError(
            f"auth_strategy {strategy!r} names no pipeline here (keys: {', '.join(local_conf)})"
        )
    names = local_conf[strategy].split()
    filters = [loader.get_filter(name) for name in names[:-1]]
    app = loader.get_app(names[-1])
    for wrap in reversed(filters):
        app = wrap(app)
    return app
