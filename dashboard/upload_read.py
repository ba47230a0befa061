"""An uploaded ini read into the document its page draws, and what a document kept by an older
Pastescope lacks.

The store keeps each upload's document, not its text: the text may hold secrets, which the
document has redacted (`stack.redact`). A later Pastescope records more (`refused_links` came
in 0.2.24, a hole's `cause` in 0.2.23), so a document kept from before draws less than a fresh
upload of the same file (no hole for a refused `use`, "refused" on a hole where no section has
the name); its page says so, and that uploading the file again draws it in full.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from dashboard.presets import DEMO_TOKENS
from dashboard.upload_places import add_places
from stack import graph
from stack import tree

#: Where Pastescope's own demo inis are, as a clone holds them: `shipped` names them so.
DEMO_PACKAGE = "stack.demo"


def read_upload_doc(text: str, name: str) -> dict[str, Any]:
    """The document of an uploaded file `name` (`inspect --json`'s, each node placed in the
    text: `dashboard.upload_places`); raises `graph.IniError` for a file that cannot be read."""
    ini = graph.read_ini_text(text, name)
    doc = ini.to_json()
    add_places(doc, ini)
    if not doc["entries"]:  # why, said as `inspect` says it: the page has the document only
        doc["no_entries"] = tree.no_entries_words(ini)
    demo = shipped(text)
    if demo:
        doc["shipped"] = demo
    return doc


def shipped(text: str) -> dict[str, Any] | None:
    """Which of Pastescope's own demo inis `text` is, unchanged (`path`, as the README names
    it), with its opening comment (`comment`, its lines): a class uploading the compute demo
    saw `valid_tokens = ***` (redacted, as every upload's secrets are) and could not find the
    token the README tells them to send, which that comment says. Only a file equal to a demo
    shipped in the clone, public and so no secret, is said to be one; a copy changed anywhere,
    a token above all, is an ini like any other."""
    return demo_inis().get(text.replace("\r\n", "\n"))


def demo_token(doc: dict[str, Any]) -> str | None:
    """The `NAME: VALUE` header that takes a request past the token check of the demo ini the
    upload `doc` is, unchanged (`shipped`): public, as the file is, so the Ask form's 401 says
    it, to a student who asked without a token; None for any other upload, whose tokens are
    secrets (its settings show them `***`)."""
    demo = doc.get("shipped")
    token = DEMO_TOKENS.get(demo["path"], {}) if demo else {}
    return next((f"{header}: {value}" for header, value in token.items()), None)


def stack_demo_token(stack: dict[str, Any] | None) -> str | None:
    """`demo_token` of a running `stack` (as the store holds it): the header that takes a
    request past its token check where the graph it announced is one a demo ini shipped draws,
    unchanged, entry and file name alike; None for any other stack. Live's Send says it after
    a 401, where a first-time user sends, as the Ask form's answer does of an upload.

    NOTE: a stack announces its graph, not its text, with its settings' secrets redacted
    (`valid_tokens = ***`): a copy of the demo that changes the token alone draws the same
    graph and is taken for the demo, as its presets take it (`presets.presets_for`, whose
    requests carry the demo's token)."""
    if stack is None:
        return None
    for text, demo in demo_inis().items():
        name = demo["path"].rpartition("/")[2]
        if name == stack["file"] and stack["graph"] in demo_graphs(text, name):
            return demo_token({"shipped": demo})
    return None


@cache
def demo_graphs(text: str, name: str) -> list[dict[str, Any]]:
    """The graphs of the demo ini `text`, named `name`, as a stack serving it announces them."""
    return graph.read_ini_text(text, name).to_json()["graphs"]


@cache
def demo_inis() -> dict[str, dict[str, Any]]:
    """Each demo ini's text → what `shipped` says of it."""
    folder = resources.files(DEMO_PACKAGE)
    found = {}
    for ini in sorted(folder.iterdir(), key=lambda one: one.name):
        if ini.name.endswith(".ini"):
            text = ini.read_text(encoding="utf-8")
            found[text] = {"path": f"{DEMO_PACKAGE.replace('.', '/')}/{ini.name}",
                           "comment": opening_comment(text)}
    return found


def opening_comment(text: str) -> list[str]:
    """The lines of the comment `text` opens with, each without its `# `."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.removeprefix("#").removeprefix(" "))
    return lines


def older_words(doc: dict[str, Any]) -> list[str]:
    """What the page of `doc`, kept by an older Pastescope, cannot draw that a fresh upload of
    the file would, in words (none for a document that lacks nothing drawn): one with no
    `refused_links` drew no hole for a refused `use`, `next` or `filter-with` (only where a
    section is refused can one be missing), one whose holes have no `cause` says "refused"
    where no section has the name."""
    nodes = [node for one in doc["graphs"] for node in one["nodes"]]
    holes = [hole for node in nodes for hole in [
        *node.get("missing", []),
        *(word for branch in node.get("missing_branches", []) for word in branch["members"]
          if word.get("error") is not None)]]
    lacking = []
    if any(node.get("errors") and "refused_links" not in node for node in nodes):
        lacking.append("a refused `use`, `next` or `filter-with` is listed but not drawn as a "
                       "hole at the end of its edge")
    if any("cause" not in hole and not hole.keys() & {"named", "unread"} for hole in holes):
        lacking.append("a hole says “refused” even where it is that no section has the name")
    return lacking
