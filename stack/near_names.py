"""The name a misspelt one may have meant: one "did you mean" for every misspelling read.

A section name (`authtokn`), a section kind (`pipline`), an entry point (`urlmapp`), and a
module, package or attribute `serve` could not import (`stack.demo.compte:APIRouter.factory`).
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

#: How near a module or distribution name must be to be guessed: with hundreds importable,
#: difflib's default (0.6) finds one for nearly any name (`swift` → `site`, `filters` →
#: `itertools`), where 0.8 still finds `stack.demo.compute` for `compte`, `mymod` for `mymdo`.
NEAR = 0.8


def nearest(name: str, names: Iterable[str], cutoff: float = 0.6) -> str:
    """The one of `names` nearest `name`, if near enough (difflib's `cutoff`); else ""."""
    return next(iter(difflib.get_close_matches(name, list(names), n=1, cutoff=cutoff)), "")


def said_meant(name: str) -> str:
    """`did you mean `NAME`?`, or "" for no name."""
    return f"did you mean `{name}`?" if name else ""


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

