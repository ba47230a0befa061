"""Answer "what would this URL hit?" of a graph, without loading or importing anything it names.

The dashboard asks it of a running stack (with the stack's route tables) and of an uploaded ini
whose code is not installed, and `python -m stack which` asks it from the shell, so it is pure:
graph JSON in, a `Resolution` out. Urlmap-like composites are walked by a real Paste `URLMap`
holding placeholders instead of apps, so longest-prefix order, domain and port keys, the `/v2`
vs `/v21` boundary and the SCRIPT_NAME/PATH_INFO shift are Paste's own, not a copy of them.
Routers are asked through a Routes `Mapper` rebuilt from the stack's route table.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import routes
from paste.urlmap import URLMap

from stack import routing
from stack.explain import name

#: Edge labels that are not steps of a request (how a section was written, not where it goes).
STATIC_LABELS = frozenset({"use", "filter-with", "not_found_app"})
#: The alternative OpenStack's `pipeline_factory` builds when nothing sets `auth_strategy`
#: (nova's and cinder's `auth_strategy` option defaults to keystone; so does `stack.wsgi`'s).
DEFAULT_STRATEGY = "keystone"


@dataclass
class Hop:
    """One node the request would enter, the edge label that led there, and its environ."""

    node: str
    label: str | None
    script_name: str
    path_info: str


@dataclass
class Resolution:
    """Where `method path` (on `host`) would go in a graph, and where and why it would stop."""

    method: str
    path: str
    host: str
    hops: list[Hop] = field(default_factory=list)
    #: composite id → the keys it offers (pipeline_factory's keystone, noauth…).
    alternatives: dict[str, list[str]] = field(default_factory=dict)
    #: composite id → the key followed, and why (`chosen`, `setting NAME`, `default
    #: auth_strategy`, `first`; `chosen_words` says it in words).
    chosen: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The route that would match: the table's row plus the `match` dict.
    route: dict[str, Any] | None = None
    #: Routes that would not match, each with why (`failed`: path or method).
    candidates: list[dict[str, Any]] = field(default_factory=list)
    #: Where the request would be answered before an app: node, status, reason, tried.
    stopped: dict[str, Any] | None = None
    #: What the walk went through, in plain words.
    story: list[str] = field(default_factory=list)

    @property
    def nodes(self) -> list[str]:
        return [hop.node for hop in self.hops]

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def resolve(
    graph: dict,
    method: str,
    path: str,
    host: str = "",
    choices: dict[str, str] | None = None,
    routes: dict[str, list[dict[str, Any]]] | None = None,
) -> Resolution:
    """Walk `graph` (the graph JSON) from its entry as a `method path` request would go.

    `choices` picks a composite's alternative by composite id (`composite:NAME`); `routes`
    are a running stack's route tables by app node, as its announcement carries them.
    A key in `choices` that is not one of the composite's keys is a ValueError.
    """
    walk = _Walk(graph, choices or {}, routes or {})
    result = Resolution(method.upper(), path, host)
    walk.run(result)
    return result


class _Walk:
    """The state of one resolution: the graph's nodes and out-edges by id."""

    def __init__(self, graph: dict, choices: dict[str, str], tables: dict) -> None:
        self.entry = graph["entry"]
        self.nodes = {node["id"]: node for node in graph["nodes"]}
        self.edges: dict[str, list[dict]] = {}
        for edge in graph["edges"]:
            self.edges.setdefault(edge["source"], []).append(edge)
        for composite, key in choices.items():
            if composite not in self.nodes:
                raise ValueError(f"{composite}={key}: no {composite} in this graph")
            keys = [e["label"] for e in self.edges.get(composite, [])
                    if e["label"] not in STATIC_LABELS]
            if key not in keys:
                raise ValueError(f"{composite} has no alternative {key!r} (it offers "
                                 f"{', '.join(keys) or 'none'})")
        self.choices = choices
        self.tables = tables

    def run(self, result: Resolution) -> None:
        node, label = self.entry, None
        script_name, path_info = "", result.path
        for _ in range(len(self.nodes) + 1):  # a graph has no cycles; bound the walk anyway
            self._enter(result, node, label, script_name, path_info)
            kind = self.nodes.get(node, {}).get("kind", node.partition(":")[0])
            out = [e for e in self.edges.get(node, []) if e["label"] not in STATIC_LABELS]
            if kind == "composite" and out and all(_is_prefix(e["label"]) for e in out):
                step = self._urlmap(node, out, result, script_name, path_info)
                if step is None:
                    return
                label, node, script_name, path_info = step
            elif kind == "composite" and out:
                label, node = self._alternative(node, out, result)
            elif kind == "pipeline" and out:
                positions = sorted((e for e in out if e["label"].isdigit()),
                                   key=lambda e: int(e["label"]))
                for edge in positions[:-1]:
                    self._enter(result, edge["target"], edge["label"], script_name, path_info)
                names = ", ".join(name(e["target"]) for e in positions)
                _say(result, f"{name(node)} runs its positions in order: {names}.")
                label, node = positions[-1]["label"], positions[-1]["target"]
            elif kind == "filter-app" and any(e["label"] == "next" for e in out):
                nxt = next(e for e in out if e["label"] == "next")
                _say(result, f"{name(node)} wraps its `next` app {name(nxt['target'])}.")
                label, node = "next", nxt["target"]
            else:
                self._app(node, result, path_info)
                return

    def _enter(
        self, result: Resolution, node: str, label: str | None, script_name: str, path_info: str
    ) -> None:
        """Add `node` as a hop, after the filters its `filter-with` chain wraps it in.

        PasteDeploy builds `filter-with = F` as F wrapping the section (and F's own
        `filter-with = G` as G wrapping F), so the outermost filter is entered first.
        """
        chain: list[str] = []
        wrapped = node
        while len(chain) < len(self.nodes):  # a chain names each filter once; bound it anyway
            wrapper = next((e["target"] for e in self.edges.get(wrapped, [])
                            if e["label"] == "filter-with"), None)
            if wrapper is None:
                break
            chain.insert(0, wrapper)
            wrapped = wrapper
        if chain:
            names = " → ".join(name(n) for n in chain)
            _say(result, f"{name(node)} is wrapped by its `filter-with` chain, so the request "
                         f"enters {names} before it.")
        for wrapper in chain:
            result.hops.append(Hop(wrapper, label, script_name, path_info))
            label = "filter-with"
        result.hops.append(Hop(node, label, script_name, path_info))

    def _urlmap(
        self, node: str, out: list[dict], result: Resolution, script_name: str, path_info: str
    ) -> tuple[str, str, str, str] | None:
        """Dispatch as Paste's URLMap does: (label, target, SCRIPT_NAME, PATH_INFO), or None."""
        urlmap = URLMap(not_found_app=_Placeholder(None))
        order: dict[tuple[str | None, str], str] = {}
        for edge in out:
            urlmap[edge["label"]] = _Placeholder(edge)
            order[urlmap.normalize_url(edge["label"])] = edge["label"]
        tried = [order[url] for url, _ in urlmap.applications]
        environ = {"SCRIPT_NAME": script_name, "PATH_INFO": path_info,
                   "wsgi.url_scheme": "http", "HTTP_HOST": result.host or "localhost"}
        edge = urlmap(environ, None)
        if edge is None:
            listed = ", ".join(f"`{label}`" for label in tried)
            result.stopped = {"node": node, "status": 404, "tried": tried,
                              "reason": f"no prefix matches `{path_info}`"}
            _say(result, f"{name(node)} (a urlmap) tries {listed}, longest first; none "
                                f"is `{path_info}` or a prefix of it ending at a `/`, so it "
                                f"answers 404 itself.")
            return None
        moved = environ["SCRIPT_NAME"][len(script_name):]
        shift = (f"`{moved}` moves from PATH_INFO to SCRIPT_NAME, so {name(edge['target'])} "
                 f"sees PATH_INFO `{environ['PATH_INFO']}`" if moved else
                 f"nothing moves: {name(edge['target'])} sees PATH_INFO `{environ['PATH_INFO']}`")
        _say(result, f"{name(node)} (a urlmap) picks `{edge['label']}`, the longest "
                            f"prefix that matches (of {len(tried)}); {shift}.")
        return edge["label"], edge["target"], environ["SCRIPT_NAME"], environ["PATH_INFO"]

    def _alternative(self, node: str, out: list[dict], result: Resolution) -> tuple[str, str]:
        """Follow a keyed composite's chosen alternative; record what else it offers."""
        keys = [e["label"] for e in out]
        result.alternatives[node] = keys
        conf = self.nodes.get(node, {}).get("conf") or {}
        setting = next((name for name, value in conf.items() if value in keys), None)
        factory = self.nodes.get(node, {}).get("factory") or ""
        if node in self.choices:  # checked against `keys` when the walk began
            key, why = self.choices[node], "chosen"
        elif setting:
            key, why = conf[setting], f"setting {setting}"
        elif "pipeline_factory" in factory and DEFAULT_STRATEGY in keys:
            key, why = DEFAULT_STRATEGY, "default auth_strategy"
        else:
            key, why = keys[0], "first"
        result.chosen[node] = (key, why)
        others = ", ".join(f"`{k}`" for k in keys if k != key) or "none"
        _say(result, f"{name(node)} offers {len(keys)} alternatives; `{key}` is "
                            f"followed ({chosen_words(why)}); the others: {others}.")
        target = next(e["target"] for e in out if e["label"] == key)
        return key, target

    def _app(self, node: str, result: Resolution, path_info: str) -> None:
        """At an app: the route its router would match, if its route table is known."""
        table = self.tables.get(node)
        if not table:
            _say(result, f"{name(node)} answers `{result.method} {path_info}`.")
            return
        mapper = mapper_of(table)
        found = mapper.routematch(path_info, environ={"REQUEST_METHOD": result.method})
        if found:
            match, route = found
            row = table[mapper.matchlist.index(route)]
            result.route = {**row, "match": dict(match)}
            called = f"`{row['name']}`" if row["name"] else "an unnamed route"
            _say(result,
                f"{name(node)}'s router matches {called} (`{row['template']}`, "
                f"{', '.join(row['methods']) or 'any method'}): "
                f"{row['controller']}.{row['action']}({_args(match)}).")
            return
        status, candidates, more = routing.explain_miss(mapper, result.method, path_info)
        result.candidates = candidates
        by_method = [c for c in candidates if c["failed"] == "method"]
        reason = (f"`{path_info}` matches {len(by_method)} route template(s) but none allows "
                  f"{result.method} (allowed: {', '.join(routing.allowed_methods(candidates))})"
                  if status == 405 else f"no route template matches `{path_info}`")
        result.stopped = {"node": node, "status": status, "reason": reason,
                          "tried": [c["template"] for c in candidates], "more": more}
        _say(result, f"{name(node)}'s router answers {status}: {reason}.")


class _Placeholder:
    """Stands for a urlmap branch: calling it returns the edge it stands for."""

    def __init__(self, edge: dict | None) -> None:
        self.edge = edge

    def __call__(self, environ: dict, start_response: Any) -> dict | None:
        return self.edge


def mapper_of(table: list[dict[str, Any]]) -> routes.Mapper:
    """A Routes mapper with the routes of a route table (`stack.routing.route_table`)."""
    mapper = routes.Mapper()
    for row in table:
        conditions = {"method": list(row["methods"])} if row["methods"] else None
        mapper.connect(row["name"], row["template"], controller=row["controller"],
                       action=row["action"], conditions=conditions)
    mapper.create_regs()
    return mapper


def parse_choices(values: list[str]) -> dict[str, str]:
    """`COMPOSITE=KEY` choices (`--choose`, the dashboard's `choose=`) → `{composite id: KEY}`;
    a bare name is a composite's. ValueError names a malformed one."""
    choices = {}
    for value in values:
        composite, equals, key = (part.strip() for part in value.partition("="))
        if not equals or not composite or not key:
            raise ValueError(f"{value!r}: expected COMPOSITE=KEY "
                             "(e.g. openstack_compute_api_v21=keystone)")
        choices[composite if ":" in composite else f"composite:{composite}"] = key
    return choices


def chosen_words(why: str) -> str:
    """Why a composite's alternative was followed (a `Resolution.chosen` reason), in words."""
    if why == "chosen":
        return "as chosen"
    if why == "default auth_strategy":
        return "OpenStack's default `auth_strategy`: the ini sets none, a service's config may"
    if why.startswith("setting "):
        return f"as its `{why.partition(' ')[2]}` setting says"
    return "the first, as nothing chooses one"


def describe(result: Resolution) -> list[str]:
    """The resolution in plain words: the path, then what each step decided."""
    head = f"{result.method} {result.path}" + (f" (host {result.host})" if result.host else "")
    path = " → ".join(name(hop.node) for hop in result.hops)
    lines = [f"{head} would go: {path}.", *result.story]
    if result.stopped:
        lines.append(f"It would stop at {name(result.stopped['node'])} with "
                     f"{result.stopped['status']}.")
    return lines


def _say(result: Resolution, words: str) -> None:
    result.story.append(words[0].upper() + words[1:])


def _is_prefix(label: str) -> bool:
    return label.startswith("/") or label.startswith(("http://", "https://"))


def _args(match: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in match.items() if k not in ("controller", "action"))
