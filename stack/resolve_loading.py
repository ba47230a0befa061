"""Whether `loadapp` would fail on a graph's entry, for `which` (`stack.resolve_walk`): a
section it reaches that PasteDeploy refuses, but the alternatives a composite does not pick,
said where and why before any step of the request, as no request is served then.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING
from typing import Any

from stack import known_filters
from stack.choice_words import DROPPED
from stack.choice_words import through_words
from stack.explain_words import line_words
from stack.explain_words import name
from stack.graph_model import STATIC_LABELS
from stack.graph_model import built_by
from stack.known_filters import Above

if TYPE_CHECKING:
    from stack.resolve import Resolution
    from stack.resolve_walk import Walk


def unloadable(walk: Walk, result: Resolution) -> bool:
    """Whether `loadapp` would fail on the entry; if so, say where and why.

    PasteDeploy builds, as it loads, every section the entry reaches (each urlmap branch,
    each `use`, `filter-with`, `next`, `not_found_app`), except the alternatives a
    composite does not pick: one refused section anywhere there and no request is served.
    """
    seen, queue = {walk.entry}, deque([walk.entry])
    #: A node → the keyed composite, and the alternative, it was reached through.
    through: dict[str, tuple[str, str]] = {}
    #: A keyed composite passed → its keys, and the one followed with why.
    offered: dict[str, tuple[list[str], tuple[str, str]]] = {}
    #: A node → the sections it is built under (the first way found), and the `set`s each
    #: was built with (`Handed.handed_down`): what a keyed composite picks its key from.
    ways: dict[str, list[str]] = {walk.entry: []}
    built_with: dict[str, Above] = {walk.entry: {}}
    while queue:
        node = queue.popleft()
        out = walk.edges.get(node, [])
        way, above = ways[node], built_with[node]
        reason, line = refusal(walk, node)
        if reason is None:  # a known filter whose settings its factory refuses
            reason = known_filters.unbuildable(*built_by(walk.nodes, walk.edges, node),
                                               walk.handed.defaults)
            line = walk.nodes.get(node, {}).get("line")
        if reason is None and walk.keyed(node):
            keys = walk.offers(node)
            key, why = walk.choose(node, keys,
                                   walk.handed.handed_conf(node, above, way, built_with))
            offered[node] = keys, (key, why)
            refused = walk.refused.get(node, {}).get(key)
            if refused is not None:  # the key its auth_strategy or the choice picks
                reason, line = refused["error"], refused.get("line")
                through[node] = (node, key)
            elif key not in keys and why == DROPPED:  # its own `auth_strategy` skipped
                offers = ", ".join(f"`{offered}`" for offered in keys)
                reason = (f"it builds its `{key}` alternative ({walk.chosen_words(node, why)}), "
                          f"which it does not offer (it offers {offers}), so it has no "
                          "pipeline to build")
                line = walk.nodes.get(node, {}).get("line")
            out = [e for e in out if e["label"] in STATIC_LABELS or e["label"] == key]
            for edge in out:
                through.setdefault(edge["target"], (node, key))
        if reason is not None:
            result.stopped = {"node": node, "status": None, "reason": reason}
            for composite, (keys, chosen) in offered.items():  # the page offers the others
                result.alternatives[composite], result.chosen[composite] = keys, chosen
            how = ("Loading fails" if node == walk.entry else f"PasteDeploy builds "
                   f"every section {name(walk.entry)} reaches as it loads it, so loading "
                   f"fails")
            result.say(f"{name(node)} cannot be built{line_words(node, line, reason)}: "
                       f"{reason}. {how}, and no request is answered."
                       f"{through_words(through.get(node), result, walk.page)}")
            return True
        below = walk.handed.handed_down(node, above, way, built_with)
        for edge in out:
            if edge["target"] not in seen:
                seen.add(edge["target"])
                queue.append(edge["target"])
                ways[edge["target"]] = [*way, node]
                built_with[edge["target"]] = below
                if node in through:
                    through.setdefault(edge["target"], through[node])
    return False


def refusal(walk: Walk, node: str) -> tuple[str | None, int | None]:
    """Why PasteDeploy would refuse `node` whatever alternative is chosen, and the line
    (`Node.error_lines`), or (None, None). The refusal of a composite's default
    alternative is not one of these: a choice of another lifts it (`unloadable`)."""
    found = walk.nodes.get(node, {})
    errors = found.get("errors") or []
    lines = found.get("error_lines")
    lines = lines if isinstance(lines, list) else []
    chosen_only = {alt["error"] for alt in walk.refused.get(node, {}).values()}
    for index, error in enumerate(errors):
        if error not in chosen_only:
            line = lines[index] if index < len(lines) else None
            return error, line if isinstance(line, int) else None
    return None, None


def refused_alternatives(node: dict) -> dict[str, dict[str, Any]]:
    """The alternatives of a `pipeline_factory` composite (the graph JSON's `node`) it cannot
    build, by key (`Node.refused_alternatives`): no edge leads to them, but they are offered.
    A running stack announces its graph: what is not in that shape is not taken."""
    found = node.get("refused_alternatives")
    return {key: alternative for key, alternative in found.items()
            if isinstance(alternative, dict) and isinstance(alternative.get("error"), str)
            } if isinstance(found, dict) else {}
