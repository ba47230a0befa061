"""Build an ini's app with PasteDeploy itself, wrapping every node it creates in a probe.

PasteDeploy resolves a section into a `LoaderContext` (`ConfigLoader.get_context`) and builds it
with `LoaderContext.create`. While loading, both are wrapped: the first tags each context with
its graph node id, the second wraps what the context builds — an app in a `NodeProbe`, a filter
factory in a function that probes the filter it makes. So any filter, ours or a third party's,
is traced unchanged, and probe ids are the graph's ids. Nothing stays patched after loading, and
when tracing is off no probe is made: the load only notes, as it does traced, which section an
exception left, so that a factory that fails is named with its section
(`stack.load_failure.LoadFailed`), and each Routes router's route table (`python -m stack which
--load` answers with them). Asked to check the WSGI rules (`serve --check-wsgi`), it puts each
layer a new probe wraps in a `stack.wsgi_checks.CheckedLayer` first, and what each filter,
filter-app and composite hands requests to in a `stack.wsgi_checks.PassedDown`; else nothing of
that module is installed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import routes
from paste.deploy import loadapp
from paste.deploy import loadwsgi
from paste.deploy import util

from stack import routing
from stack.graph import IniFile
from stack.graph import PipelineGraph
from stack.graph import load_graph
from stack.graph import node_id
from stack.graph import read_ini
from stack.graph import section_kind
from stack.ini_parse import check_regular
from stack.load_failure import explained
from stack.load_failure_calls import CALLED_AS
from stack.load_failure_calls import call_failed
from stack.load_failure_calls import named_miscall
from stack.load_failure_code import returned_words
from stack.node_probe import NodeProbe
from stack.probe_links import composite_probe
from stack.probe_links import dispatches
from stack.probe_links import edge_target
from stack.probe_links import probed
from stack.request_trace import Trace
from stack.trace import TracedApp
from stack.wsgi import Router
from stack.wsgi_checks import PassedDown
from stack.wsgi_checks import checked
from stack.wsgi_checks import passed_down

#: Attribute a LoaderContext carries its graph node id in.
NODE_ATTR = "pastescope_node"
#: Attribute the filter's LoaderContext of a `[filter-app:…]` carries that section's node id
#: in, with --check-wsgi: the environ its filter passes down is said of the filter-app.
FILTER_APP_ATTR = "pastescope_filter_app"
_patch_lock = threading.Lock()


@dataclass
class LoadedStack:
    """A loaded app with what a viewer needs to draw it: graph and route tables."""

    name: str
    file: str
    app: Callable
    graph: PipelineGraph
    routes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: The app, pipeline and composite nodes the load built (`Instrumenter.built`): an app
    #: absent from `routes` has no router only if it is here.
    built: frozenset[str] = frozenset()


def load_stack(path: str, name: str, submit: Callable[[Trace], None] | None,
               label: str | None = None, check_wsgi: bool = False,
               ini: IniFile | None = None) -> LoadedStack:
    """Load section `name` of `path`; traced (every node probed) unless `submit` is None, its
    traces naming the stack `label` (default: `name`); with `check_wsgi` (and traced), each
    layer's WSGI rules checked (`stack.wsgi_checks`). The route tables are taken traced or
    not: `which --load` answers with them, tracing nothing, and hands over the file it has
    read already as `ini` (`graph.read_ini(path)`'s), which is otherwise read here."""
    ini = read_ini(path) if ini is None else ini
    graph = load_graph(path, name, ini=ini)
    uri = "config:" + os.path.abspath(path)
    instrumenter = Instrumenter(graph, ini.prefixes, wrap=submit is not None,
                                check_wsgi=check_wsgi)
    try:
        with _patch_lock, instrumenter.patched():
            app = loadapp(uri, name=name)
    except Exception as exc:
        failed = next((graph.nodes[n] for n in instrumenter.failed if n in graph.nodes), None)
        raise explained(ini, failed, exc, instrumenter.miscalled) from exc
    if submit is not None:
        app = TracedApp(app, label or name, submit, instrumenter.layers)
    return LoadedStack(name, path, app, graph, instrumenter.routes,
                       frozenset(instrumenter.built))


class Instrumenter:
    """Tags PasteDeploy's contexts with node ids and wraps what they create (with `wrap`; else
    it only notes which sections failed to load and the routers' route tables), each layer
    checked first with `check_wsgi`."""

    def __init__(self, graph: PipelineGraph, prefixes: dict[str, str | None],
                 wrap: bool = True, check_wsgi: bool = False) -> None:
        self.graph = graph
        #: Each file's id prefix (`IniFile.prefixes`), by absolute path.
        self.prefixes = prefixes
        self.wrap = wrap
        self.check_wsgi = check_wsgi
        self.routes: dict[str, list[dict[str, Any]]] = {}
        #: The app, pipeline and composite nodes built, traced or not: a composite may build
        #: only some of its alternatives (a `pipeline_factory`, the one its auth_strategy
        #: names), and an app it left out has no route table for want of being built.
        self.built: set[str] = set()
        #: The nodes whose loading an exception left, innermost first: a load error names
        #: the section that failed, not only the one asked for.
        self.failed: list[str] = []
        #: The innermost exception that calling a factory (or the filter one made) raised as
        #: the call did not fit it, and how PasteDeploy calls that factory (`CALLED_AS`).
        self.miscalled: tuple[BaseException | None, str] = (None, "")
        #: The app each probe wraps (unchecked), by node: which layer's streamed body raised
        #: an error is told by its code (`stack.body_layers`).
        self.layers: dict[str, list[Callable]] = {}
        #: Per context being created, innermost last: its node and the node ids and probes
        #: created directly inside it; the root (no node) holds what the load returns.
        self._building: list[tuple[str | None, list[Any]]] = [(None, [])]

    @contextlib.contextmanager
    def patched(self) -> Iterator[None]:
        """PasteDeploy's two hooks wrapped for the duration of a load.

        PasteDeploy follows a chain of `use =` sections by recursion, two frames a hop; the
        wrapped `get_context` adds a third, and a server starts the load deeper than a bare
        `loadapp` does. So the load gets twice the recursion room, and a traced stack loads
        every chain PasteDeploy's own `loadapp` does (`stack.section_factories.MAX_USE_HOPS`).
        """
        original_get_context = loadwsgi.ConfigLoader.get_context
        original_open = loadwsgi.ConfigLoader.__init__
        original_create = loadwsgi.LoaderContext.create
        original_get_app = loadwsgi._Loader.get_app
        recursion_limit = sys.getrecursionlimit()

        def get_context(loader, object_type, name=None, global_conf=None):
            try:
                context = original_get_context(loader, object_type, name, global_conf)
            except Exception:  # a factory's import: `failed`
                with contextlib.suppress(Exception):  # no such section: the graph says why
                    self.failed.append(self.node_for(loader, object_type, name))
                raise
            self.tag(loader, object_type, name, context)
            return context

        def open_config(loader, filename):
            # NOTE: PasteDeploy would read a fifo or a device (`use = config:/dev/zero#x`) for
            # ever: refused before it opens one, the graph, which refused it too, says where.
            check_regular(filename.strip(), filename.strip())
            original_open(loader, filename)

        def create(context):
            return self.create(context, original_create)

        def get_app(loader, name=None, global_conf=None):
            return self.branch(original_get_app(loader, name, global_conf))

        loadwsgi.ConfigLoader.get_context = get_context
        loadwsgi.ConfigLoader.__init__ = open_config
        loadwsgi.LoaderContext.create = create
        if self.wrap and self.check_wsgi:
            loadwsgi._Loader.get_app = get_app
        sys.setrecursionlimit(2 * recursion_limit)
        try:
            yield
        finally:
            sys.setrecursionlimit(recursion_limit)
            loadwsgi.ConfigLoader.get_context = original_get_context
            loadwsgi.ConfigLoader.__init__ = original_open
            loadwsgi.LoaderContext.create = original_create
            loadwsgi._Loader.get_app = original_get_app

    # -- tagging --------------------------------------------------------------------------

    def node_for(self, loader, object_type, name: str | None) -> str | None:
        if loader.absolute_name(name):
            if name.startswith("config:"):
                return None  # the other file's loader tagged it with its own section's id
            return f"{'filter' if object_type is loadwsgi.FILTER else 'app'}:{name}"
        section = loader.find_config_section(object_type, name=name)
        prefix, _, section_name = section.partition(":")
        return node_id(section_kind(prefix), section_name.strip() or "main",
                       self.prefixes[os.path.abspath(loader.filename)])

    def tag(self, loader, object_type, name: str | None, context) -> None:
        node = self.node_for(loader, object_type, name)
        if node is None:
            return
        if context.object_type is loadwsgi.FILTER_WITH:
            # The section's own object is the one being filtered; the composition is not a node.
            setattr(context.next_context, NODE_ATTR, node)
            setattr(context, NODE_ATTR, None)
        elif context.object_type is loadwsgi.FILTER_APP:
            setattr(context, NODE_ATTR, node)
            setattr(context.filter_context, NODE_ATTR, None)
            if self.wrap and self.check_wsgi:
                setattr(context.filter_context, FILTER_APP_ATTR, node)
        else:
            setattr(context, NODE_ATTR, node)

    # -- wrapping -------------------------------------------------------------------------

    def create(self, context, original_create: Callable) -> Any:
        node = getattr(context, NODE_ATTR, None)
        if node is None:
            built = original_create(context)
            filter_app = getattr(context, FILTER_APP_ATTR, None)
            if filter_app is None:
                return built
            # A [filter-app:…]'s filter: PasteDeploy hands it `next` itself, not through
            # `traced_filter`, so what it passes down is checked here, as the filter-app's.
            return lambda app: built(passed_down(app, filter_app))
        self._building.append((node, []))
        try:
            built = original_create(context)
        except Exception as exc:
            self.failed.append(node)
            self.note_miscall(exc, context.protocol, util.fix_call)
            raise
        finally:
            _, children = self._building.pop()
        if not callable(built):  # else it fails at its first request, or as a filter is applied
            self.failed.append(node)
            wanted = ("a filter (a callable taking the app it wraps)"
                      if context.object_type is loadwsgi.FILTER else "a WSGI app (a callable)")
            returned = returned_words(built)
            # NOTE: a factory written as `filter_factory(app)` that returns its argument:
            # "returned a dict" sent the reader looking for a dict in their code.
            by_the_app = built is not None and built is context.global_conf
            if by_the_app:
                returned = f"the global_conf it was called with ({returned})"
            failure = TypeError(f"its factory{self.factory_words(node)} returned {returned}, "
                                f"not {wanted}")
            if by_the_app:
                self.note_miscall(failure, context.protocol, miscalled=True)
            raise failure
        if context.object_type is loadwsgi.FILTER:
            self._building[-1][1].append(node)
            return self.traced_filter(node, built, context.protocol)
        self.built.add(node)
        if isinstance(getattr(built, "map", None), routes.Mapper):
            controllers = ({name: resource.controller for name, resource in built.resources.items()}
                           if isinstance(built, Router) else None)
            self.routes[node] = routing.route_table(built.map, controllers)
        if not self.wrap:
            return built
        if isinstance(built, PassedDown) and built.node == node:
            built = built.app  # a composite that is its branch passes nothing down itself
        if not isinstance(built, NodeProbe):  # a probe's layer is known and checked already
            self.layers.setdefault(node, []).append(built)
            if self.check_wsgi:
                built = checked(built, node)
        if dispatches(self.graph, node):
            probe = composite_probe(self.graph, built, node, children, self.layers)
        else:
            probe = probed(built, node, self.layers)
        self._building[-1][1].append(probe)
        return probe

    def branch(self, app: Any) -> Any:
        """`app`, which the factory being called asked the loader for (`loader.get_app`), as
        it gets it with --check-wsgi: when that factory is a composite's and `app` one of its
        branches, with the environ the composite passes down checked, and said of it.

        Only a branch: the app a `pipeline_factory` hands its last filter is that filter's to
        call, and checked as the filter passes down.
        """
        composite = self._building[-1][0]
        if (composite is None or not isinstance(app, NodeProbe)
                or not dispatches(self.graph, composite)
                or edge_target(self.graph, composite, app.entry)[0] is None):
            return app
        return passed_down(app, composite)

    def factory_words(self, node: str) -> str:
        """` FACTORY`, the `use =` or `paste.*_factory` value of `node`'s section, if known."""
        factory = self.graph.nodes[node].factory if node in self.graph.nodes else None
        return f" {factory}" if factory else ""

    def note_miscall(self, exc: Exception, protocol: str | None, *calls: Any,
                     miscalled: bool = False) -> None:
        """Keep how PasteDeploy calls a factory of `protocol`, when `exc` is the first error
        of this load that one of `calls` raised calling such a factory (or its filter), or
        that says it was `miscalled` (a factory that returned the global_conf it was called
        with: written as `filter_factory(app)`)."""
        if (self.miscalled[0] is None and protocol in CALLED_AS
                and (miscalled or call_failed(exc, *calls))):
            self.miscalled = (exc, CALLED_AS[protocol])
            exc.args = (named_miscall(str(exc), protocol),)

    def traced_filter(self, node: str, make_filter: Callable, protocol: str | None) -> Callable:
        """A filter factory that probes the filter it makes (with `wrap`), and notes it
        failed when making it raises or makes no WSGI app: one that is None would fail every
        request with "'NoneType' object is not callable", in no frame of the filter's own."""
        building, failed, wrap, check = self._building, self.failed, self.wrap, self.check_wsgi

        def traced(app: Callable) -> Callable:
            try:
                made = make_filter(passed_down(app, node) if wrap and check else app)
            except Exception as exc:
                failed.append(node)
                self.note_miscall(exc, protocol, traced, util.fix_call)
                raise
            if not callable(made):
                failed.append(node)
                raise TypeError(f"the filter its factory{self.factory_words(node)} made "
                                f"returned {returned_words(made)} when given the app it wraps, "
                                f"not a WSGI app (a callable): a filter returns the app "
                                f"wrapped")
            if not wrap:
                return made
            probe = NodeProbe(checked(made, node) if check else made, node, self.layers)
            self.layers.setdefault(node, []).append(made)
            building[-1][1].append(probe)
            return probe

        return traced
