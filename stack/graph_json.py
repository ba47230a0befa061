"""The graph JSON read back as a walk of it reads it: the nodes by id and each one's edges out
(`indexed`), the sections a node's `use =` merges and the factory and settings they build it
with (`built_by`), its `set`s, where its `auth_strategy` is written, the `filter-with` chain
around it.

The JSON, not the dataclasses of `stack.graph_model`: `which` walks a graph a stack announced
or a file uploaded as well as one just read, and the reader asks the same of its own nodes
(`vars(node)`: a node's fields are its JSON's keys).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from stack.graph_model import BUILT_AS


def indexed(graph: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]],
                                                dict[str, list[dict[str, Any]]]]:
    """The graph JSON's nodes by id, and each node's edges out, in order: what a walk of it
    asks at every step (`used_section`, `built_by`), indexed once."""
    nodes = {node["id"]: node for node in graph.get("nodes", [])}
    out: dict[str, list[dict[str, Any]]] = {}
    for edge in graph.get("edges", []):
        out.setdefault(edge["source"], []).append(edge)
    return nodes, out


def used_section(nodes: Mapping[str, dict[str, Any]], out: Mapping[str, list[dict[str, Any]]],
                 node: str) -> str | None:
    """The pipeline, composite or filter-app section `node` is built as (`use =`), if any:
    `nodes` the graph JSON's nodes by id, `out` each node's edges out."""
    return next((e["target"] for e in out.get(node, []) if e["label"] == "use"
                 and nodes.get(e["target"], {}).get("kind") in BUILT_AS), None)


def use_chain(nodes: Mapping[str, dict[str, Any]], out: Mapping[str, list[dict[str, Any]]],
              node: str) -> list[str]:
    """`node` and each section its `use =` leads to, in order, whatever their kind (`nodes`
    and `out` as `used_section`'s): PasteDeploy merges them all into one factory call
    (`_context_from_use`), a filter or app section used lending its factory and settings."""
    chain = [node]
    for _ in range(len(nodes)):  # `use` chains have no cycles; bound it anyway
        used = next((e["target"] for e in out.get(chain[-1], []) if e["label"] == "use"
                     and e["target"] in nodes), None)
        if used is None or used in chain:
            break
        chain.append(used)
    return chain


def built_by(nodes: Mapping[str, dict[str, Any]], out: Mapping[str, list[dict[str, Any]]],
             node: str) -> tuple[str | None, dict[str, str]]:
    """The factory PasteDeploy calls to build `node`, and the settings it hands it (`nodes`
    and `out` as `used_section`'s).

    A section that `use`s another section is built by that section's factory, with that
    section's settings updated by its own (PasteDeploy's `_context_from_use`): a
    `[composite:api] use = pf` whose `pf` is a `pipeline_factory` builds the key its
    `auth_strategy` names, not the first one listed; a `[filter:authtoken] use =
    config:auth.ini#authtoken` is keystonemiddleware's auth_token where that section names it.
    `which` follows that key and reads that filter, and a trace's story says why the key was
    taken, from the same reading.
    """
    conf: dict[str, str] = {}
    found: dict[str, Any] = {}
    for section in use_chain(nodes, out, node):
        found = nodes.get(section, {})
        conf = {**(found.get("conf") or {}), **conf}
    return found.get("factory"), conf


def strategy_setting(nodes: Mapping[str, dict[str, Any]],
                     out: Mapping[str, list[dict[str, Any]]],
                     node: str, unread: bool = False) -> tuple[dict[str, Any], int | None] | None:
    """The node whose own settings hold the `auth_strategy` PasteDeploy hands `node`'s
    factory, and that setting's line (`Node.conf_lines`; None from a graph without them);
    None where no section of its `use` chain sets one (`nodes` and `out` as `built_by`'s).
    With `unread`, the `set auth_strategy` instead, which it is not handed (`unread_setting`).

    `node`'s own, else that of the section it `use`s, and so on: the nearest wins, as
    `built_by` merges them, so a story cites the line to edit, not the composite's header.
    """
    for section in use_chain(nodes, out, node):
        found = nodes.get(section, {})
        option = unread_setting(found) if unread else "auth_strategy"
        if option in (found.get("conf") or {}):
            return found, (found.get("conf_lines") or {}).get(option)
    return None


def set_name(option: str) -> str | None:
    """The global a `set NAME` option sets (NAME), or None for any other option: PasteDeploy
    puts it in the global_conf, not in the settings (local_conf) a factory is called with.
    A node's `conf` keeps the option as written, so every reader of it asks here."""
    return option[4:].strip() if option.startswith("set ") else None


def sets_of(options: Iterable[str]) -> dict[str, str]:
    """The `set NAME` options among `options` (a section's, a node's `conf`), by the NAME each
    sets (`set_name`), as written: the option is what its value and its line are kept under."""
    return {name: option for option in options if (name := set_name(option)) is not None}


def unread_setting(node: Mapping[str, Any]) -> str | None:
    """The `set auth_strategy` option of a node's settings, as written, if any: PasteDeploy
    puts what it sets in the global_conf, never in the settings a `pipeline_factory` picks
    its key from, so it reads as choosing and chooses nothing."""
    return next((option for option in node.get("conf") or {}
                 if set_name(option) == "auth_strategy"), None)



def filter_with_chain(out: Mapping[str, list[dict[str, Any]]], node: str) -> list[dict[str, Any]]:
    """The `filter-with` edges that wrap `node`, innermost first (`out`: each node's edges out).

    PasteDeploy builds `filter-with = F` as F around the section, and F's own `filter-with = G`
    as G around F, so a request meets G, then F, then the section. A chain that comes back to
    a node (which PasteDeploy refuses) ends there.
    """
    chain: list[dict[str, Any]] = []
    seen = {node}
    while True:  # bounded: each pass goes on to a node not seen before
        edge = next((e for e in out.get(node, ()) if e["label"] == "filter-with"), None)
        if edge is None or edge["target"] in seen:
            return chain
        chain.append(edge)
        node = edge["target"]
        seen.add(node)
