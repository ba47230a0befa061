"""The sections only what PasteDeploy refuses names, which no graph shows
(`stack.graph_model.IniFile.refused_named`), and which section one word of a file names.

Kept apart from the reader (`stack.graph_builder`, which asks once the whole file is read): it
reads only the file's text and what was refused, and its lookup of one word (`named_section`)
is also how the text tree and an upload's places find the section a word names.
"""
from __future__ import annotations

import configparser
from collections.abc import Iterator
from typing import Any

from stack.graph_model import Node
from stack.ini_text import Source
from stack.section_names import ABSOLUTE
from stack.section_names import lookup_type
from stack.section_names import section_id
from stack.section_names import word_kinds


def named_by_refusals(source: Source, nodes: dict[str, Node], errors: list[dict[str, Any]],
                      shown: set[str]) -> dict[str, dict[str, Any]]:
    """By node id, the file's own sections no graph shows (`shown`) that a refused branch or
    section names: `{"by": ID, "by_line": N}`, the first that names it (a composite's refused
    alternative or urlmap branch, `Node.refused_targets`; a refused pipeline's members), in
    file order (`IniFile.refused_named`).

    A `[filter:authtoken]` named by nova's `keystone` alternative, refused for a misspelt
    `keystonecontxt` beside it, is in no graph: no edge leads to a branch that cannot be
    built. Listed as reached from no entry, it read as dead configuration, and an operator
    chasing the 401 deleted it; it is the filter the mended alternative runs first.
    """
    named: dict[str, dict[str, Any]] = {}
    for by, line, kind, word in _refused_words(source, nodes, errors):
        target = named_section(source, kind, word)
        if target in nodes and target not in shown:
            named.setdefault(target, {"by": by, "by_line": line})
    return dict(sorted(named.items(), key=lambda item: nodes[item[0]].line or 0))


def named_section(source: Source, kind: str, word: str) -> str | None:
    """The node id of the one section of `source` a word of `kind` ("filter" or "app") names;
    None for a reference (`egg:…`), or a word no section or several answer to."""
    found = [] if ABSOLUTE.match(word) else source.finder.candidates(lookup_type(kind), word)
    return section_id(source, found[0]) if len(found) == 1 else None


def _refused_words(source: Source, nodes: dict[str, Node], errors: list[dict[str, Any]]
                   ) -> Iterator[tuple[str, int | None, str, str]]:
    """`(refused node id, line, kind, word)` for each word of what PasteDeploy refuses that
    may name a section: the words of composites' refused branches, then those of the file's
    refused pipelines (one with a setting too many is refused before its words are linked;
    one two sections answer to is refused unread)."""
    for node in nodes.values():
        for branch in node.refused_targets:
            for member in branch["members"]:
                if member["error"] is None:
                    yield node.id, branch["line"], member["kind"], member["name"]
    sections = {section_id(source, section): section for section in source.parser.sections()
                if section.partition(":")[0] == "pipeline"}
    for refused in dict.fromkeys(error["section"] for error in errors):
        section = sections.get(refused)
        if section is None:
            continue
        try:
            words = source.parser.get(section, "pipeline").split()
        except configparser.Error:  # no `pipeline`, or one PasteDeploy cannot read: refused so
            continue
        line = source.line(section, "pipeline")
        for kind, word in zip(word_kinds(words), words, strict=True):
            yield refused, line, kind, word
