"""Answer "what would this URL hit?" of a graph, without loading or importing anything it names.

The dashboard asks it of a running stack (with the stack's route tables) and of an uploaded ini
whose code is not installed, and `python -m stack which` asks it from the shell (with the
route tables of the stack it loaded only when `--load` asks it to), so it is pure:
graph JSON in, a `Resolution` out. The request is read as a server hands it over
(`stack.request_target`) and walked node by node (`stack.resolve_walk`): urlmaps by a real
Paste `URLMap` holding placeholders instead of apps (`stack.resolve_urlmap`), so their order
and boundaries are Paste's own, and routers through a Routes `Mapper` rebuilt from the stack's
route table (`stack.resolve_router`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from stack import nova_urlmap
from stack.choice_words import DROPPED
from stack.choice_words import chosen_words
from stack.explain_words import name
from stack.graph import MAX_NAMED_ENTRIES
from stack.graph_model import STATIC_LABELS
from stack.graph_model import is_position
from stack.graph_model import split_id
from stack.http_token import quoted
from stack.ini_text import readable
from stack.near_names import first_and_more
from stack.near_names import listed
from stack.request_target import request_target
from stack.resolve_loading import built
from stack.resolve_loading import refusal
from stack.resolve_walk import Hop
from stack.resolve_walk import Walk

#: Filters the caveat about their code names before it counts the rest: the path above names
#: every one.
SHOWN_FILTERS = 10


@dataclass(frozen=True)
class Unnamed:
    """The entry walked where the question named none, in a file of several: the answer says
    so, for one debugging another entry's port (keystone's `admin`) got the walk of the one
    loaded by default (`main`) without a word that there was another."""

    #: Why this entry: `which loadapp loads when given no name`.
    why: str
    #: The file's other entries, by id (`composite:admin`).
    others: list[str]


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
    #: auth_strategy`, `first asked` for a cascade, `first`; `chosen_words` says it in words).
    chosen: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: composite id → the key it follows on this way where none is chosen (its settings as
    #: PasteDeploy hands them there: a `set` above a `config:` reference skips its own
    #: `auth_strategy`): the dashboard sends its list left at that key as no choice, so
    #: asking again says why the key is followed, not `as chosen`.
    defaults: dict[str, str] = field(default_factory=dict)
    #: The route that would match: the table's row plus the `match` dict and its index in
    #: the table (`row`).
    route: dict[str, Any] | None = None
    #: Routes that would not match, each with why (`failed`: path or method).
    candidates: list[dict[str, Any]] = field(default_factory=list)
    #: Where the request would be answered before an app: node, status, reason, tried, and
    #: `said`: the story's lines that say it, the notes it is read with first (`%2F` decoded,
    #: a token an auth filter on the way asks for), as the CLI prints them (the page's box).
    #: Status None: PasteDeploy could not load the stack at all (node: the section at fault).
    stopped: dict[str, Any] | None = None
    #: Where the request as asked would stop for want of a token (no `X-Auth-Token`, or an
    #: empty one): the node of the first known auth filter that would answer it itself (401,
    #: a noauth filter's 204), the status, what it does (`reason`), what may yet keep it from
    #: that (`unless`, `Known.unless`, in words said after "stop there with STATUS…", or ""),
    #: what the request lacks (`lacking`, `Known.lacking`, said after "as"), and `any_token`:
    #: whether any token takes the request past it (a noauth filter's 204,
    #: `Known.any_token`), not only a valid one.
    #: The walk goes on past it (`hops`, `story`, `stopped`) as for a request with the token
    #: that takes it past (`token_words`: a valid one, or any past a noauth filter), for one
    #: who will send it.
    held: dict[str, Any] | None = None
    #: Where, no filter holding the request (`held`), the app it reaches would answer it as
    #: asked at a known filter's say (`Known.denied_status`): swift's tempauth, passing on a
    #: request with no token of its own, has the proxy ask its `authorize`, which denies it.
    #: `{"node"` (that filter), `"status"`, `"lacking"`, `"unless"}`, said as `held`'s are.
    denied: dict[str, Any] | None = None
    #: Where, no filter holding the request (`held`), a known filter checks the token given,
    #: which the walk cannot judge, and answers itself to one that is not valid
    #: (`Known.refuses_status`: keystonemiddleware's auth_token, not delaying; swift's
    #: tempauth, a token of its own prefix; glance's context filter, past a delaying
    #: auth_token): `{"node"` (the first such filter), `"status"`,
    #: `"refused"` (the token it refuses, said after "to"), `"passed"` (the one it lets past,
    #: said after "with")`}`. The walk goes on past it as for the one it lets past.
    checked: dict[str, Any] | None = None
    #: What the walk went through, in plain words.
    story: list[str] = field(default_factory=list)
    #: The filters passed whose part the story says from their project's code
    #: (`stack.known_filters`): the closing caveat does not take them to pass the request on.
    known: list[str] = field(default_factory=list)
    #: The file's other entries (ids), where the question named none and the file has
    #: several (`Unnamed`): the story's first line names them.
    other_entries: list[str] = field(default_factory=list)

    @property
    def nodes(self) -> list[str]:
        return [hop.node for hop in self.hops]

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def say(self, words: str) -> None:
        """Add `words` to the story; once the walk has stopped, to the words its stop is said
        in too (`stopped`'s `said`): each stop is set just before the line saying it."""
        said = words[0].upper() + words[1:]
        self.story.append(said)
        if self.stopped is not None:
            self.stopped.setdefault("said", []).append(said)


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
    unnamed: Unnamed | None = None,
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
    taken by it, not announced by a running stack, and the answer says so. `unnamed`: the
    entry was picked, not named, among several: the story starts by saying so.
    """
    walk = Walk(graph, choices or {}, routes, page, built)
    path_info, named_host = request_target(path)
    result = Resolution(method, path, host or named_host, dict(headers or {}))
    if unnamed is not None:
        result.other_entries = list(unnamed.others)
        result.say(_unnamed_words(graph["entry"], unnamed, page))
    walk.run(result, path_info)
    if result.stopped or result.route or result.held:
        # A layer after the filter answers or holds the request, or a route matched: the app
        # does not answer at that filter's say, as far as this walk can tell.
        result.denied = None
    if result.held:  # the request as asked stops there, whatever token it would give
        result.checked = None
    if result.stopped:
        result.stopped.setdefault("said", [])[:0] = walk.notes
    result.story += _unused_words(walk.choices, result)
    if result.headers and not walk.read_headers and not result.stopped:
        given = ", ".join(f"`{header}`" for header in result.headers)
        readers = listed([f"{copy.project}'s" for copy in nova_urlmap.COPIES.values()])
        result.say(f"No layer this walk passes picks its way by a header ({given} given): "
                   f"of urlmaps, only {readers} read one (the API version), and a filter's "
                   "code is not read here.")
    return result


def check_walk(graph: dict) -> None:
    """Raise ValueError, naming the field (`["edges"][3]["label"] …`), unless every walk of
    `graph` can be told: a graph from outside (a stack's announcement, a file of saved
    requests) whose shape is checked (the drawing's check, `dashboard.diagram_layout`) may
    still lack what `stack.graph` always gives, and the walk takes for granted.

    Of each node a walk may reach: one walked as a pipeline (by its kind, `built_as` or
    `use`) steps only to its positions; a keyed composite builds, when none is chosen, a key
    it offers, or says in its `errors` why it cannot be built (a `pipeline_factory` whose
    `auth_strategy` names no key): on each way the entry's load builds it, with the settings
    PasteDeploy hands it there (`resolve_loading.built`: a `set` above a `config:` reference
    skips its own `auth_strategy`, and the load check says where the default it builds then
    is no key); as written where the load does not build it (an alternative not followed
    leads there). (A section only `use`d by one with keys of its own is not walked:
    `[composite:pf4] use = pf3` builds the key its own settings pick.)
    """
    walk = Walk(graph, {}, None)
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
    on_ways: dict[str, list[tuple[str, str]]] = {}
    for found in built(walk):
        if found.chosen is not None:
            on_ways.setdefault(found.reached.node, []).append(found.chosen)
    for index, node in enumerate(graph["nodes"]):
        if node["id"] not in walked or not walk.keyed(node["id"]):
            continue
        keys = walk.offers(node["id"])
        for key, why in on_ways.get(node["id"]) or [walk.choose(node["id"], keys)]:
            if key in keys or why == DROPPED or refusal(walk, node["id"])[0] is not None:
                continue
            raise ValueError(f'["nodes"][{index}] ({node["id"]}) builds its key {quoted(key)} '
                             f"({chosen_words(why)}), which none of its edges has: a key it "
                             'cannot build is in its "refused_alternatives", and its "errors" '
                             "say why")


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


def unnamed(entries: Collection[str], walked: str, why: str) -> Unnamed | None:
    """The entry `walked` (an id), picked for `why` where the question named none, said to be
    one of `entries` (the file's, by id); None where it is the file's only one."""
    others = [entry for entry in entries if entry != walked]
    return Unnamed(why, others) if others else None


def _unnamed_words(entry: str, unnamed: Unnamed, page: bool) -> str:
    """`This walks `main`, the entry which loadapp loads when given no name; the file has 1
    other, `admin`: …`, with the way to pick another (the page's Entry list, or `--name`)."""
    others = [split_id(other)[1].partition(":")[2] for other in unnamed.others]
    count = f"{len(others)} other" if len(others) == 1 else f"{len(others):,} others"
    pick = ("pick another in the Entry list above" if page else
            f"ask about {'it' if len(others) == 1 else 'one'} with --name "
            f"{others[0] if len(others) == 1 else 'NAME'}")
    shown = first_and_more([f"`{other}`" for other in others], MAX_NAMED_ENTRIES)
    return (f"This walks `{split_id(entry)[1].partition(':')[2]}`, the entry {unnamed.why}; "
            f"the file has {count}, {shown}: {pick}.")


def _unused_words(choices: dict[str, str], result: Resolution) -> list[str]:
    """A choice of a composite the request does not pass, said: else it would be dropped
    without a word, and the answer read as the chosen alternative's."""
    return [f"The choice `{split_id(composite)[1].partition(':')[2]}={key}` is not used: this "
            f"request does not pass {name(composite)}."
            for composite, key in choices.items() if composite not in result.chosen]


def describe(result: Resolution) -> list[str]:
    """The resolution in plain words: the path, then what each step decided."""
    head = (f"{result.method} {readable(result.path)}"
            + (f" (host {result.host})" if result.host else ""))
    if result.stopped and result.stopped["status"] is None:
        return [f"{head} would get no answer: the stack would not load.", *result.story]
    # NOTE: an operator reads "would go … → the app" as "gets past auth": as asked, the
    # request gets the 401 (`held`); the way on is for the one they will send with a token.
    held = result.nodes.index(result.held["node"]) + 1 if result.held else None
    path = " → ".join(name(node) for node in result.nodes[:held])
    went = f"would go: {path}." if path else "would not reach the stack."
    if result.denied:
        went = (f"would go: {path}, which answers {result.denied['status']}, as "
                f"{result.denied['lacking']}{result.denied['unless']}.")
    checked = result.checked
    if checked:  # None where a filter holds the request (`resolve`)
        at = result.nodes.index(checked["node"]) + 1
        went = (f"would go: {' → '.join(name(node) for node in result.nodes[:at])}, which "
                f"answers {checked['status']} itself to {checked['refused']}.")
        if result.nodes[at:]:
            went += (f" With {checked['passed']} it would go on to "
                     f"{' → '.join(name(node) for node in result.nodes[at:])}.")
    if held:
        went = (f"would go: {path}, and stop there with {result.held['status']}, as "
                f"{result.held['lacking']}{result.held['unless']}.")
        if result.nodes[held:]:
            went += (f" With {token_words(result.held)} it would go on to "
                     f"{' → '.join(name(node) for node in result.nodes[held:])}.")
    lines = [f"{head} {went}", *result.story]
    if result.stopped:
        lines.append(stop_words(result.stopped, result.held, checked))
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


def stop_words(stopped: dict[str, Any], held: dict[str, Any] | None = None,
               checked: dict[str, Any] | None = None) -> str:
    """Where the request would stop, and with what (`Resolution.stopped`): the line `describe`
    ends the story with, and the page heads its stop's words (`said`) with; past a filter
    that answers the request as asked itself (`held`: an auth filter's 401, a noauth filter's
    204), where one with the token that takes it past would (`token_words`: a valid one, or
    any); past one that answers a token it finds not valid itself (`checked`), where one
    with the token it lets past would."""
    if held:
        return (f"With {token_words(held)}, it would stop at {name(stopped['node'])} with "
                f"{stopped['status']}.")
    if checked:
        return (f"With {checked['passed']}, it would stop at {name(stopped['node'])} with "
                f"{stopped['status']}.")
    return f"It would stop at {name(stopped['node'])} with {stopped['status']}."


def token_words(held: dict[str, Any]) -> str:
    """The token that takes a request past the filter that holds it (`Resolution.held`): any
    token past a noauth filter, which checks none, else a valid one."""
    return "any token" if held.get("any_token") else "a valid token"


def _kind_section(node: str) -> list[str]:
    """`[kind, section]` of a node id (`filter:authtoken` → `["filter", "authtoken"]`)."""
    return split_id(node)[1].split(":", 1)
