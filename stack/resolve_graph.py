"""The graph a walk of it asks at every step: what each node is built as, the composites with
alternatives, the keys they offer and the one each follows.

`WalkedGraph` reads the graph JSON only (`stack.graph_json`), and checks the choices asked
(`which --choose`) against it as it starts. `stack.resolve_walk.Walk` takes one request through
it; the load check (`stack.resolve_loading`) and `stack.resolve` judge each way to a composite
with alternatives by the same choosing (`WalkedGraph.choose`).
"""

from __future__ import annotations

from functools import cached_property

from stack.choice_words import DROPPED
from stack.choice_words import FIRST_ASKED
from stack.choice_words import chosen_words
from stack.choice_words import is_cascade
from stack.choice_words import strategy_place
from stack.composite_factories import is_pipeline_factory
from stack.composite_factories import strategy
from stack.graph_json import built_by
from stack.graph_json import indexed
from stack.graph_json import used_section
from stack.graph_model import STATIC_LABELS
from stack.graph_model import node_id
from stack.graph_model import split_id
from stack.known_pipeline_factories import nolimit_words
from stack.near_names import named_instead
from stack.request_target import is_prefix
from stack.resolve_loading import refused_alternatives


class WalkedGraph:
    """The graph one resolution reads: its nodes and out-edges by id, and the choices asked."""

    def __init__(self, graph: dict, choices: dict[str, str]) -> None:
        self.entry = graph["entry"]
        self.nodes, self.edges = indexed(graph)
        #: The alternatives each `pipeline_factory` composite cannot build, by key
        #: (`refused_alternatives`): asked of a node at every step of the walk.
        self.refused = {node: refused for node, found in self.nodes.items()
                        if (refused := refused_alternatives(found))}
        choices = {self.chosen_node(composite): key for composite, key in choices.items()}
        for composite, key in choices.items():
            if composite not in self.nodes:
                asked = composite.removeprefix("composite:")
                chosen = sorted(_as_chosen(node, self.nodes[node]) for node in self.keyed_nodes)
                instead = named_instead(asked, chosen, "composite with keys to choose",
                                        "composites with keys to choose")
                raise ValueError(f"{composite}={key}: no {composite} in this graph{instead}")
            keys = self.offers(composite)
            if not self.keyed(composite):
                how = ("a urlmap: it picks by prefix" if self.kind(composite) == "composite"
                       and keys else "not a composite with alternatives")
                raise ValueError(f"{composite}={key}: {composite} is {how}")
            if key not in keys:
                raise ValueError(f"{composite} has no alternative {key!r} (it offers "
                                 f"{', '.join(keys) or 'none'})")
        self.choices = choices

    def chosen_node(self, composite: str) -> str:
        """The node a choice names: `composite:NAME` (what a bare NAME is, `parse_choices`)
        names an [app:NAME] PasteDeploy builds as a composite (`built_as`) too."""
        file, section = split_id(composite)
        kind, _, rest = section.partition(":")
        app = node_id("app", rest, file)
        if (composite not in self.nodes and kind == "composite"
                and self.nodes.get(app, {}).get("built_as") == "composite"):
            return app
        return composite

    def kind(self, node: str) -> str:
        """The node's kind, or what PasteDeploy builds it as where its factory decides
        (`built_as`: `[app:main] use = egg:Paste#urlmap` is a urlmap), or, for a section
        that `use`s a composite and adds keys of its own (its edges), that composite's
        kind: it dispatches as one."""
        for _ in range(len(self.nodes)):  # `use` chains have no cycles; bound it anyway
            used = self.used(node)
            if used is None or not self.steps(node):
                break
            node = used
        found = self.nodes.get(node, {})
        return found.get("built_as") or found.get("kind", node.partition(":")[0])

    def used(self, node: str) -> str | None:
        """The pipeline, composite or filter-app section `node` is built as (`use =`), if any."""
        return used_section(self.nodes, self.edges, node)

    def steps(self, node: str) -> list[dict]:
        """The edges a request can take from `node` (not how its section was written)."""
        return [e for e in self.edges.get(node, []) if e["label"] not in STATIC_LABELS]

    def keyed(self, node: str) -> bool:
        """A composite with alternatives (keys that are not urlmap prefixes)."""
        return node in self.keyed_nodes

    @cached_property
    def keyed_nodes(self) -> frozenset[str]:
        """The graph's composites with alternatives (`keyed`), found once: asked at every
        step of every way the load check judges."""
        return frozenset(node for node in self.nodes if self.kind(node) == "composite" and (
            node in self.refused
            or any(not is_prefix(edge["label"]) for edge in self.steps(node))))

    def offers(self, node: str) -> list[str]:
        """The keys a keyed composite offers: those it can build (its edges), then those
        it cannot, which a service's config may pick all the same."""
        keys = [e["label"] for e in self.steps(node)]
        return keys + [key for key in self.refused.get(node, {}) if key not in keys]

    def chosen_words(self, node: str, why: str, key: str | None = None) -> str:
        """Why `node`'s key was followed (`choose`'s `why`), in words, citing the setting that
        chose it, or the `set auth_strategy` that did not, at its line (`strategy_place`);
        given the `key` followed, how the service's `api_rate_limit` picks between it and its
        `_nolimit` twin where the factory reads that (`nolimit_words`)."""
        place = (strategy_place(self.nodes, self.edges, node)
                 if why in ("setting auth_strategy", DROPPED) else
                 strategy_place(self.nodes, self.edges, node, unread=True)
                 if why == "default auth_strategy" else "")
        limit = ("" if key is None or why == "chosen" else
                 nolimit_words(built_by(self.nodes, self.edges, node)[0], key, self.offers(node)))
        return chosen_words(why, place) + limit

    def choose(self, node: str, keys: list[str], handed: dict[str, str] | None = None,
               chosen: bool = True) -> tuple[str, str]:
        """The key a keyed composite would follow, and why (see `Resolution.chosen`).

        A `pipeline_factory` builds the pipeline its `auth_strategy` names (OpenStack's
        default: keystone), and nothing else decides (`stack.composite_factories.strategy`); a
        key it cannot build is the graph's refusal of the composite, which `unloadable` reports
        first. Of another composite nothing is known, so a setting naming a key is taken as
        the choice, else the first key.

        `handed`: its settings as PasteDeploy hands them on the way asked about
        (`Handed.handed_keys`), else as written: in a file `config:` led to, loaded under a
        global_conf holding `auth_strategy` (a `set` above), its own `auth_strategy` is
        skipped, so the default is built (`DROPPED`). Not `chosen`: the one it follows where
        none is chosen (`Resolution.defaults`).
        """
        factory, conf = built_by(self.nodes, self.edges, node)
        if chosen and node in self.choices:  # checked against `keys` when the walk began
            return self.choices[node], "chosen"
        if is_pipeline_factory(factory):
            given = conf if handed is None else handed
            key, why = strategy({**dict.fromkeys(keys, ""), **given})
            return key, DROPPED if "auth_strategy" in conf.keys() - given.keys() else why
        if is_cascade(factory):
            return min(keys), FIRST_ASKED  # Paste's cascade asks its apps by their keys, sorted
        setting = next((name for name, value in conf.items() if value in keys), None)
        if setting:
            return conf[setting], f"setting {setting}"
        return keys[0], "first"


def _as_chosen(node: str, found: dict) -> str:
    """How `--choose` names the composite `node` (`found`, its graph node): a section of the
    file read that is a composite, or built as one, by its bare name (`parse_choices` reads
    it as `composite:NAME`, `WalkedGraph.chosen_node` finds the [app:NAME] too); else by its id."""
    file, section = split_id(node)
    kind, _, bare = section.partition(":")
    return bare if file is None and "composite" in (kind, found.get("built_as")) else node
