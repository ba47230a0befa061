"""Read an api-paste.ini into `PipelineGraph`s, importing and running nothing it names.

`inspect`, the tracing loader and the dashboard's upload view share this module, so it is pure:
text in, graph out, no eventlet, no Flask, no factory. It reads the file with PasteDeploy's own
parser (`NicerConfigParser` with its `here`/`__file__` defaults), follows PasteDeploy's own rules
for `[DEFAULT]`, `set`/`get`, `use`, `next`, `pipeline`, `filter-with` and section lookup
(`ConfigLoader.get_context`, `find_config_section`), and refuses what `loadapp` would refuse, so
the graph is what `paste.deploy.loadapp` would build.

Composites: PasteDeploy hands a composite factory its keys; what they mean is up to the factory.
- urlmap-like: the factory is `egg:Paste#urlmap`, or some key is a URL prefix (`/v2`,
  `domain example.com port 8080 /`) — nova's `urlmap_factory`, glance's and cinder's
  `root_app_factory` and trove's `versioned_urlmap`, which all end in Paste's `urlmap_factory`.
  Every key but `not_found_app` is then a prefix, normalised as Paste's `URLMap` stores it, whose
  value names one app; a key that is no prefix, or a value that names nothing, is refused.
- any other composite (OpenStack's `pipeline_factory`…): a key whose words all name sections
  (filters, then an app last, as `pipeline_factory` loads them) is a branch; one name is an edge,
  several an inline pipeline `pipeline:COMPOSITE[KEY]`; any other key is a setting.

Other choices, where PasteDeploy would ask the installed packages:
- an `egg:` entry point is taken to be what the section using it needs (app, composite or
  filter factory); its group and `require =` are installed-package metadata, not read here;
- a section reached by `use = othersection` is a node with a `use` edge, although PasteDeploy
  merges the two into one factory call; a composite gets the keys of its whole `use` chain;
- a section of another file is `FILE#kind:name`, FILE its file name (its path relative to the
  file read, if another file already has that name); an upload's `config:` is never opened.
"""

from __future__ import annotations

import configparser
import dataclasses
import functools
import os
from collections import deque
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from urllib.parse import unquote

from paste.deploy import loadwsgi
from paste.urlmap import URLMap
from paste.urlmap import parse_path_expression

#: The section prefixes PasteDeploy loads as apps or filters, and the kind each is shown as.
_KINDS = {
    "app": "app",
    "application": "app",
    "composite": "composite",
    "composit": "composite",
    "pipeline": "pipeline",
    "filter-app": "filter-app",
    "filter": "filter",
}
#: Kinds `loadapp` can start from: the candidates for entries.
APP_KINDS = ("app", "composite", "pipeline", "filter-app")
#: The protocol PasteDeploy gives a `use = call:…` factory, from the section's prefix.
_KIND_PROTOCOLS = {"app": "app", "composite": "composite", "filter": "filter"}
_COMPOSITE_FACTORY_KEYS = ("paste.composite_factory", "paste.composit_factory")
#: `here` of an uploaded file, which has no folder; written back as `%(here)s` like a real one.
_UPLOAD_HERE = "\0upload\0"
#: Longer `use =` chains are refused rather than followed (PasteDeploy recurses through them).
_MAX_USE_DEPTH = 50
_ABSOLUTE = loadwsgi._Loader._absolute_re
_NOT_FOLLOWED = "not followed (an uploaded file cannot refer to other files)"


class IniError(Exception):
    """A file that cannot be read as an api-paste.ini at all: `FILE:LINE: message`."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


@dataclass
class Node:
    """One box of the graph: a section, an inline pipeline or an `egg:` reference."""

    id: str
    kind: str
    name: str
    factory: str | None
    file: str | None = None
    line: int | None = None
    #: The section's own settings as PasteDeploy reads them (`set NAME` as written, `get`s
    #: resolved); keys that became edges, `use` and the factory key are not repeated here.
    conf: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Why PasteDeploy would refuse this section (empty when it would load it).
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Edge:
    """A hop: a urlmap prefix, a composite key, a pipeline position, `use`, `next`…"""

    source: str
    target: str
    label: str

    def to_json(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclass
class PipelineGraph:
    """What `loadapp(name=…)` builds from one section: the nodes reachable from `entry`."""

    entry: str
    nodes: dict[str, Node]
    edges: list[Edge]

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "nodes": [node.to_json() for node in self.nodes.values()],
            "edges": [edge.to_json() for edge in self.edges],
        }

    def edges_from(self, node_id: str) -> list[Edge]:
        return [edge for edge in self.edges if edge.source == node_id]


@dataclass
class IniFile:
    """A whole api-paste.ini: one graph per entry, and the sections PasteDeploy would refuse."""

    file: str
    path: str
    entries: list[str]
    graphs: list[PipelineGraph]
    errors: list[dict[str, Any]]
    #: Every node and edge read from the file; each graph is the part reachable from its entry.
    nodes: dict[str, Node] = field(default_factory=dict, repr=False)
    edges: list[Edge] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "entries": list(self.entries),
            "graphs": [graph.to_json() for graph in self.graphs],
            "errors": [dict(error) for error in self.errors],
        }


def node_id(kind: str, name: str, file: str | None = None) -> str:
    """`kind:name`, or `file#kind:name` for a section of another file than the one read."""
    return f"{file}#{kind}:{name}" if file else f"{kind}:{name}"


def section_kind(prefix: str) -> str:
    """The node kind of a section prefix: `application` → `app`, `composit` → `composite`."""
    try:
        return _KINDS[prefix]
    except KeyError:
        raise ValueError(f"[{prefix}:…] is not a section PasteDeploy loads") from None


def urlmap_label(domain: str | None, path: str) -> str:
    """The label of a prefix as Paste's `URLMap` stores it: `(domain, path)` → `http://d/x`, `/`."""
    return f"http://{domain}{path or '/'}" if domain else path or "/"


def prefix_label(key: str) -> str:
    """Normalise a urlmap key as Paste's `urlmap_factory` does (`/v2/` → `/v2`), or ValueError."""
    try:
        domain, path = URLMap().normalize_url(parse_path_expression(key))
    except (AssertionError, ValueError) as exc:
        raise ValueError(f"{key!r} is not a URL prefix ({exc})") from None
    return urlmap_label(domain, path)


def read_ini(path: str) -> IniFile:
    """Read the api-paste.ini at `path`, following `config:` references to files beside it."""
    text = _read_text(path, path)
    here = os.path.dirname(os.path.abspath(path))
    root = _parse_source(text, path, os.path.basename(path), None, here, os.path.abspath(path))
    return _Builder(root).build(path)


def read_ini_text(text: str, filename: str) -> IniFile:
    """Read an uploaded api-paste.ini; `config:` references are shown but never opened."""
    root = _parse_source(text, filename, os.path.basename(filename), None, _UPLOAD_HERE, None)
    return _Builder(root).build(filename)


def load_graph(path: str, name: str, ini: IniFile | None = None) -> PipelineGraph:
    """The graph of one section: a PasteDeploy name (`osapi_compute`) or a node id."""
    ini = ini if ini is not None else read_ini(path)
    if name in ini.nodes:
        return _subgraph(name, ini.nodes, ini.edges)
    for node in ini.nodes.values():
        if node.kind in APP_KINDS and node.name == name and "#" not in node.id:
            return _subgraph(node.id, ini.nodes, ini.edges)
    for error in ini.errors:
        if error["section"].partition(":")[2].strip() == name:
            raise IniError(path, error["line"], f"[{error['section']}]: {error['error']}")
    known = ", ".join(entry.partition(":")[2] for entry in ini.entries) or "none"
    raise IniError(path, None, f"no app section named {name!r} (entries: {known})")


def _read_text(path: str, file: str) -> str:
    """The text of a regular file, as UTF-8; IniError (named `file`) for anything else."""
    if not os.path.exists(path):
        raise IniError(file, None, "no such file")
    if not os.path.isfile(path):
        raise IniError(file, None, "not a regular file")
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        raise IniError(file, None, f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise IniError(file, line, f"not UTF-8 text (byte {data[exc.start]:#04x})") from None


@dataclass
class _Source:
    """One parsed file: PasteDeploy's parser over its text, and the line of each part of it."""

    file: str  # how nodes and messages name this file: its name (its relative path if taken)
    prefix: str | None  # id prefix of its sections: None for the file being read
    path: str | None  # absolute path, None for an upload
    here: str
    parser: loadwsgi.NicerConfigParser
    finder: _SectionFinder
    section_lines: dict[str, int]
    option_lines: dict[tuple[str, str], int]

    @functools.cached_property
    def defaults(self) -> dict[str, str]:
        """[DEFAULT], interpolated as PasteDeploy's `NicerConfigParser.defaults` does, once."""
        return self.parser.defaults()

    def line(self, section: str, option: str | None = None) -> int | None:
        if option is None:
            return self.section_lines.get(section)
        return self.option_lines.get((section, option))

    def show(self, value: str) -> str:
        """The value as the reader wrote it: this file's folder written back as `%(here)s`."""
        return value.replace(self.here, "%(here)s") if len(self.here) > 1 else value


class _SectionFinder(loadwsgi.ConfigLoader):
    """PasteDeploy's `ConfigLoader` over a parsed file: its lookups, none of its loading."""

    def __init__(self, filename: str, parser: loadwsgi.NicerConfigParser) -> None:
        # NOTE: the base __init__ opens the file; the text is parsed already, and nothing is loaded.
        self.filename = filename
        self.parser = parser
        #: (prefix, name) → sections, in file order: `_find_sections` once, not per lookup.
        self.index: dict[tuple[str, str], list[str]] = {}
        for section in parser.sections():
            prefix, colon, rest = section.partition(":")
            if colon:
                self.index.setdefault((prefix, rest.strip()), []).append(section)

    def candidates(self, object_type: Any, name: str) -> list[str]:
        """The sections `find_config_section` would choose among (one means found)."""
        found: list[str] = []
        for prefixes in object_type.config_prefixes:
            for prefix in prefixes:
                hits = self.index.get((prefix, name), [])
                if hits:
                    found.extend(hits)
                    break
        return found


def _parse_source(
    text: str, file: str, label: str, prefix: str | None, here: str, path: str | None
) -> _Source:
    """Parse `text` as PasteDeploy's `ConfigLoader` does; IniError for what it cannot read."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode reads it
    defaults = {"here": here, "__file__": os.path.join(here, os.path.basename(file))}
    parser = loadwsgi.NicerConfigParser(label, defaults=defaults)
    parser.optionxform = str
    lines = text.split("\n")
    if text.startswith("\ufeff"):
        message = "starts with a byte-order mark, which PasteDeploy reads as text before [section]"
        raise IniError(file, 1, message)
    try:
        parser.read_string(text, source=file)
    except configparser.MissingSectionHeaderError as exc:
        message = f"text before the first [section]: {exc.line.strip()!r}"
        raise IniError(file, exc.lineno, message) from None
    except configparser.DuplicateSectionError as exc:
        raise IniError(file, exc.lineno, f"section [{exc.section}] is defined twice") from None
    except configparser.DuplicateOptionError as exc:
        message = f"option {exc.option!r} is set twice in [{exc.section}]"
        raise IniError(file, exc.lineno, message) from None
    except configparser.ParsingError as exc:
        line = exc.errors[0][0]
        message = f"expected `name = value`, a [section] or a comment: {lines[line - 1].strip()!r}"
        raise IniError(file, line, message) from None
    section_lines, option_lines = _scan_lines(lines, parser)
    for key in configparser.ConfigParser.defaults(parser):
        try:
            parser.get("DEFAULT", key)
        except configparser.Error as exc:
            line = option_lines.get(("DEFAULT", key))
            raise IniError(file, line, _interpolation_message(exc, label)) from None
    finder = _SectionFinder(label, parser)
    return _Source(label, prefix, path, here, parser, finder, section_lines, option_lines)


def _scan_lines(
    lines: list[str], parser: configparser.ConfigParser
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Where each section and option starts, walking the lines as `ConfigParser._read` does."""
    sections: dict[str, int] = {}
    options: dict[tuple[str, str], int] = {}
    section = option = None
    indent_level = 0
    for number, line in enumerate(lines, start=1):
        value = line.strip()
        if not value or value.startswith(tuple(parser._comment_prefixes)):
            continue
        indent = len(line) - len(line.lstrip())
        if section is not None and option and indent > indent_level:
            continue  # a continuation line of the option's value
        indent_level = indent
        header = parser.SECTCRE.match(value)
        if header:
            section, option = header.group("header"), None
            sections.setdefault(section, number)
            continue
        match = parser._optcre.match(value)
        if match and section is not None:
            option = parser.optionxform(match.group("option").rstrip())
            options.setdefault((section, option), number)
    return sections, options


def _interpolation_message(exc: configparser.Error, file: str) -> str:
    if isinstance(exc, configparser.InterpolationMissingOptionError):
        where = f"[{exc.section}] or [DEFAULT]" if exc.section != "DEFAULT" else "[DEFAULT]"
        return f"option {exc.option!r}: %({exc.reference})s names no option of {where}"
    return str(exc).removeprefix(f"Error in file {file}: ")


class _Refused(Exception):
    """PasteDeploy would refuse the section being read: why, and on which line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class _Body:
    """What a section resolves to, as PasteDeploy's `LoaderContext`: what a `use` of it inherits."""

    factory_context: bool  # a factory's own context, not a pipeline/filter-app/filter-with one
    protocol: str  # "app", "composite" or "filter"
    callable: str | None  # the egg:/call:/module reference PasteDeploy would call
    keys: dict[str, str]  # the local_conf the factory would get, merged through `use`
    globals: dict[str, str]


class _Builder:
    """Reads every section of a file (and what they reach in others) into nodes and edges."""

    def __init__(self, root: _Source) -> None:
        self.root = root
        self.sources: dict[str, _Source] = {}
        if root.path is not None:
            self.sources[root.path] = root
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.errors: list[dict[str, Any]] = []
        self.bodies: dict[str, _Body] = {}
        self.resolving: set[str] = set()
        self.pending: deque[tuple[_Source, str]] = deque()

    def build(self, path: str) -> IniFile:
        loadable = []
        for section in self.root.parser.sections():
            node = self._read_root_section(section)
            if node is not None:
                loadable.append(node)
        while self.pending:
            self._resolve(*self.pending.popleft())
        self._refuse_cycles()
        reached = {edge.target for edge in self.edges if edge.source != edge.target}
        entries = [n for n in loadable if n.kind in APP_KINDS and n.id not in reached]
        graphs = [_subgraph(entry.id, self.nodes, self.edges) for entry in entries]
        self.errors.sort(key=lambda error: (error["line"] is None, error["line"] or 0))
        return IniFile(
            file=self.root.file,
            path=path,
            entries=[entry.id for entry in entries],
            graphs=graphs,
            errors=self.errors,
            nodes=self.nodes,
            edges=self.edges,
        )

    def _read_root_section(self, section: str) -> Node | None:
        """Resolve a section of the file read, if PasteDeploy can load it by its name at all."""
        prefix, colon, rest = section.partition(":")
        if prefix not in _KINDS:
            return None  # [server:main], [DEFAULT]-like, logging sections: not part of the graph
        line = self.root.line(section)
        if not colon:
            message = f"no name: loadapp(name=…) only finds [{prefix}:NAME], never [{prefix}]"
            self.errors.append({"section": section, "error": message, "line": line})
            return None
        kind = _KINDS[prefix]
        found = self.root.finder.candidates(_object_type(kind), rest.strip())
        if found == [section]:
            return self.nodes[self._resolve(self.root, section)]
        if section in found:
            listed = ", ".join(f"[{s}]" for s in found)
            message = f"ambiguous: {listed} all answer to the name {rest.strip()!r}"
            section = node_id(kind, rest.strip())
            self.errors.append({"section": section, "error": message, "line": line})
        else:
            message = f"never loaded: PasteDeploy finds [{found[0]}] first for {rest.strip()!r}"
            self.errors.append({"section": section, "error": message, "line": line})
        return None

    def _resolve(self, source: _Source, section: str, depth: int = 0) -> str:
        """Read one section into its node and edges (once); returns the node's id."""
        prefix, _, rest = section.partition(":")
        kind = _KINDS[prefix]
        this_id = node_id(kind, rest.strip(), source.prefix)
        if this_id in self.nodes:
            return this_id
        node = Node(this_id, kind, rest.strip(), None, source.file, source.line(section))
        self.nodes[this_id] = node
        self.resolving.add(this_id)
        try:
            self._read_section(source, section, node, depth)
        except _Refused as exc:
            self._refuse(node, exc.message, exc.line)
        finally:
            self.resolving.discard(this_id)
        return this_id

    def _read_section(self, source: _Source, section: str, node: Node, depth: int) -> None:
        """Mirror `ConfigLoader.get_context` for one section, linking instead of loading."""
        local, global_conf, conf = self._options(source, section, node)
        filter_with = local.pop("filter-with", None)
        if "require" in local:
            node.warnings.append(f"require = {local.pop('require')} is not checked here")
        node.conf = {key: source.show(value) for key, value in conf.items()}
        if node.kind == "filter-app":
            if "next" not in local:
                raise _Refused(f"[{section}] has no `next` setting", node.line)
            next_name = local.pop("next")
            self._factory(source, section, node, local, global_conf, depth)
            next_line = source.line(section, "next")
            self._link(node, "next", self._target(source, "app", next_name, node, next_line))
            body = None
        elif node.kind == "pipeline":
            body = None
            self._pipeline(source, section, node, local)
        else:
            body = self._factory(source, section, node, local, global_conf, depth)
            if body.factory_context and body.protocol == "composite":
                self._dispatch(source, section, node, body)
        if filter_with is not None:
            line = source.line(section, "filter-with")
            self._link(node, "filter-with", self._target(source, "filter", filter_with, node, line))
            body = None
        if body is not None:
            self.bodies[node.id] = body
        for key in ("use", "next", "pipeline", "filter-with", "require"):
            node.conf.pop(key, None)

    def _options(
        self, source: _Source, section: str, node: Node
    ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """The section's local_conf and global_conf as PasteDeploy computes them, and its conf."""
        parser = source.parser
        defaults = source.defaults
        global_conf = dict(defaults)
        local: dict[str, str] = {}
        conf: dict[str, str] = {}
        gets: dict[str, tuple[str, str]] = {}
        for option in parser.options(section):
            if option.startswith("set "):
                global_conf[option[4:].strip()] = conf[option] = self._get(source, section, option)
            elif option.startswith("get "):
                gets[option[4:].strip()] = (option, self._get(source, section, option))
            elif option in defaults:
                if source.line(section, option) is not None:
                    node.warnings.append(
                        f"{option!r} is also in [DEFAULT]: PasteDeploy passes the factory only "
                        "the [DEFAULT] value (in global_conf), not this one"
                    )
            else:
                local[option] = conf[option] = self._get(source, section, option)
        for name, (option, global_name) in gets.items():
            if global_name not in global_conf:
                message = f"`{option} = {global_name}`: no {global_name!r} in [DEFAULT] or a `set`"
                raise _Refused(message, source.line(section, option))
            local[name] = conf[name] = global_conf[global_name]
        return local, global_conf, conf

    def _get(self, source: _Source, section: str, option: str) -> str:
        try:
            return source.parser.get(section, option)
        except configparser.Error as exc:
            message = _interpolation_message(exc, source.file)
            raise _Refused(message, source.line(section, option)) from None

    def _pipeline(self, source: _Source, section: str, node: Node, local: dict[str, str]) -> None:
        if "pipeline" not in local:
            raise _Refused(f"[{section}] has no `pipeline` setting", node.line)
        names = local.pop("pipeline").split()
        if local:
            extra = ", ".join(local)
            line = source.line(section, next(iter(local)))
            raise _Refused(f"a pipeline takes no other settings, found: {extra}", line)
        if not names:
            raise _Refused("empty pipeline", source.line(section, "pipeline"))
        line = source.line(section, "pipeline")
        for position, name in enumerate(names):
            object_type = "app" if position == len(names) - 1 else "filter"
            self._link(node, str(position), self._target(source, object_type, name, node, line))

    def _factory(
        self,
        source: _Source,
        section: str,
        node: Node,
        local: dict[str, str],
        global_conf: dict[str, str],
        depth: int,
    ) -> _Body:
        """Resolve `use = …` or an explicit `paste.*_factory = …`, as PasteDeploy would."""
        object_type = "filter" if node.kind in ("filter", "filter-app") else "app"
        protocol = _KIND_PROTOCOLS.get(node.kind, "filter")
        if "use" not in local:
            return self._explicit(source, section, node, local, global_conf, object_type)
        use = local.pop("use")
        node.factory = source.show(use)
        line = source.line(section, "use")
        mine = _Body(True, protocol, use, local, global_conf)
        scheme = use.split(":", 1)[0].lower() if _ABSOLUTE.match(use) else None
        if scheme == "egg":
            return mine
        if scheme == "call":
            if ":" not in use[5:]:
                raise _Refused(f"use = {use}: a call: reference needs module:function", line)
            if node.kind == "filter-app":
                message = "PasteDeploy has no protocol for `use = call:…` in a [filter-app:…]"
                raise _Refused(message, line)
            return mine
        if scheme == "config" and source.path is None:
            node.warnings.append(f"{use}: {_NOT_FOLLOWED}")
            return mine
        if depth >= _MAX_USE_DEPTH:
            raise _Refused(f"`use =` chain deeper than {_MAX_USE_DEPTH} sections", line)
        target = self._target(source, object_type, use, node, line, depth + 1)
        if target is None:
            return mine
        self._link(node, "use", target)
        inner = self.bodies.get(target)
        if inner is None:  # refused, in a cycle (reported later), or not a factory's context
            return dataclasses.replace(mine, factory_context=target in self.resolving)
        merged_globals = {**inner.globals, **global_conf}
        return _Body(True, inner.protocol, inner.callable, {**inner.keys, **local}, merged_globals)

    def _explicit(
        self,
        source: _Source,
        section: str,
        node: Node,
        local: dict[str, str],
        global_conf: dict[str, str],
        object_type: str,
    ) -> _Body:
        """Mirror `_context_from_explicit`: exactly one `paste.*_factory` key."""
        protocols = _object_type(object_type).egg_protocols
        possible = [
            next(p for p in group if p in local) for group in protocols if local.keys() & group
        ]
        if len(possible) > 1:
            raise _Refused(f"several factories given: {', '.join(possible)}", node.line)
        if not possible:
            wanted = " or ".join(p for group in protocols for p in group)
            raise _Refused(f"no factory: needs `use = …` or {wanted}", node.line)
        key = possible[0]
        value = local.pop(key)
        node.factory = source.show(value)
        node.conf.pop(key, None)
        if object_type == "filter":
            protocol = "filter"
        else:
            protocol = "composite" if key in _COMPOSITE_FACTORY_KEYS else "app"
        return _Body(True, protocol, value, local, global_conf)

    def _dispatch(self, source: _Source, section: str, node: Node, body: _Body) -> None:
        """Edges for a composite's keys (see the module docstring for the rule)."""
        keys = dict(body.keys)
        callable_ = (body.callable or "").lower()
        if callable_ == "egg:paste#urlmap" or any(_looks_like_prefix(key) for key in keys):
            self._urlmap(source, section, node, keys, body.globals)
            return
        for key, value in keys.items():
            words = value.split()
            types = ["filter"] * (len(words) - 1) + ["app"]
            named = [self._names(source, t, word) for t, word in zip(types, words, strict=True)]
            if not words or not any(named):
                continue
            line = source.line(section, key)
            if not all(named):
                missing = ", ".join(repr(w) for w, ok in zip(words, named, strict=True) if not ok)
                node.warnings.append(f"{key!r} is read as a setting: {missing} names no section")
                continue
            node.conf.pop(key, None)
            if len(words) == 1:
                self._link(node, key, self._target(source, "app", words[0], node, line))
                continue
            name = f"{node.name}[{key}]"
            inline = Node(node_id("pipeline", name, source.prefix), "pipeline", name, None)
            inline.file, inline.line = source.file, line
            self.nodes.setdefault(inline.id, inline)
            self._link(node, key, inline.id)
            for position, (object_type, word) in enumerate(zip(types, words, strict=True)):
                target = self._target(source, object_type, word, node, line)
                self._link(inline, str(position), target)

    def _urlmap(
        self,
        source: _Source,
        section: str,
        node: Node,
        keys: dict[str, str],
        global_conf: dict[str, str],
    ) -> None:
        """Mirror Paste's `urlmap_factory`: `not_found_app`, then one app per normalised prefix."""
        if "not_found_app" in keys:
            not_found = keys.pop("not_found_app")
        else:
            not_found = global_conf.get("not_found_app")
        node.conf.pop("not_found_app", None)
        if not_found:
            line = source.line(section, "not_found_app")
            self._link(node, "not_found_app", self._target(source, "app", not_found, node, line))
        prefixes: dict[str, tuple[str, str]] = {}
        for key, value in keys.items():
            node.conf.pop(key, None)
            try:
                label = prefix_label(key)
            except ValueError as exc:
                self._refuse(node, f"urlmap key {exc}", source.line(section, key))
                continue
            if label in prefixes:
                earlier = prefixes.pop(label)[0]
                message = f"{earlier!r} and {key!r} are both {label}: urlmap keeps the last"
                node.warnings.append(message)
            prefixes[label] = (key, value)
        for label, (key, value) in prefixes.items():
            line = source.line(section, key)
            self._link(node, label, self._target(source, "app", value, node, line))

    def _names(self, source: _Source, object_type: str, word: str) -> bool:
        """Whether a word of a composite key names something PasteDeploy would load."""
        if _ABSOLUTE.match(word):
            return word.split(":", 1)[0].lower() in ("config", "egg", "call")
        return bool(source.finder.candidates(_object_type(object_type), word))

    def _target(
        self,
        source: _Source,
        object_type: str,
        name: str,
        referrer: Node,
        line: int | None,
        depth: int | None = None,
    ) -> str | None:
        """The node `name` refers to, found as PasteDeploy would; None (refused) if none."""
        if _ABSOLUTE.match(name):
            scheme = name.split(":", 1)[0].lower()
            if scheme == "egg":
                return self._reference(source, object_type, name)
            if scheme == "config":
                if source.path is None:
                    referrer.warnings.append(f"{name}: {_NOT_FOLLOWED}")
                    return self._reference(source, object_type, name)
                return self._foreign(source, object_type, name, referrer, line, depth)
            if scheme == "call":
                message = f"{name}: a call: reference works only as `use = call:…`"
            else:
                message = f"{name}: unknown scheme {scheme!r} (PasteDeploy knows config, egg, call)"
            self._refuse(referrer, message, line)
            return None
        found = source.finder.candidates(_object_type(object_type), name)
        if not found:
            wanted = (
                "filter" if object_type == "filter" else "app, composite, pipeline or filter-app"
            )
            self._refuse(referrer, f"{name!r}: no such {wanted} section", line)
            return None
        if len(found) > 1:
            listed = ", ".join(f"[{s}]" for s in found)
            self._refuse(referrer, f"{name!r} is ambiguous: {listed}", line)
            return None
        if depth is not None:
            return self._resolve(source, found[0], depth)
        prefix, _, rest = found[0].partition(":")
        self.pending.append((source, found[0]))
        return node_id(_KINDS[prefix], rest.strip(), source.prefix)

    def _reference(self, source: _Source, object_type: str, reference: str) -> str:
        """A node for an `egg:` (or unfollowed `config:`) reference used in place of a section."""
        name = source.show(reference)
        reference_id = node_id(object_type, name)
        self.nodes.setdefault(reference_id, Node(reference_id, object_type, name, name))
        return reference_id

    def _foreign(
        self,
        source: _Source,
        object_type: str,
        uri: str,
        referrer: Node,
        line: int | None,
        depth: int | None,
    ) -> str | None:
        """A section of another file, `config:PATH#NAME`, found as PasteDeploy's `_loadconfig`."""
        uri, _, name = uri.partition("#") if "#" in uri else (uri, "", "main")
        path = uri.split(":", 1)[1].replace("\\", "/")
        if not os.path.isabs(path):
            path = os.path.dirname(source.path or "") + "/" + path
        if path.startswith("///"):
            path = path[2:]
        path = os.path.abspath(unquote(path).strip())
        try:
            other = self._open(path, source)
        except IniError as exc:
            self._refuse(referrer, f"{uri}: {exc}", line)
            return None
        return self._target(other, object_type, name, referrer, line, depth)

    def _open(self, path: str, referrer: _Source) -> _Source:
        """The file at `path`, parsed once, with the first referrer's [DEFAULT] added to its own."""
        if path in self.sources:
            return self.sources[path]
        label = os.path.basename(path)
        if any(other.file == label for other in self.sources.values() if other is not self.root):
            # NOTE: two other files of one name: the second is told apart by its relative path.
            label = os.path.relpath(path, os.path.dirname(self.root.path or "")).replace(
                os.sep, "/"
            )
        text = _read_text(path, label)
        source = _parse_source(text, label, label, label, os.path.dirname(path), path)
        # NOTE: PasteDeploy adds the referrer's global_conf ([DEFAULT] and `set`s on the way) to
        # the other file's defaults; interpolation there sees the first referrer's [DEFAULT].
        source.finder.update_defaults(referrer.defaults, overwrite=False)
        self.sources[path] = source
        return source

    def _link(self, source: Node, label: str, target: str | None) -> None:
        if target is not None:
            self.edges.append(Edge(source.id, target, label))

    def _refuse(self, node: Node, message: str, line: int | None) -> None:
        node.errors.append(message)
        self.errors.append({"section": node.id, "error": message, "line": line})

    def _refuse_cycles(self) -> None:
        """Refuse every section on a cycle: PasteDeploy would recurse until RecursionError."""
        targets: dict[str, list[str]] = {}
        for edge in self.edges:
            targets.setdefault(edge.source, []).append(edge.target)
        state: dict[str, int] = {}  # 1 on the current path, 2 done
        for start in list(self.nodes):
            if start in state:
                continue
            path = [start]
            state[start] = 1
            stack = [iter(targets.get(start, []))]
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    state[path.pop()] = 2
                    stack.pop()
                elif state.get(step) == 1:
                    loop = path[path.index(step) :] + [step]
                    node = self.nodes[path[-1]]
                    self._refuse(node, f"cycle: {' → '.join(loop)}", node.line)
                elif step not in state:
                    state[step] = 1
                    path.append(step)
                    stack.append(iter(targets.get(step, [])))


def _object_type(kind: str) -> Any:
    return loadwsgi.FILTER if kind == "filter" else loadwsgi.APP


def _looks_like_prefix(key: str) -> bool:
    return key.startswith("/") or key.split()[:1] in (["domain"], ["port"])


def _subgraph(entry: str, nodes: dict[str, Node], edges: list[Edge]) -> PipelineGraph:
    """The nodes reachable from `entry`, breadth first, with the edges between them."""
    outgoing: dict[str, list[Edge]] = {}
    for edge in edges:
        outgoing.setdefault(edge.source, []).append(edge)
    order = {entry: nodes[entry]}
    queue = deque([entry])
    kept: list[Edge] = []
    while queue:
        for edge in outgoing.get(queue.popleft(), []):
            kept.append(edge)
            if edge.target not in order:
                order[edge.target] = nodes[edge.target]
                queue.append(edge.target)
    return PipelineGraph(entry, order, kept)
