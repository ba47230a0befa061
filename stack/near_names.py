"""The name a misspelt one may have meant: one "did you mean" for every misspelling read.

A section name (`authtokn`), a section kind (`pipline`), an entry point (`urlmapp`), a urlmap
prefix a request's path nearly starts with (`/v21` for `/v2.1/servers`), a file a `config:`
reference names (`config:othr.ini`), and a module, package or attribute `serve` could not
import (`stack.demo.compte:APIRouter.factory`); and where the module ends in a reference
written with a dot for its `:` (`module_part`).
Module and package names are those Python's import system and installed metadata list, so
finding the guess runs no code of the operator's: a module imported to look in it could do
anything.
"""

from __future__ import annotations

import difflib
import itertools
import os
import pkgutil
import re
import sys
from collections.abc import Iterable
from collections.abc import Sequence
from importlib import metadata
from importlib.machinery import PathFinder

from stack.urlmap_labels import label_host
from stack.urlmap_labels import label_prefix
from stack.wsgi_path import readable_path

#: How near a module or distribution name must be to be guessed: with hundreds importable,
#: difflib's default (0.6) finds one for nearly any name (`swift` → `site`, `filters` →
#: `itertools`), where 0.8 still finds `stack.demo.compute` for `compte`, `mymod` for `mymdo`.
NEAR = 0.8
#: How near a urlmap prefix must be to the start of a path to be named: API versions one digit
#: apart are 0.8 near (`/v1.1`, `/v2.1`), and a urlmap with `/v1.1` but no `/v2.1` is no typo;
#: a dot or a letter more or less is near enough (`/v21` for `/v2.1`, `/volume` for `/volumes`).
NEAR_PREFIX = 0.85
#: What a prefix near the path's asks, where a typo is likely (`near_prefix_note`).
TYPO = "(a typo, in the ini or in the URL?)"
#: Most names one "did you mean" offers, of those equally near.
MOST_MEANT = 3
#: An API version as a path's first segment (`v2`, `v2.0`, `V3`).
VERSION = re.compile(r"v\d+(\.\d+)*", re.IGNORECASE)
#: Prefixes a note naming them lists before it counts the rest (`passed_prefixes`).
SHOWN_PREFIXES = 10


def nearest(name: str, names: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The names of `names` nearest `name`, if near enough (difflib's `cutoff`): those the
    fewest edits away (`edits`), nearest by difflib's ratio first, at most `MOST_MEANT`; []
    for none.

    Several when several are as few edits away: difflib's ratio alone favours the shorter
    name, so `openstack_compute_api_v22` found only `…_v2` beside `…_v21`, one edit away too,
    and which was meant only the operator knows.
    """
    candidates = list(names)
    close = difflib.get_close_matches(name, candidates, n=max(len(candidates), 1), cutoff=cutoff)
    if not close:
        return []
    counted = {found: edits(name, found) for found in close}
    fewest = min(counted.values())
    return [found for found in close if counted[found] == fewest][:MOST_MEANT]


def edits(a: str, b: str) -> int:
    """How many characters to insert, delete, replace, or swap with the next, to turn `a`
    into `b` (the optimal string alignment distance): a typo's two letters swapped
    (`authtoekn`) is one slip, as a letter missing is."""
    before, row = None, list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char != other))
            if before is not None and i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


def listed(words: list[str], conjunction: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`; with "or", the names one of which was meant."""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def listed_shown(words: list[str]) -> str:
    """`words` `listed` when there are at most `SHOWN_PREFIXES`, else the first of them and
    how many more (`first_and_more`): what an operator told a name is not there reads."""
    if len(words) > SHOWN_PREFIXES:
        return first_and_more(words, SHOWN_PREFIXES)
    return listed(words)


def first_and_more(words: list[str], shown: int) -> str:
    """`a, b, c and 2,990 more`: the first `shown` of `words` and how many more, for a line a
    person reads (a file's 3,000 entries, a pipeline's 3,000 filters)."""
    return ", ".join(words[:shown]) + and_more(len(words), shown)


def and_more(count: int, shown: int) -> str:
    """` and 2,990 more`, the words of `count` past the first `shown`, or "" for none."""
    more = count - shown
    return f" and {more:,} more" if more > 0 else ""


def said_meant(names: list[str], shown: str = "`{}`") -> str:
    """`did you mean `A` or `B`?`, or "" for no name; `shown`, how each name is written
    (`[{}]` for a section)."""
    return f"did you mean {listed([shown.format(name) for name in names], 'or')}?" if names else ""


def named_instead(name: str, names: Sequence[str], one: str, many: str) -> str:
    """`; did you mean `a`?` where of `names` (what the graph has of the kind `name` was
    looked up as, written as they may be asked for) some are near `name`, which none is; else
    `; its ONE is `a``, `; its MANY are `a` and `b`` (the first `SHOWN_PREFIXES`, and how many
    more), or `; it has no ONE`: an operator told only that a name is not there retypes it
    blind."""
    meant = nearest(name, names)
    if meant:
        return f"; {said_meant(meant)}"
    if not names:
        return f"; it has no {one}"
    shown = [f"`{found}`" for found in names]
    if len(names) == 1:
        return f"; its {one} is {shown[0]}"
    return f"; its {many} are {listed_shown(shown)}"


def near_prefix_note(path: str, prefixes: Iterable[str], caught: bool) -> str:
    """`; its prefix `/v21` is near the path's `/v2.1` but is not it (…)`, after a urlmap
    took only its catch-all `/` (`caught`), or nothing, for `path` (PATH_INFO within the
    urlmap): of its `prefixes`, the one nearest as many of the path's first segments as it
    has, if near enough (`NEAR_PREFIX`, case aside); "" for none.

    Paste's URLMap matches whole segments as written, so the ini's `/v21` for `/v2.1` (or a
    client's `/V2.1`) sends the request to the catch-all or to a 404, and "no prefix matches"
    alone sends an operator to the URL, not to the ini's key one character off.

    A prefix the path's segment only goes on from (`/log` of `/logs`) is said as the rule it
    shows (`boundary_words`), which a urlmap with `/log` beside a catch-all may well mean: it is
    called a typo only where nothing took the request, as then the request went nowhere.
    """
    near = []
    # NOTE: the path as typed: one that only looks like a prefix there (`/café` for
    # `/cafÃ©`) is `wsgi_path.lookalike_note`'s to explain, not a typo.
    typed = readable_path(path).split("/")
    for prefix in prefixes:
        if not prefix.startswith("/") or prefix == "/":
            continue  # the catch-all, or a key naming a host
        head = "/".join(typed[:prefix.count("/") + 1])
        ratio = difflib.SequenceMatcher(None, head.lower(), prefix.lower()).ratio()
        if head != prefix and ratio >= NEAR_PREFIX:
            near.append((ratio, prefix, head))
    if not near:
        return ""
    _, prefix, head = max(near, key=lambda found: found[0])
    if head.startswith(prefix):
        return f"; {boundary_words(prefix, head)}{'' if caught else f' {TYPO}'}"
    return f"; its prefix `{prefix}` is near the path's `{head}` but is not it {TYPO}"


def boundary_words(prefix: str, head: str) -> str:
    """Why a urlmap's `prefix` (`/log`) does not take a path whose segment `head` (`/logs`)
    only begins with it: Paste's URLMap takes a prefix where the path is it or goes on with a
    `/` (`path_info == app_url or path_info.startswith(app_url + '/')`), never mid-segment."""
    return (f"its prefix `{prefix}` only begins the path's `{head}`: a urlmap matches a prefix "
            f"only at a `/` boundary (the path `{prefix}` itself, or `{prefix}/…`), so `{head}` "
            f"is not under `{prefix}`")


def passed_prefixes(label: str, path: str, prefixes: Sequence[str]) -> str:
    """`; its prefixes are `/v2.0` and `/`: `/v2` is none of them`, where a urlmap fell to
    its catch-all `/` (`label`) for `path` (PATH_INFO within the urlmap) while a longer prefix
    is near it: the path's first segment and the prefix's share a start (`/v2`, `/v2.0`) or
    both name an API version (`/v3`, `/v2`); else "". Said where `near_prefix_note` names no
    typo.

    NOTE: the `/` of an OpenStack urlmap is its versions app, which answers `/v2/networks`
    (a 300, a 404 or the versions list) as if that were the path meant, so a client's wrong
    version reads as the app's answer unless the prefixes it missed are named.
    """
    first = readable_path(path).split("/")[1:2]
    if label != "/" or not first or not first[0]:
        return ""
    asked = first[0]
    for prefix in prefixes:
        own = label_prefix(prefix).split("/")[1:2]
        if label_host(prefix) or not own:
            continue
        if (own[0].startswith(asked) or asked.startswith(own[0])
                or (VERSION.fullmatch(asked) and VERSION.fullmatch(own[0]))):
            keys = [f"`{key}`" for key in prefixes]
            return f"; its prefixes are {listed_shown(keys)}: `/{asked}` is none of them"
    return ""


def nearest_module(missing: str) -> list[str]:
    """The modules nearest `missing` (dotted), which Python found no module named: siblings
    of its last part in the package holding it (imported already, as Python imports a parent
    before looking in it), or for a top-level name, top-level modules; [] when none is near,
    or the parent is a plain module, which holds none."""
    parent, _, last = missing.rpartition(".")
    if parent:
        path = getattr(sys.modules.get(parent), "__path__", None)
        near = nearest(last, (module.name for module in pkgutil.iter_modules(path or [])), NEAR)
        return [f"{parent}.{meant}" for meant in near]
    names = {module.name for module in pkgutil.iter_modules()}
    names.update(name for name in sys.modules if "." not in name)
    names.update(sys.builtin_module_names)
    return nearest(last, sorted(names), NEAR)


def module_part(reference: str) -> tuple[str, str] | None:
    """`(module, rest)` of a factory reference written with a dot where its `:` goes
    (`mypkg.compute.Maker.factory` → `mypkg.compute`, `Maker.factory`): its longest start
    that names a module on Python's path, found by `PathFinder` in the folders of the
    package before it, nothing imported (`importlib.util.find_spec` imports a dotted name's
    parent packages to look in them).

    None when that cannot be told without importing: no start of it is a module here (its
    package is not installed on this machine), the whole of it is one, or the name after a
    package is no word of the package's `__init__` (`mypkg.compte.app_factory`: a module
    misspelt, not an object the package defines or imports, as `filter_factory` is in
    keystonemiddleware's `auth_token` package).
    """
    parts = reference.split(".")
    if not all(parts):  # `mymod..factory`, `.mymod`: no dotted name to split
        return None
    path, origin = None, None  # Python's path, for the top level; the package's __init__
    for depth in range(len(parts)):
        spec = PathFinder.find_spec(".".join(parts[:depth + 1]), path)
        if spec is None:
            if depth == 0 or not _says(origin, parts[depth]):
                return None
            return ".".join(parts[:depth]), ".".join(parts[depth:])
        if depth == len(parts) - 1:
            return None
        if spec.submodule_search_locations is None:  # a module, not a package
            return ".".join(parts[:depth + 1]), ".".join(parts[depth + 1:])
        path, origin = list(spec.submodule_search_locations), spec.origin
    return None


#: Most characters of a package's `__init__` `_says` reads.
MOST_SOURCE = 1_000_000


def _says(origin: str | None, name: str) -> bool:
    """Whether the source file at `origin` holds `name` as a word (read as text, never run)."""
    if origin is None or not origin.endswith(".py"):
        return False
    try:
        with open(origin, encoding="utf-8", errors="replace") as source:
            text = source.read(MOST_SOURCE)
    except OSError:
        return False
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


#: Most entries of a folder `nearest_file` reads: a `config:` file sits among a service's few
#: config files, and a folder of millions must not hold the refusal up.
MOST_FILES = 10_000


def nearest_file(missing: str) -> list[str]:
    """The files beside `missing` (a path no file is at) nearest its name, where a `config:`
    reference names one (`config:othr.ini` for `other.ini`); [] when its folder cannot be
    read or holds none near. Only names are read, never a file's text."""
    folder, name = os.path.split(missing)
    try:
        with os.scandir(folder or ".") as entries:
            files = [entry.name for entry in itertools.islice(entries, MOST_FILES)
                     if entry.is_file()]
    except OSError:
        return []
    return nearest(name, sorted(files), NEAR)


def nearest_distribution(missing: str) -> list[str]:
    """The installed distributions nearest `missing`, the name an `egg:` reference gave."""
    return nearest(missing, sorted({dist.metadata["Name"] for dist in metadata.distributions()
                                    if dist.metadata["Name"]}), NEAR)
