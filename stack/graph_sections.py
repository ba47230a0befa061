"""One api-paste.ini section read into its node and edges, as PasteDeploy's `get_context` would.

`SectionReader` mirrors `ConfigLoader.get_context` for one section: `[DEFAULT]`, `set`/`get`,
`use` (chains merged as PasteDeploy merges them), an explicit `paste.*_factory`, `next`,
`pipeline` and `filter-with`, linking where PasteDeploy would load. How a name is found is left
to the subclass (`stack.graph`), which follows references across sections and files.

Composites: PasteDeploy hands a composite factory its keys; what they mean is up to the factory.
A section is one if its factory is: PasteDeploy takes an `egg:` factory's protocol from its
entry point's group, so `[app:main] use = egg:Paste#urlmap` is a composite (`Node.built_as`).
- urlmap-like: the factory is `egg:Paste#urlmap`, or some key is a URL prefix (`/v2`,
  `domain example.com port 8080 /`) — nova's `urlmap_factory`, glance's and cinder's
  `root_app_factory` and trove's `versioned_urlmap`, which all end in Paste's `urlmap_factory`.
  Every key but `not_found_app` is then a prefix, normalised as Paste's `URLMap` stores it, whose
  value names one app; a key that is no prefix, or a value that names nothing, is refused.
- any other composite (OpenStack's `pipeline_factory`…): a key whose words all name sections
  (filters, then an app last, as `pipeline_factory` loads them) is a branch; one name is an edge,
  several an inline pipeline `pipeline:COMPOSITE[KEY]`; any other key is a setting. But a
  `pipeline_factory` builds the key its `auth_strategy` names (`stack.graph_model.strategy`),
  and loads no other: a key with a word PasteDeploy refuses as it loads (`refused_name`) is
  no branch either; the key built being no branch, or no key, refuses it, as the factory
  would fail as it loads; unless it is only ever the `use =` of other sections, each built
  with its keys and its own.
"""

from __future__ import annotations

import configparser
import dataclasses
import importlib.metadata
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from paste.deploy import loadwsgi
from paste.urlmap import URLMap
from paste.urlmap import parse_path_expression

from stack import known_filters
from stack import redact
from stack.graph_model import DEFAULT_STRATEGY
from stack.graph_model import KINDS
from stack.graph_model import NO_SECTION
from stack.graph_model import REFUSED
from stack.graph_model import Edge
from stack.graph_model import Node
from stack.graph_model import inline_name
from stack.graph_model import is_pipeline_factory
from stack.graph_model import node_id
from stack.graph_model import strategy
from stack.ini_text import HEADER_PREFIXES
from stack.ini_text import Source
from stack.ini_text import default_lookalike_note
from stack.ini_text import interpolation_message
from stack.ini_text import readable
from stack.near_names import NEAR
from stack.near_names import listed
from stack.near_names import nearest
from stack.near_names import said_meant

#: The protocol PasteDeploy gives a `use = call:…` factory, from the section's prefix.
_KIND_PROTOCOLS = {"app": "app", "composite": "composite", "filter": "filter"}
#: The protocol of each of Paste's `egg:Paste#NAME` app and composite factories: the group
#: of its entry point, which PasteDeploy takes over the section's header (`urlmap` and
#: `cascade` are composites only). Read from Paste's own metadata, as PasteDeploy reads it:
#: Paste is ours (its URLMap reads prefixes here); no other package's is, nor is imported.
_PASTE_PROTOCOLS = {
    entry.name: entry.group.split(".")[1].removesuffix("_factory")
    for entry in importlib.metadata.distribution("Paste").entry_points
    if entry.group in ("paste.app_factory", "paste.composite_factory")
}
#: PasteDeploy's own misspelt alias of `paste.composite_factory`, which it reads as that key.
_COMPOSIT_ALIAS = "paste.composit_factory"
_COMPOSITE_FACTORY_KEYS = ("paste.composite_factory", _COMPOSIT_ALIAS)
#: The sections PasteDeploy reads each `paste.*_factory` key in: an app's keys where it loads
#: an app (an [app:…] or [composite:…]), a filter's where it loads a filter.
_PROTOCOL_SECTIONS = {
    **dict.fromkeys(("paste.app_factory", *_COMPOSITE_FACTORY_KEYS),
                    "an [app:…] or [composite:…] section"),
    **dict.fromkeys(("paste.filter_factory", "paste.filter_app_factory"),
                    "a [filter:…] or [filter-app:…] section"),
}
#: The `paste.*_factory` key of each kind of section (its filter's for a filter-app).
_KIND_FACTORY_KEYS = {"app": "paste.app_factory", "composite": "paste.composite_factory",
                      "filter": "paste.filter_factory", "filter-app": "paste.filter_factory"}
#: Most `use =` hops from a section to its factory that PasteDeploy can follow: it recurses two
#: Python frames a hop, so under Python's default recursion limit (1000) a chain of 492 loads
#: and one of 493 fails with RecursionError, even called at a script's top level with the
#: factory's module imported (measured with PasteDeploy 3.1 on Python 3.11; see
#: tests/stack/test_graph_oracle.py). Called from deeper in a program it fails a little sooner.
MAX_USE_HOPS = 492
#: A reference PasteDeploy resolves by its scheme (`egg:`, `config:`, `call:`), not by section.
ABSOLUTE = loadwsgi._Loader._absolute_re
NOT_FOLLOWED = "not followed (an uploaded file cannot refer to other files)"
#: The rest of a urlmap line `http://HOST[:PORT][/PATH] SIGN APP` after the key `http` an ini
#: reader ends at its first `:`: host, port, path, the separator (`:` or `=`) and the app.
_URL_KEY = re.compile(r"//([^/:=\s]+)(?::(\d+))?(/[^:=\s]*)?\s*([:=])?(.*)", re.DOTALL)


def split_key(key: str, value: str) -> str | None:
    """Why a urlmap key `domain`, `port` or `http` is no prefix when its value holds the rest
    of it (`domain:example.com / = app`, `http://example.com/v2 = app`: an ini key ends at its
    first `:` or `=`), or None.

    NOTE: Paste's own words ("'domain' must be followed with a domain name") would deny what
    the line plainly shows; what it was read as is the reason.
    """
    url = _URL_KEY.match(value) if key in ("http", "https") else None
    if url is not None:
        # `http://api.example.com:8080/v2 = app`, a whole URL: Paste's words for it instead,
        # with the line's own separator (`/v3: b` is a key `/v3` and the value `b` as written).
        host, port, path, sign, app = url.groups()
        separator = ": " if sign == ":" else " = "
        written = (f"`domain {host}{f' port {port}' if port else ''} {path or '/'}{separator}"
                   f"{app.strip() or 'APP'}`, the URL in Paste's words")
    elif key not in ("domain", "port") or not any(sign in value for sign in ":="):
        return None
    else:  # Paste takes a port only after a domain: `domain example.com port 8080 /`.
        written = (f"`{key} {value}`" if key == "domain" else f"`domain HOST {key} {value}`")
        written += f", with a space after {key!r}"
    return (f"{key!r} is not a URL prefix: the line is read as the key {key!r} and the value "
            f"{value!r}, as a key ends at its first ':' or '='; write {written}")


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


class Refused(Exception):
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
    #: The globals a `set NAME` gave, by NAME: where it is written (its file, section, option).
    set_at: dict[str, tuple[Source, str, str]] = dataclasses.field(default_factory=dict)


class SectionReader:
    """Reads sections into nodes and edges; a subclass finds what their names refer to."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.errors: list[dict[str, Any]] = []
        #: What each section resolved to, for the sections that `use` it.
        self.bodies: dict[str, _Body] = {}
        #: The sections being read (nested through `use`): meeting one again is a cycle.
        self.resolving: set[str] = set()
        #: How many `use =` hops each section that uses another is from its factory.
        self.use_hops: dict[str, int] = {}
        #: Why a `pipeline_factory` section cannot build the key its `auth_strategy` names
        #: from its own keys: `(message, line, key)`. Refused where it is loaded by itself, but
        #: not as the `use =` of another section, which adds keys of its own and is checked
        #: with them (PasteDeploy's `_context_from_use`): `stack.graph` decides which.
        self.unbuilt: dict[str, tuple[str, int | None, str]] = {}
        #: Warnings about what a `pipeline_factory` section builds with its own keys: said of
        #: it where it is built so, but not of a section only ever the `use =` of others,
        #: each built with keys of its own added and warned with them (`stack.graph`
        #: decides which): one cause, said once, where the edit that answers it goes.
        self.build_warnings: dict[str, list[str]] = {}
        #: The `cause` (`NO_SECTION` or `REFUSED`) of the last refusal: a word refused is
        #: recorded with it, as with its error, which is the last.
        self.last_cause = REFUSED
        #: The file of each section read, by node id: where the lines its refusals cite are.
        self.section_sources: dict[str, Source] = {}
        #: The nodes whose factory is read from a value that interpolates (`use = %(x)s`):
        #: only there may it hold a secret's text (`redact`). A factory as written is a name
        #: of code, even where a secret-named setting holds its text (Pylons' cookie name
        #: `beaker.session.key = helloworld` beside `use = egg:helloworld`).
        self.interpolated_factories: set[str] = set()
        #: The values read as lists of words, each a section's name (a pipeline's, a composite
        #: key's): where a secret of many words interpolated is refused a word at a time
        #: (`redact`).
        self.word_lists: list[list[str]] = []

    def _target(
        self,
        source: Source,
        object_type: str,
        name: str,
        referrer: Node,
        line: int | None,
        now: bool = False,
    ) -> str | None:
        """The node `name` refers to, or None (refused); `now` (a `use`): read it before."""
        raise NotImplementedError

    def _read_section(self, source: Source, section: str, node: Node) -> None:
        """Mirror `ConfigLoader.get_context` for one section, linking instead of loading."""
        local, global_conf, conf = self._options(source, section, node)
        filter_with = local.pop("filter-with", None)
        if "require" in local:
            warn(node, source, source.line(section, "require"),
                 f"require = {local.pop('require')} is not checked here")
        # NOTE: redacted once every section is read (`redact`), as the file decides.
        # NOTE: without what the graph draws as edges or the factory, also where the section
        # is refused as it is read: a refused filter-app listed its `next` as a setting.
        node.conf = {key: source.show(value) for key, value in conf.items()
                     if key not in ("use", "next", "pipeline", "filter-with", "require")}
        if node.kind == "filter-app":
            if "next" not in local:
                raise Refused(f"[{section}] has no `next` setting", node.line)
            next_name = local.pop("next")
            refused = None
            try:
                self._factory(source, section, node, local, global_conf)
            except Refused as exc:
                # NOTE: PasteDeploy finds `next` before the filter (`_filter_app_context`), so
                # a refused filter (an entry point its package lacks, `call:`…) still has the
                # app it wraps: drawn, it is not listed as an entry of its own.
                refused = exc
            # NOTE: not in a `finally`: a `use` naming a section not read yet stops the read
            # (`stack.graph._ReadFirst`) and reads this section again later, which linked its
            # `next` twice (and said a refused one twice in the file's errors).
            self._link_to(source, node, "next", "app", next_name, source.line(section, "next"))
            if refused is not None:
                raise refused
            body = None
        elif node.kind == "pipeline":
            body = None
            self._pipeline(source, section, node, local)
        else:
            body = self._factory(source, section, node, local, global_conf)
            if body.factory_context and body.protocol != _KIND_PROTOCOLS[node.kind]:
                self._built_as(source, section, node, body)
            if body.factory_context and body.protocol == "composite":
                self._dispatch(source, section, node, body)
        if filter_with is not None:
            line = source.line(section, "filter-with")
            self._link_to(source, node, "filter-with", "filter", filter_with, line)
            body = None
        if body is not None:
            self.bodies[node.id] = body

    def redact(self, *notes: dict[str, Any]) -> Callable[[str], str]:
        """Redact every section's settings (`Node.conf`: `redact.redacted`, then
        `redact.hiding`), once all are read, and what each message about them quotes.

        Not as each is read: what a section's settings hide depends on other sections. A
        `use =` of another section is built by the factory its chain ends at (tempauth's
        accounts are hidden whichever section names it), and a secret hidden in one setting
        (`admin_password`) is hidden in every other that holds its text, as one interpolating
        it does (`args = --pw %(admin_password)s`), in every file read. So is it in every
        message that quotes such a value (`require = %(admin_password)s is not checked
        here`, a pipeline's word naming no section), in a factory interpolated, and in
        `notes`, the messages kept elsewhere (`{"error"}` or `{"warning"}` each). Returns what
        hides them, for messages said later (`IniFile.hide`).
        """
        built_by = self._built_by()
        hidden: set[str] = set()
        for source in {source.file: source for source in self.section_sources.values()}.values():
            hidden |= redact.redacted(source.defaults)[1]
        shown = {}
        for node in self.nodes.values():
            shown[node.id], texts = redact.redacted(node.conf, built_by[node.id])
            hidden |= texts
        hide = redact.hiding(hidden, self.word_lists)
        for node in self.nodes.values():
            node.conf = {name: hide(value) for name, value in shown[node.id].items()}
            if node.id in self.interpolated_factories:
                node.factory = hide(node.factory)
            _hide_in_messages(node, hide)
        for note in [*self.errors, *notes]:
            for key in note.keys() & {"error", "warning"}:
                note[key] = hide(note[key])
        return hide

    def _built_by(self) -> dict[str, str]:
        """The factory each node is built by, as written (`Node.factory`): for a `use =` of
        another section, the one at the end of its chain (a cycle's: where it closes)."""
        uses = {edge.source: edge.target for edge in self.edges if edge.label == "use"}
        built_by: dict[str, str] = {}
        for start in self.nodes:
            chain, at = {start: None}, start  # the chain so far, in order
            while at in uses and at not in built_by and uses[at] not in chain:
                at = uses[at]
                chain[at] = None
            factory = built_by.get(at, self.nodes[at].factory or "")
            built_by.update(dict.fromkeys(chain, factory))
        return built_by

    def _options(
        self, source: Source, section: str, node: Node
    ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """The section's local_conf and global_conf as PasteDeploy computes them, and its conf."""
        parser = source.parser
        defaults = source.defaults
        global_conf = dict(defaults)
        local: dict[str, str] = {}
        conf: dict[str, str] = {}
        gets: dict[str, tuple[str, str]] = {}
        for misread in source.read_otherwise.get(section, []):
            warn(node, source, misread.line, misread.warning)
        for option in parser.options(section):
            if option.startswith("set "):
                global_conf[option[4:].strip()] = conf[option] = self._get(source, section, option)
            elif option.startswith("get "):
                gets[option[4:].strip()] = (option, self._get(source, section, option))
            elif option in defaults:
                line = source.line(section, option)
                if line is not None:
                    warn(node, source, line, f"{option!r} is also in [DEFAULT]: PasteDeploy "
                         "passes the factory only the [DEFAULT] value (in global_conf), not "
                         "this one")
            else:
                local[option] = conf[option] = self._get(source, section, option)
        for name, (option, global_name) in gets.items():
            if global_name not in global_conf:
                note = default_lookalike_note(source, global_name)
                message = (f"`{option} = {global_name}`: no {global_name!r} in [DEFAULT] or a "
                           f"`set`{note}")
                raise Refused(message, source.line(section, option))
            local[name] = conf[name] = global_conf[global_name]
        return local, global_conf, conf

    def _get(self, source: Source, section: str, option: str) -> str:
        try:
            return source.parser.get(section, option)
        except configparser.Error as exc:
            message = interpolation_message(exc, source)
            raise Refused(message, source.line(section, option)) from None

    def _pipeline(self, source: Source, section: str, node: Node, local: dict[str, str]) -> None:
        if "pipeline" not in local:
            # NOTE: not "[pipeline:x] has no…": every place that says a refusal names the
            # section already. A `Pipeline =` is the setting mistyped: names are case-sensitive.
            typed = [name for name in local if name.lower() == "pipeline"]
            note = (f" (`{typed[0]}` is set, but PasteDeploy's setting names are "
                    "case-sensitive: write `pipeline`)" if typed else "")
            raise Refused(f"no `pipeline` setting{note}",
                          source.line(section, typed[0]) if typed else node.line)
        names = local.pop("pipeline").split()
        self.word_lists.append(names)
        if local:
            extra = ", ".join(map(repr, local))  # a key may be `[app`, of a header missing its ]
            line = source.line(section, next(iter(local)))
            raise Refused(f"a pipeline takes no other settings, found: {extra}", line)
        if not names:
            raise Refused("empty pipeline", source.line(section, "pipeline"))
        line = source.line(section, "pipeline")
        types = word_kinds(names)
        hint = written_note(names, [self._names(source, t, name)
                                    for t, name in zip(types, names, strict=True)])
        if hint is not None:  # the cause of the refusals of its words, said first
            self._refuse(node, hint, line)
        # NOTE: PasteDeploy looks the app up before the filters, so a refusal it would raise
        # first (the one `which` gives) comes first here too; the edges keep the file's order.
        last = len(names) - 1
        app = self._member(source, node, line, last, "app", names[last])
        filters = [self._member(source, node, line, position, "filter", name)
                   for position, name in enumerate(names[:last])]
        node.refused_members.sort(key=lambda member: member["pos"])
        for position, target in enumerate([*filters, app]):
            self._link(node, str(position), target)

    def _member(self, source: Source, node: Node, line: int | None, position: int,
                object_type: str, name: str) -> str | None:
        """The node a pipeline's member at `position` refers to; refused (None), it is kept
        in `Node.refused_members` with the error `_target` gave it, which is the last."""
        target = self._target(source, object_type, name, node, line)
        if target is None:
            node.refused_members.append(
                {"pos": position, **self._refused_word(node, name, object_type)})
        return target

    def _link_to(self, source: Source, node: Node, label: str, object_type: str, name: str,
                 line: int | None, now: bool = False) -> str | None:
        """`node`'s `use`, `next` or `filter-with` (`label`) to what `name` names, as
        `_target` finds it (`now`: as there); refused (None), it is kept in
        `Node.refused_links` with the error `_target` gave it, which is the last: what draws
        the edge's hole need not find it in the error's wording."""
        target = self._target(source, object_type, name, node, line, now)
        if target is None:
            node.refused_links.append(
                {"label": label, "line": line, **self._refused_word(node, name, object_type)})
        self._link(node, label, target)
        return target

    def _refused_word(self, node: Node, name: str, object_type: str) -> dict[str, Any]:
        """A word `_target` just refused, as `Node.refused_members`, `refused_targets` and
        `refused_links` record it: with the error it gave `node` and its cause, the last ones."""
        return {"name": name, "kind": object_type, "error": node.errors[-1],
                "cause": self.last_cause}

    def _factory(
        self,
        source: Source,
        section: str,
        node: Node,
        local: dict[str, str],
        global_conf: dict[str, str],
    ) -> _Body:
        """Resolve `use = …` or an explicit `paste.*_factory = …`, as PasteDeploy would."""
        object_type = "filter" if node.kind in ("filter", "filter-app") else "app"
        protocol = _KIND_PROTOCOLS.get(node.kind, "filter")
        if "use" not in local:
            return self._explicit(source, section, node, local, global_conf, object_type)
        use = local.pop("use")
        self._read_factory(source, section, node, "use", use)
        line = source.line(section, "use")
        mine = _Body(True, protocol, use, local, global_conf, _set_by(source, section))
        scheme = use.split(":", 1)[0].lower() if ABSOLUTE.match(use) else None
        if scheme == "egg":
            missing = missing_entry_point(use, object_type)
            if missing is not None:
                # NOTE: oslo.middleware's healthcheck has no filter entry point since it became
                # an app: PasteDeploy's "not found" alone leaves the operator guessing why.
                how = (known_filters.app_only_words(use, node.name)
                       if object_type == "filter" else None)
                raise Refused(f"use = {source.show(use)}: {missing}"
                              + (f" ({how})" if how else ""), line)
            if object_type == "app":
                mine.protocol = egg_protocol(use) or protocol
            return mine
        if scheme == "call":
            if ":" not in use[5:]:
                raise Refused(f"use = {use}: a call: reference needs module:function", line)
            if node.kind == "filter-app":
                message = "PasteDeploy has no protocol for `use = call:…` in a [filter-app:…]"
                raise Refused(message, line)
            return mine
        if scheme == "config" and source.path is None:
            warn(node, source, line, f"{use}: {NOT_FOLLOWED}")
            return mine
        target = self._link_to(source, node, "use", object_type, use, line, now=True)
        if target is None:
            return mine
        hops = self.use_hops[node.id] = self.use_hops.get(target, 0) + 1
        if hops > MAX_USE_HOPS:
            message = (
                f"{hops} `use =` hops to its factory: PasteDeploy follows them by recursion and "
                f"fails past {MAX_USE_HOPS} (RecursionError: maximum recursion depth exceeded)"
            )
            raise Refused(message, line)
        inner = self.bodies.get(target)
        if inner is None:  # refused, in a cycle (reported later), or not a factory's context
            return dataclasses.replace(mine, factory_context=target in self.resolving)
        # NOTE: as `_context_from_use` merges them: the used section's `set`s over this
        # section's [DEFAULT], this section's `set`s over all.
        set_at = {**inner.set_at, **mine.set_at}
        merged_globals = {**inner.globals, **global_conf,
                          **{name: inner.globals[name] for name in inner.set_at
                             if name not in mine.set_at}}
        return _Body(True, inner.protocol, inner.callable, {**inner.keys, **local},
                     merged_globals, set_at)

    def _explicit(
        self,
        source: Source,
        section: str,
        node: Node,
        local: dict[str, str],
        global_conf: dict[str, str],
        object_type: str,
    ) -> _Body:
        """Mirror `_context_from_explicit`: exactly one `paste.*_factory` key."""
        protocols = lookup_type(object_type).egg_protocols
        possible = [
            next(p for p in group if p in local) for group in protocols if local.keys() & group
        ]
        if len(possible) > 1:
            raise Refused(f"several factories given: {', '.join(possible)}", node.line)
        if not possible:
            # NOTE: PasteDeploy's alias is not asked for: it would read as a typo of ours.
            wanted = " or ".join(p for group in protocols for p in group if p != _COMPOSIT_ALIAS)
            other = lookup_type("app" if object_type == "filter" else "filter").egg_protocols
            misplaced = next((p for group in other for p in group if p in local), None)
            if misplaced is not None:  # `paste.filter_factory` in an [app:…]: not its kind's
                raise Refused(_misplaced_words(node.kind, misplaced),
                              source.line(section, misplaced))
            misspelt = _misspelt_factory_key(source, section, local, protocols)
            if misspelt is not None:
                line, note = misspelt
                raise Refused(f"no factory: needs `use = …` or {wanted}; {note}", line)
            raise Refused(f"no factory: needs `use = …` or {wanted}", node.line)
        key = possible[0]
        value = local.pop(key)
        self._read_factory(source, section, node, key, value)
        node.conf.pop(key, None)
        if ":" not in value:
            # NOTE: PasteDeploy loads the value as an entry point's: no `:`, no attribute.
            module, dot, name = value.strip().rpartition(".")
            meant = f" (meant `{module}:{name}`?)" if dot and module else ""
            warn(node, source, source.line(section, key),
                 f"`{key} = {value}` has no `:`: a factory is `module:object`; without the "
                 f"`:` PasteDeploy imports all of `{value}` as a module and calls the module "
                 f"itself, which fails{meant}")
        if object_type == "filter":
            protocol = "filter"
            how = known_filters.app_only_words(value, node.name)
            if how is not None:  # known by name: `inspect` imports nothing
                warn(node, source, source.line(section, key),
                     f"`{value.strip()}` is no filter since {known_filters.APP_ONLY_SINCE} "
                     f"(as one it raises NotImplementedError, and no pipeline naming it is "
                     f"built); {how}")
        else:
            protocol = "composite" if key in _COMPOSITE_FACTORY_KEYS else "app"
        return _Body(True, protocol, value, local, global_conf, _set_by(source, section))

    def _read_factory(self, source: Source, section: str, node: Node, key: str,
                      value: str) -> None:
        """`node`'s factory, `value`, read from its setting `key` (`interpolated_factories`)."""
        node.factory = source.show(value)
        if "%(" in source.parser.get(section, key, raw=True, fallback=""):
            self.interpolated_factories.add(node.id)

    @staticmethod
    def _built_as(source: Source, section: str, node: Node, body: _Body) -> None:
        """Say that PasteDeploy builds the section as its factory's entry point has it, not
        as its header says (`[app:main] use = egg:Paste#urlmap` is a composite), and mark
        the node so (`Node.built_as`): `which` walks it as what is built."""
        node.built_as = body.protocol
        branches = ("its keys are its branches" if body.protocol == "composite" else
                    "its keys are settings, not branches")
        built = "a composite" if body.protocol == "composite" else "an app"
        warn(node, source, source.line(section, "use"),
             f"PasteDeploy builds it as {built}, whatever its [{section.partition(':')[0]}:…] "
             f"header says: its factory, `{body.callable}`, is Paste's entry point in the "
             f"group paste.{body.protocol}_factory, and that group decides how it is called; "
             f"so {branches}")

    def _dispatch(self, source: Source, section: str, node: Node, body: _Body) -> None:
        """Edges for a composite's keys (see the module docstring for the rule).

        A `pipeline_factory` builds the one key `strategy` names: that key naming what is
        not there, or what PasteDeploy refuses (`refused_name`), or no key by that name,
        refuses the composite, as the factory would fail, wherever it is built with these
        keys (`unbuilt`); a key it never builds, and so never loads, is only a warning.
        """
        keys = dict(body.keys)
        callable_ = (body.callable or "").lower()
        if callable_ == "egg:paste#urlmap" or any(_looks_like_prefix(key) for key in keys):
            self._urlmap(source, section, node, keys, body.globals)
            return
        # NOTE: by the factory a `use =` chain ends in, with the keys merged along it, as
        # PasteDeploy calls it and `stack.resolve` chooses by it: `[composite:main] use = pf`
        # adding `noauth = …` to a `pf` whose `auth_strategy = noauth` builds that key.
        chosen = strategy(keys) if is_pipeline_factory(body.callable) else None
        unread = _unread_set(source, section, body) if chosen is not None else ""
        if chosen is not None and "auth_strategy" not in keys and "auth_strategy" in body.globals:
            self.build_warnings.setdefault(node.id, []).append(
                _unread_strategy(source, section, body))
        alternatives = []
        for key, value in keys.items():
            words = value.split()
            self.word_lists.append(words)
            types = word_kinds(words)
            named = [self._names(source, t, word) for t, word in zip(types, words, strict=True)]
            refused = [refused_name(source, t, word) if ok and chosen is not None else None
                       for t, word, ok in zip(types, words, named, strict=True)]
            line = source.line(section, key)
            if words and all(named) and not any(refused):
                alternatives.append(key)
                self._branch(source, node, key, list(zip(types, words, strict=True)), line)
                continue
            misplaced = [None if ok else misplaced_section(source, t, word)
                         for t, word, ok in zip(types, words, named, strict=True)]
            problems = [
                refusal if ok else f"{word!r} names no {t} section"
                f"{missing_note(source, t, word, node)}{misplaced_note(t, other)}"
                for t, word, ok, other, refusal
                in zip(types, words, named, misplaced, refused, strict=True)
            ]
            missing = "; ".join([*filter(None, [written_note(words, named)]),
                                 *(problem for problem in problems if problem is not None)])
            where = f" (line {line})" if line is not None else ""
            if chosen is not None and key == chosen[0]:
                self.unbuilt[node.id] = (f"{strategy_words(*chosen, unread)} picks its `{key}` "
                                         f"alternative{where}, where "
                                         f"{missing or 'no section is named'}", line, key)
            elif (any(named) or any(misplaced)) and (value == key or value not in keys):
                # NOTE: not a value naming another key (`auth_strategy = noauth`): it chooses.
                said = (f"its `{key}` alternative, not followed, would fail if chosen"
                        if chosen is not None else f"{key!r} is read as a setting")
                warn(node, source, line, f"{said}: {missing}")
                if chosen is not None:
                    node.refused_alternatives[key] = {"line": line, "error": readable(
                        f"as chosen, it builds its `{key}` alternative{where}, where {missing}")}
            else:
                continue
            if chosen is not None and words:
                node.refused_targets.append({"label": key, "line": line, "members": [
                    {"pos": pos, "name": word, "kind": t,
                     "error": None if problem is None else readable(problem),
                     "cause": None if problem is None else word_cause(ok, word)}
                    for pos, (t, word, problem, ok) in enumerate(zip(types, words, problems,
                                                                     named, strict=True))]})
        if chosen is not None and chosen[0] not in keys:
            offered = ", ".join(alternatives) or "it has none"
            self.unbuilt[node.id] = (f"{strategy_words(*chosen, unread)} names none of its "
                                     f"alternatives "
                                     f"({offered}), so it has no pipeline to build",
                                     source.line(section, "auth_strategy") or node.line,
                                     chosen[0])

    def _branch(self, source: Source, node: Node, key: str, words: list[tuple[str, str]],
                line: int | None) -> None:
        """A composite's key whose words (each with the type it names) all name sections: an
        edge to the one, or to an inline pipeline `pipeline:COMPOSITE[KEY]` of them all."""
        node.conf.pop(key, None)
        if len(words) == 1:
            self._branch_to(source, node, key, words[0][1], line)
            return
        name = inline_name(node.name, key)
        inline = Node(node_id("pipeline", name, source.prefix), "pipeline", name, None)
        inline.file, inline.line = source.file, line
        self.nodes.setdefault(inline.id, inline)
        self._link(node, key, inline.id)
        for position, (object_type, word) in enumerate(words):
            target = self._target(source, object_type, word, node, line)
            if target is None:  # the composite's refusal; the hole is in the inline lane
                inline.refused_members.append(
                    {"pos": position, **self._refused_word(node, word, object_type)})
            self._link(inline, str(position), target)

    def _urlmap(
        self,
        source: Source,
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
            self._branch_to(source, node, "not_found_app", not_found,
                            source.line(section, "not_found_app"))
        prefixes: dict[str, tuple[str, str]] = {}
        for key, value in keys.items():
            node.conf.pop(key, None)
            try:
                label = prefix_label(key)
            except ValueError as exc:
                message = f"urlmap key {split_key(key, value) or exc}"
                self._refuse(node, message, source.line(section, key))
                continue
            if label in prefixes:
                earlier = prefixes.pop(label)[0]
                message = f"{earlier!r} and {key!r} are both {label}: urlmap keeps the last"
                warn(node, source, source.line(section, key), message)
            prefixes[label] = (key, value)
        for label, (key, value) in prefixes.items():
            self._branch_to(source, node, label, value, source.line(section, key))

    def _branch_to(self, source: Source, node: Node, label: str, name: str,
                   line: int | None) -> None:
        """A composite's branch `label` to the one app `name`; refused, it is kept in
        `Node.refused_targets` with the error `_target` gave it, which is the last."""
        target = self._target(source, "app", name, node, line)
        if target is None:
            node.refused_targets.append({"label": label, "line": line, "members": [
                {"pos": 0, **self._refused_word(node, name, "app")}]})
        self._link(node, label, target)

    def _names(self, source: Source, object_type: str, word: str) -> bool:
        """Whether a word of a composite key names something PasteDeploy would load."""
        if ABSOLUTE.match(word):
            return word.split(":", 1)[0].lower() in ("config", "egg", "call")
        return bool(source.finder.candidates(lookup_type(object_type), word))

    def _link(self, source: Node, label: str, target: str | None) -> None:
        if target is not None:
            self.edges.append(Edge(source.id, target, label))

    def _refuse(self, node: Node, message: str, line: int | None, cause: str = REFUSED) -> None:
        """Record a refusal; every one passes here, so each is made one readable line here.
        `cause`: `NO_SECTION` where it is that no section answers to a name."""
        self.last_cause = cause
        source = self.section_sources.get(node.id)
        # NOTE: only a message quoting a value of many lines, as itself or as its repr, can
        # be about indented lines: the note is looked for then.
        multiline = "\n" in message or "\\n" in message
        note = (source.continued_note(line)
                if multiline and source is not None and line is not None else None)
        if note is not None:  # the value quoted runs over indented lines
            message = f"{note}; so " + message.replace("\\n", " ")
        message = readable(message)
        node.errors.append(message)
        node.error_lines.append(line)
        self.errors.append({"section": node.id, "error": message, "line": line})


def _hide_in_messages(node: Node, hide: Callable[[str], str]) -> None:
    """`node`'s messages with `hide` applied (`SectionReader.redact`); the word a refusal is
    of too, but not one naming a section, which is a name of the file."""
    node.warnings = [hide(warning) for warning in node.warnings]
    node.errors = [hide(error) for error in node.errors]
    words = [*node.refused_members, *node.refused_links,
             *(member for branch in node.refused_targets for member in branch["members"])]
    for word in words:
        if word["error"] is not None:
            word["name"], word["error"] = hide(word["name"]), hide(word["error"])
    for refused in node.refused_alternatives.values():
        refused["error"] = hide(refused["error"])


def refused_name(source: Source, object_type: str, name: str) -> str | None:
    """Why PasteDeploy would refuse what `name` refers to although something answers to it,
    in the words a refusal says it with: an `egg:` entry point its package lacks, a `call:`
    reference where only `use =` takes one, a name several sections answer to; None
    otherwise (also where nothing answers: `missing_note` says that)."""
    if ABSOLUTE.match(name):
        scheme = name.split(":", 1)[0].lower()
        if scheme == "call":
            return f"{name}: a call: reference works only as `use = call:…`"
        missing = missing_entry_point(name, object_type) if scheme == "egg" else None
        return None if missing is None else f"{source.show(name)}: {missing}"
    found = source.finder.candidates(lookup_type(object_type), name)
    if len(found) > 1:
        return f"{name!r} is ambiguous: {', '.join(f'[{s}]' for s in found)}"
    return None


def _misplaced_words(kind: str, key: str) -> str:
    """Why a section of `kind` with the factory key `key` of the other kind of section has
    no factory PasteDeploy reads, and the key its kind's is.

    It does have a factory, of the wrong kind: said first, for "no factory" sent the
    operator looking for a factory line they can see is there."""
    meant = _KIND_FACTORY_KEYS[kind]
    return (f"names its factory with `{key}`{_alias_note(key)}, which PasteDeploy reads only in "
            f"{_PROTOCOL_SECTIONS[key]}: {'an' if kind == 'app' else 'a'} {kind}'s is `{meant}` "
            "(or `use = …`)")


def _alias_note(key: str) -> str:
    """` (PasteDeploy's own alias of paste.composite_factory)` after `paste.composit_factory`,
    which reads as a typo of ours without it; "" after any other key."""
    if key != _COMPOSIT_ALIAS:
        return ""
    return f" (PasteDeploy's own alias of {_COMPOSITE_FACTORY_KEYS[0]})"


def _misspelt_factory_key(source: Source, section: str, local: dict[str, str],
                         protocols: Any) -> tuple[int | None, str] | None:
    """A key of `section` that is a misspelling of one of its kind's `paste.*_factory` keys
    (`paste.filter_factroy`, `Paste.Filter_Factory`): its line, and a note naming it and the
    key meant; None if no key is near one.

    NOTE: PasteDeploy's `ConfigLoader` sets `optionxform = str`: its keys are case-sensitive,
    so `Paste.Filter_Factory` is only a setting, and the section has no factory."""
    keys = [key for group in protocols for key in group]
    for option in local:
        meant = nearest(option.lower(), keys, NEAR)
        if meant:
            line = source.line(section, option)
            case = " PasteDeploy's keys are case-sensitive" if option.lower() in meant else ""
            where = f"line {line} " if line is not None else ""
            return line, f"{where}`{option}`: {said_meant(meant)}{case}"
    return None


def written_note(words: list[str], named: list[bool]) -> str | None:
    """Why a pipeline's words (or a composite key's; `named`: whether each finds what it
    names) may not be the names they were written as: an inline `# comment`, names separated
    by commas; None otherwise.

    NOTE: `pipeline_factory` splits a key's value at whitespace only, as PasteDeploy does a
    pipeline's: `filt,` keeps its comma, and names no section.
    """
    commas = [f"`{word}`" for word, ok in zip(words, named, strict=True) if "," in word and not ok]
    comma = None
    if commas:
        are = "is read with its comma" if len(commas) == 1 else "are read with their commas"
        comma = f"names are separated by spaces, not commas: {listed(commas)} {are}"
    return "; ".join(filter(None, [comment_note(words, named), comma])) or None


def comment_note(words: list[str], named: list[bool]) -> str | None:
    """Why a value's words from one starting with `#` or `;` on find nothing, if they do not:
    PasteDeploy's parser (configparser, with no `inline_comment_prefixes`) takes a comment
    only as a whole line, so the rest of a line is part of its value."""
    start = next((at for at, word in enumerate(words) if word[:1] in "#;" and at), None)
    if start is None or all(named[start:]):
        return None
    return (f"`{' '.join(words[start:])}` is read as part of the value: `{words[start][0]}` "
            "after a value is not a comment in PasteDeploy: only a line starting with `#` or "
            "`;` is")


def word_cause(named: bool, word: str) -> str:
    """The `cause` of a refused word (`NO_SECTION` or `REFUSED`), as `_target` records it:
    no section answers to a name that `named` nothing; a reference (`egg:`, `foo:`) is no
    section's name, so its refusal is PasteDeploy's, whatever it was."""
    return NO_SECTION if not named and not ABSOLUTE.match(word) else REFUSED


def lookup_type(kind: str) -> Any:
    """PasteDeploy's object type to find a section of `kind` by: `loadwsgi.FILTER` or `APP`."""
    return loadwsgi.FILTER if kind == "filter" else loadwsgi.APP


def missing_note(source: Source, object_type: str, name: str, referrer: Node | None) -> str:
    """` (why)` where a line of `source` looks like the header of the section `name` is
    missing, but is read as a setting, or where a section's name is near it (a typo); ""
    otherwise. `referrer`: the section that names it, None for the name asked for (`--name`).

    NOTE: the line is cited with its file's name unless both it and the section naming it are
    in the file read: a bare "line 3" is read as the file read's, wherever it is said.
    """
    misread = source.misread_as(lookup_type(object_type), name)
    ours = _ours(source, referrer)
    if misread is not None:
        return f" ({misread.note(None if ours else source.file)})"
    unread = unread_section(source, name)
    if unread is not None:
        meant = unknown_kind(unread)
        guess = f": {said_meant([f'{kind}:{name}' for kind in meant], '[{}]')}" if meant else ""
        return (f" ([{unread}]{_at(source, unread, ours)} has that name, but "
                f"`{unread.partition(':')[0]}` is no section kind PasteDeploy reads{guess})")
    meant = source.likely_meant(lookup_type(object_type), name)
    if not meant:
        return ""
    return f" ({said_meant([f'[{s}]{_at(source, s, ours)}' for s in meant], '{}')})"


def _ours(source: Source, referrer: Node | None) -> bool:
    """Whether a line of `source` may be cited bare ("line 3") to the reader of `referrer`'s
    refusal: both are in the file read."""
    return source.prefix is None and (referrer is None or referrer.file == source.file)


def _at(source: Source, section: str, ours: bool) -> str:
    """` at line N` (` at FILE:N` where the line is not of the file read, or not where the
    section naming it is), or "" for no line: where a note sends the reader."""
    line = source.line(section)
    return "" if line is None else f" at line {line}" if ours else f" at {source.file}:{line}"


def unread_section(source: Source, name: str) -> str | None:
    """The section of `source` named `name` whose kind PasteDeploy reads none by
    (`[pipline:apiversions]`, `unknown_kind`), or None: what a name no section answers to
    was most likely meant to find."""
    return next((section for section in source.parser.sections()
                 if section.partition(":")[2].strip() == name
                 and unknown_kind(section) is not None), None)


def word_kinds(words: list[str]) -> list[str]:
    """What each word of a pipeline (or a `pipeline_factory` key) names: a filter, but the
    last, the app."""
    return ["filter"] * (len(words) - 1) + ["app"] if words else []


def section_id(source: Source, section: str) -> str:
    """The node id of a section of `source` (`[composite:main]` → `composite:main`, with
    `other.ini#` before it for a file other than the one read)."""
    prefix, _, rest = section.partition(":")
    return node_id(KINDS[prefix], rest.strip(), source.prefix)


def unknown_kind(section: str) -> list[str] | None:
    """For a header `[KIND:NAME]` whose KIND is no prefix PasteDeploy reads (`[pipline:api]`),
    so that no name loads it: the kinds likely meant (`pipeline`), or [] if none is near; None
    for a kind PasteDeploy reads, spaced or not (`[app :x]` is refused, not guessed at), or a
    header without `:` ([DEFAULT], a logging section). PasteDeploy's misspelt alias `composit`
    is never one: `composite` is as near as it to any slip, and reads as what was meant."""
    prefix, colon, _ = section.partition(":")
    if not colon or prefix.strip() in HEADER_PREFIXES:
        return None
    return nearest(prefix, sorted(HEADER_PREFIXES - {"DEFAULT", "composit"}))


def _set_by(source: Source, section: str) -> dict[str, tuple[Source, str, str]]:
    """The globals the section's `set NAME = …` options give, by NAME (`_Body.set_at`)."""
    return {option[4:].strip(): (source, section, option)
            for option in source.parser.options(section) if option.startswith("set ")}


def _unread_strategy(source: Source, section: str, body: _Body) -> str:
    """Why the `auth_strategy` in a `pipeline_factory`'s global_conf chooses nothing, at the
    line that puts it there: a `set auth_strategy` of the section or of one it `use`s (the
    line to edit), else [DEFAULT]'s. A `set` reads as the section choosing, but PasteDeploy's
    `get_context` puts what it sets in the global_conf alone, never in the settings
    (`local_conf`) the factory picks its key from."""
    value = body.globals["auth_strategy"]
    followed = f"so OpenStack's default, `{DEFAULT_STRATEGY}`, is followed"
    reads = ("a `pipeline_factory` reads `auth_strategy` from its own settings (nova's, from "
             "nova.conf)")
    if "auth_strategy" not in body.set_at:
        return located(source, source.line("DEFAULT", "auth_strategy"),
                       f"`auth_strategy = {value}` in [DEFAULT] is not read here: PasteDeploy "
                       f"gives [DEFAULT] to a factory as its global_conf, while {reads}, "
                       f"{followed}; move it from [DEFAULT] into [{section}] to choose here")
    where, holder, option = body.set_at["auth_strategy"]
    used = "" if holder == section else f" (in [{holder}], which it uses)"
    return located(where, where.line(holder, option),
                   f"`{option} = {value}`{used} is not read here: `set` puts it in the "
                   f"global_conf PasteDeploy gives every factory, not in the section's own "
                   f"settings, and {reads}, {followed}; write `auth_strategy = {value}`, "
                   f"without `set`, to choose here")


def warn(node: Node, source: Source, line: int | None, message: str) -> None:
    """Warn about a line of a section: `FILE:LINE: message`, so a reader is sent to that
    line (the upload page places it there), not to the section's header."""
    node.warnings.append(located(source, line, message))


def located(source: Source, line: int | None, message: str) -> str:
    """`FILE:LINE: message`, or the message alone for no line: a warning as `warn` says it."""
    return f"{source.file}:{line}: {message}" if line is not None else message


def misplaced_section(source: Source, object_type: str, word: str) -> str | None:
    """The section of the other kind `word` names where a composite key wants `object_type`
    (`[filter:g]` where the last word must be an app), or None."""
    if ABSOLUTE.match(word):
        return None
    other = "app" if object_type == "filter" else "filter"
    found = source.finder.candidates(lookup_type(other), word)
    return found[0] if found else None


def misplaced_name_note(source: Source, object_type: str, name: str, referrer: Node) -> str:
    """Why a name finds no section of the kind it needs when it names one of the other
    (`pipeline = auth add_header`, the filter last; a filter's `use = app` beside an
    `[app:app]`), or "": PasteDeploy's "no such filter" beside an `[app:app]` that is there
    reads as a contradiction."""
    section = misplaced_section(source, object_type, name)
    if section is None or referrer.kind == "pipeline":
        return misplaced_note(object_type, section, "a pipeline's")
    return misplaced_note(object_type, section, None, _at(source, section, _ours(source, referrer)))


def misplaced_note(object_type: str, section: str | None, whose: str | None = "a key's",
                   at: str = "") -> str:
    """` (why)` for `misplaced_section`'s answer: a key's (or a pipeline's, `whose`) words
    are filters, then one app; any other name (`use`, `next`, `filter-with`, a urlmap's
    value: `whose` None) is looked up among the sections of one kind (`at`: where `section`
    is, as `_at` says it)."""
    if section is None:
        return ""
    if whose is None and object_type == "filter":
        return (f" ([{section}]{at} has that name, but is not a filter: PasteDeploy looks a "
                "filter up among [filter:…] sections only)")
    if whose is None:
        return (f" ([{section}]{at} has that name, but is a filter: PasteDeploy looks an app "
                "up among [app:…], [composite:…], [pipeline:…] and [filter-app:…] sections only)")
    if object_type == "app":
        return (f" ([{section}] is a filter: {whose} last word must name an app, a pipeline "
                "or a composite)")
    return f" ([{section}] is not a filter: only {whose} last word names an app)"


def strategy_words(key: str, why: str, unread: str = "") -> str:
    """What made a `pipeline_factory` pick `key` (a `stack.graph_model.strategy` reason);
    `unread` the `set auth_strategy` that reads as choosing and chooses nothing
    (`_unread_set`), said as `stack.resolve.chosen_words` says it."""
    if why == "default auth_strategy" and unread:
        return (f"OpenStack's default `auth_strategy` ({key}: {unread} is not read, as `set` "
                "puts it in the global_conf, not in the composite's own settings)")
    if why == "default auth_strategy":
        return f"OpenStack's default `auth_strategy` ({key}: the composite sets none)"
    return f"its `auth_strategy = {key}`"


def _unread_set(source: Source, section: str, body: _Body) -> str:
    """`set auth_strategy = noauth2` at line 3 (`, in [SECTION], which it uses,` where a used
    section sets it; `FILE:3` in another file): the `set` a `pipeline_factory` does not read,
    where an operator edits it; "" where none sets it."""
    if "auth_strategy" not in body.set_at:
        return ""
    where, holder, option = body.set_at["auth_strategy"]
    line = where.line(holder, option)
    at = ("" if line is None else f" at line {line}" if where is source else
          f" at {where.file}:{line}")
    used = "" if holder == section else f", in [{holder}], which it uses,"
    return f"`{option} = {body.globals['auth_strategy']}`{at}{used}"


def egg_protocol(reference: str) -> str | None:
    """"app" or "composite": how PasteDeploy builds `egg:Paste#NAME` (`_PASTE_PROTOCOLS`),
    whatever the section using it is; None for another package's entry point, which the
    section's header decides here (its group is in metadata this does not read)."""
    spec, _, name = reference.split(":", 1)[1].partition("#")
    if spec.lower() != "paste":
        return None
    return _PASTE_PROTOCOLS.get(name or "main")


def missing_entry_point(reference: str, object_type: str) -> str | None:
    """Why PasteDeploy would find no `egg:DIST#NAME` for a section of `object_type`: DIST is
    installed and has no entry point NAME in the groups PasteDeploy looks in (its
    `find_egg_entry_point`), read from DIST's metadata, nothing imported; None otherwise. A
    DIST not installed here (nova's on a laptop without nova) is not judged: the machine
    serving it may have it."""
    spec, _, name = reference.split(":", 1)[1].partition("#")
    try:
        entry_points = importlib.metadata.distribution(spec.strip()).entry_points
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None
    name = name or "main"
    groups = [group for groups in lookup_type(object_type).egg_protocols for group in groups]
    if any(entry.name == name and entry.group in groups for entry in entry_points):
        return None
    meant = nearest(name, sorted({entry.name for entry in entry_points if entry.group in groups}))
    guess = f"; {said_meant([f'egg:{spec}#{entry}' for entry in meant])}" if meant else ""
    return (f"entry point {name!r} not found in egg {spec!r} (none by that name in "
            f"{', '.join(group + _alias_note(group) for group in groups)}{guess})")


def egg_note(name: str) -> str:
    """` (meant egg:…?)` for a name written like a distribution's entry point without its
    scheme (`use = Paste#urlmap`): PasteDeploy then looks for a section of that name."""
    distribution, hash_, entry = name.partition("#")
    if not hash_ or not distribution or not entry or not distribution[0].isalpha():
        return ""
    return f" (a factory of a package is named with its scheme: meant `egg:{name}`?)"


def _looks_like_prefix(key: str) -> bool:
    return key.startswith("/") or key.split()[:1] in (["domain"], ["port"])
