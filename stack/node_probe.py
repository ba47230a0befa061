"""The probe that wraps one WSGI layer PasteDeploy built and records its interval (`NodeProbe`).

It knows that layer's graph node id, and records into the request's Trace
(`stack.request_trace`), which it finds in the environ: one flat tuple a layer, when it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import Any
from typing import NamedTuple

from stack.body_layers import place_read_error
from stack.events import CODES
from stack.events import CompositeDispatch
from stack.lazy_body import LazyBody
from stack.recorded_errors import error_of
from stack.request_trace import Trace
from stack.request_trace import clock as _clock
from stack.trace_records import LAYER
from stack.trace_records import TRACE_KEY
from stack.urlmap_labels import serves_host

DISPATCH = CODES[CompositeDispatch]


def crossing(trace: Trace, exc: BaseException, node: str, entered: float,
             layers: dict[str, list[Callable]]) -> tuple:
    """`error_of(exc)` for the layer of `node` `exc` is leaving, entered at `entered`: the
    record of the layer below, closed just before, holds it already when it left that layer
    too (its `stack.recorded_errors.raised_in` is the same wherever it is caught), so an
    error crossing many layers is read once, not at each. One no record holds may have come
    from the body a layer below passed up, which this layer read in its call
    (`place_read_error`); `layers`: the apps each node's probes wrap. Kept without the mark
    of an error a body raised after its layer returned (node.leave's `body_raised`): it
    left this layer's call. Only an exception leaving a layer comes here."""
    last = trace.records[-1] if trace.records else ()
    error = last[9] if len(last) > 9 and last[3] == LAYER else None
    if error is None or error[0] != id(exc):
        error = error_of(exc)
        error = place_read_error(trace.records, exc, error, node, layers, entered) or error
    return error[:4]


class Wiring(NamedTuple):
    """What a probe wraps and knows, set at load time (see `NodeProbe`)."""

    app: Callable
    node: str
    outer: tuple[tuple[str, str | None], ...] = ()
    dispatch: tuple[list[str], list[str], str] | None = None
    tried: list[str] | None = None


class NodeProbe:
    """Wraps one composite, pipeline, filter or app layer and records its interval.

    Set at load time: `outer`, the pass-through layers sharing this probe, outermost first,
    each with the label of its static edge inwards (`stack.probe_links.probed`); `dispatch`, when
    the outermost layer is a composite's branch — the labels, prefixes and target of the
    composite's edges to it, so entering also records composite.dispatch; `tried`, when the
    layer is a composite — its labels, which become a composite.miss when it calls no branch.

    The five are one tuple (`Wiring`), read once a request: a probe must answer for the layer
    it wraps (`__getattr__`, below), and on a class with `__getattr__` every attribute read
    takes the slow path. Five reads a layer cost the compute demo's path about 7,500
    instructions a request (callgrind; `tests/bench/bench_trace_parts.py` times it).
    """

    __slots__ = ("wiring", "layers")

    def __init__(self, app: Callable, node: str, layers: dict[str, list[Callable]]) -> None:
        self.wiring = Wiring(app, node)
        #: The apps each node's probes wrap, by node, the loader's (filled as it builds them):
        #: read only when an exception leaves this layer, to tell whose body raised it
        #: (`crossing`).
        self.layers = layers

    app = property(lambda self: self.wiring.app)
    node = property(lambda self: self.wiring.node)
    outer = property(lambda self: self.wiring.outer,
                     lambda self, outer: self.rewire(outer=outer))
    dispatch = property(lambda self: self.wiring.dispatch,
                        lambda self, dispatch: self.rewire(dispatch=dispatch))
    tried = property(lambda self: self.wiring.tried,
                     lambda self, tried: self.rewire(tried=tried))

    def rewire(self, **changes: Any) -> None:
        self.wiring = self.wiring._replace(**changes)

    @property
    def entry(self) -> str:
        """The node a request enters first through this probe."""
        return self.outer[0][0] if self.outer else self.node

    def __getattr__(self, name: str) -> Any:
        # NOTE: composites and tests sometimes reach into the wrapped object (urlmap's
        # .applications, a Router's .map); a probe must not hide them.
        return getattr(self.wiring.app, name)

    @property
    def __class__(self) -> type:
        """The wrapped layer's class: a filter asking `isinstance(app, SomeApp)` of the layer
        it wraps gets the answer it gets untraced (only `type(app)` tells the probe)."""
        return self.wiring.app.__class__

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        app, node, outer, dispatch, tried = self.wiring
        trace = environ.get(TRACE_KEY)
        if trace is None:
            return app(environ, start_response)
        script_name = environ.get("SCRIPT_NAME", "")
        path_info = environ.get("PATH_INFO", "")
        if dispatch is not None:
            record_dispatch(trace, dispatch, script_name, path_info, environ)
        status = None

        def traced_start_response(line, headers, exc_info=None):
            nonlocal status
            # NOTE: once the server took it: a status given with exc_info after the headers
            # went out is raised again (PEP 3333), and the client keeps the one it got.
            write = start_response(line, headers, exc_info)
            status = line
            return write

        keys = len(environ)
        entered = _clock()
        try:
            result = app(environ, traced_start_response)
        except BaseException as exc:
            error = crossing(trace, exc, node, entered, self.layers)
            trace.records.append((entered, _clock(), node, LAYER, script_name, path_info,
                                  None, keys, len(environ), error, tried, outer))
            raise
        left = _clock()
        if status is None and not isinstance(result, list):
            return LazyBody.deferring(result, trace, environ, lambda: status,
                                      (entered, left, node, LAYER, script_name, path_info,
                                       None, keys, len(environ), None, tried, outer),
                                      self.layers)
        if tried is None and not outer:  # the common case: the shortest record
            trace.records.append((entered, left, node, LAYER,
                                  script_name, path_info, status, keys, len(environ)))
        else:
            trace.records.append((entered, left, node, LAYER, script_name, path_info,
                                  status, keys, len(environ), None, tried, outer))
        return result


def record_dispatch(trace: Trace, dispatch: tuple[list[str], list[str], str], script_name: str,
                    path_info: str, environ: dict) -> None:
    """Record which edge of a composite led here.

    `dispatch` is (labels, prefixes, target) of the composite's edges to this layer, in the
    order Paste's URLMap tries them: the keys naming a host first, then the longest prefix
    (`stack.loader`). When there are several (nova maps `/v1.1` and `/v2` to one pipeline;
    `/` and `domain example.com /` may lead to one too) the label is the first whose prefix
    urlmap just moved from PATH_INFO to the end of SCRIPT_NAME and which takes the request's
    host.
    """
    labels, prefixes, target = dispatch
    label = labels[0]
    if len(labels) > 1:  # most branches have one edge in: nothing to pick
        label = next((candidate for candidate, prefix in zip(labels, prefixes, strict=True)
                      if script_name.endswith(prefix) and serves_host(candidate, environ)),
                     label)
    trace.records.append((_clock(), None, None, DISPATCH,
                          label, target, script_name, path_info))
