"""Fold a composite's many branches into one "and K more" box, and a long pipeline's middle
filters likewise, so a page grows with what a reader can take in rather than with the file.

The real files in tests/data/ini have at most 13 branches under one composite (nova's old
urlmap); a generated one of 2,000 prefixes drew 8,001 boxes, a 12.9 MB page. A pure function
of the graph JSON (no Flask): the pages that draw a graph fold it, and the drawing
(`dashboard.diagram_layout`, `dashboard.diagram_stand_ins`) draws the box a `folded`
composite gets.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Collection
from typing import Any

from stack.graph_model import STATIC_LABELS
from stack.graph_model import is_position

#: Branches of one composite drawn before the rest are folded: every real file is drawn whole.
MAX_BRANCHES = 40
#: Branches the upload page draws when asked for all, of one composite and of all together
#: (a urlmap of 15 urlmaps of 200 drew 12,000 boxes): past them a drawing froze the browser
#: (3,000 branches of 4 boxes, a 20 MB page, 16 s in Chromium), and the page lists every
#: branch in text instead (`dashboard.uploads`).
MAX_ALL_BRANCHES = 200
#: Members of one pipeline drawn before its lane is folded. A pipeline of 3,000 filters was drawn
#: whole: a 4.6 MB page, 2.3 s in Chromium.
MAX_LANE = 40
#: The members a folded lane draws at each end: where a request comes in, and the app it ends at.
LANE_ENDS = 3
#: The id of the upload page's list of every branch of a composite too big to draw whole.
BRANCH_LIST = "branches"


def fold_graph(graph: dict[str, Any], show_all: str, keep: Collection[str] = (),
               link: str = "show all", total: int | None = None) -> dict[str, Any]:
    """`graph` with each composite's branches past the first `MAX_BRANCHES` left out, and the
    sections only they reach; such a composite gets `folded`: `{"count", "word", "href",
    "link"}`, the branches left out, what they are ("prefixes", "keys"), `show_all`, the
    address of the same page drawing everything (or of the list naming them), and `link`, its
    words. The graph itself when nothing is folded.

    The branches kept are the first in the file's order, the order the diagram stacks them,
    so "show all" extends the drawing below rather than reshuffling it; Paste's own order
    (host keys, then the longest prefix) is the one "which" explains, hop by hop. Kept too:
    a branch between two nodes of `keep` (the hops of a "which" answer), so that a path
    through a branch left out is still drawn whole.

    A branch PasteDeploy would not build (a composite's `missing_branches`, an upload's) is a
    branch too, counted after those it builds, as the drawing stacks its hole after them: a
    urlmap of 3,000 prefixes naming no section drew 3,000 holes, bounded by nothing.

    `total`: the most branches kept in all, of one composite and of every one together, the
    nearest the entry first (as `stack.graph_model.subgraph` lists the nodes, breadth first);
    those of `keep` kept beyond it. None: `MAX_BRANCHES` of each.
    """
    branches = branch_edges(graph)
    labels_out = out_labels(graph)
    left_out: set[int] = set()
    marked: dict[str, dict[str, Any]] = {}
    left = total
    for node in [node for node in graph["nodes"]
                 if node["id"] in branches or node.get("missing_branches")]:
        composite = node["id"]
        indices = branches.get(composite, [])
        kept = MAX_BRANCHES if left is None else max(0, left)
        dropped = [i for i in indices[kept:]
                   if not (composite in keep and graph["edges"][i]["target"] in keep)]
        holes = missing_only(node, labels_out.get(node["id"], set()))
        holes_kept = holes[:max(0, kept - (len(indices) - len(dropped)))]
        if left is not None:
            left -= len(indices) - len(dropped) + len(holes_kept)
        if not dropped and len(holes_kept) == len(holes):
            continue
        left_out.update(dropped)
        labels = [graph["edges"][i]["label"] for i in indices] + [b["label"] for b in holes]
        # NOTE: a urlmap's keys are normalised prefixes (DESIGN.md), as `stack.resolve`
        # tells them from a composite's other keys.
        prefixes = all(label.startswith(("/", "http://", "https://")) for label in labels)
        marked[composite] = {"folded": {
            "count": len(dropped) + len(holes) - len(holes_kept),
            "word": "prefixes" if prefixes else "keys", "href": show_all, "link": link}}
        if holes:
            # Those drawn (`missing_only`: none whose label an edge has, kept or left out, or
            # it would be drawn as a hole in that edge's place).
            marked[composite]["missing_branches"] = holes_kept
    return _without(graph, left_out, marked)


def missing_only(composite: dict[str, Any], drawn: set[str]) -> list[dict[str, Any]]:
    """The branches of `composite` PasteDeploy would not build (`missing_branches`) that the
    drawing stands a hole in for (`dashboard.diagram_graph.missing_branches`): those whose
    label no edge of it has (`drawn`, its labels in `out_labels`), in the file's order."""
    return [branch for branch in composite.get("missing_branches") or []
            if branch["label"] not in drawn]


def out_labels(graph: dict[str, Any]) -> dict[str, set[str]]:
    """The labels of each node's edges out, by node: read once, not once a composite (a file
    of thousands of urlmaps)."""
    labels: dict[str, set[str]] = {}
    for edge in graph["edges"]:
        labels.setdefault(edge["source"], set()).add(edge["label"])
    return labels


def fold_lanes(graph: dict[str, Any], show_all: str, keep: Collection[str] = ()) -> dict[str, Any]:
    """`graph` with each pipeline of more than `MAX_LANE` members drawn by its first and last
    `LANE_ENDS`, the filters between them left out and the sections only they reach; such a
    pipeline gets `folded` as `fold_graph` writes it, with `pos`, the place in the lane of the
    box that stands for them. The graph itself when nothing is folded.

    Kept: a member of `keep` in a pipeline of `keep` (as `fold_graph` keeps a branch): a filter
    a request met in a short pipeline is not thereby drawn in a long one it never entered."""
    left_out: set[int] = set()
    marked: dict[str, dict[str, Any]] = {}
    for pipeline, indices in lane_edges(graph).items():
        entered = pipeline in keep
        dropped = [i for i in indices[LANE_ENDS:-LANE_ENDS]
                   if len(indices) > MAX_LANE
                   and not (entered and graph["edges"][i]["target"] in keep)]
        if dropped:
            left_out.update(dropped)
            marked[pipeline] = {"folded": {
                "count": len(dropped), "word": "filters", "href": show_all, "link": "show all",
                "pos": int(graph["edges"][dropped[0]]["label"])}}
    return _without(graph, left_out, marked)


def lane_edges(graph: dict[str, Any]) -> dict[str, list[int]]:
    """Each pipeline's members: their indices in `graph["edges"]`, in the lane's order."""
    kinds = {node["id"]: node["kind"] for node in graph["nodes"]}
    lanes = _out_edges(graph, kinds, "pipeline", is_position)
    return {pipeline: sorted(indices, key=lambda i: int(graph["edges"][i]["label"]))
            for pipeline, indices in lanes.items()}


def lane_members(graph: dict[str, Any]) -> set[tuple[str, str]]:
    """`(pipeline, member)` of each lane `graph` draws: a filter in several pipelines is drawn
    once in each lane, so that its node is drawn says nothing of which lane."""
    return {(pipeline, graph["edges"][i]["target"])
            for pipeline, indices in lane_edges(graph).items() for i in indices}


def _without(graph: dict[str, Any], left_out: set[int],
             marked: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`graph` without the edges `left_out` and the nodes only they reach, each node of
    `marked` with its fields there: what it left out (`folded`), the holes it still draws
    (`missing_branches`). The graph itself when nothing is."""
    if not marked:
        return graph
    edges = [edge for i, edge in enumerate(graph["edges"]) if i not in left_out]
    reached = _reached(graph["entry"], edges)
    # A node the entry never reached (none, by the contract) is left as it was drawn.
    lost = _reached(graph["entry"], graph["edges"]) - reached
    return {
        **graph,
        "nodes": [{**node, **marked[node["id"]]} if node["id"] in marked else node
                  for node in graph["nodes"] if node["id"] not in lost],
        "edges": [edge for edge in edges if edge["source"] not in lost],
    }


def fold_all(graph: dict[str, Any], keep: Collection[str] = ()) -> dict[str, Any]:
    """`graph` as the upload page draws it when asked for every branch: `MAX_ALL_BRANCHES`
    branches in all (of one composite, and of every composite together), the rest "listed
    below", in the page's list of them (`BRANCH_LIST`)."""
    return fold_graph(graph, f"#{BRANCH_LIST}", keep, "listed below", MAX_ALL_BRANCHES)


def branch_edges(graph: dict[str, Any]) -> dict[str, list[int]]:
    """Each composite's branches (not its `use` or `next`): their indices in `graph["edges"]`,
    in the file's order."""
    kinds = {node["id"]: node.get("built_as") or node["kind"] for node in graph["nodes"]}
    return _out_edges(graph, kinds, "composite", lambda label: label not in STATIC_LABELS)


def _out_edges(graph: dict[str, Any], kinds: dict[str, str], kind: str,
               picked: Callable[[str], bool]) -> dict[str, list[int]]:
    """The edges out of each node whose kind (`kinds`) is `kind`, of a label `picked`: their
    indices in `graph["edges"]`, in the file's order, by the node they leave."""
    out: dict[str, list[int]] = {}
    for i, edge in enumerate(graph["edges"]):
        if kinds[edge["source"]] == kind and picked(edge["label"]):
            out.setdefault(edge["source"], []).append(i)
    return out


def _reached(entry: str, edges: list[dict[str, Any]]) -> set[str]:
    """The nodes reached from `entry` along `edges`."""
    out: dict[str, list[str]] = {}
    for edge in edges:
        out.setdefault(edge["source"], []).append(edge["target"])
    reached, todo = {entry}, [entry]
    while todo:
        for target in out.get(todo.pop(), []):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    return reached


def branch_list(graph: dict[str, Any], drawn: dict[str, Any]) -> list[dict[str, Any]]:
    """What `drawn` leaves out, for the list below it: every branch of each composite drawn
    up to a bound (`fold_all`), and each long pipeline's filters drawn as one box
    (`fold_lanes`): `{"composite", "title", "word", "rows"}`, each row `{"label", "target",
    "line"}`, the branch's prefix or key (a filter's place in its pipeline), the section it
    leads to and that section's line; a composite's branches PasteDeploy would not build
    (`missing_only`) in a list of their own, each row `{"label", "line", "missing": True,
    "members", "gone"}`: the words it names, those that find no section, and the branch's own
    line (the key's: a section that is not there has none). Marked, for the page to say so:
    `[gone0] line 4` read as a section `gone0` at line 4, and `[a b c]` as one section's name.
    The page lists them beside the drawing and `which` sends them again with a drawing it
    redraws (`dashboard.which.redrawn`), so that the list names only what the drawing shown
    leaves out."""
    folded = {node["id"]: node["folded"] for node in drawn["nodes"] if node.get("folded")}
    if not folded:
        return []
    lines = {node["id"]: node.get("line") for node in graph["nodes"]}

    def rows(indices: list[int]) -> list[dict[str, Any]]:
        edges = [graph["edges"][i] for i in indices]
        return [{"label": edge["label"], "target": edge["target"],
                 "line": lines.get(edge["target"])} for edge in edges]

    edges_of, labels_out = branch_edges(graph), out_labels(graph)
    branches = []
    for node in [node for node in graph["nodes"]
                 if folded.get(node["id"], {}).get("href") == f"#{BRANCH_LIST}"]:
        composite, word = node["id"], folded[node["id"]]["word"]
        holes = missing_only(node, labels_out.get(node["id"], set()))
        if composite in edges_of:
            branches.append({"composite": composite, "word": word,
                             "title": "Every branch found of" if holes else "Every branch of",
                             "rows": rows(edges_of[composite])})
        if holes:
            # A branch's words (a `pipeline_factory` alternative has several) and its own line:
            # the section it names is not there to have one.
            branches.append({"composite": composite, "title": "Every missing branch of",
                             "word": word,
                             "rows": [{"label": branch["label"], "line": branch["line"],
                                       "missing": True,
                                       "members": [m["name"] for m in branch["members"]],
                                       "gone": [m["name"] for m in branch["members"]
                                                if m["error"] is not None]}
                                      for branch in holes]})
    drawn_members = {(edge["source"], edge["label"]) for edge in drawn["edges"]}
    lanes = [{"composite": pipeline, "title": "The filters not drawn of",
              "word": folded[pipeline]["word"],
              "rows": rows([i for i in indices if (pipeline, graph["edges"][i]["label"])
                            not in drawn_members])}
             for pipeline, indices in lane_edges(graph).items() if pipeline in folded]
    return branches + lanes
