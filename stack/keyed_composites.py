"""What only the whole file shows of its `pipeline_factory` composites, once every section is
read and the ways the entries' loads take are known: a key a way builds that the composite
cannot build there, or a key it cannot build from its own settings, refused; the alternatives
not followed, and a `noauth…` strategy, warned of.

`stack.graph_builder.Builder` reads the file and asks these in turn. They read the composites
as the graph JSON (`stack.graph_json.built_by`), as `which` does, not as sections.
"""

from __future__ import annotations

from typing import Any

from stack.choice_words import DROPPED
from stack.composite_factories import is_pipeline_factory
from stack.composite_factories import strategy
from stack.graph_json import built_by
from stack.graph_json import indexed
from stack.graph_json import strategy_setting
from stack.graph_model import Node
from stack.graph_sections import not_followed_warning
from stack.ini_text import readable
from stack.resolve_loading import KeysBuilt
from stack.section_options import located
from stack.section_targets import TargetReader


def _refused_for(node: Node, key: str) -> bool:
    """Whether the composite `node` is refused for its alternative `key` (`_refuse_key`): the
    refusal kept for the key is among its errors, not only offered as one a choice of it
    would meet (`SectionReader.not_followed`)."""
    kept = node.refused_alternatives.get(key)
    return kept is not None and kept["error"] in node.errors


class KeyedComposites(TargetReader):
    """Refuses and warns of the file's `pipeline_factory` composites by the keys the loads
    build them with (`stack.graph_builder.Builder` is one)."""

    def _refuse_built(self, used: set[str], built: dict[str, KeysBuilt],
                      nodes: dict[str, dict[str, Any]], out: dict[str, list[dict[str, Any]]]
                      ) -> list[tuple[Node, str]]:
        """Refuse each composite for a key a way builds (`Builder._keys_built`) that it cannot build
        there, as `loadapp` fails on it: where its own `auth_strategy` is skipped there,
        OpenStack's default it offers no `keystone` for; or the key its `auth_strategy`
        picks, where PasteDeploy skips that key there (`resolve_loading.skipped_keys`: a
        `set noauth2` above the `config:` reference, and no section of its `use` chain
        writing it again where it is kept). The refusal is that key's
        in its `refused_alternatives`, lifted where a service's config picks another, as
        `which --choose` asks, and no warning says it is not followed (`_warn_not_followed`).
        Returns the warnings of a way that builds a key it can, at its `auth_strategy`, which
        reads as choosing there: said after those of its alternatives not followed.
        `nodes`, `out`: the graph as its JSON (`_json_nodes`, `_out`)."""
        builds: list[tuple[Node, str]] = []
        if not built:
            return builds
        for section, keys in built.items():
            node = self.nodes[section]
            written = self.unbuilt.get(section, ("", None, None, None))[2]
            if section in used or not is_pipeline_factory(built_by(nodes, out, section)[0]):
                continue
            for (key, why), (words, refusal) in keys.items():
                # NOTE: of a key its own `auth_strategy` picks, only one skipped on the way
                # (`resolve_loading.skipped_keys`) has a refusal: one it lacks as written is
                # `written`.
                if (why != DROPPED and refusal is None or key == written
                        or _refused_for(node, key)):
                    continue
                if refusal is None:
                    holder = strategy_setting(nodes, out, section)
                    line = holder[1] if holder is not None else node.line
                    source = self.section_sources[holder[0]["id"] if holder else section]
                    builds.append((node, located(source, line, words)))
                    continue
                self._refuse_key(node, key, *refusal)
        return builds

    def _refuse_key(self, node: Node, key: str, message: str, line: int | None) -> None:
        """Refuse the composite `node` for its alternative `key` (`message`, at `line`), and
        keep that refusal as the key's in its `refused_alternatives`: `which` lifts it where a
        service's config picks another key (`which --choose`), and `_refused_for` finds it."""
        self._refuse(node, message, line)
        node.refused_alternatives[key] = {"line": line, "error": node.errors[-1]}

    def _warn_not_followed(self) -> None:
        """Warn of each alternative not followed (`unfollowed`) at its line, but of one a way
        builds, refused for it (`_refuse_built`): that it is not followed would deny the
        refusal beside it."""
        for (section, key), (line, missing) in self.unfollowed.items():
            node = self.nodes[section]
            if not _refused_for(node, key):
                node.warnings.append(
                    not_followed_warning(self.section_sources[section], key, line, missing))

    def _warn_unauthenticated(self, used: set[str], built: dict[str, KeysBuilt],
                              nodes: dict[str, dict[str, Any]],
                              out: dict[str, list[dict[str, Any]]]) -> None:
        """Warn on each `pipeline_factory` composite PasteDeploy builds whose `auth_strategy`
        picks a `noauth…` pipeline (nova's `noauth2`, cinder's `noauth`): it serves every
        request unauthenticated, a development setting easily left in a copied file. Said
        where the composite is built (not of a section only `use`d, whose users are warned
        with their own keys) and at the setting's line, the one to edit; not where every way
        the entries' loads build it skips that setting (`built`). `nodes`, `out`: the graph
        as its JSON (`_json_nodes`, `_out`)."""
        for node in self.nodes.values():
            if node.kind != "composite" or node.id in used or node.errors:
                continue
            factory, conf = built_by(nodes, out, node.id)
            key, chosen_by = strategy(conf)
            if (not is_pipeline_factory(factory) or chosen_by != "setting auth_strategy"
                    or not key.startswith("noauth")
                    or node.id in built and (key, chosen_by) not in built[node.id]):
                continue
            setting = strategy_setting(nodes, out, node.id)
            if setting is None:
                continue
            holder, line = setting
            via = "" if holder["id"] == node.id else f" (in [{holder['id']}], which it uses)"
            where = f"{holder['file']}:{line}: " if line is not None else ""
            node.warnings.append(
                f"{where}requests are not authenticated: `auth_strategy = {key}`{via} picks "
                f"the `{key}` pipeline, for development only")

    def _json_nodes(self) -> dict[str, dict[str, Any]]:
        """The nodes as their JSON, by id, as `built_by` and `strategy_setting` read them.

        NOTE: a node's and an edge's fields are their JSON's keys: read as they are, not
        written out (a file of 3,000 sections spent half its upload in `to_json`)."""
        return {node_id: vars(node) for node_id, node in self.nodes.items()}

    def _out(self) -> dict[str, list[dict[str, Any]]]:
        """Each node's edges out, as their JSON (`_json_nodes`)."""
        return indexed({"edges": [vars(edge) for edge in self.edges]})[1]

    def _refuse_unbuilt(self, used: set[str],
                        built: dict[str, KeysBuilt]) -> dict[str, dict[str, Any]]:
        """Refuse each `pipeline_factory` section that cannot build its chosen key from its
        own keys (`unbuilt`) where PasteDeploy would build it so: as an entry or as what an
        edge other than `use` leads to. One only ever `use`d is built with its users' keys
        added, and each user is checked with them: PasteDeploy serves `[composite:main]
        use = base` adding the `noauth = …` that `base`'s `auth_strategy = noauth` needs.
        Such a section (`used`) is refused only when named itself (`IniFile.refused_alone`),
        and its node says so. Nor where no way the entries' loads build it takes that key
        (`built`: a `set` above a `config:` reference skips its `auth_strategy`): a key it
        offers is then an alternative not followed (`SectionReader.not_followed`)."""
        refused_alone = {}
        for section, (message, line, key, missing) in self.unbuilt.items():
            node = self.nodes[section]
            if section in built and section not in used and all(
                    built_key != key for built_key, _ in built[section]):
                if missing is not None:
                    self.not_followed(node, key, line, missing)
                continue
            if section not in used:
                self._refuse_key(node, key, message, line)
                continue
            message = readable(message)
            refused_alone[section] = {"section": section, "error": message, "line": line}
            users = ", ".join(f"[{edge.source}]" for edge in self.edges
                              if edge.target == section and edge.label == "use")
            where = f"{node.file}:{line}: " if line is not None else ""
            node.warnings.append(f"{where}PasteDeploy would refuse it loaded by its own name: "
                                 f"{message}; as the `use =` of {users} it is built with "
                                 "their keys too")
        return refused_alone
