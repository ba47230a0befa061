"""The glossary, `/glossary`: the words of the stack Pastescope shows, for whoever meets them here
first.

A student on the step view reads "`/v2.1` moved from PATH_INFO to SCRIPT_NAME" and
`wsgiorg.routing_args` with no one to ask; a teacher needs one page to point a class at. The
terms are one list, `TERMS`; the event kinds are told by `stack.events` (the README's table says
the same), so that no second copy of what an event means can drift. The step view links each
event kind and environ key it shows to its entry (`glossary_link`); the request page and the
story link the first time they use each of the words a student meets there (`glossary_terms`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint
from flask import Flask
from flask import g
from flask import render_template
from flask import url_for
from markupsafe import Markup
from markupsafe import escape

from stack.events import kind_summaries

bp = Blueprint("glossary", __name__)


@dataclass(frozen=True)
class Term:
    """One entry: `word` as the pages write it, and `text` with `code` in backticks."""

    word: str
    text: str

    @property
    def anchor(self) -> str:
        return anchor_of(self.word)


def anchor_of(word: str) -> str:
    """The entry's fragment id: `wsgiorg.routing_args` → `wsgiorg-routing-args`."""
    return re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-")


#: The entries by group, in the order a request meets them.
TERMS: dict[str, list[Term]] = {
    "The ini (PasteDeploy)": [
        Term("api-paste.ini", "The file PasteDeploy reads to build an OpenStack API service's "
             "WSGI app: sections, each naming the factory that builds it and the settings it "
             "gets."),
        Term("section", "`[kind:name]`: one part of the stack. `app`, `filter`, `pipeline` and "
             "`composite` sections are built; `[DEFAULT]` holds settings every factory gets "
             "too, as its global_conf."),
        Term("entry", "A section a service is started from, by its name: "
             "`loadapp(\"config:api-paste.ini\", name=\"osapi_compute\")` builds it and every "
             "section it leads to, and each request enters the stack there. `python -m stack "
             "inspect` lists a file's entries (the sections no other one leads to); `serve "
             "--name` and the upload page's Entry menu pick one."),
        Term("global_conf", "The first argument PasteDeploy gives every factory: the settings "
             "of `[DEFAULT]` (and a `set name = value` of the section or of one that leads to "
             "it). The section's own settings come as keyword arguments, its local_conf."),
        Term("app", "`[app:name]`: the WSGI application that answers the request at the end of "
             "a pipeline; in OpenStack, the API's router."),
        Term("filter", "`[filter:name]`: a middleware. Its factory is given the section's "
             "settings and returns a callable (a function, or the filter's class itself, as "
             "the seed lessons' filters return theirs) that is given the app after it and "
             "returns an app that wraps it: that app may change the request, answer it itself "
             "(a short circuit), change the response, or catch an exception from inside."),
        Term("pipeline", "`[pipeline:name]` with `pipeline = f1 f2 app`: filters in order, then "
             "the app. The request enters `f1` first and each filter calls the next; the "
             "response comes back the other way, through `f2`, then `f1`."),
        Term("composite", "`[composite:name]`: a section whose factory leads each request to one "
             "of several others, its keys. `egg:Paste#urlmap` chooses for each request, by the "
             "URL's prefix; nova's `pipeline_factory` chooses once, at load time, by "
             "`auth_strategy`, so every request takes the same key (the step view says which, "
             "and why, on each)."),
        Term("factory", "What builds a section: `paste.app_factory = module:callable` (or "
             "`paste.filter_factory`, `paste.composite_factory`), or `use = egg:…` or `use = "
             "call:…`. It is called with the global_conf and the section's settings: "
             "`factory(global_conf, **settings)`; nova's are classmethods, such as "
             "`FaultWrapper.factory`. `python -m stack inspect` only reads its name; `serve` "
             "imports and calls it."),
        Term("egg:", "`use = egg:oslo.middleware#request_id`: a factory found by name among an "
             "installed package's entry points, not by module path. `serve` needs the package "
             "installed."),
        Term("call:", "`use = call:module:callable`: a factory named by its module path, as "
             "`paste.*_factory` names one: the compute demo's `call:stack.wsgi:pipeline_factory`, "
             "which its diagram's box shortens to `wsgi:pipeline_factory`, without `call:` "
             "(the box's tooltip holds it whole)."),
        Term("use", "`use = other` takes another section (or `config:other.ini#name`, or an "
             "`egg:`) with its settings; the section's own settings override them."),
        Term("urlmap", "`use = egg:Paste#urlmap`: a composite whose keys are URL prefixes "
             "(`/v2.1 = openstack_compute_api_v21`). A key naming a host (`domain example.com "
             "/v2.1`) is tried first, then the longest prefix the path starts with, whole "
             "segments only; `/` is the catch-all. The prefix moves from PATH_INFO to "
             "SCRIPT_NAME. When no key fits, urlmap answers 404 itself."),
        Term("auth_strategy", "The setting nova's and cinder's `pipeline_factory` composite "
             "reads to pick one of its keys, each a pipeline written inline: `keystone` (the "
             "default) or `noauth2` (the compute demo's `noauth`). In OpenStack it comes from "
             "the service's own config; Pastescope reads it from the composite's settings in "
             "the ini."),
    ],
    "WSGI": [
        Term("WSGI", "Python's interface between a web server and an app (PEP 3333): the "
             "server calls `app(environ, start_response)`; the app calls `start_response` with "
             "the status and headers and returns the body. A filter is an app that calls "
             "another."),
        Term("middleware", "Code between the server and the app that is itself a WSGI app: "
             "it is handed the app it wraps, and each request passes through it on the way in "
             "and its response on the way out. An api-paste.ini's filters are middleware: "
             "authentication, request ids, size limits, turning exceptions into faults."),
        Term("environ", "The dict a WSGI app gets for a request: `REQUEST_METHOD`, "
             "`PATH_INFO`, `QUERY_STRING`, each header as `HTTP_NAME` (`X-Auth-Token` is "
             "`HTTP_X_AUTH_TOKEN`; Content-Type and Content-Length have no `HTTP_`), and "
             "`wsgi.*` keys. Layers pass things inward by adding keys: oslo's request id "
             "filter adds `openstack.request_id`."),
        Term("start_response", "The callable the server passes to the app: a layer calls it "
             "with the status line and headers before its body. A layer that calls it without "
             "calling the next layer has answered on its own."),
        Term("SCRIPT_NAME", "The part of the URL's path already used to reach this app, its "
             "mount point. urlmap adds the prefix it chose: `/v2.1`."),
        Term("PATH_INFO", "The rest of the path, what this app still has to route: "
             "`/servers/1` once urlmap has moved `/v2.1` to SCRIPT_NAME. The router matches "
             "PATH_INFO, not the whole URL."),
        Term("status", "The response's status line, `200 OK`. A layer may replace the status "
             "the layer inside it passed up: faultwrap turns an exception into `500`."),
        Term("WebOb", "The library that wraps an environ as a `Request` object "
             "(`req.path_info`, `req.headers`) and builds `Response`s; nova's requests are "
             "WebOb requests."),
        Term("eventlet", "The library OpenStack's API services long served with: a green "
             "thread for each request, switching at each wait for I/O. Pastescope's stack "
             "serves on eventlet's WSGI server."),
    ],
    "Routing (Routes)": [
        Term("Routes", "The library OpenStack's routers use. Its `Mapper` holds routes: "
             "`mapper.connect` adds one; `mapper.resource('server', 'servers')` adds a route "
             "for each of seven actions, `index` (the list), `create`, `show`, `update`, "
             "`delete`, and `new` and `edit` (`/servers/new`, `/servers/:(id)/edit`: the pages "
             "of a browser's forms, which the compute demo's controllers do not have, so the "
             "route table marks them “no such action: 404”), each twice: its template and a "
             "`.:(format)` twin that takes a suffix (`/servers.json` matches it with "
             "`format` = `json`). So the compute demo's two resources and the servers' "
             "`action` route (`member=`) fill a table of 30 rows."),
        Term("route", "A path template with its conditions (the method) and the controller and "
             "action it names. A variable part is written `:(id)` (`/servers/:(id)`, as "
             "`mapper.resource` writes its routes) or `{id}`, as code calling `mapper.connect` "
             "often does; the pages show each template as the router holds it. Pastescope "
             "records why each route failed: its path, or only its method; the demo answers 404 "
             "when no path fitted, 405 when only methods failed."),
        Term("wsgiorg.routing_args", "What the router adds to the environ once a route "
             "matched: a pair whose second half is the match, `{'action': 'show', 'id': '1'}`, "
             "the arguments the controller action is called with."),
        Term("controller", "The object a route names; its method named by the route's action "
             "(`show(req, id)`) answers the request. In nova, a `Resource` wraps it, reading "
             "the request's body and writing the result as JSON."),
    ],
    "Statuses (who answers)": [
        Term("200", "OK: the app answered. Every layer the request crossed passed the "
             "request down and the answer back up."),
        Term("400", "Bad Request: the request is not one the API can read: a body that is "
             "not the JSON it expects (sent without `Content-Type: application/json`), or "
             "that names no action it knows. The app answers it, after every filter passed the "
             "request on: in nova, the controller (or the `Resource` reading the body) raises "
             "WebOb's `HTTPBadRequest`, which becomes the response. The ini is not at fault; "
             "the request is."),
        Term("401", "Unauthorized: no valid credentials. The auth filter answers it, "
             "keystonemiddleware's auth_token (the compute demo's `authtoken`), for a request "
             "with no `X-Auth-Token` or one keystone does not accept: a short circuit, so the "
             "router never sees the request."),
        Term("404", "Not Found: nothing here for that path. Three layers may answer it, and "
             "the story of why it failed says which: a urlmap none of whose prefixes fits, "
             "the router when no route's template matches PATH_INFO, or the controller once a "
             "route matched (no such item, `/servers/999`, or no such action)."),
        Term("405", "Method Not Allowed: the router has routes whose template matches the "
             "path, but none takes this method (`DELETE /flavors`, whose routes take GET and "
             "POST). The route miss says, for each candidate, whether its path or its method "
             "failed. Routes itself only finds no match: telling a wrong method from a wrong "
             "path is the demo routers' own, and a dispatch that answers no match with 404, "
             "as the nova seed lesson's article's does, answers 404 for both."),
        Term("413", "Request Entity Too Large (HTTP now says Content Too Large): the body is "
             "over the size limit filter's `max_request_body_size` (oslo's default 114,688 "
             "bytes). The filter answers from the Content-Length, before auth and the router, "
             "so a huge upload never reaches the app."),
        Term("500", "Internal Server Error: code raised an exception. In nova, the "
             "`faultwrap` filter catches it on its way up and answers a JSON fault "
             "(`computeFault`); with no such filter, the server itself answers 500."),
    ],
    "What Pastescope records": [
        Term("trace", "Every event of one request, from `request.start` to `request.end`. The "
             "stack names it in the `X-Pastescope-Trace` response header."),
        Term("node", "A box of the diagram: a section, by its id `kind:name` "
             "(`filter:authtoken`); a pipeline a composite's key writes inline, which is no "
             "section, is `pipeline:COMPOSITE[key]`."),
        Term("span", "One layer's run for one request, from its `node.enter` to its "
             "`node.leave`. The span it ran inside is its parent: the layer that called it."),
        Term("short circuit", "A layer answered without calling the layer after it: authtoken's "
             "401 without a token, sizelimit's 413. The layers after it never ran."),
        Term("self time", "A layer's total time covers the layers it called; its self time is "
             "the total less theirs, what its own code took."),
    ],
}


def event_terms() -> list[Term]:
    """Each event kind, in the words `stack.events` documents it with."""
    return [Term(kind, when[0].upper() + when[1:]) for kind, when in kind_summaries().items()]


#: Every entry's fragment id: the words `glossary_link` links.
ANCHORS = {term.anchor for terms in TERMS.values() for term in terms} | {
    term.anchor for term in event_terms()}


def glossary_link(word: str, marked: Markup | None = None) -> Markup:
    """`word` as HTML, a link to its entry where the glossary has one (`entry_link`); shown as
    `marked` if given (an environ key with the points it may break at, `breakable`)."""
    anchor = anchor_of(word)
    if anchor not in ANCHORS:
        return marked or escape(word)
    # NOTE: linked each time (a step shows its own), yet counted as the page's link: the step
    # view's story below a `PATH_INFO` linked here linked it again (`glossary_terms`).
    g.setdefault("glossary_linked", set()).add(anchor)
    return entry_link(anchor, word, marked)


def entry_link(anchor: str, word: str, marked: Markup | None = None) -> Markup:
    """`word` (or its HTML, `marked`) as a link to the entry `anchor`. The entry opens in a tab
    of its own, the same one each time: the step view keeps no step in its address, and a
    student who looks a word up should not lose the step they were on."""
    return Markup('<a class="glossary-link" href="{}" target="glossary" title="{}">{}</a>').format(
        url_for("glossary.glossary_page", _anchor=anchor),
        f"What {word} means: the glossary, in another tab", marked or word)


#: The words `glossary_terms` links in prose, each an entry's. Words the glossary explains
#: that prose also uses in their everyday sense (`use`, `status`, `section`, `node`, `trace`)
#: are left out: "the status it passed up" is no link to a definition.
LINKED_WORDS = ("urlmap", "composite", "pipeline", "filter", "app", "route", "controller",
                "short circuit", "entry", "factory", "environ", "PATH_INFO", "SCRIPT_NAME",
                "start_response", "auth_strategy", "wsgiorg.routing_args", "WSGI", "WebOb",
                "eventlet", "Routes")
#: Other ways the pages write those entries: the story's first sentence calls urlmap "the
#: urlmap composite" (its entry says what kind of composite it is), and the timeline "self ms".
OTHER_FORMS = {"urlmap composite": "urlmap", "self ms": "self time"}


def _forms() -> dict[str, str]:
    """Each form a linked word is written in → its entry's anchor: as written, a lower-case
    word's plural too, then each capitalised, as a sentence may begin with it, where that is
    not a word of its own (`Routes` is the library's, not routes')."""
    written = {word: anchor_of(word) for word in LINKED_WORDS}
    written |= {word[:-1] + "ies" if word.endswith("y") else word + "s": anchor_of(word)
                for word in LINKED_WORDS if word.islower()}
    written |= {form: anchor_of(entry) for form, entry in OTHER_FORMS.items()}
    return written | {form[0].upper() + form[1:]: anchor for form, anchor in written.items()
                      if form[0].upper() + form[1:] not in written}


#: Every form `glossary_terms` links → its entry's anchor.
FORMS = _forms()
#: A form, as a word of its own: not part of a name (`app:compute_app`, `[composite:x]`,
#: `filter-with`, `app.py`). Longer forms first, so that "urlmap composite" is one link.
FORM_PATTERN = re.compile(
    r"(?<![\w.:/\[#`-])("
    + "|".join(re.escape(form) for form in sorted(FORMS, key=len, reverse=True))
    + r")(?![\w/\[-]|[.:]\w)")
#: Data the prose quotes, whose words are not its own: a body as `stack.explain_answer.quote`
#: writes it (“No route for this app”), and an exception's message as the error story writes
#: it, its repr in brackets (`ValueError ('no route for this filter')`, or after its type:
#: `(AssertionError: "write() before start_response()")`), as escaped HTML. Its words linked
#: read as the glossary's, and took the page's one link from the prose after it.
QUOTED = r"“[^”]*”|\((?:[\w.]+: )?(?P<mark>&#39;|&#34;)(?:\\.|[^\\])*?(?P=mark)\)"
#: Elements whose text is not prose: names and values (`code`), links already, a body quoted
#: as it came (`pre`), and drawings.
NOT_PROSE = {"code", "a", "pre", "svg", "script", "style"}
TAG = re.compile(r"<[^>]*>")
#: What `glossary_terms` reads its HTML as: tags, quoted data and forms, in their order.
SCANNED = re.compile(f"(?P<tag>{TAG.pattern})|(?P<quoted>{QUOTED})|{FORM_PATTERN.pattern}")
#: The statuses the glossary explains (`401`), each its entry's anchor too.
STATUSES = tuple(term.word for term in TERMS["Statuses (who answers)"])
#: A status as prose says one ("ended with 401", "so 405", "answers 200, 404"): a number of its
#: own, not a line's (`line 404`), an id's (`id='404'`, escaped), a path's or a size's part.
STATUS_PATTERN = (r"(?<![\w.:/\[#`=;&-])(?<!line )(?P<status>" + "|".join(STATUSES)
                  + r")(?![\w/\[-]|[.:]\w)")
#: `SCANNED`, statuses too: for the prose that tells why a request got its status.
SCANNED_STATUSES = re.compile(f"{SCANNED.pattern}|{STATUS_PATTERN}")


def glossary_terms(html: str, statuses: bool = False) -> Markup:
    """`html` (text is escaped; Markup kept) with the first use on the page of each entry of
    `FORMS` a link to it: a student reading a request's story meets "pipeline", "filter",
    "short circuit" with no one to ask. Only its first use on a page, however many parts of
    the page are given here (the page's `g` keeps which were linked): a story whose every
    "filter" is a link reads as a page of links. Text inside `NOT_PROSE` elements is never
    linked: `<code>filter:authtoken</code>` is a name, not the word; nor are the words of
    data the prose quotes (`QUOTED`): "filter" in an exception's message is not the story's.
    With `statuses`, a status the glossary explains links to its entry too (`STATUS_PATTERN`):
    only where the prose tells why a request got its status (the story of why it failed, the
    Ask answer's first sentence), as elsewhere a number is as often a size ("200 bytes")."""
    linked = g.setdefault("glossary_linked", set())
    skipped = 0  # depth inside NOT_PROSE elements

    def read(match: re.Match) -> str:
        nonlocal skipped
        if match["tag"] is not None or match["quoted"] is not None:
            # A quote's own tags (a `name` in a body) still open and close elements.
            skipped += sum(_depth_change(tag) for tag in TAG.findall(match.group()))
            return match.group()
        anchor = match.groupdict().get("status") or FORMS[match.group()]
        if skipped or anchor in linked:
            return match.group()
        linked.add(anchor)
        return entry_link(anchor, Markup(match.group()))

    return Markup((SCANNED_STATUSES if statuses else SCANNED).sub(read, str(escape(html))))


def _depth_change(tag: str) -> int:
    """1 for a tag opening a `NOT_PROSE` element, -1 for one closing it, else 0."""
    name = re.match(r"</?([a-zA-Z0-9]+)", tag)
    if not name or name.group(1).lower() not in NOT_PROSE or tag.endswith("/>"):
        return 0
    return -1 if tag.startswith("</") else 1


def glossary_group(group: str) -> str:
    """A group's fragment id, apart from its terms' (`group-the-ini-pastedeploy`)."""
    return "group-" + anchor_of(group)


@bp.get("/glossary")
def glossary_page():
    """Every term, by group, then the event kinds a trace is made of."""
    return render_template("glossary.html", groups={**TERMS, "Event kinds": event_terms()})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(glossary_link)
    app.add_template_filter(glossary_group)
    app.add_template_filter(glossary_terms)
