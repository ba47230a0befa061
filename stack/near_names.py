"""The name a misspelt one may have meant: one "did you mean" for every misspelling read.

A section name (`authtokn`), a section kind (`pipline`), an entry point (`urlmapp`), a urlmap
prefix a request's path nearly starts with (`/v21` for `/v2.1/servers`), and a module, package
or attribute `serve` could not import (`stack.demo.compte:APIRouter.factory`).
Module and package names are those Python's import system and installed metadata list, so
finding the guess runs no code of the operator's: a module imported to look in it could do
anything.
"""

from __future__ import annotations

import difflib
import pkgutil
import sys
from collections.abc import Iterable
from importlib import metadata

from stack.wsgi_path import readable_path

#: How near a module or distribution name must be to be guessed: with hundreds importable,
#: difflib's default (0.6) finds one for nearly any name (`swift` → `site`, `filters` →
#: `itertools`), where 0.8 still finds `stack.demo.compute` for `compte`, `mymod` for `mymdo`.
NEAR = 0.8
#: How near a urlmap prefix must be to the start of a path to be named: API versions one digit
#: apart are 0.8 near (`/v1.1`, `/v2.1`), and a urlmap with `/v1.1` but no `/v2.1` is no typo;
#: a dot or a letter more or less is near enough (`/v21` for `/v2.1`, `/volume` for `/volumes`).
NEAR_PREFIX = 0.85


def nearest(name: str, names: Iterable[str], cutoff: float = 0.6) -> str:
    """The one of `names` nearest `name`, if near enough (difflib's `cutoff`); else ""."""
    return next(iter(difflib.get_close_matches(name, list(names), n=1, cutoff=cutoff)), "")


def said_meant(name: str) -> str:
    """`did you mean `NAME`?`, or "" for no name."""
    return f"did you mean `{name}`?" if name else ""


def near_prefix_note(path: str, prefixes: Iterable[str]) -> str:
    """`; its prefix `/v21` is near the path's `/v2.1` but is not it (…)`, after a urlmap
    took only its catch-all `/`, or nothing, for `path` (PATH_INFO within the urlmap): of its
    `prefixes`, the one nearest as many of the path's first segments as it has, if near
    enough (`NEAR_PREFIX`, case aside); "" for none.

    Paste's URLMap matches whole segments as written, so the ini's `/v21` for `/v2.1` (or a
    client's `/V2.1`) sends the request to the catch-all or to a 404, and "no prefix matches"
    alone sends an operator to the URL, not to the ini's key one character off.
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
    return (f"; its prefix `{prefix}` is near the path's `{head}` but is not it "
            "(a typo, in the ini or in the URL?)")


def nearest_module(missing: str) -> str:
    """The module nearest `missing` (dotted), which Python found no module named: a sibling
    of its last part in the package holding it (imported already, as Python imports a parent
    before looking in it), or for a top-level name, a top-level module; "" when none is near,
    or the parent is a plain module, which holds none."""
    parent, _, last = missing.rpartition(".")
    if parent:
        path = getattr(sys.modules.get(parent), "__path__", None)
        meant = nearest(last, (module.name for module in pkgutil.iter_modules(path or [])), NEAR)
        return f"{parent}.{meant}" if meant else ""
    names = {module.name for module in pkgutil.iter_modules()}
    names.update(name for name in sys.modules if "." not in name)
    names.update(sys.builtin_module_names)
    return nearest(last, sorted(names), NEAR)


def nearest_distribution(missing: str) -> str:
    """The installed distribution nearest `missing`, the name an `egg:` reference gave."""
    return nearest(missing, sorted({dist.metadata["Name"] for dist in metadata.distributions()
                                    if dist.metadata["Name"]}), NEAR)

