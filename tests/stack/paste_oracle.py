"""Run PasteDeploy's real `loadapp` with stand-in factories and record the graph it composes.

The oracle of test_graph_oracle.py: `stack.graph` reads an ini without loading anything, so
the check is PasteDeploy itself. Here PasteDeploy really loads the file — its own parser,
`[DEFAULT]`, `set`/`get`, `use`, pipelines, filter-apps, `filter-with`, section lookup and
errors — but every factory it would import (`egg:`, `call:`, `paste.*_factory`) is replaced by
a recorder, so nothing named in the ini is imported. Composite recorders do what the real
composites do with the loader they are given: urlmap-like ones run Paste's real
`urlmap_factory`, the others load every key's sections in order as OpenStack's
`pipeline_factory` does; a `pipeline_factory` also runs the real one (`stack.wsgi`'s), which
fails as it loads when the key its `auth_strategy` names is not there, and a key of one that
it does not build, failing to load, is no branch (the real one never loads it). Each context
PasteDeploy returns is tagged with the section it came from; the graph is derived from those
tags and from the contexts PasteDeploy composed. `check_entry` holds a graph of ours to it,
for test_graph_oracle.py and the tests of inis PasteDeploy reads otherwise than they look.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from paste import urlmap as paste_urlmap
from paste.deploy import loadwsgi

from stack import graph
from stack import wsgi
from stack.composite_factories import is_pipeline_factory

#: Section prefix → node kind: every prefix PasteDeploy itself finds apps and filters by (its
#: object types' `config_prefixes`), each group shown as DESIGN.md's graph contract names it,
#: by its first prefix (`application` → `app`). Taken from PasteDeploy, not from
#: `stack.graph_model.KINDS`: the oracle must not share what it checks.
KINDS = {
    prefix: group[0]
    for object_type in (loadwsgi.APP, loadwsgi.FILTER)
    for group in object_type.config_prefixes
    for prefix in group
}


#: Set while a section merged into another by `use =` is loaded alone to record its own
#: edges: PasteDeploy never builds it so, so a `pipeline_factory` is not run then.
_RECORDING_USED: list[bool] = []


class Refused(Exception):
    """PasteDeploy refused to load the section (the message is its exception)."""


@dataclass
class Tag:
    """Which `ConfigLoader.get_context` call returned a context: the name asked, the section."""

    loader: loadwsgi.ConfigLoader
    object_type: Any
    requested: str
    section: str | None  # None for an absolute reference (egg:, call:, config:)


class StandIn:
    """What a stand-in factory makes: an app, or a filter that wraps one."""

    def __init__(self, spec: str, wrapped: StandIn | None = None) -> None:
        self.spec = spec
        self.wrapped = wrapped

    def __call__(self, app: StandIn) -> StandIn:
        return StandIn(self.spec, app)


class StandInFactory:
    """Replaces the factory PasteDeploy would import; a composite one records its branches."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.branches: list[tuple[str, list[Any]]] | None = None

    def __call__(self, *args: Any, **local_conf: str) -> StandIn:
        if args and isinstance(args[0], loadwsgi._Loader):
            self.branches = compose(self.spec, args[0], args[1], local_conf)
        return StandIn(self.spec)


class _RecordingLoader:
    """The loader Paste's `urlmap_factory` gets: PasteDeploy's, remembering what each app was."""

    def __init__(self, loader: loadwsgi.ConfigLoader) -> None:
        self.loader = loader
        self.made: dict[int, tuple[Any, Any]] = {}

    def get_app(self, name: str, global_conf: dict[str, str] | None = None) -> Any:
        context = self.loader.app_context(name=name, global_conf=global_conf)
        app = context.create()
        self.made[id(app)] = (context, app)
        return app

    def context_of(self, app: Any) -> Any:
        return self.made[id(app)][0]


def is_urlmap_like(spec: str, keys: dict[str, str]) -> bool:
    """The documented rule: Paste's urlmap, or a composite with a URL-prefix key."""
    prefixes = (k for k in keys if k.startswith("/") or k.split()[:1] in (["domain"], ["port"]))
    return spec.lower() == "egg:paste#urlmap" or any(prefixes)


def compose(
    spec: str, loader: loadwsgi.ConfigLoader, global_conf: dict[str, str], local_conf: dict
) -> list[tuple[str, list[Any]]]:
    """Do what the composite would do with `loader`; returns (label, contexts) per branch."""
    if is_urlmap_like(spec, local_conf):
        recording = _RecordingLoader(loader)
        urlmap = paste_urlmap.urlmap_factory(recording, global_conf, **local_conf)
        branches = []
        if id(urlmap.not_found_application) in recording.made:
            branches.append(("not_found_app", [recording.context_of(urlmap.not_found_application)]))
        for (domain, path), app in urlmap.applications:
            label = f"http://{domain}{path or '/'}" if domain else path or "/"
            branches.append((label, [recording.context_of(app)]))
        return branches
    builds_one = is_pipeline_factory(spec)
    if builds_one and not _RECORDING_USED:  # the real one: does it build?
        wsgi.pipeline_factory(loader, global_conf, **local_conf)
    branches = []
    for key, value in local_conf.items():
        words = value.split()
        object_types = [loadwsgi.FILTER] * (len(words) - 1) + [loadwsgi.APP]
        pairs = list(zip(object_types, words, strict=True))
        try:
            if not words or not all(_names(loader, t, word) for t, word in pairs):
                continue  # a setting
            contexts = [loader.get_context(t, name=word) for t, word in pairs]
            for context in contexts:  # as pipeline_factory: get_filter(…), get_app(…)
                context.create()
        except LookupError:
            # NOTE: the real `pipeline_factory` loads only the key it builds, and it built:
            # another key that fails to load is never loaded, so it is no branch.
            if builds_one:
                continue
            raise
        branches.append((key, contexts))
    return branches


def _names(loader: loadwsgi.ConfigLoader, object_type: Any, word: str) -> bool:
    if loader.absolute_name(word):
        return word.split(":", 1)[0].lower() in ("egg", "call", "config")
    try:
        loader.find_config_section(object_type, name=word)
    except LookupError as exc:
        if str(exc).startswith("No section"):
            return False
        raise
    return True


class _EggContext(loadwsgi.LoaderContext):
    """An egg entry point's context; with no protocol of its own (`_egg_protocol`), it takes
    the one of the section that uses it."""

    def create(self) -> Any:
        if self.protocol is None:  # named directly (a pipeline element…), not by `use =`
            self.protocol = "paste.app_factory"
        return super().create()


def _egg_protocol(object_type: Any, spec: str, name: str) -> str | None:
    """The protocol PasteDeploy's `find_egg_entry_point` gives `egg:SPEC#NAME`: the entry
    point's group, the first of the object type's that holds NAME in the installed
    distribution SPEC (Paste's `urlmap` is a `paste.composite_factory` only, so an [app:…]
    using it is built as a composite). Read from the distribution's metadata, never loaded.

    None when SPEC is not installed here (the corpus's `egg:swift`, `egg:FakeApp`…), where
    PasteDeploy would fail: the stand-in then takes the protocol the using section asks for,
    as `stack.graph` does. An installed SPEC with no such entry point fails as PasteDeploy's
    `find_egg_entry_point` does, with LookupError.
    """
    try:
        entry_points = importlib.metadata.distribution(spec).entry_points
    except importlib.metadata.PackageNotFoundError:
        return None
    groups = {entry.group for entry in entry_points if entry.name == name}
    protocols = (p for options in object_type.egg_protocols for p in options)
    found = next((protocol for protocol in protocols if protocol in groups), None)
    if found is None:
        raise LookupError(f"Entry point {name!r} not found in egg {spec!r}")
    return found


def _egg_context(self: loadwsgi.EggLoader, object_type: Any, name=None, global_conf=None):
    if self.absolute_name(name):
        return loadwsgi.loadcontext(object_type, name, global_conf=global_conf)
    protocol = _egg_protocol(object_type, self.spec, name or "main")
    if protocol is None and object_type is loadwsgi.FILTER:
        protocol = "paste.filter_factory"
    spec = f"egg:{self.spec}#{name or 'main'}"
    return _EggContext(StandInFactory(spec), object_type, protocol, global_conf or {}, {}, self)


class _EntryPoint:
    """Stands in for `importlib.metadata.EntryPoint` in `paste.*_factory = module:attr`."""

    def __init__(self, name: Any, group: Any, value: str) -> None:
        self.parsed = importlib.metadata.EntryPoint(name=name, group=group, value=value)

    def load(self) -> StandInFactory:
        """As the real `load`, it parses the value first (a value it cannot parse fails with
        AttributeError), then it stands in for the import."""
        self.parsed.module  # noqa: B018 - parsing it is what PasteDeploy's load does first
        return StandInFactory(self.parsed.value)


@contextlib.contextmanager
def stand_in_factories() -> Iterator[None]:
    """Within: PasteDeploy imports nothing and tags every context with its section."""
    original_get_context = loadwsgi.ConfigLoader.get_context

    def tagged_get_context(self, object_type, name=None, global_conf=None):
        context = original_get_context(self, object_type, name=name, global_conf=global_conf)
        section = None
        if not self.absolute_name(name):
            section = self.find_config_section(object_type, name=name)
        tags = context.__dict__.setdefault("oracle_tags", [])
        tags.append(Tag(self, object_type, name, section))
        return context

    saved = (
        loadwsgi.lookup_object,
        loadwsgi.importlib_metadata,
        loadwsgi.EggLoader.get_context,
        original_get_context,
    )
    loadwsgi.lookup_object = lambda spec: StandInFactory(f"call:{spec}")
    loadwsgi.importlib_metadata = types.SimpleNamespace(
        EntryPoint=_EntryPoint, distribution=lambda spec: None
    )
    loadwsgi.EggLoader.get_context = _egg_context
    loadwsgi.ConfigLoader.get_context = tagged_get_context
    try:
        yield
    finally:
        (
            loadwsgi.lookup_object,
            loadwsgi.importlib_metadata,
            loadwsgi.EggLoader.get_context,
            loadwsgi.ConfigLoader.get_context,
        ) = saved


def _top(context: Any) -> int:
    return len(context.oracle_tags) - 1


class _GraphRecorder:
    """Turns the contexts of one load into the graph contract's nodes and edges."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self.nodes: dict[str, dict[str, str | None]] = {}
        self.edges: list[tuple[str, str, str]] = []

    def node(self, context: Any, index: int) -> str:
        """The node of the section (or reference) tagged `index` on `context`."""
        tag = context.oracle_tags[index]
        if tag.section is None:
            if tag.requested.split(":", 1)[0].lower() == "config":
                return self.node(context, index - 1)  # the other file's section, tagged before
            kind = "filter" if tag.object_type is loadwsgi.FILTER else "app"
            name = _show(tag.loader, tag.requested)
            return self._add(f"{kind}:{name}", kind, name, name)
        prefix, _, rest = tag.section.partition(":")
        kind, name = KINDS[prefix], rest.strip()
        node_id = f"{self._file_prefix(tag.loader)}{kind}:{name}"
        if node_id in self.nodes:
            return node_id
        self._add(node_id, kind, name, None)
        if index < _top(context):  # a `use` merged it into another section: load it alone
            context = tag.loader.get_context(tag.object_type, name=tag.requested)
            _RECORDING_USED.append(True)
            try:
                context.create()
            finally:
                _RECORDING_USED.pop()
            index = _top(context)
        factory, edges = self.body(context, index, node_id)
        self.nodes[node_id]["factory"] = factory
        self.edges += [(node_id, target, label) for label, target in edges]
        return node_id

    def body(self, context: Any, below: int, owner: str) -> tuple[str | None, list]:
        """Factory and edges of section `owner`; `below` = tags on `context` under its own."""
        if below > 0:  # the owner said `use = <the tag below>`
            inner = context.oracle_tags[below - 1]
            edges = []
            if inner.section is not None or inner.requested.lower().startswith("config:"):
                edges.append(("use", self.node(context, below - 1)))
            return _show(inner.loader, inner.requested), edges + self.branches(context, owner)
        if context.object_type is loadwsgi.FILTER_WITH:
            factory, edges = self.body(context.next_context, _tags(context.next_context), owner)
            edges.append(
                ("filter-with", self.node(context.filter_context, _top(context.filter_context)))
            )
            return factory, edges
        if context.object_type is loadwsgi.PIPELINE:
            parts = [*context.filter_contexts, context.app_context]
            return None, [(str(i), self.node(c, _top(c))) for i, c in enumerate(parts)]
        if context.object_type is loadwsgi.FILTER_APP:
            factory, edges = self.body(context.filter_context, _tags(context.filter_context), owner)
            edges.append(("next", self.node(context.next_context, _top(context.next_context))))
            return factory, edges
        return _show(context.loader, context.object.spec), self.branches(context, owner)

    def branches(self, context: Any, owner: str) -> list[tuple[str, str]]:
        factory = context.object
        if not isinstance(factory, StandInFactory) or factory.branches is None:
            return []
        edges = []
        for label, contexts in factory.branches:
            if len(contexts) == 1:
                edges.append((label, self.node(contexts[0], _top(contexts[0]))))
                continue
            file_prefix, _, owner_section = owner.rpartition("#")
            name = f"{owner_section.partition(':')[2]}[{label}]"
            inline = self._add(
                f"{file_prefix}{'#' if file_prefix else ''}pipeline:{name}", "pipeline", name, None
            )
            for position, part in enumerate(contexts):
                self.edges.append((inline, self.node(part, _top(part)), str(position)))
            edges.append((label, inline))
        return edges

    def _add(self, node_id: str, kind: str, name: str, factory: str | None) -> str:
        self.nodes.setdefault(node_id, {"kind": kind, "name": name, "factory": factory})
        return node_id

    def _file_prefix(self, loader: loadwsgi.ConfigLoader) -> str:
        path = os.path.abspath(loader.filename)
        if path == self.root:
            return ""
        if os.path.basename(path) == os.path.basename(self.root):  # told apart from the root's
            return os.path.relpath(path, os.path.dirname(self.root)) + "#"
        return os.path.basename(path) + "#"


def _tags(context: Any) -> int:
    return len(getattr(context, "oracle_tags", []))


def _show(loader: loadwsgi.ConfigLoader, value: str) -> str:
    here = os.path.dirname(os.path.abspath(loader.filename))
    return value.replace(here, "%(here)s") if len(here) > 1 else value


def oracle_graph(path: str, name: str, object_type: Any = loadwsgi.APP) -> dict[str, Any]:
    """The graph PasteDeploy composes for `name`: {"entry", "nodes": {id: …}, "edges": [sorted]}.

    Raises Refused when PasteDeploy refuses to load it.
    """
    recorder = _GraphRecorder(path)
    with stand_in_factories():
        try:
            context = loadwsgi.loadcontext(
                object_type, f"config:{os.path.abspath(path)}", name=name
            )
            context.create()
            entry = recorder.node(context, _top(context))
        except Exception as exc:  # whatever PasteDeploy raises is its refusal
            raise Refused(f"{type(exc).__name__}: {exc}") from exc
    return {"entry": entry, "nodes": recorder.nodes, "edges": sorted(recorder.edges)}


def contract(pipeline_graph: graph.PipelineGraph) -> dict:
    """The parts of a graph the contract names, in the oracle's shape."""
    nodes = {
        node.id: {"kind": node.kind, "name": node.name, "factory": node.factory}
        for node in pipeline_graph.nodes.values()
    }
    edges = sorted((edge.source, edge.target, edge.label) for edge in pipeline_graph.edges)
    return {"entry": pipeline_graph.entry, "nodes": nodes, "edges": edges}


def check_entry(path: Path, pipeline_graph: graph.PipelineGraph) -> None:
    """Our graph equals what PasteDeploy composes, or both refuse."""
    name = pipeline_graph.nodes[pipeline_graph.entry].name
    refused = [node.id for node in pipeline_graph.nodes.values() if node.errors]
    if refused:
        with pytest.raises(Refused):
            oracle_graph(str(path), name)
        return
    assert contract(pipeline_graph) == oracle_graph(str(path), name)
