"""A section's factory as PasteDeploy finds it: `use =` (chains merged as PasteDeploy merges
them, `egg:`, `call:`, `config:`) or an explicit `paste.*_factory`, and what it is built as.

`FactoryReader` adds this to what a reader records (`stack.section_record`); an `egg:`
factory's entry point is looked up in its distribution's metadata, nothing imported.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
from dataclasses import dataclass
from typing import Any

from stack import known_filters
from stack.graph_model import Node
from stack.ini_text import Source
from stack.near_names import NEAR
from stack.near_names import module_part
from stack.near_names import nearest
from stack.near_names import said_meant
from stack.section_names import looked_up
from stack.section_names import lookup_type
from stack.section_names import scheme_of
from stack.section_options import Refused
from stack.section_options import set_by
from stack.section_options import warn
from stack.section_record import SectionRecord

#: The protocol PasteDeploy gives a `use = call:…` factory, from the section's prefix.
KIND_PROTOCOLS = {"app": "app", "composite": "composite", "filter": "filter"}
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
NOT_FOLLOWED = "not followed (an uploaded file cannot refer to other files)"


@dataclass
class Body:
    """What a section resolves to, as PasteDeploy's `LoaderContext`: what a `use` of it inherits."""

    factory_context: bool  # a factory's own context, not a pipeline/filter-app/filter-with one
    protocol: str  # "app", "composite" or "filter"
    callable: str | None  # the egg:/call:/module reference PasteDeploy would call
    keys: dict[str, str]  # the local_conf the factory would get, merged through `use`
    globals: dict[str, str]
    #: The globals a `set NAME` gave, by NAME: where it is written (its file, section, option).
    set_at: dict[str, tuple[Source, str, str]] = dataclasses.field(default_factory=dict)


class FactoryReader(SectionRecord):
    """Reads a section's factory into its node (`Node.factory`, `Node.built_as`)."""

    def _factory(
        self,
        source: Source,
        section: str,
        node: Node,
        local: dict[str, str],
        global_conf: dict[str, str],
    ) -> Body:
        """Resolve `use = …` or an explicit `paste.*_factory = …`, as PasteDeploy would."""
        object_type = "filter" if node.kind in ("filter", "filter-app") else "app"
        protocol = KIND_PROTOCOLS.get(node.kind, "filter")
        if "use" not in local:
            return self._explicit(source, section, node, local, global_conf, object_type)
        use = local.pop("use")
        self._read_factory(source, section, node, "use", use)
        line = source.line(section, "use")
        mine = Body(True, protocol, use, local, global_conf, set_by(source, section))
        scheme = scheme_of(use)
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
        return Body(True, inner.protocol, inner.callable, {**inner.keys, **local},
                     merged_globals, set_at)

    def _explicit(
        self,
        source: Source,
        section: str,
        node: Node,
        local: dict[str, str],
        global_conf: dict[str, str],
        object_type: str,
    ) -> Body:
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
        unreadable = unreadable_reference(source, key, value)
        if unreadable is not None:
            raise Refused(unreadable, source.line(section, key))
        if ":" not in value:
            # NOTE: PasteDeploy loads the value as an entry point's: no `:`, no attribute.
            # The `:` goes where the module ends (`stack.load_failure_meant.colon_meant`, once
            # imported), found here without importing it, or not guessed. "colon" in words:
            # a `:` quoted beside the sentence's own colon reads as ": :" on a page.
            found = module_part(value.strip())
            meant = f" ({said_meant([':'.join(found)])})" if found else ""
            warn(node, source, source.line(section, key),
                 f"`{key} = {value}` has no colon: a factory is `module:object`; without "
                 f"one, PasteDeploy imports all of `{value}` as a module and calls the module "
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
        return Body(True, protocol, value, local, global_conf, set_by(source, section))

    def _read_factory(self, source: Source, section: str, node: Node, key: str,
                      value: str) -> None:
        """`node`'s factory, `value`, read from its setting `key` (`interpolated_factories`)."""
        node.factory = source.show(value)
        if "%(" in source.parser.get(section, key, raw=True, fallback=""):
            self.interpolated_factories.add(node.id)

    @staticmethod
    def _built_as(source: Source, section: str, node: Node, body: Body) -> None:
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


def unreadable_reference(source: Source, key: str, value: str) -> str | None:
    """Why PasteDeploy cannot read `key = value` as the `module:object` it wants, else None.

    It parses the value as an entry point's (`importlib.metadata.EntryPoint.pattern`) before
    it imports anything, and a value that does not parse (empty, or words and signs beside
    the names) fails there with Python's bare `AttributeError: 'NoneType' object has no
    attribute 'group'`, which names neither the section nor the setting. The value is quoted
    as the reader wrote it (`Source.show`: `%(here)s`, not the folder it stands for).
    """
    if importlib.metadata.EntryPoint.pattern.match(value) is not None:
        return None
    if not value.strip():
        return (f"`{key} =` is empty: PasteDeploy reads a `module:object` reference there, "
                f"and fails reading an empty one, before importing anything")
    shown = source.show(value)
    # NOTE: a value run over indented lines is quoted, so that its refusal says which lines
    # they are (`SectionRecord._refuse`), and briefly: `serve` cites it after its own words.
    # Only a break it starts with is why it fails: PasteDeploy reads `demo:` then `    app`
    # on the next line as `demo:app` (the pattern takes spaces, line breaks too, around `:`).
    if value.startswith("\n"):
        return (f"`{key} = {shown}` holds a line break: PasteDeploy fails reading it as "
                f"`module:object`, before importing anything")
    return (f"`{key} = {shown}` is no `module:object` reference (names of letters, digits, "
            f"`_` and `.` only): PasteDeploy fails reading it, before importing anything")


def refused_name(source: Source, object_type: str, name: str) -> str | None:
    """Why PasteDeploy would refuse what `name` refers to although something answers to it,
    in the words a refusal says it with: an `egg:` entry point its package lacks, a `call:`
    reference where only `use =` takes one, a name several sections answer to; None
    otherwise (also where nothing answers: `missing_note` says that)."""
    scheme = scheme_of(name)
    if scheme is not None:
        if scheme == "call":
            return f"{name}: a call: reference works only as `use = call:…`"
        missing = missing_entry_point(name, object_type) if scheme == "egg" else None
        return None if missing is None else f"{source.show(name)}: {missing}"
    found = source.finder.candidates(lookup_type(object_type), name)
    if len(found) > 1:
        return f"{name!r} is ambiguous: {', '.join(f'[{s}]' for s in found)}"
    return None


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


def egg_protocol(reference: str) -> str | None:
    """"app" or "composite": how PasteDeploy builds `egg:Paste#NAME` (`_PASTE_PROTOCOLS`),
    whatever the section using it is; None for another package's entry point, which the
    section's header decides here (its group is in metadata this does not read)."""
    spec, _, name = looked_up(reference).split(":", 1)[1].partition("#")
    if spec != "paste":
        return None
    return _PASTE_PROTOCOLS.get(name or "main")


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
    (`paste.filter_factroy`, `Paste.Filter_Factory`), or `use` in capitals (`Use`): its line,
    and a note naming it and the key meant; None if no key is near one.

    NOTE: PasteDeploy's `ConfigLoader` sets `optionxform = str`: its keys are case-sensitive,
    so `Paste.Filter_Factory` and `Use` are only settings, and the section has no factory.
    Only case tells `Use` from `use`: a key a letter from it (`user`) is a setting."""
    keys = [key for group in protocols for key in group]
    for option in local:
        meant = ["use"] if option.lower() == "use" else nearest(option.lower(), keys, NEAR)
        if meant:
            line = source.line(section, option)
            case = " PasteDeploy's keys are case-sensitive" if option.lower() in meant else ""
            where = f"line {line} " if line is not None else ""
            return line, f"{where}`{option}`: {said_meant(meant)}{case}"
    return None
