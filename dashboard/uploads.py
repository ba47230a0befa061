"""Uploaded inis: `POST /api/inis` and the page that draws an uploaded file's entries.

An upload is only read — by `stack.graph`, the same code as `python -m stack inspect` — never
imported or run: its factories stay strings. A file that cannot be read at all is refused with
its line; sections that fail are listed with file and line while the rest is drawn.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import abort
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request

from dashboard.diagram_fold import BRANCH_LIST
from dashboard.diagram_fold import branch_list
from dashboard.drawing import draw
from dashboard.drawing import url_with
from dashboard.errors import human_size
from dashboard.errors import refuse
from dashboard.store import get_store
from dashboard.store_inis import MAX_INIS
from dashboard.upload_diff import others_listed
from dashboard.upload_entry import default_entry
from dashboard.upload_forgotten import forgotten_words
from dashboard.upload_forgotten import upload_again
from dashboard.upload_read import older_words
from dashboard.upload_read import read_upload_doc
from dashboard.upload_rows import uploads_listed
from dashboard.upload_settings import settings_of
from dashboard.upload_text import UploadRefused
from dashboard.upload_text import read_upload_text
from dashboard.which import answer_drawing
from dashboard.which import upload_asked
from dashboard.which import which_context
from dashboard.which_address import public_question
from stack import graph
from stack.graph_model import NO_ENTRIES
from stack.graph_model import unread_json

bp = Blueprint("uploads", __name__)


@bp.post("/api/inis")
def post_ini():
    """`POST /api/inis` — multipart field `file`: the inspect document with an `id` (the one
    it had when the same file, read the same, was uploaded before: `IniRecords.add_ini`)."""
    try:
        name, text = read_upload_text(current_app.config["MAX_UPLOAD_BYTES"], "the ini",
                                      "upload.ini")
    except UploadRefused as exc:
        if exc.too_large:
            return jsonify(error=f"upload refused: {exc}", line=None), 413
        if exc.file is not None:  # a byte that is not UTF-8: read as `inspect` reads it
            return unreadable(graph.IniError(exc.file, exc.line, exc.reason))
        return jsonify(error=str(exc), line=exc.line), 400
    try:
        doc = read_upload_doc(text, name)
    except graph.IniError as exc:
        return unreadable(exc)
    ini_id = get_store().add_ini(doc)  # the same file again: the id it had
    return jsonify({"id": ini_id, **doc})


def unreadable(exc: graph.IniError):
    """The 400 of a file that cannot be read at all: `inspect --json`'s document of it
    (`unread_json`: `file`, and the refusal as its one `errors` entry), with the `error`
    (`FILE:LINE: message`, as `inspect` prints it on stderr) and `line` every upload refusal
    has. A script reads `errors` whichever it ran, and whatever the status."""
    return jsonify({**unread_json(exc.file, exc), "error": str(exc), "line": exc.line}), 400


@bp.get("/inis")
def upload_page():
    """The upload page: a file picker and a drop zone, and the files uploaded before, so that
    a class can open the teacher's upload without its address."""
    return render_template("upload.html", limit=human_size(current_app.config["MAX_UPLOAD_BYTES"]),
                           uploads=uploads_listed(), max_inis=MAX_INIS)


def file_warnings(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every warning about an uploaded file, each with its file, line and section, in order.

    The file's own (about sections no graph shows) and each node's, once a node however many
    graphs reach it. A node's warning about one of its lines (`FILE:LINE: …`) is placed at
    that line rather than at the section's header. A file's warning that opens with its
    section (`[fitler:a]: `, which the tree's `FILE:LINE: ` line needs) has it left out: the
    page says the section before its dash, and read `in [fitler:a] — [fitler:a]: …`.
    """
    found = [{"file": doc["file"], **warning,
              "warning": warning["warning"].removeprefix(f"[{warning['section']}]: ")}
             for warning in doc.get("warnings", [])]
    nodes = {node["id"]: node for graph in doc["graphs"] for node in graph["nodes"]}
    for node in nodes.values():
        file = node.get("file") or doc["file"]
        for warning in node.get("warnings", []):
            at = re.match(rf"{re.escape(file)}:(\d+): ", warning)
            line = int(at.group(1)) if at else node.get("line")
            text = warning[at.end():] if at else warning
            found.append({"file": file, "line": line, "section": node["id"], "warning": text})
    return sorted(found, key=lambda w: (w["file"] != doc["file"], w["line"] or 0))


@bp.get("/inis/<ini_id>")
def ini_page(ini_id: str):
    """An uploaded file drawn: `?entry=ID` picks the graph, `&method=M&path=P…` asks "which"
    of it (as `GET /api/which` takes them), `&all=1` draws every branch of a composite with
    many (`dashboard.diagram_fold`); the panel alone for htmx."""
    doc = get_store().ini(ini_id)
    if doc is None:
        refuse(404, forgotten_words(ini_id), upload_again())
    graphs = {g["entry"]: g for g in doc["graphs"]}
    first, why = default_entry(doc)
    entry = request.args.get("entry") or first
    if entry is not None and entry not in graphs:
        abort(404, f"{doc['file']} has no entry {entry!r}")
    context: dict[str, Any] = {}
    # NOTE: not the address as it is: one made before 0.2.36 may hold a token (`page_url`).
    show_all = url_with("all", "1", query=public_question(request.args))
    drawn = None
    picked = ""
    if entry is not None:
        asked = upload_asked(ini_id, doc, request.args.get("entry"), (first, why))
        # Said when the entry was picked here, among several, as the answer says it walks
        # that one (`unnamed`): glance's eight opened on its sixth, with no reason given.
        picked = why if asked.unnamed else ""
        if "method" in request.args or "path" in request.args:
            # The question "which" put in the address (`which_address.page_url`), answered.
            question = request.args.copy()
            question["ini"] = ini_id
            context.update(which_context(asked, question, address=True))
        drawn, already = answer_drawing(asked, show_all, context.get("answer"))
        if not already:
            # The page draws what its answer needs, more than its own drawing: the form says
            # so (`kept`), and the next answer draws the page anew.
            context["which_kept"] = "1"
    context.update({
        "ini_id": ini_id,
        "doc": doc,
        "entry": entry,
        "picked": picked,
        "svg": draw(drawn) if drawn else None,
        "branches": branch_list(graphs[entry], drawn) if drawn else [],
        # A refused section the entry drawn does not reach is said so: the file's refusals are
        # listed whichever entry is shown, and read as the drawing's they mislead.
        "drawn": {node["id"] for node in graphs[entry]["nodes"]} if entry else set(),
        "warnings": file_warnings(doc),
        "settings": settings_of(graphs[entry], drawn, show_all) if drawn else None,
        "limit": human_size(current_app.config["MAX_UPLOAD_BYTES"]),
        "no_entries": doc.get("no_entries", NO_ENTRIES),  # kept before it was said why
        "older": older_words(doc),
    })
    if request.headers.get("HX-Request"):
        return render_template("_ini.html", **context)
    return render_template("ini.html", others=others_listed(ini_id), **context)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # The id of the list below an upload's diagram (_left_out.html), which its page draws and
    # "which" sends again with a diagram it redraws (`dashboard.which.redrawn`).
    app.jinja_env.globals["branch_list_id"] = BRANCH_LIST
