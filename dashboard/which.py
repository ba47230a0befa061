"""`GET /api/which`: "what would this URL hit?" of a running stack or an uploaded ini.

The answer is `stack.resolve`'s, the same as `python -m stack which`: the graph is walked, never
loaded, so an uploaded ini's factories stay strings and nothing it names is imported or run. A
running stack also lends its announced route tables, so the router's match (or its 404/405 and
the routes it tried) is known, and whether the matched route's controller has its action (else
the stack's 404); an uploaded ini's routes are not, and the answer then says the app is handed
the request, never that it answers it. JSON by default; for htmx the
`_which.html` form with the answer, whose boxes `static/js/which.js` marks on the diagram.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from functools import partial
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import jsonify
from flask import make_response
from flask import render_template
from flask import request
from flask import url_for

from dashboard.diagram_fold import branch_list
from dashboard.diagram_fold import lane_members
from dashboard.drawing import draw
from dashboard.drawing import every_branch
from dashboard.drawing import page_graph
from dashboard.errors import refuse
from dashboard.refusals import unknown_stack
from dashboard.store import get_store
from dashboard.upload_entry import default_entry
from dashboard.upload_forgotten import forgotten_words
from dashboard.upload_forgotten import upload_again
from dashboard.upload_read import demo_token
from dashboard.upload_read import stack_demo_token
from dashboard.upload_settings import settings_of
from dashboard.which_address import page_url
from dashboard.which_address import secret_header
from stack import http_token
from stack import request_target
from stack import resolve
from stack.choice_words import chosen_words
from stack.explain_words import name
from stack.http_token import redacted_line
from stack.redact_environ import environ_key
from stack.redact_environ import header_value

bp = Blueprint("which", __name__)


class BadQuestion(ValueError):
    """A question that cannot be answered: `status` and the reason, naming the field, and the
    way on where there is one (`dashboard.errors.refuse`'s `next_step`)."""

    def __init__(self, message: str, status: int = 400,
                 next_step: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.next_step = next_step


@dataclass(frozen=True)
class Asked:
    """What a question is asked of, read from the store once for all its answer needs (the
    answer, the diagram drawn for it, the page address it goes in): `source` says which, as
    the answer's `source` does; `tables` a running stack's route tables (`{}` when it has no
    router), None for an uploaded ini, of whose apps nothing is known
    (`stack.resolve.resolve`)."""

    source: dict[str, Any]
    graph: dict[str, Any]
    tables: dict[str, Any] | None
    #: The entry of an upload asked of where the question named none, among several.
    unnamed: resolve.Unnamed | None = None
    #: The token header Pastescope's own demo takes, where the upload or the running stack is
    #: that demo unchanged (`dashboard.upload_read.demo_token`, `stack_demo_token`): the
    #: answer's 401 says it.
    demo_token: str | None = None

    @cached_property
    def members(self) -> set[tuple[str, str]]:
        """`lane_members` of `graph`, made once for a question: its answer's lanes (`lanes`)
        and whether the page's drawing shows them (`answer_drawing`) both read it."""
        return lane_members(self.graph)


def ask(asked: Asked, args: Any) -> resolve.Resolution:
    """The question the query `args` asks of `asked`, resolved."""
    method = args.get("method", "GET").strip()
    try:
        http_token.check_method(method)
    except ValueError as exc:
        raise BadQuestion(f"method: {exc}") from None
    path = args.get("path", "")
    if not path:  # said as missing, not as "'' must start with '/'", a puzzle
        raise BadQuestion("path: missing: give the path to ask about, starting with '/' (or a "
                          "whole URL: http://HOST/PATH)")
    # A whole URL too, as `python -m stack which` takes it: the form asks for a URL, and an
    # operator pastes one (its host counts unless the Host field is given). A path too long
    # for the server is no error: the answer is the server's 414.
    try:
        request_target.check_target(method, path)
    except ValueError as exc:
        raise BadQuestion(f"path: {exc}") from None
    host = args.get("host", "").strip()
    try:
        http_token.check_host(host)
    except ValueError as exc:
        raise BadQuestion(f"host: {exc}") from None
    try:
        headers = http_token.check_headers(given_headers(args), method, body=False)
        host = request_target.given_host(host, headers, "the Host field")
    except ValueError as exc:
        raise BadQuestion(f"header: {exc}") from None
    try:
        # An empty choice is a list left at the key followed when none is chosen (_which.html).
        choices = resolve.parse_choices([c for c in args.getlist("choose") if c])
        return resolve.resolve(asked.graph, method, path, host, choices, asked.tables,
                               page=True, headers=headers, unnamed=asked.unnamed)
    except ValueError as exc:  # a malformed choice, or one the graph does not offer
        raise BadQuestion(f"choose: {exc}") from None


def pick_graph(args: Any) -> Asked:
    """What `stack=NAME` or `ini=ID[&entry=ENTRY]` names, read from the store."""
    stack_name, ini_id, entry = args.get("stack"), args.get("ini"), args.get("entry")
    if bool(stack_name) == bool(ini_id):
        raise BadQuestion("stack or ini: give one, the stack's name or the uploaded ini's id")
    if stack_name:
        if entry:
            raise BadQuestion("entry: a stack serves one entry; entry is for an uploaded ini")
        stack = get_store().stack(stack_name)
        if stack is None:
            raise BadQuestion(f"stack: {unknown_stack(stack_name)}", 404)
        return Asked({"stack": stack_name}, stack["graph"], stack["routes"] or {},
                     demo_token=stack_demo_token(stack))
    doc = get_store().ini(ini_id)
    if doc is None:
        raise BadQuestion(f"ini: {forgotten_words(ini_id)}", 404, upload_again())
    return upload_asked(ini_id, doc, entry)


def upload_asked(ini_id: str, doc: dict[str, Any], entry: str | None,
                 first: tuple[str | None, str] | None = None) -> Asked:
    """Entry `entry` (by default the one its page shows first, and the answer then says so
    where the file has others) of the upload `ini_id`, whose kept document is `doc`: its page,
    which has read `doc`, asks of it too, naming the entry only where its address does, and
    passes the entry it shows first and why (`first`, `default_entry`'s) rather than have it
    picked again; its "shown first" note is said where `unnamed` is, one condition for both."""
    graphs = {g["entry"]: g for g in doc["graphs"]}
    if not graphs:
        raise BadQuestion(f"ini: {doc['file']} has no app-like section to ask about", 404)
    unnamed = None
    if not entry:
        entry, why = first or default_entry(doc)  # as the upload page shows it
        unnamed = resolve.unnamed(graphs, entry, f"this page shows first, {why}")
    if entry not in graphs:
        raise BadQuestion(f"entry: {doc['file']} has no entry {entry!r}", 404)
    return Asked({"ini": ini_id, "entry": entry, "file": doc["file"]}, graphs[entry], None,
                 unnamed, demo_token(doc))


def lanes(asked: Asked, nodes: list[str]) -> list[str | None]:
    """For each hop through `asked.graph`, the pipeline it runs in (or None): the diagram draws
    a filter once per pipeline listing it (`data-in`), and the path goes through one of them.
    A `filter-with` chain around a pipeline's member is drawn in the member's lane, just
    before it, and entered just before it (outermost first): it runs in the member's pipeline."""
    graph = asked.graph
    kinds = {node["id"]: node["kind"] for node in graph["nodes"]}
    wrapped = {(e["target"], e["source"]) for e in graph["edges"] if e["label"] == "filter-with"}
    entered: list[str] = []
    found = []
    for node in nodes:
        found.append(next((p for p in reversed(entered) if (p, node) in asked.members), None))
        if kinds.get(node) == "pipeline":
            entered.append(node)
    for hop in range(len(nodes) - 2, -1, -1):  # inwards to outwards: a chain takes its member's
        if found[hop] is None and (nodes[hop], nodes[hop + 1]) in wrapped:
            found[hop] = found[hop + 1]
    return found


def answer_json(asked: Asked, result: resolve.Resolution) -> dict[str, Any]:
    """The resolution's JSON (`Resolution.to_json`), its plain words, and where it came from."""
    answer = result.to_json()
    for hop, lane in zip(answer["hops"], lanes(asked, result.nodes), strict=True):
        hop["in"] = lane
    # A secret header given is used for the answer, never echoed back in it.
    answer["headers"] = {header: header_value(environ_key(header), value)
                         for header, value in answer["headers"].items()}
    return {
        **answer,
        "describe": resolve.describe(result),
        "source": {**asked.source, "routes_known": bool(asked.tables)},
    }


@bp.get("/api/which")
def which():
    """`GET /api/which?stack=NAME|ini=ID[&entry=E]&method=M&path=P[&host=H][&choose=C=KEY…]`
    `[&header=NAME: VALUE…]`.

    For htmx the form with its answer; an error is then shown in the form (status 200, so
    htmx swaps it in), while a JSON client gets 400/404 `{"error"}` (and `next_step`, the
    upload form's address, for an upload no longer kept). An uploaded ini's question
    goes in the address bar as its page's own address (`HX-Push-Url`), which that page answers
    too: reload, Back and a link sent to a colleague show the same answer (but for a secret
    header's part: the address leaves it out, `page_url`). The stack or upload
    asked of is read once (`pick_graph`), for the answer, its drawing and that address.
    """
    htmx = bool(request.headers.get("HX-Request"))
    try:
        asked = pick_graph(request.args)
        if not htmx:
            return jsonify(answer_json(asked, ask(asked, request.args)))
    except BadQuestion as exc:
        if not htmx:
            refuse(exc.status, str(exc), exc.next_step)
        return render_template("_which.html", **refused(request.args, exc))
    context = which_context(asked, request.args)
    context.update(redrawn(asked, request.args, context.get("answer")))
    response = make_response(render_template("_which.html", **context))
    if "ini" in asked.source:
        response.headers["HX-Push-Url"] = page_url(request.args)
    return response


def answer_drawing(asked: Asked, show_all: str,
                   answer: dict[str, Any] | None) -> tuple[dict[str, Any], bool]:
    """`asked.graph` as its page draws it (`page_graph`; `show_all` the address drawing
    everything), with `answer`'s path on it, and whether the page's own drawing showed that
    path already: each hop's box, in the lane it runs in (`lanes`): a filter of a folded lane
    that a short pipeline draws too is drawn, but not where the answer marks it. If not, the
    graph is folded again keeping the path's nodes. An upload's page and its "which" answers
    draw it alike (`dashboard.uploads.ini_page`, `redrawn`)."""
    # An upload's page lists what it does not draw.
    fold = partial(page_graph, asked.graph, show_all, listed="stack" not in asked.source)
    drawn = fold()
    if answer is None:
        return drawn, True
    path = {hop["node"] for hop in answer["hops"]}
    # A `filter-with` chain runs in its member's lane but is no member of it: left out here.
    members = {(hop["in"], hop["node"]) for hop in answer["hops"]} & asked.members
    if path <= {node["id"] for node in drawn["nodes"]} and members <= lane_members(drawn):
        return drawn, True
    return fold(path), False


def redrawn(asked: Asked, args: Any, answer: dict[str, Any] | None) -> dict[str, Any]:
    """What `_which.html` sends out of band when the answer's path goes through what the page leaves
    out (`dashboard.diagram_fold`), where the answer alone would light nothing: `redrawn`, the
    diagram drawn again with that path on it, and on an upload's page `left_out`, the list
    below it of what the new drawing leaves out (`branch_list`), which had gone on naming a
    lane's filters drawn now, and `settings_redrawn`, its Settings table (`settings_of`), which
    had gone on listing the old drawing's sections. Nothing when the path is drawn already
    (`answer_drawing`), unless the diagram holds what an earlier answer had drawn (`kept`, see
    `form_context`): then the page's own drawing again, or a later answer went on showing a
    lane it does not go through. `which_kept` says whether the drawing sent holds more than the
    page's own."""
    if answer is None:
        return {}
    if "stack" in asked.source and every_branch():
        return {}  # Live asked for all draws the whole graph: every path is drawn already
    if "stack" in asked.source:
        show_all = url_for("views.live", stack=asked.source["stack"], all=1)
    else:
        question = args.copy()
        question["all"] = "1"
        show_all = page_url(question)
    drawn, already = answer_drawing(asked, show_all, answer)
    if already and not args.get("kept"):
        return {}
    sent = {"redrawn": draw(drawn, asked.tables), "which_kept": "" if already else "1"}
    if "stack" in asked.source:
        return sent
    return {**sent, "left_out": branch_list(asked.graph, drawn),
            "settings_redrawn": settings_of(asked.graph, drawn, show_all)}


def which_context(asked: Asked, args: Any, address: bool = False) -> dict[str, Any]:
    """What `_which.html` needs to show the question `args` asks of `asked`: the form as it
    was asked, and the answer, or why there is none; `address`, whether `args` is the page's
    address (`form_context`)."""
    try:
        result = ask(asked, args)
    except BadQuestion as exc:
        return refused(args, exc, address)
    return {**form_context(args, address), "answer": answer_json(asked, result), "name": name,
            "chosen_words": chosen_words, "stop_words": resolve.stop_words,
            "lead_words": lead_words, "demo_token": asked.demo_token}


def lead_words(answer: dict[str, Any]) -> str:
    """The answer in one short sentence, said first (`_which.html`): what the client would get,
    and from which layer. The whole way and why each layer is taken follow, folded: a student
    lost "stop there with 401" at the end of a sentence naming eight layers."""
    stopped, held = answer["stopped"], answer["held"]
    if stopped and stopped["status"] is None:
        return "No answer: the stack would not load."
    if held:
        said = f"{held['status']}, from {name(held['node'])}: {held['lacking']}{held['unless']}."
        return f"{said} With {resolve.token_words(held)}: {reached(answer)}"
    checked = answer.get("checked")
    if checked:
        said = f"{checked['status']}, from {name(checked['node'])}, to {checked['refused']}."
        return f"{said} With {checked['passed']}: {reached(answer)}"
    denied = answer.get("denied")
    if denied:
        app = name(answer["hops"][-1]["node"])
        return f"{denied['status']}, from {app}: {denied['lacking']}{denied['unless']}."
    ending = reached(answer)
    return ending[0].upper() + ending[1:]


def reached(answer: dict[str, Any]) -> str:
    """How `lead_words` ends: the status and the layer the request would stop at, the action
    the matched route calls, or the app it is handed to, whose answer is not known here (an
    uploaded ini's, or one with no route table)."""
    stopped, route = answer["stopped"], answer["route"]
    if stopped:
        where = name(stopped["node"]) if stopped["node"] else "the server, before any layer"
        return f"{stopped['status']}, from {where}."
    app = name(answer["hops"][-1]["node"])
    if route:
        return f"{app} calls `{route['controller']}.{route['action']}()`."
    return f"handed to {app}, whose answer only sending the request shows."


def refused(args: Any, exc: BadQuestion, address: bool = False) -> dict[str, Any]:
    """What `_which.html` needs to show the question `args` asks, and why it has no answer."""
    return {**form_context(args, address), "error": str(exc), "next_step": exc.next_step}


def given_headers(args: Any) -> list[str]:
    """The `header` fields of the query `args` that are not blank: an empty one is a header
    not given (the form's one header field left blank), neither asked about nor redrawn."""
    return [header for header in args.getlist("header") if header.strip()]


def form_context(args: Any, address: bool = False) -> dict[str, Any]:
    """What `_which.html` needs to redraw the form as it was asked; `which_kept`, whether the
    diagram beside it holds what an earlier answer needed drawn (`kept`, which `redrawn`
    reads), as the form goes on saying until an answer redraws it. `which_secret`: the names
    of the secret headers asked with, which the form keeps, to ask again with, but the page's
    address leaves out (`page_url`), and htmx's history snapshot too.

    `address`: `args` is the address the page was opened at (a link or bookmark made before
    0.2.36 put a token there), not a question asked on it: its secrets are shown redacted
    (`http_token.redacted_line`), never echoed back: asked again, `***` stands in for it,
    which most answers read only as given (swift's tempauth reads a token's prefix, so the
    page says to type it again where that matters); `which_address` is that address without
    them, which `static/js/which.js` puts in the address bar instead."""
    headers = given_headers(args)
    secrets = [secret for secret in map(secret_header, headers) if secret is not None]
    return {
        "which_stack": args.get("stack", ""),
        "which_ini": args.get("ini", ""),
        "which_entry": args.get("entry", ""),
        "which_method": args.get("method", "GET"),
        "which_path": args.get("path", "/"),
        "which_host": args.get("host", ""),
        "which_headers": list(map(redacted_line, headers)) if address else headers,
        "which_secret": secrets,
        "which_address": page_url(args) if address and secrets else "",
        "which_all": args.get("all", ""),
        "which_kept": args.get("kept", ""),
    }


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # For which.js: a question too long for the dashboard to take is over eventlet's limit too.
    app.jinja_env.globals["max_request_line"] = request_target.MAX_REQUEST_LINE
