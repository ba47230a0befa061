"""Why a name in an api-paste.ini finds no section, or not the one it needs: the notes a
refusal says it with (a typo's likely meaning, a header read as a setting, a section of the
other kind, a comment or commas read as part of a value).

Each looks only at the file's text (`stack.ini_text.Source`); nothing a name refers to is
loaded or imported.
"""

from __future__ import annotations

import re
from typing import Any

from paste.deploy import loadwsgi

from stack.graph_model import KINDS
from stack.graph_model import NO_SECTION
from stack.graph_model import REFUSED
from stack.graph_model import Node
from stack.graph_model import node_id
from stack.ini_text import HEADER_PREFIXES
from stack.ini_text import Source
from stack.near_names import listed
from stack.near_names import nearest
from stack.near_names import said_meant

#: A reference PasteDeploy resolves by its scheme (`egg:`, `config:`, `call:`), not by section.
ABSOLUTE = loadwsgi._Loader._absolute_re


def scheme_of(word: str) -> str | None:
    """The scheme `word` refers by (`config:other.ini#x` → "config"), lower-cased as
    PasteDeploy compares it; None where `word` is a section's name (`ABSOLUTE`)."""
    return word.split(":", 1)[0].lower() if ABSOLUTE.match(word) else None


def looked_up(factory: str | None) -> str | None:
    """`factory` as PasteDeploy (3.1) tells one `egg:DIST#NAME` from another, for tables and
    comparisons to hold it one way: the scheme in any case (`loadobj` lowers it), DIST as
    `importlib.metadata.distribution()` finds it, whatever its case and runs of `-`, `_` and
    `.` (PEP 503's normal form), NAME as written (an entry point's name is compared exactly).
    So `egg:Swift#tempauth` is `egg:swift#tempauth`, `egg:oslo_middleware#sizelimit`
    `egg:oslo-middleware#sizelimit` and `EGG:PASTE#urlmap` `egg:paste#urlmap`, while
    `egg:Paste#URLMap` finds no entry point. Any other factory (`module:object`) as written."""
    if factory is None or scheme_of(factory) != "egg":
        return factory
    dist, hash_, name = factory.split(":", 1)[1].partition("#")
    return f"egg:{re.sub(r'[-_.]+', '-', dist).lower()}{hash_}{name}"


def lookup_type(kind: str) -> Any:
    """PasteDeploy's object type to find a section of `kind` by: `loadwsgi.FILTER` or `APP`."""
    return loadwsgi.FILTER if kind == "filter" else loadwsgi.APP


def word_kinds(words: list[str]) -> list[str]:
    """What each word of a pipeline (or a `pipeline_factory` key) names: a filter, but the
    last, the app."""
    return ["filter"] * (len(words) - 1) + ["app"] if words else []


def section_id(source: Source, section: str) -> str:
    """The node id of a section of `source` (`[composite:main]` → `composite:main`, with
    `other.ini#` before it for a file other than the one read)."""
    prefix, _, rest = section.partition(":")
    return node_id(KINDS[prefix], rest.strip(), source.prefix)


def word_cause(named: bool, word: str) -> str:
    """The `cause` of a refused word (`NO_SECTION` or `REFUSED`), as `_target` records it:
    no section answers to a name that `named` nothing; a reference (`egg:`, `foo:`) is no
    section's name, so its refusal is PasteDeploy's, whatever it was."""
    return NO_SECTION if not named and not ABSOLUTE.match(word) else REFUSED


def written_note(words: list[str], named: list[bool]) -> str | None:
    """Why a pipeline's words (or a composite key's; `named`: whether each finds what it
    names) may not be the names they were written as: an inline `# comment`, names separated
    by commas; None otherwise.

    NOTE: `pipeline_factory` splits a key's value at whitespace only, as PasteDeploy does a
    pipeline's: `filt,` keeps its comma, and names no section.
    """
    commas = [f"`{word}`" for word, ok in zip(words, named, strict=True) if "," in word and not ok]
    comma = None
    if commas:
        are = "is read with its comma" if len(commas) == 1 else "are read with their commas"
        comma = f"names are separated by spaces, not commas: {listed(commas)} {are}"
    return "; ".join(filter(None, [comment_note(words, named), comma])) or None


def comment_note(words: list[str], named: list[bool]) -> str | None:
    """Why a value's words from one starting with `#` or `;` on find nothing, if they do not:
    PasteDeploy's parser (configparser, with no `inline_comment_prefixes`) takes a comment
    only as a whole line, so the rest of a line is part of its value."""
    start = next((at for at, word in enumerate(words) if word[:1] in "#;" and at), None)
    if start is None or all(named[start:]):
        return None
    return (f"`{' '.join(words[start:])}` is read as part of the value: `{words[start][0]}` "
            "after a value is not a comment in PasteDeploy: only a line starting with `#` or "
            "`;` is")


def missing_note(source: Source, object_type: str, name: str, referrer: Node | None) -> str:
    """` (why)` where a line of `source` looks like the header of the section `name` is
    missing, but is read as a setting, or where a section's name is near it (a typo); ""
    otherwise. `referrer`: the section that names it, None for the name asked for (`--name`).

    NOTE: the line is cited with its file's name unless both it and the section naming it are
    in the file read: a bare "line 3" is read as the file read's, wherever it is said.
    """
    misread = source.misread_as(lookup_type(object_type), name)
    ours = _ours(source, referrer)
    if misread is not None:
        return f" ({misread.note(None if ours else source.file)})"
    unread = unread_section(source, name)
    if unread is not None:
        meant = unknown_kind(unread)
        guess = f": {said_meant([f'{kind}:{name}' for kind in meant], '[{}]')}" if meant else ""
        return (f" ([{unread}]{_at(source, unread, ours)} has that name, but "
                f"`{unread.partition(':')[0]}` is no section kind PasteDeploy reads{guess})")
    meant = source.likely_meant(lookup_type(object_type), name)
    if not meant:
        return ""
    return f" ({said_meant([f'[{s}]{_at(source, s, ours)}' for s in meant], '{}')})"


def _ours(source: Source, referrer: Node | None) -> bool:
    """Whether a line of `source` may be cited bare ("line 3") to the reader of `referrer`'s
    refusal: both are in the file read."""
    return source.prefix is None and (referrer is None or referrer.file == source.file)


def _at(source: Source, section: str, ours: bool) -> str:
    """` at line N` (` at FILE:N` where the line is not of the file read, or not where the
    section naming it is), or "" for no line: where a note sends the reader."""
    line = source.line(section)
    return "" if line is None else f" at line {line}" if ours else f" at {source.file}:{line}"


def unread_section(source: Source, name: str) -> str | None:
    """The section of `source` named `name` whose kind PasteDeploy reads none by
    (`[pipline:apiversions]`, `unknown_kind`), or None: what a name no section answers to
    was most likely meant to find."""
    return next((section for section in source.parser.sections()
                 if section.partition(":")[2].strip() == name
                 and unknown_kind(section) is not None), None)


def unknown_kind(section: str) -> list[str] | None:
    """For a header `[KIND:NAME]` whose KIND is no prefix PasteDeploy reads (`[pipline:api]`),
    so that no name loads it: the kinds likely meant (`pipeline`), or [] if none is near; None
    for a kind PasteDeploy reads, spaced or not (`[app :x]` is refused, not guessed at), or a
    header without `:` ([DEFAULT], a logging section). PasteDeploy's misspelt alias `composit`
    is never one: `composite` is as near as it to any slip, and reads as what was meant.

    A kind PasteDeploy reads, in other letters' case (`APP`, `FILTER-APP`), is that kind:
    PasteDeploy compares a header as written (`section.startswith(name_prefix + ':')`), so
    `[APP:home]` loads for no name, and difflib, which counts `A` and `a` apart, finds
    `Filter` near `filter` but `APP` near nothing."""
    prefix, colon, _ = section.partition(":")
    if not colon or prefix.strip() in HEADER_PREFIXES:
        return None
    kinds = HEADER_PREFIXES - {"DEFAULT", "composit"}
    folded = prefix.strip().lower()
    if folded in HEADER_PREFIXES:  # `DEFAULT`, upper case, is never a folded kind
        return ["composite" if folded == "composit" else folded]
    return nearest(prefix, sorted(kinds))


def misplaced_section(source: Source, object_type: str, word: str) -> str | None:
    """The section of the other kind `word` names where a composite key wants `object_type`
    (`[filter:g]` where the last word must be an app), or None."""
    if ABSOLUTE.match(word):
        return None
    other = "app" if object_type == "filter" else "filter"
    found = source.finder.candidates(lookup_type(other), word)
    return found[0] if found else None


def misplaced_name_note(source: Source, object_type: str, name: str, referrer: Node) -> str:
    """Why a name finds no section of the kind it needs when it names one of the other
    (`pipeline = auth add_header`, the filter last; a filter's `use = app` beside an
    `[app:app]`), or "": PasteDeploy's "no such filter" beside an `[app:app]` that is there
    reads as a contradiction."""
    section = misplaced_section(source, object_type, name)
    if section is None or referrer.kind == "pipeline":
        return misplaced_note(object_type, section, "a pipeline's")
    return misplaced_note(object_type, section, None, _at(source, section, _ours(source, referrer)))


def misplaced_note(object_type: str, section: str | None, whose: str | None = "a key's",
                   at: str = "") -> str:
    """` (why)` for `misplaced_section`'s answer: a key's (or a pipeline's, `whose`) words
    are filters, then one app; any other name (`use`, `next`, `filter-with`, a urlmap's
    value: `whose` None) is looked up among the sections of one kind (`at`: where `section`
    is, as `_at` says it)."""
    if section is None:
        return ""
    if whose is None and object_type == "filter":
        return (f" ([{section}]{at} has that name, but is not a filter: PasteDeploy looks a "
                "filter up among [filter:…] sections only)")
    if whose is None:
        return (f" ([{section}]{at} has that name, but is a filter: PasteDeploy looks an app "
                "up among [app:…], [composite:…], [pipeline:…] and [filter-app:…] sections only)")
    if object_type == "app":
        return (f" ([{section}] is a filter: {whose} last word must name an app, a pipeline "
                "or a composite)")
    return f" ([{section}] is not a filter: only {whose} last word names an app)"


def egg_note(name: str) -> str:
    """` (meant egg:…?)` for a name written like a distribution's entry point without its
    scheme (`use = Paste#urlmap`): PasteDeploy then looks for a section of that name."""
    distribution, hash_, entry = name.partition("#")
    if not hash_ or not distribution or not entry or not distribution[0].isalpha():
        return ""
    return f" (a factory of a package is named with its scheme: meant `egg:{name}`?)"


#: The `paste.*_factory` setting's infix for a section of each kind (`paste.filter_app_factory`).
FACTORY_SETTINGS = {"filter": "filter", "composite": "composite", "filter-app": "filter_app"}


def call_note(name: str, object_type: str = "app", use: bool = True) -> str:
    """` (meant call:…?)` for a name written like a Python object's dotted path without its
    scheme (`use = glance.api.root_app_factory`, `glance.api:root_app_factory`): PasteDeploy
    then looks for a section of that name, and "no such section" sends the reader to look
    for one, where it is the `call:` that is missing.

    Only a `use` takes `call:`: a word of a pipeline or a composite's value written so is
    looked up with no protocol (`FuncLoader` leaves it to the section's kind, and there is no
    section), and loading fails (`AssertionError: Protocol None unknown`). There, not `use`,
    the note says what works: a section of the `object_type` the word names, whose factory
    is that object, named in its place. Of a `use`, `object_type` is its section's kind."""
    module, colon, attr = name.partition(":")
    if not colon:
        module, _, attr = name.rpartition(".")
    dotted = [*module.split("."), *attr.split(".")]
    if not module or not attr or not all(part.isidentifier() for part in dotted):
        return ""
    kind = FACTORY_SETTINGS.get(object_type, "app")
    if use and "." in attr:
        # NOTE: `call:` reaches its attribute by one getattr (PasteDeploy's `lookup_object`):
        # `call:nova.api:APIRouter.factory` fails to load; `paste.*_factory` takes it.
        return (f" (a Python factory is named with its scheme, and one that is an attribute "
                f"of another, as `{attr}`, by `paste.{kind}_factory = {module}:{attr}` in "
                "place of this `use`)")
    if use:
        return f" (a Python factory is named with its scheme: meant `call:{module}:{attr}`?)"
    section = attr.split(".")[0]
    return (f" (a pipeline's word, as a composite's value, names a section, not a factory, and "
            f"PasteDeploy builds no `call:` one: write a `[{kind}:{section}]` section with "
            f"`paste.{kind}_factory = {module}:{attr}` and name `{section}` in its place)")
