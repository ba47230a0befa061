"""Answer "what would this URL hit?" of a graph, without loading or importing anything it names.

The dashboard asks it of a running stack (with the stack's route tables) and of an uploaded ini
whose code is not installed, and `python -m stack which` asks it from the shell (with the
route tables of the stack it loaded only when `--load` asks it to), so it is pure:
graph JSON in, a `Resolution` out. Urlmap-like composites are walked by a real Paste `URLMap`
holding placeholders instead of apps, so longest-prefix order, domain and port keys, the `/v2`
vs `/v21` boundary and the SCRIPT_NAME/PATH_INFO shift are Paste's own, not a copy of them.
Routers are asked through a Routes `Mapper` rebuilt from the stack's route table.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import routes
from paste.urlmap import URLMap

from stack import http_token
from stack import known_filters
from stack import nova_urlmap
from stack import redact
from stack import routing
from stack.explain import host_bound
from stack.explain import host_bound_words
from stack.explain import name
from stack.explain import prefix_reason
from stack.explain import unmatched_words
from stack.graph_model import built_by
from stack.graph_model import filter_with_chain
from stack.graph_model import indexed
from stack.graph_model import is_pipeline_factory
from stack.graph_model import is_position
from stack.graph_model import node_id
from stack.graph_model import split_id
from stack.graph_model import strategy
from stack.graph_model import strategy_setting
from stack.graph_model import unread_setting
from stack.graph_model import used_section
from stack.http_token import quoted
from stack.ini_text import readable
from stack.near_names import first_and_more
from stack.near_names import listed
from stack.wsgi_path import named_path
from stack.wsgi_path import quoted_path
from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args

#: Edge labels that are not steps of a request (how a section was written, not where it goes).
STATIC_LABELS = frozenset({"use", "filter-with", "not_found_app"})
#: Filters the caveat about their code names before it counts the rest: the path above names
#: every one.
SHOWN_FILTERS = 10
#: eventlet.wsgi's MAX_REQUEST_LINE: it reads at most this many bytes of a request line and
#: answers 414 to a line that fills them, so a line, CRLF included, must be shorter.
MAX_REQUEST_LINE = 8192
#: The HTTP version a client (curl, a browser) writes at the end of its request line.
HTTP_VERSION = "HTTP/1.1"
#: An escaped `/` in a request's path: eventlet decodes it with every other %-escape, so an
#: object name or an ID holding one (`a%2Fb`) reaches urlmap and Routes as two segments.
ESCAPED_SLASH = re.compile(r"%2F", re.IGNORECASE)
#: The asterisk-form request target (RFC 9112): OPTIONS of the server as a whole, not a path.
ASTERISK = "*"


@dataclass
class Hop:
    """One node the request would enter, the edge label that led there, and its environ."""

    node: str
    label: str | None
    script_name: str
    path_info: str
    #: What chose the label where the path did not: nova's urlmap (or a copy) reads the API
    #: version from a header (`the Accept header's `version=2.1``).
    by: str | None = None


@dataclass
class Resolution:
    """Where `method path` (on `host`) would go in a graph, and where and why it would stop."""

    method: str
    path: str
    host: str
    #: The request's headers a layer may read (`Accept`, `Content-Type`), as given.
    headers: dict[str, str] = field(default_factory=dict)
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
    #: Where the request would be answered before an app: node, status, reason, tried, and
    #: `said`: the story's lines that say it, the notes it is read with first (`%2F` decoded,
    #: a token an auth filter on the way asks for), as the CLI prints them (the page's box).
    #: Status None: PasteDeploy could not load the stack at all (node: the section at fault).
    stopped: dict[str, Any] | None = None
    #: What the walk went through, in plain words.
    story: list[str] = field(default_factory=list)
    #: The filters passed whose part the story says from their project's code
    #: (`stack.known_filters`): the closing caveat does not take them to pass the request on.
    known: list[str] = field(default_factory=list)

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
    page: bool = False,
    headers: dict[str, str] | None = None,
    built: Collection[str] | None = None,
) -> Resolution:
    """Walk `graph` (the graph JSON) from its entry as a `method path` request would go.

    `path` is a request target as a client sends it (`request_target`), one `check_target`
    accepts. `choices` picks a composite's alternative by composite id (`composite:NAME`);
    `routes` are a running stack's route tables by app node, as its announcement carries
    them (`{}`: a running stack with no router; None: nothing was loaded, as for an uploaded
    ini or the CLI without `--load`, so nothing is known of any app's code). A choice of a
    composite without alternatives, or of a key it does not offer, is a ValueError; one of a
    composite the request does not pass is said last in the story. `page`: the answer is read on the
    dashboard, whose lists choose an alternative, so it points there rather than to `--choose`.
    `headers` (`http_token.check_headers`, the Host taken out by `given_host`) are read where
    a layer's choice depends on them: nova's urlmap and the copies of it `nova_urlmap.COPIES`
    names. `built`: the app nodes a load here built (`which --load`), whose `routes` were
    taken by it, not announced by a running stack, and the answer says so.
    """
    walk = _Walk(graph, choices or {}, routes, page, built)
    path_info, named_host = request_target(path)
    result = Resolution(method, path, host or named_host, dict(headers or {}))
    walk.run(result, path_info)
    if result.stopped:
        result.stopped.setdefault("said", [])[:0] = walk.notes
    result.story += _unused_words(walk.choices, result)
    if result.headers and not walk.read_headers and not result.stopped:
        given = ", ".join(f"`{header}`" for header in result.headers)
        readers = listed([f"{copy.project}'s" for copy in nova_urlmap.COPIES.values()])
        _say(result, f"No layer this walk passes picks its way by a header ({given} given): "
                     f"of urlmaps, only {readers} read one (the API version), and a filter's "
                     "code is not read here.")
    return result


def default_keys(graph: dict, composites: list[str]) -> dict[str, str]:
    """The key each keyed composite of `graph` follows when none is chosen: the dashboard sends
    its list left at that key as no choice, so asking again says why the key is followed, not
    `as chosen`."""
    walk = _Walk(graph, {}, None)
    return {composite: walk._choose(composite, walk.offers(composite))[0]
            for composite in composites}


def check_walk(graph: dict) -> None:
    """Raise ValueError, naming the field (`["edges"][3]["label"] …`), unless every walk of
    `graph` can be told: a graph from outside (a stack's announcement, a file of saved
    requests) whose shape is checked (the drawing's check, `dashboard.diagram_layout`) may
    still lack what `stack.graph` always gives, and the walk takes for granted.

    Of each node a walk may reach: one walked as a pipeline (by its kind, `built_as` or
    `use`) steps only to its positions; a keyed composite builds, when none is chosen, a key
    it offers, or says in its `errors` why it cannot be built (a `pipeline_factory` whose
    `auth_strategy` names no key). (A section only `use`d by one with keys of its own is not
    walked: `[composite:pf4] use = pf3` builds the key its own settings pick.)
    """
    walk = _Walk(graph, {}, None)
    walked, todo = {walk.entry}, [walk.entry]
    while todo:  # bounded: each node is added once
        node = todo.pop()
        out = [edge["target"] for edge in walk.steps(node)] or [walk.used(node)]
        for target in out:
            if target is not None and target not in walked:
                walked.add(target)
                todo.append(target)
    for index, edge in enumerate(graph["edges"]):
        source, label = edge["source"], edge["label"]
        if (source in walked and label not in STATIC_LABELS and not is_position(label)
                and walk.kind(source) == "pipeline"):
            kind = walk.nodes[source]["kind"]
            how = "" if kind == "pipeline" else f" (a {kind} built as one)"
            raise ValueError(f'["edges"][{index}]["label"] must be a position ("0", "1", …): '
                             f"{source} is walked as a pipeline{how}, whose steps are its "
                             f"positions, got {quoted(label)}")
    for index, node in enumerate(graph["nodes"]):
        if node["id"] not in walked or not walk.keyed(node["id"]):
            continue
        keys = walk.offers(node["id"])
        key, why = walk._choose(node["id"], keys)
        if key not in keys and walk._refusal(node["id"])[0] is None:
            raise ValueError(f'["nodes"][{index}] ({node["id"]}) builds its key {quoted(key)} '
                             f"({chosen_words(why)}), which none of its edges has: a key it "
                             'cannot build is in its "refused_alternatives", and its "errors" '
                             "say why")


def case_note(method: str) -> str:
    """Why a method not in upper case is taken as typed: it is not its upper-case namesake."""
    return (f"`{method}` is not `{method.upper()}`: HTTP methods are case-sensitive, and a "
            f"server and its router compare them as sent (`curl -X {method}` sends `{method}`; "
            f"most clients send `{method.upper()}`), so a route for {method.upper()} does not "
            f"match it.")


def asterisk_form(method: str, target: str) -> bool:
    """Whether `target` is `*` asking OPTIONS of the server as a whole (`options *` too: the
    server hands it on as sent), the one request target that does not start with `/`."""
    return target == ASTERISK and method.upper() == "OPTIONS"


def check_target(method: str, target: str) -> None:
    """Refuse a request target no server would be sent: a ValueError says what is wrong.

    A path starts with `/` (a whole URL, `http://HOST/PATH`, is taken for its path and
    host, which must be one, `http_token.check_host`); `*` asks OPTIONS of the server as a
    whole and nothing else; a request line cannot carry a space or a control character
    unescaped. Its length is no error: a line too long is the server's to answer (`resolve`
    says its 414).
    """
    if target == ASTERISK:
        if not asterisk_form(method, target):
            raise ValueError(f"'*' is a request target for OPTIONS only (the asterisk-form: "
                             f"the server as a whole); a path for {method} starts with '/'")
    elif not _is_prefix(target):
        raise ValueError(f"{quoted(target)} must start with '/' (or be a whole URL: "
                         "http://HOST/PATH)")
    elif any(c.isspace() or ord(c) < 32 for c in target):
        raise ValueError(f"{quoted(target)} holds a space or a control character, which a "
                         "request line cannot carry: write it %-escaped (a space is %20)")
    elif (host := _origin_form(target)[0]) and not http_token.is_host(host):
        raise ValueError(f"the URL's host {quoted(host)} {http_token.NOT_A_HOST}")


def given_host(host: str, headers: dict[str, str], option: str) -> str:
    """The Host `which` asks about: `host` (given as `option`), or a Host among `headers`
    (`http_token.check_headers`), taken out of them: Send and lessons send that header as the
    request's Host, so `which` reads it as that too. Both given is a ValueError, as a header
    given twice is."""
    name = next((given for given in headers if given.lower() == "host"), None)
    if name is None:
        return host
    if host:
        raise ValueError(f"{quoted(f'{name}: {headers[name]}')}: the Host is given twice, as "
                         f"{option} too; give it once")
    return headers.pop(name)


def request_target(target: str) -> tuple[str, str]:
    """`(PATH_INFO, host)` of a request target: what a WSGI server hands the stack.

    The query string is not part of PATH_INFO, and percent-escapes are decoded (`%2F` is a
    `/` to urlmap and Routes); text beyond ASCII is what a client sends, UTF-8, read as
    Latin-1 (PEP 3333), as eventlet does. An absolute URL (`http://host/path`) names its host.
    """
    path = request_path(target)
    return (urllib.parse.unquote(path.encode().decode("latin-1"), encoding="latin-1"),
            _origin_form(target)[0])


def request_path(target: str) -> str:
    """The path of a request target as its client typed it: no host, no query string, its
    %-escapes not decoded."""
    return _origin_form(target)[1].partition("?")[0]


def _origin_form(target: str) -> tuple[str, str]:
    """`(host, what the request line carries)` of a request target: an absolute URL is sent
    as its path and query (`GET /path?q HTTP/1.1`), its host in a Host header."""
    scheme, sep, rest = target.partition("://")
    if sep and scheme.isalpha():
        host, slash, path = rest.partition("/")
        return host, slash + path or "/"
    return "", target


def _too_long(result: Resolution) -> bool:
    """Whether eventlet would refuse the request line before any layer sees it; if so, say so.

    Its bytes are counted as a client such as curl writes them: the target as given (text
    beyond ASCII as its UTF-8), the query string included, `HTTP/1.1` and CRLF at the end.
    """
    line = f"{result.method} {_origin_form(result.path)[1]} {HTTP_VERSION}\r\n"
    size = len(line.encode("utf-8", "surrogateescape"))
    if size < MAX_REQUEST_LINE:
        return False
    reason = (f"its request line is {size:,} bytes, and eventlet reads at most "
              f"{MAX_REQUEST_LINE - 1:,} (CRLF included)")
    result.stopped = {"node": None, "status": 414, "reason": reason}
    _say(result, f"the server answers 414 Request URI Too Long itself: {reason}. It closes "
                 "the connection, and no layer of the stack is entered.")
    return True


class _Walk:
    """The state of one resolution: the graph's nodes and out-edges by id."""

    def __init__(self, graph: dict, choices: dict[str, str], tables: dict | None,
                 page: bool = False, built: Collection[str] | None = None) -> None:
        self.entry = graph["entry"]
        self.nodes, self.edges = indexed(graph)
        #: The alternatives each `pipeline_factory` composite cannot build, by key
        #: (`refused_alternatives`): asked of a node at every step of the walk.
        self.refused = {node: refused for node, found in self.nodes.items()
                        if (refused := refused_alternatives(found))}
        choices = {self.chosen_node(composite): key for composite, key in choices.items()}
        for composite, key in choices.items():
            if composite not in self.nodes:
                raise ValueError(f"{composite}={key}: no {composite} in this graph")
            keys = self.offers(composite)
            if not self.keyed(composite):
                how = ("a urlmap: it picks by prefix" if self.kind(composite) == "composite"
                       and keys else "not a composite with alternatives")
                raise ValueError(f"{composite}={key}: {composite} is {how}")
            if key not in keys:
                raise ValueError(f"{composite} has no alternative {key!r} (it offers "
                                 f"{', '.join(keys) or 'none'})")
        self.choices = choices
        self.loaded = tables is not None  # whether a running stack or a load lent route tables
        self.page = page  # see `resolve`
        self.built = built  # see `resolve`
        self.tables = tables or {}
        self.read_headers = False  # whether a layer passed picks its way by the headers
        #: What any stop is read with, said before it (`_note`): `Resolution.stopped`'s `said`.
        self.notes: list[str] = []

    def _note(self, result: Resolution, words: str) -> None:
        """Say what the answer at any stop is read with: the request is not what it looks
        (`get`, `%2F` decoded), or a filter on the way answers first for its want of a token."""
        _say(result, words)
        self.notes.append(result.story[-1])

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
        out = self.steps(node)
        return self.kind(node) == "composite" and (
            node in self.refused
            or bool(out) and not all(_is_prefix(e["label"]) for e in out))

    def offers(self, node: str) -> list[str]:
        """The keys a keyed composite offers: those it can build (its edges), then those
        it cannot, which a service's config may pick all the same."""
        keys = [e["label"] for e in self.steps(node)]
        return keys + [key for key in self.refused.get(node, {}) if key not in keys]

    def run(self, result: Resolution, path_info: str) -> None:
        if self._unloadable(result) or _too_long(result):  # no stack, or refused before it
            return
        if result.method != result.method.upper():
            self._note(result, case_note(result.method))
        if bare := bare_percents(request_path(result.path)):
            self._note(result, f"{' and '.join(f'`{b}`' for b in bare)} "
                               f"{'is no %-escape' if len(bare) == 1 else 'are no %-escapes'}, "
                               f"so the server hands it over as it was sent: PATH_INFO holds "
                               f"{path_info!r}. Below, a `%` a path holds is written `%25` "
                               f"(`{readable_path(path_info)}`), as a client would send it, so "
                               "that it never reads as the start of an escape.")
        if ESCAPED_SLASH.search(request_path(result.path)):
            self._note(result, f"The server decodes `%2F` to `/` before any layer sees the "
                               f"path: PATH_INFO holds `{readable_path(path_info)}`, and neither "
                               "a urlmap nor a router can tell the escaped `/` from one typed.")
        node, label, by = self.entry, None, None
        script_name = ""
        entered = False  # whether `node` is a hop already
        for _ in range(len(self.nodes) + 1):  # a graph has no cycles; bound the walk anyway
            if not entered:
                self._enter(result, node, label, script_name, path_info, by)
            entered, by = False, None
            kind = self.kind(node)
            out = self.steps(node)
            built_as = self.used(node)
            if self.keyed(node):
                label, node = self._alternative(node, out, result)
            elif kind == "composite" and out:
                step = self._urlmap(node, out, result, script_name, path_info)
                if step is None:
                    return
                label, node, script_name, path_info, by = step
            elif kind == "pipeline" and out:
                positions = sorted((e for e in out if is_position(e["label"])),
                                   key=lambda e: int(e["label"]))
                names = ", ".join(name(e["target"]) for e in positions)
                _say(result, f"{name(node)} runs its positions in order: {names}.")
                for edge in positions[:-1]:
                    self._enter(result, edge["target"], edge["label"], script_name, path_info)
                    if self._known_filter(edge["target"], result, script_name + path_info):
                        return
                label, node = positions[-1]["label"], positions[-1]["target"]
            elif kind == "filter-app" and any(e["label"] == "next" for e in out):
                nxt = next(e for e in out if e["label"] == "next")
                _say(result, f"{name(node)} wraps {name(nxt['target'])}, its `next`.")
                label, node = "next", nxt["target"]
            elif built_as is not None and not out:
                # One object, one hop: PasteDeploy builds the section as the one it uses.
                _say(result, f"{name(node)} uses {name(built_as)} (`use =`), so it is built "
                             f"as that {self.kind(built_as)}.")
                node, entered = built_as, True
            else:
                self._app(node, result, path_info)
                return

    def _unloadable(self, result: Resolution) -> bool:
        """Whether `loadapp` would fail on the entry; if so, say where and why.

        PasteDeploy builds, as it loads, every section the entry reaches (each urlmap branch,
        each `use`, `filter-with`, `next`, `not_found_app`), except the alternatives a
        composite does not pick: one refused section anywhere there and no request is served.
        """
        seen, queue = {self.entry}, deque([self.entry])
        #: A node → the keyed composite, and the alternative, it was reached through.
        through: dict[str, tuple[str, str]] = {}
        #: A keyed composite passed → its keys, and the one followed with why.
        offered: dict[str, tuple[list[str], tuple[str, str]]] = {}
        while queue:
            node = queue.popleft()
            out = self.edges.get(node, [])
            reason, line = self._refusal(node)
            if reason is None and self.keyed(node):
                keys = self.offers(node)
                key, why = self._choose(node, keys)
                offered[node] = keys, (key, why)
                refused = self.refused.get(node, {}).get(key)
                if refused is not None:  # the key its auth_strategy or the choice picks
                    reason, line = refused["error"], refused.get("line")
                    through[node] = (node, key)
                out = [e for e in out if e["label"] in STATIC_LABELS or e["label"] == key]
                for edge in out:
                    through.setdefault(edge["target"], (node, key))
            if reason is not None:
                result.stopped = {"node": node, "status": None, "reason": reason}
                for composite, (keys, chosen) in offered.items():  # the page offers the others
                    result.alternatives[composite], result.chosen[composite] = keys, chosen
                how = ("Loading fails" if node == self.entry else f"PasteDeploy builds "
                       f"every section {name(self.entry)} reaches as it loads it, so loading "
                       f"fails")
                _say(result, f"{name(node)} cannot be built{_line_words(node, line, reason)}: "
                             f"{reason}. {how}, and no request is answered."
                             f"{_through_words(through.get(node), result, self.page)}")
                return True
            for edge in out:
                if edge["target"] not in seen:
                    seen.add(edge["target"])
                    queue.append(edge["target"])
                    if node in through:
                        through.setdefault(edge["target"], through[node])
        return False

    def _refusal(self, node: str) -> tuple[str | None, int | None]:
        """Why PasteDeploy would refuse `node` whatever alternative is chosen, and the line
        (`Node.error_lines`), or (None, None). The refusal of a composite's default
        alternative is not one of these: a choice of another lifts it (`_unloadable`)."""
        found = self.nodes.get(node, {})
        errors = found.get("errors") or []
        lines = found.get("error_lines")
        lines = lines if isinstance(lines, list) else []
        chosen_only = {alt["error"] for alt in self.refused.get(node, {}).values()}
        for index, error in enumerate(errors):
            if error not in chosen_only:
                line = lines[index] if index < len(lines) else None
                return error, line if isinstance(line, int) else None
        return None, None

    def _enter(
        self, result: Resolution, node: str, label: str | None, script_name: str, path_info: str,
        by: str | None = None,
    ) -> None:
        """Add `node` as a hop, after the filters its `filter-with` chain wraps it in.

        PasteDeploy builds `filter-with = F` as F wrapping the section (and F's own
        `filter-with = G` as G wrapping F), so the outermost filter is entered first.
        """
        chain = [edge["target"] for edge in reversed(filter_with_chain(self.edges, node))]
        if chain:
            names = " → ".join(name(n) for n in chain)
            _say(result, f"{name(node)} is wrapped by its `filter-with` chain, so the request "
                         f"enters {names} before it.")
        for wrapper in chain:
            result.hops.append(Hop(wrapper, label, script_name, path_info, by))
            label, by = "filter-with", None
        result.hops.append(Hop(node, label, script_name, path_info, by))

    def _urlmap(
        self, node: str, out: list[dict], result: Resolution, script_name: str, path_info: str
    ) -> tuple[str, str, str, str, str | None] | None:
        """Dispatch as Paste's URLMap does, or nova's where it built `node`: (label, target,
        SCRIPT_NAME, PATH_INFO, the header that chose the label or None), or None."""
        urlmap = URLMap(not_found_app=_Placeholder(None))
        placeholders = {}
        for edge in out:
            url = urlmap.normalize_url(edge["label"])
            placeholders[url] = _Placeholder(edge)  # a prefix given twice: the last one, as Paste
        # NOTE: sorted once, by Paste's own sort_apps: `urlmap[label] = app` sorts the whole
        # list on every insert, and nova-sized maps are small but a file may hold thousands.
        urlmap.applications = list(placeholders.items())
        urlmap.sort_apps()
        tried = [app.edge["label"] for _, app in urlmap.applications]
        environ = {**header_environ(result.headers), "SCRIPT_NAME": script_name,
                   "PATH_INFO": path_info, "wsgi.url_scheme": "http",
                   "HTTP_HOST": result.host or "localhost"}
        typed = readable_path(path_info)
        copy = nova_urlmap.urlmap_copy(built_by(self.nodes, self.edges, node)[0])
        what = f"{copy.project}'s urlmap" if copy else "a urlmap"
        pick = None
        try:
            if copy:
                self.read_headers = True
                pick = nova_urlmap.dispatch(urlmap, environ, copy)
                edge = pick.app and pick.app.edge
            else:
                edge = urlmap(environ, None)
        except nova_urlmap.NovaError as exc:
            result.stopped = {"node": node, "status": 500,
                              "reason": f"{what} cannot read the headers: {exc}"}
            _say(result, f"{name(node)} ({what}) reads the API version from the "
                         f"headers and cannot read them: it raises {exc}, and the request ends "
                         "in a 500.")
            return None
        except AssertionError as exc:  # Paste's own check: PATH_INFO `*` (OPTIONS *) fails it
            result.stopped = {"node": node, "status": 500,
                              "reason": f"Paste's URLMap refuses PATH_INFO `{typed}`: {exc}"}
            _say(result, f"{name(node)} (a urlmap) refuses PATH_INFO `{typed}`, which does not "
                         f"start with `/`: Paste's URLMap raises AssertionError ({exc}), and "
                         f"the request ends in a 500.")
            return None
        prefixes = ", ".join(f"`{label}`" for label in tried)
        fallback = next((e["target"] for e in self.edges.get(node, [])
                         if e["label"] == "not_found_app"), None)
        requested = (f"this request's Host is `{result.host}`" if result.host else
                     f"no host was given, which is taken as `{environ['HTTP_HOST']}`")
        unmatched = unmatched_words(tried, path_info, requested, "a prefix of it ending at a `/`")
        missed = f"{name(node)} ({what}) tries {prefixes}, longest first; {unmatched}"
        if edge is None and fallback is not None:
            _say(result, f"{missed}, so its `not_found_app`, {name(fallback)}, answers.")
            went = "not_found_app", fallback, script_name, path_info, None
        elif edge is None:
            bound = host_bound(tried, path_info)
            reason = (host_bound_words(bound, path_info, requested) if bound else
                      f"no prefix matches {quoted_path(path_info)}")
            result.stopped = {"node": node, "status": 404, "tried": tried, "reason": reason}
            _say(result, f"{missed}, so it answers 404 itself.")
            went = None
        else:
            moved = environ["SCRIPT_NAME"][len(script_name):]
            sees = named_path("PATH_INFO", environ["PATH_INFO"])
            by = (f"the {pick.by} header's `version={pick.version}`"
                  if pick and pick.by in nova_urlmap.ENVIRON_KEYS else None)
            if by and moved:
                shift = (f"`{readable_path(moved)}` is added to SCRIPT_NAME and PATH_INFO is left "
                         f"as it is, so {name(edge['target'])} sees {sees}")
            elif moved:
                shift = (f"`{readable_path(moved)}` moves from PATH_INFO to SCRIPT_NAME, so "
                         f"{name(edge['target'])} sees {sees}")
            else:
                shift = f"nothing moves: {name(edge['target'])} sees {sees}"
            if by:
                wanted = f"/v{pick.version}"
                found = (f"the prefix `{wanted}`" if wanted == edge["label"] else
                         f"`{wanted}`, which only the catch-all `/` matches" if not moved else
                         f"`{wanted}`, which `{edge['label']}` matches")
                reason = (f"by {by}: no prefix other than `/` matches {quoted_path(path_info)}, so "
                          f"{what} takes the API version from the headers and looks it up as "
                          f"{found}")
            else:
                reason = prefix_reason(edge["label"], path_info, tried)
            _say(result, f"{name(node)} ({what}) picks `{edge['label']}` (of {len(tried)}), "
                         f"{reason}; {shift}.")
            went = (edge["label"], edge["target"], environ["SCRIPT_NAME"], environ["PATH_INFO"],
                    by)
        result.story += pick.unread if pick else []
        return went

    def _known_filter(self, node: str, result: Resolution, path: str) -> bool:
        """Say what a well-known filter does with the request (`stack.known_filters`); True
        when it answers the request itself, which ends the walk there."""
        factory, conf = built_by(self.nodes, self.edges, node)
        conf = known_filters.handed(factory, conf)  # a `set NAME` as its factory reads it
        at = _line_words(node, self.nodes.get(node, {}).get("line"), "")
        answer = known_filters.answers(factory, conf, path, result.headers)
        if answer is not None:
            result.stopped = {"node": node, "status": answer.status, "reason": answer.words}
            _say(result, f"{name(node)}{at} answers {answer.status} itself: {answer.words}.")
            return True
        if (words := known_filters.auth_words(factory, conf, result.headers)) is not None:
            self.read_headers = True  # it reads the token header, given or not
            if known_filters.refuses_tokenless(factory, conf, result.headers):
                give = ("an `X-Auth-Token` header above" if self.page else
                        "`-H 'X-Auth-Token: …'`")
                words += (f"; below, the walk goes on as for a request with a valid one (give "
                          f"{give} to ask about one)")
                self._note(result, f"{name(node)}{at} {words}.")
            else:
                _say(result, f"{name(node)}{at} {words}.")
            result.known.append(node)
        elif (words := known_filters.size_words(factory, conf, result.headers)) is not None:
            self.read_headers = True  # it reads the Content-Length
            _say(result, f"{name(node)}{at} {words}.")
            result.known.append(node)
        return False

    def _alternative(self, node: str, out: list[dict], result: Resolution) -> tuple[str, str]:
        """Follow a keyed composite's chosen alternative; record what else it offers."""
        keys = self.offers(node)
        result.alternatives[node] = keys
        key, why = self._choose(node, keys)  # one it builds, or `_unloadable` stopped the walk
        result.chosen[node] = (key, why)
        refused = self.refused.get(node, {})
        others = ", ".join(f"`{k}`" + (" (which cannot be built)" if k in refused else "")
                           for k in keys if k != key)
        factory, conf = built_by(self.nodes, self.edges, node)
        if is_cascade(factory):
            _say(result, cascade_words(node, keys, key, why, conf))
        elif others:
            place = (strategy_place(self.nodes, self.edges, node)
                     if why == "setting auth_strategy" else
                     strategy_place(self.nodes, self.edges, node, unread=True)
                     if why == "default auth_strategy" else "")
            _say(result, f"{name(node)} offers {len(keys)} alternatives; `{key}` is "
                         f"followed ({chosen_words(why, place)}); the others: {others}.")
        else:
            _say(result, f"{name(node)} names one section, by its key `{key}`, and that is "
                         "followed.")
        target = next(e["target"] for e in out if e["label"] == key)
        return key, target

    def _choose(self, node: str, keys: list[str]) -> tuple[str, str]:
        """The key a keyed composite would follow, and why (see `Resolution.chosen`).

        A `pipeline_factory` builds the pipeline its `auth_strategy` names (OpenStack's
        default: keystone), and nothing else decides (`stack.graph_model.strategy`); a key it
        cannot build is the graph's refusal of the composite, which `_unloadable` reports
        first. Of another composite nothing is known, so a setting naming a key is taken as
        the choice, else the first key.
        """
        factory, conf = built_by(self.nodes, self.edges, node)
        if node in self.choices:  # checked against `keys` when the walk began
            return self.choices[node], "chosen"
        if is_pipeline_factory(factory):
            return strategy({**dict.fromkeys(keys, ""), **conf})
        if is_cascade(factory):
            return min(keys), "first"  # Paste's cascade asks its apps by their keys, sorted
        setting = next((name for name, value in conf.items() if value in keys), None)
        if setting:
            return conf[setting], f"setting {setting}"
        return keys[0], "first"

    def _unbuilt(self, node: str, result: Resolution) -> str:
        """Why a load here (`which --load`) has no route table for app `node`: it holds no
        Routes mapper, or the load never built it, as a `pipeline_factory` builds only the
        alternative its auth_strategy names, not one `--choose` follows."""
        if node in self.built:
            return ("Loaded (`--load`), it has no route table (it holds no Routes mapper "
                    "Pastescope could read)")
        builder = next((composite for composite in reversed(result.chosen)
                        if is_pipeline_factory(built_by(self.nodes, self.edges, composite)[0])),
                       None)
        because = (f": {name(builder)} builds only the alternative its auth_strategy names"
                   if builder else "")
        return f"Loaded (`--load`), this load did not build it{because}"

    def _app(self, node: str, result: Resolution, path_info: str) -> None:
        """At an app: the route its router would match, if its route table is known.

        Without a table nothing says what the app answers (a 404 as well as a 200), so the
        words say it is handed the request, never that it answers it. A matched route whose
        controller lacks the action is the stack's 404 (`stack.wsgi.MissingAction`).
        """
        table = self.tables.get(node)
        typed = readable_path(path_info)
        if not table:
            asked = f"`{result.method} {typed}`" if typed else (
                f"`{result.method}` with an empty PATH_INFO (the path is all SCRIPT_NAME)")
            why = (self._unbuilt(node, result) if self.built is not None else
                   "The stack announced no route table for it (it has no Routes mapper the "
                   "stack could read)" if self.loaded else
                   "Nothing here loads its code (its factory is only named)")
            _say(result, f"{name(node)} is handed {asked}. {why}, so this cannot tell whether "
                         "it answers 200, 404 or another status: only sending the request "
                         "shows.")
            return
        mapper = mapper_of(table)
        found = mapper.routematch(path_info, environ={"REQUEST_METHOD": result.method})
        if found:
            self._matched(node, result, table, mapper, found)
            return
        status, candidates, more = routing.explain_miss(mapper, result.method, path_info)
        result.candidates = candidates
        by_method = [c for c in candidates if c["failed"] == "method"]
        shown = f"`{typed}`" if path_info else "an empty PATH_INFO"
        refusing = ("a route, which does not allow" if len(by_method) == 1 else
                    f"{len(by_method)} routes, none of which allows")
        reason = (f"{shown} matches {refusing} {result.method} "
                  f"(allowed: {', '.join(routing.allowed_methods(candidates))})"
                  if status == 405 else f"no route template matches {shown}")
        result.stopped = {"node": node, "status": status, "reason": reason,
                          "tried": [c["template"] for c in candidates], "more": more}
        _say(result, f"{name(node)}'s router answers {status}: {reason}.")
        if note := routing.miss_note(result.method, path_info, candidates):
            _say(result, note)

    def _matched(self, node: str, result: Resolution, table: list[dict[str, Any]],
                 mapper: routes.Mapper, found: tuple[dict, Any]) -> None:
        """Say which route matches, and whether its controller has the action it names."""
        match, route = found
        row = table[mapper.matchlist.index(route)]
        result.route = {**row, "match": dict(match)}
        called = f"`{row['name']}`" if row["name"] else "an unnamed route"
        matches = (f"{name(node)}'s router matches {called} (`{row['template']}`, "
                   f"{', '.join(row['methods']) or 'any method'})")
        call = f"{row['controller']}.{row['action']}({route_args(match)})"
        lacks = f"the `{row['controller']}` controller has no `{row['action']}` action"
        if row.get("has_action") is False:
            result.stopped = {"node": node, "status": 404,
                              "reason": f"the route matches, but {lacks} (MissingAction)"}
            _say(result, f"{matches}, but {lacks}, so the stack answers 404 (MissingAction) "
                         f"instead of calling {call}.")
        elif row.get("has_action") is True:
            _say(result, f"{matches}: {call}.")
        else:
            _say(result, f"{matches}, for {call}; the stack's route table does not say "
                         f"whether the `{row['controller']}` controller has the "
                         f"`{row['action']}` action, and without it the stack answers 404 "
                         "(MissingAction).")


class _Placeholder:
    """Stands for a urlmap branch: calling it returns the edge it stands for."""

    def __init__(self, edge: dict | None) -> None:
        self.edge = edge

    def __call__(self, environ: dict, start_response: Any) -> dict | None:
        return self.edge


def refused_alternatives(node: dict) -> dict[str, dict[str, Any]]:
    """The alternatives of a `pipeline_factory` composite (the graph JSON's `node`) it cannot
    build, by key (`Node.refused_alternatives`): no edge leads to them, but they are offered.
    A running stack announces its graph: what is not in that shape is not taken."""
    found = node.get("refused_alternatives")
    return {key: alternative for key, alternative in found.items()
            if isinstance(alternative, dict) and isinstance(alternative.get("error"), str)
            } if isinstance(found, dict) else {}


def mapper_of(table: list[dict[str, Any]]) -> routes.Mapper:
    """A Routes mapper with the routes of a route table (`stack.routing.route_table`)."""
    mapper = routes.Mapper()
    for row in table:
        conditions = {"method": list(row["methods"])} if row["methods"] else None
        mapper.connect(row["name"], row["template"], controller=row["controller"],
                       action=row["action"], conditions=conditions)
    mapper.create_regs()
    return mapper


#: A `%` that begins no %-escape (`%ZZ`, or one at the end): a server keeps it as sent.
BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2}).{0,2}", re.DOTALL)


def bare_percents(path: str) -> list[str]:
    """The `%`s of a typed path that begin no %-escape, each with what follows it (`%ZZ`):
    the server keeps them as sent, and a shown path writes them `%25` (`stack.wsgi_path`),
    which is not what was typed."""
    return list(dict.fromkeys(BARE_PERCENT.findall(path)))


def parse_choices(values: list[str]) -> dict[str, str]:
    """`COMPOSITE=KEY` choices (`--choose`, the dashboard's `choose=`) → `{composite id: KEY}`;
    a bare name is a composite's. ValueError names a malformed one."""
    choices = {}
    for value in values:
        composite, equals, key = (part.strip() for part in value.partition("="))
        if not equals or not composite or not key:
            raise ValueError(f"{value!r}: expected COMPOSITE=KEY "
                             "(e.g. openstack_compute_api_v21=keystone)")
        composite = composite if ":" in composite else f"composite:{composite}"
        if choices.get(composite, key) != key:
            raise ValueError(f"{value!r}: {composite} is already chosen as {choices[composite]!r}")
        choices[composite] = key
    return choices


def is_cascade(factory: str | None) -> bool:
    """Whether a composite is Paste's cascade, which asks its apps in turn (paste.cascade)."""
    return (factory or "").lower().removeprefix("call:") in (
        "egg:paste#cascade", "paste.cascade:make_cascade")


def cascade_words(node: str, keys: list[str], key: str, why: str, conf: dict[str, str]) -> str:
    """What a cascade does with a request, and which of its apps the walk follows.

    NOTE: which app answers is decided by their answers, so a walk can only follow one: the
    first asked, unless told (`--choose`) to suppose the ones before it passed the request on.
    """
    catch = " or ".join(conf.get("catch", "404").split())
    order = ", then ".join(f"`{k}`" for k in sorted(keys))
    followed = (f"`{key}`, the first asked, is followed" if why == "first" else
                f"`{key}` is followed ({chosen_words(why)})")
    return (f"{name(node)} (Paste's cascade) asks its apps in turn, by key: {order}; an answer "
            f"of {catch} (its `catch`) passes the request to the next, and the last one's "
            f"answer stands. {followed}.")


def _through_words(through: tuple[str, str] | None, result: Resolution, page: bool) -> str:
    """What a section that cannot be built was reached through, where one alternative of a
    composite was followed and another may load: `--choose` asks about that one, or on the
    dashboard (`page`) the composite's list above the answer. A composite refused for the
    alternative it picks is reached through it too."""
    if through is None or len(result.alternatives[through[0]]) < 2:
        return ""
    composite, key = through
    why = result.chosen[composite][1]
    option = f"--choose {split_id(composite)[1].partition(':')[2]}=KEY"
    if result.stopped and result.stopped["node"] == composite:
        others = ", ".join(f"`{k}`" for k in result.alternatives[composite] if k != key)
        way = "choose one above to ask about it" if page else f"{option} asks about one"
        return f" It offers {others} too, which a service's config may pick instead ({way})."
    way = "choose another above" if page else f"choose another ({option})"
    return (f" It is reached through the `{key}` alternative of {name(composite)}, followed "
            f"({chosen_words(why)}); {way} to ask about it.")


def _unused_words(choices: dict[str, str], result: Resolution) -> list[str]:
    """A choice of a composite the request does not pass, said: else it would be dropped
    without a word, and the answer read as the chosen alternative's."""
    return [f"The choice `{split_id(composite)[1].partition(':')[2]}={key}` is not used: this "
            f"request does not pass {name(composite)}."
            for composite, key in choices.items() if composite not in result.chosen]


def _line_words(node: str, line: int | None, reason: str) -> str:
    """` (line N)`, where `node`'s refusal is, as `inspect` cites it (`FILE:N` in another
    file); "" where no line is known or the reason says it already."""
    if not isinstance(line, int) or f"(line {line})" in reason:
        return ""
    file = split_id(node)[0]
    return f" ({file}:{line})" if file else f" (line {line})"


def strategy_place(nodes: dict[str, dict], out: dict[str, list[dict]], node: str,
                   unread: bool = False) -> str:
    """`auth_strategy = noauth` at line 20 (`FILE:20` in another file; `, in [SECTION],
    which it uses` where a used section sets it): the setting that chose `node`'s key, where
    an operator edits it; "" where its line is not known (an older stack's graph). With
    `unread`, the `set auth_strategy` that chose nothing (`graph_model.unread_setting`)."""
    found = strategy_setting(nodes, out, node, unread=unread)
    if found is None or found[1] is None:
        return ""
    holder, line = found
    file, section = split_id(holder["id"])
    at = f"{file}:{line}" if file else f"line {line}"
    used = "" if holder["id"] == node else f", in [{section}], which it uses,"
    option = unread_setting(holder) if unread else "auth_strategy"
    return f"`{option} = {holder['conf'][option]}` at {at}{used}"


def chosen_words(why: str, place: str = "") -> str:
    """Why a composite's alternative was followed (a `Resolution.chosen` reason), in words;
    `place` the setting that chose it, where known (`strategy_place`; for the default, an
    unread `set auth_strategy`)."""
    if why == "chosen":
        return "as chosen"
    if why == "default auth_strategy" and place:
        return (f"OpenStack's default `auth_strategy`: {place} is not read, as `set` puts it "
                "in the global_conf, not in the composite's own settings")
    if why == "default auth_strategy":
        return ("OpenStack's default `auth_strategy`: the composite sets none, a service's "
                "config may")
    if place:
        return f"as {place} says"
    if why.startswith("setting "):
        return f"as its `{why.partition(' ')[2]}` setting says"
    return "the first, as nothing chooses one"


def describe(result: Resolution) -> list[str]:
    """The resolution in plain words: the path, then what each step decided."""
    head = (f"{result.method} {readable(result.path)}"
            + (f" (host {result.host})" if result.host else ""))
    if result.stopped and result.stopped["status"] is None:
        return [f"{head} would get no answer: the stack would not load.", *result.story]
    path = " → ".join(name(hop.node) for hop in result.hops)
    went = f"would go: {path}." if path else "would not reach the stack."
    lines = [f"{head} {went}", *result.story]
    if result.stopped:
        lines.append(stop_words(result.stopped))
    # NOTE: not the filter the walk stopped at, nor one whose part is known (said above from
    # its code, `Resolution.known`): each is said to answer or what it does, not taken to pass
    # the request on unchanged (auth_token's 401 said, then listed as passing it, contradicted).
    told = {result.stopped and result.stopped["node"], *result.known}
    taken = [f"`{_kind_section(node)[1]}`" for node in result.nodes
             if node not in told and _kind_section(node)[0] in ("filter", "filter-app")]
    known = [f"`{_kind_section(node)[1]}`" for node in dict.fromkeys(result.known)]
    if taken:
        # NOTE: an operator chasing a 401 reads "would go … → the app" as "gets past auth";
        # a developer reads "It would stop at … with 404" as what the client gets.
        whose = (f" What {listed(known)} {'does' if len(known) == 1 else 'do'} is said above, "
                 f"known from {'its' if len(known) == 1 else 'their'} code."
                 if known else "")
        lines.append(f"This reads the ini, not the filters' code: it takes "
                     f"{'each filter' if len(taken) > 1 else 'the filter'} on the way "
                     f"({first_and_more(taken, SHOWN_FILTERS)}) to pass the request on "
                     "unchanged, but one may "
                     "answer it first instead (an auth filter's 401 without a valid token, a "
                     "size limit's 413), change the path the router sees, or replace the "
                     f"status the client gets, which only sending it shows.{whose}")
    return lines


def stop_words(stopped: dict[str, Any]) -> str:
    """Where the request would stop, and with what (`Resolution.stopped`): the line `describe`
    ends the story with, and the page heads its stop's words (`said`) with."""
    return f"It would stop at {name(stopped['node'])} with {stopped['status']}."


def _kind_section(node: str) -> list[str]:
    """`[kind, section]` of a node id (`filter:authtoken` → `["filter", "authtoken"]`)."""
    return split_id(node)[1].split(":", 1)


def _say(result: Resolution, words: str) -> None:
    """Add `words` to the story; once the walk has stopped, to the words its stop is said in
    too (`Resolution.stopped`'s `said`): each stop is set just before the line saying it."""
    said = words[0].upper() + words[1:]
    result.story.append(said)
    if result.stopped is not None:
        result.stopped.setdefault("said", []).append(said)


def header_environ(headers: dict[str, str]) -> dict[str, str]:
    """The WSGI environ keys of request headers (PEP 3333): `Content-Type` is `CONTENT_TYPE`,
    `Accept` is `HTTP_ACCEPT`."""
    environ = {}
    for header, value in headers.items():
        key = redact.environ_key(header)
        body_key = key.removeprefix("HTTP_")
        environ[body_key if body_key in redact.BODY_HEADERS else key] = value
    return environ


def _is_prefix(label: str) -> bool:
    return label.startswith("/") or label.startswith(("http://", "https://"))
