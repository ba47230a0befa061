"""The probes a load makes, linked as the graph draws them: a layer whose object is another
probed layer shares its probe (`probed`), and a composite's probe knows the labels each branch
is dispatched by (`composite_probe`).

`stack.loader`'s hooks call these as PasteDeploy builds each node; apart from them, as these
read only the graph and the probes made, and call no code of the ini's (no frame of theirs is
ever in a factory's traceback). They run once, at load time: a request reads what they set on
the probes (`outer`, `tried`, `dispatch`), and never calls them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stack.graph import PipelineGraph
from stack.node_probe import NodeProbe
from stack.trace_records import node_kind
from stack.urlmap_labels import label_host
from stack.urlmap_labels import label_prefix


def probed(built: Callable, node: str, layers: dict[str, list[Callable]],
           label: str | None = None) -> NodeProbe:
    """`built` probed as `node`; `label` names the static edge from `node` to what it wraps;
    `layers`: the apps each node's probes wrap (`NodeProbe.layers`).

    A layer whose object *is* another probed layer (a pipeline is its first filter, a
    pipeline_factory composite its chain) only passes requests on, so it shares that layer's
    probe and interval: one record instead of two on the request path.
    """
    if isinstance(built, NodeProbe):
        built.outer = ((node, label), *built.outer)
        return built
    return NodeProbe(built, node, layers)


def dispatches(graph: PipelineGraph, node: str) -> bool:
    """Whether `node` is built as a composite: by what PasteDeploy built
    (`Node.built_as`), not the header, as an [app:main] of Paste's urlmap dispatches, and
    says so, as a [composite:main] does."""
    known = graph.nodes.get(node)
    return (known is not None and known.built_as or node_kind(node)) == "composite"


def edge_target(graph: PipelineGraph, composite: str, entry: str) -> tuple[str | None, int]:
    """The target of `composite`'s edge that a layer entered as `entry` serves (None:
    no edge's), and how many `filter-with` filters stand between them (0: `entry` is the
    target itself)."""
    targets = {edge.target for edge in graph.edges_from(composite)}
    wrapped = {e.target: e.source for e in graph.edges if e.label == "filter-with"}
    node = entry
    for depth in range(len(wrapped) + 1):  # bounded: a chain visits each filter once
        if node in targets:
            return node, depth
        if node not in wrapped:
            break
        node = wrapped[node]
    return None, 0


def composite_probe(graph: PipelineGraph, built: Callable, node: str, children: list[Any],
                    layers: dict[str, list[Callable]]) -> NodeProbe:
    """Probe a composite and link it to its branches, for composite.dispatch and .miss.

    A `pipeline_factory`-style composite returns the chain of the one alternative it
    built; the graph draws that as `pipeline:COMPOSITE[KEY]`, found by which sections were
    built, and the composite, the alternative and the chain's first layer share a probe.
    """
    edges = graph.edges_from(node)
    sections = {c if isinstance(c, str) else c.node for c in children}
    for edge in edges:
        positions = [e.target for e in graph.edges_from(edge.target)]
        if edge.target.endswith("]") and set(positions) == sections:
            return probed(probed(built, edge.target, layers), node, layers, edge.label)
    probe = probed(built, node, layers)
    # urlmap tries the longest prefix first; say so in the same order.
    probe.tried = sorted((e.label for e in edges), key=lambda label: -len(label_prefix(label)))
    # Per edge target, the outermost layers built for it take the dispatch: a section with
    # `filter-with` is entered through its filters, which are built inside it.
    outermost: dict[str, tuple[int, list[NodeProbe]]] = {}
    for branch in (c for c in children if isinstance(c, NodeProbe)):
        target, depth = edge_target(graph, node, branch.entry)
        best, branches = outermost.get(target, (-1, []))
        if depth > best:
            outermost[target] = (depth, [branch])
        elif depth == best:
            branches.append(branch)
    for target, (_, branches) in outermost.items():
        # In the order Paste's URLMap tries them, which `record_dispatch` follows: the
        # keys naming a host first, then the longest prefix.
        labels = sorted(
            (e.label for e in edges if e.target == target),
            key=lambda label: (not label_host(label), -len(label_prefix(label))),
        )
        for branch in branches if labels else ():
            branch.dispatch = (labels, [label_prefix(label) for label in labels], target)
    return probe
