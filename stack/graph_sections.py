"""One api-paste.ini section read into its node and edges, as PasteDeploy's `get_context` would.

`SectionReader` mirrors `ConfigLoader.get_context` for one section: its options
(`stack.section_options`: `[DEFAULT]`, `set`/`get`), its factory (`stack.section_factories`:
`use`, chains merged as PasteDeploy merges them, or an explicit `paste.*_factory`), `next`,
`pipeline`, `filter-with` and a composite's keys, linking where PasteDeploy would load. How a
name is found is left to the subclass (`stack.section_targets`), which follows references
across sections and files.

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
  `pipeline_factory` builds the key its `auth_strategy` names
  (`stack.composite_factories.strategy`), and loads no other: a key with a word PasteDeploy
  refuses as it loads (`refused_name`) is no branch either; the key built being no branch, or
  no key, refuses it, as the factory would fail as it loads; unless it is only ever the
  `use =` of other sections, each built with its keys and its own.
"""

from __future__ import annotations

from stack.choice_words import setting_place
from stack.choice_words import strategy_words
from stack.composite_factories import DEFAULT_STRATEGY
from stack.composite_factories import is_pipeline_factory
from stack.composite_factories import strategy
from stack.graph_model import Node
from stack.graph_model import inline_name
from stack.graph_model import node_id
from stack.ini_text import Source
from stack.ini_text import readable
from stack.section_factories import KIND_PROTOCOLS
from stack.section_factories import Body
from stack.section_factories import FactoryReader
from stack.section_factories import refused_name
from stack.section_names import looked_up
from stack.section_names import misplaced_note
from stack.section_names import misplaced_section
from stack.section_names import missing_note
from stack.section_names import word_cause
from stack.section_names import word_kinds
from stack.section_names import written_note
from stack.section_options import Refused
from stack.section_options import located
from stack.section_options import read_options
from stack.section_options import warn
from stack.urlmap_keys import prefix_label
from stack.urlmap_keys import split_key


class SectionReader(FactoryReader):
    """Reads sections into nodes and edges; a subclass finds what their names refer to."""

    def _read_section(self, source: Source, section: str, node: Node) -> None:
        """Mirror `ConfigLoader.get_context` for one section, linking instead of loading."""
        local, global_conf, conf = read_options(source, section, node)
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
                note, line = _typed_otherwise(source, section, node, local, "next")
                raise Refused(f"no `next` setting{note}", line)
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
            # (`stack.section_targets._ReadFirst`) and reads this section again later, which
            # linked its `next` twice (and said a refused one twice in the file's errors).
            self._link_to(source, node, "next", "app", next_name, source.line(section, "next"))
            if refused is not None:
                raise refused
            body = None
        elif node.kind == "pipeline":
            body = None
            self._pipeline(source, section, node, local)
        else:
            body = self._factory(source, section, node, local, global_conf)
            if body.factory_context and body.protocol != KIND_PROTOCOLS[node.kind]:
                self._built_as(source, section, node, body)
            if body.factory_context and body.protocol == "composite":
                self._dispatch(source, section, node, body)
        if filter_with is not None:
            line = source.line(section, "filter-with")
            self._link_to(source, node, "filter-with", "filter", filter_with, line)
            body = None
        if body is not None:
            self.bodies[node.id] = body

    def _pipeline(self, source: Source, section: str, node: Node, local: dict[str, str]) -> None:
        if "pipeline" not in local:
            # NOTE: not "[pipeline:x] has no…": every place that says a refusal names the
            # section already.
            note, line = _typed_otherwise(source, section, node, local, "pipeline")
            raise Refused(f"no `pipeline` setting{note}", line)
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
            self._link(node, str(position), target, names[position])

    def _dispatch(self, source: Source, section: str, node: Node, body: Body) -> None:
        """Edges for a composite's keys (see the module docstring for the rule).

        A `pipeline_factory` builds the one key `strategy` names: that key naming what is
        not there, or what PasteDeploy refuses (`refused_name`), or no key by that name,
        refuses the composite, as the factory would fail, wherever it is built with these
        keys (`unbuilt`); a key it never builds, and so never loads, is only a warning.
        """
        keys = dict(body.keys)
        if (looked_up(body.callable) == "egg:paste#urlmap"
                or any(_looks_like_prefix(key) for key in keys)):
            self._urlmap(source, section, node, keys, body.globals)
            return
        # NOTE: by the factory a `use =` chain ends in, with the keys merged along it, as
        # PasteDeploy calls it and `stack.resolve` chooses by it: `[composite:main] use = pf`
        # adding `noauth = …` to a `pf` whose `auth_strategy = noauth` builds that key.
        chosen = strategy(keys) if is_pipeline_factory(body.callable) else None
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
                unread = _unread_set(source, section, body)
                missing = missing or "no section is named"
                self.unbuilt[node.id] = (f"{strategy_words(*chosen, unread)} picks its `{key}` "
                                         f"alternative{where}, where {missing}", line, key,
                                         missing)
            elif (any(named) or any(misplaced)) and (value == key or value not in keys):
                # NOTE: not a value naming another key (`auth_strategy = noauth`): it chooses.
                if chosen is not None:
                    self.not_followed(node, key, line, missing)
                else:
                    warn(node, source, line, f"{key!r} is read as a setting: {missing}")
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
            unread = _unread_set(source, section, body)
            self.unbuilt[node.id] = (f"{strategy_words(*chosen, unread)} names none of its "
                                     f"alternatives "
                                     f"({offered}), so it has no pipeline to build",
                                     source.line(section, "auth_strategy") or node.line,
                                     chosen[0], None)

    def _branch(self, source: Source, node: Node, key: str, words: list[tuple[str, str]],
                line: int | None) -> None:
        """A composite's key whose words (each with the type it names) all name sections: an
        edge to the one, or to an inline pipeline `pipeline:COMPOSITE[KEY]` of them all;
        `Edge.inherited` where the section does not write it (no `line`: the composite its
        `use` names does)."""
        node.conf.pop(key, None)
        if len(words) == 1:
            self._branch_to(source, node, key, words[0][1], line, inherited=line is None)
            return
        name = inline_name(node.name, key)
        inline = Node(node_id("pipeline", name, source.prefix), "pipeline", name, None)
        inline.file, inline.line = source.file, line
        self.nodes.setdefault(inline.id, inline)
        self._link(node, key, inline.id, inherited=line is None)
        for position, (object_type, word) in enumerate(words):
            target = self._target(source, object_type, word, node, line)
            if target is None:  # the composite's refusal; the hole is in the inline lane
                inline.refused_members.append(
                    {"pos": position, **self._refused_word(node, word, object_type)})
            self._link(inline, str(position), target, word)

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

    def not_followed(self, node: Node, key: str, line: int | None, missing: str) -> None:
        """A `pipeline_factory`'s alternative `key` (at `line`) it cannot build (`missing`
        says why) and does not build: kept in its `refused_alternatives`, which `which`
        offers, as a service's config may pick it, and in `unfollowed`, its warning said
        once the ways the entries' loads take are known (`stack.graph_builder`). Also the key
        its own `auth_strategy` names where no way the entry's load builds it takes that
        setting: a `set` above a `config:` reference skips it."""
        self.unfollowed[(node.id, key)] = (line, missing)
        error = readable(alternative_refusal(key, line, missing))
        node.refused_alternatives[key] = {"line": line, "error": error}

    def _branch_to(self, source: Source, node: Node, label: str, name: str,
                   line: int | None, inherited: bool = False) -> None:
        """A composite's branch `label` to the one app `name`; refused, it is kept in
        `Node.refused_targets` with the error `_target` gave it, which is the last."""
        target = self._target(source, "app", name, node, line)
        if target is None:
            node.refused_targets.append({"label": label, "line": line, "members": [
                {"pos": 0, **self._refused_word(node, name, "app")}]})
        self._link(node, label, target, name, inherited)


def alternative_refusal(key: str, line: int | None, missing: str) -> str:
    """The refusal a `pipeline_factory`'s alternative `key` (at `line`) that cannot be built
    keeps in its `refused_alternatives` (`SectionReader.not_followed`), `missing` saying
    why: worded as `which --choose` asks for it."""
    where = f" (line {line})" if line is not None else ""
    return f"as chosen, it builds its `{key}` alternative{where}, where {missing}"


def not_followed_warning(source: Source, key: str, line: int | None, missing: str) -> str:
    """The warning at the line of an alternative not followed (`SectionReader.not_followed`),
    said where no way builds that key after all (`stack.graph_builder`), which refuses the
    composite for it instead."""
    return located(source, line, f"its `{key}` alternative, not followed, would fail if "
                                 f"chosen: {missing}")


def _unread_strategy(source: Source, section: str, body: Body) -> str:
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


def _unread_set(source: Source, section: str, body: Body) -> str:
    """`set auth_strategy = noauth2` at line 3 (`, in [SECTION], which it uses,` where a used
    section sets it; `FILE:3` in another file): the `set` a `pipeline_factory` does not read,
    where an operator edits it (`choice_words.setting_place`); "" where none sets it."""
    if "auth_strategy" not in body.set_at:
        return ""
    where, holder, option = body.set_at["auth_strategy"]
    return setting_place(option, body.globals["auth_strategy"], where.line(holder, option),
                         None if where is source else where.file,
                         None if holder == section else holder)


def _looks_like_prefix(key: str) -> bool:
    return key.startswith("/") or key.split()[:1] in (["domain"], ["port"])


def _typed_otherwise(source: Source, section: str, node: Node, local: dict[str, str],
                     setting: str) -> tuple[str, int | None]:
    """Why `setting` (`pipeline`, a filter-app's `next`) is missing when the section sets it
    in other capitals (`Pipeline =`), and that line; "" and the header's line when not.

    PasteDeploy's setting names are case-sensitive (`optionxform = str`): `Next` is only a
    setting, and "no `next`" beside a line that plainly holds one reads as our mistake."""
    typed = [name for name in local if name.lower() == setting]
    if not typed:
        return "", node.line
    return (f" (`{typed[0]}` is set, but PasteDeploy's setting names are case-sensitive: "
            f"write `{setting}`)", source.line(section, typed[0]))
