"""Two uploads compared: `GET /inis/ID/diff?with=OTHER` and `GET /api/inis/OLD/diff/NEW`.

An operator who uploaded their api-paste.ini before an upgrade (or an edit) and again after
has both in "Uploaded before", and asks what the new one builds differently: the changes
`python -m stack diff` prints, in its words (`stack.graph_diff_words`), so a line read on the
page is the line the command prints, but for the file's path (the upload's name here).

The store keeps each upload's document, not its text (`dashboard.upload_read`), so the two
are compared as their documents say them: the same graphs `diff` reads from the files, with
secrets redacted. What the documents leave out is not told: a secret whose value changed (its
document says `***` in both; and the same file but for a secret is one upload anyway,
`IniRecords.add_ini`), and a [DEFAULT] setting's line (its change cites the file alone).
"""

from __future__ import annotations

import dataclasses
from itertools import groupby
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import jsonify
from flask import render_template
from flask import request
from flask import url_for

from dashboard.errors import refuse
from dashboard.store import get_store
from dashboard.upload_forgotten import forgotten_words
from dashboard.upload_forgotten import upload_again
from stack import graph_diff
from stack import graph_diff_words
from stack.graph_model import Edge
from stack.graph_model import Node

bp = Blueprint("upload_diff", __name__)

#: Each kind of change as the page heads its group, in `graph_diff.KINDS` order.
KIND_HEADINGS = {
    "entry": "Entries",
    "key": "Composite keys and urlmap prefixes",
    "pipeline": "Pipeline members",
    "section": "Sections",
    "link": "`use`, `next` and `filter-with`",
    "factory": "Factories",
    "setting": "Settings",
}
#: The fields of `Node`: what a document's node is read back into (the upload adds more,
#: `dashboard.upload_places`, and a document kept by an older Pastescope may lack some).
NODE_FIELDS = frozenset(field.name for field in dataclasses.fields(Node))


def built_by_doc(doc: dict[str, Any]) -> graph_diff.Built:
    """What an upload's document says its file builds, as `graph_diff.built_by_file` reads
    it from the file: every entry's nodes and edges, cited by the upload's file name."""
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    for drawn in doc["graphs"]:
        for node in drawn["nodes"]:
            nodes.setdefault(node["id"], Node(**{key: value for key, value in node.items()
                                                 if key in NODE_FIELDS}))
        for edge in drawn["edges"]:
            edges.setdefault((edge["source"], edge["label"], edge["target"]), Edge(**edge))
    # Every graph carries the file's [DEFAULT]; a file of no entry has no graph to carry it.
    defaults = doc["graphs"][0]["defaults"] if doc["graphs"] else {}
    return graph_diff.Built(doc["file"], doc["file"], list(doc["entries"]), nodes,
                            list(edges.values()), dict(defaults), {}, lambda section, key: None)


def kept_doc(ini_id: str) -> dict[str, Any]:
    """The document of upload `ini_id`; a 404 saying it is not kept, with the way on."""
    doc = get_store().ini(ini_id)
    if doc is None:
        refuse(404, forgotten_words(ini_id), upload_again())
    return doc


def changes_between(old_id: str, new_id: str) -> tuple[dict[str, Any], dict[str, Any],
                                                        list[graph_diff.Change]]:
    """The two uploads' documents and what the new one builds differently from the old."""
    old, new = kept_doc(old_id), kept_doc(new_id)
    return old, new, graph_diff.compare(built_by_doc(old), built_by_doc(new))


@bp.get("/api/inis/<old_id>/diff/<new_id>")
def diff_json(old_id: str, new_id: str):
    """`python -m stack diff OLD NEW --json`'s document of two uploads: `old` and `new` their
    file names, each change with its `text`."""
    old, new, changes = changes_between(old_id, new_id)
    return jsonify({"old": old["file"], "new": new["file"],
                    "changes": [{**change.to_json(), "text": graph_diff_words.change_line(change)}
                                for change in changes]})


@bp.get("/inis/<ini_id>/diff")
def diff_page(ini_id: str):
    """What upload `ini_id` builds differently from upload `?with=OTHER` (the one picked in
    its page's "Compare with another upload"), a group of lines a kind of change."""
    other = request.args.get("with")
    if not other:
        refuse(400, "pick the upload to compare this one with (?with=ID)",
               {"href": url_for("uploads.ini_page", ini_id=ini_id),
                "text": "Back to the upload's page"})
    old, new, changes = changes_between(other, ini_id)
    # When each was uploaded: two versions of one file share its name (api-paste.ini).
    created = {upload["id"]: upload["created"] for upload in get_store().recent_inis()}
    groups = [(KIND_HEADINGS[kind], [graph_diff_words.change_line(change) for change in kept])
              for kind, kept in groupby(changes, key=lambda change: change.kind)]
    return render_template("ini_diff.html", old=old, new=new, old_id=other, new_id=ini_id,
                           groups=groups, created=created,
                           no_difference=graph_diff_words.NO_DIFFERENCE)


def others_listed(ini_id: str) -> list[dict[str, Any]]:
    """The uploads kept but `ini_id`, newest first: what its page offers to compare it with."""
    return [upload for upload in get_store().recent_inis() if upload["id"] != ini_id]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
