"""The factory reference meant, when the one written names what is not there: a name near it,
the `:` a dot stands for, the factories a module named alone holds.

Asked once a load failed (`stack.load_failure.explained`): what the failed import found is in
`sys.modules` already, so nothing is imported here; the names near a module or distribution
are listed without importing (`stack.near_names`).
"""

from __future__ import annotations

import sys
import types
from importlib.metadata import PackageNotFoundError

from stack.graph import Node
from stack.near_names import MOST_MEANT
from stack.near_names import first_and_more
from stack.near_names import nearest
from stack.near_names import nearest_distribution
from stack.near_names import nearest_module
from stack.near_names import said_meant


def misspelt_factory(node: Node | None, exc: BaseException, raised_in: str) -> str | None:
    """`did you mean `filter_factory`?` when the load failed because the factory reference of
    `node`'s section names what is not there (so none of the factory's code raised `exc`:
    `raised_in`, `code_raised_in`'s, is ""), and a name near it is: an attribute of the module
    (`mymod:filter_factroy`), a module (`stack.demo.compte:…`) or an installed distribution
    (`egg:oslo.midleware#request_id`); the reference meant, when a dot stands for its `:`
    (`colon_meant`); the factories a module named alone holds (`factories_in`);
    "" when none is near; None when the reference is not what failed.

    Python's AttributeError carries the object it looked in (`obj`), imported already: asked
    only here, as `serve` and `which --load` import by design (`inspect` imports nothing, so
    cannot say it).
    The names near a module or distribution are listed without importing (`stack.near_names`).
    An error a line of the factory's module raised (its own import of a missing module) is
    not the reference's.
    """
    if node is None or not node.factory or raised_in:
        return None
    scheme, _, reference = node.factory.partition(":")
    if scheme == "egg":
        # NOTE: an entry point an installed distribution lacks is the graph's refusal
        # (`stack.section_factories.missing_entry_point`), before anything is imported.
        spec = reference.partition("#")[0]
        if isinstance(exc, PackageNotFoundError) and exc.name == spec:
            return said_meant(nearest_distribution(spec))
        return None
    module, colon, attributes = (reference if scheme == "call" else node.factory).partition(":")
    if isinstance(exc, ModuleNotFoundError) and exc.name is not None:
        if not f"{module}.".startswith(f"{exc.name}."):
            return None
        if not colon:  # a dot where the `:` goes, or a module that is no package
            dotted = colon_meant(module)
            if dotted is not None:
                return f"a factory is `module:object`: did you mean `{dotted}`?"
            package = not_a_package(exc.name)
            if package:
                return package
        return said_meant(nearest_module(exc.name))
    named = sys.modules.get(module) if not colon and isinstance(exc, TypeError) else None
    if isinstance(named, types.ModuleType) and str(exc) == "'module' object is not callable":
        found = [f"`{module}:{name}`" for name in factories_in(named)]
        return (f"`{module}` is a module, not a factory in it: a factory is `module:object`"
                + (f"; the factories in it: {first_and_more(found, MOST_MEANT)}" if found else ""))
    looked_in = getattr(exc, "obj", None)
    if not isinstance(exc, AttributeError) or looked_in is None:
        return None
    if exc.name not in attributes.split("."):
        return None
    return said_meant(nearest(exc.name, [
        name for name in dir(looked_in)
        if not name.startswith("_") and callable(getattr(looked_in, name, None))]))


def factories_in(module: types.ModuleType) -> list[str]:
    """The factories `module` defines, as a reference names them after its `:`: its public
    callables named `…factory` (`filter_factory`), and the `factory` of its classes
    (`RequestId.factory`, as OpenStack's middleware have it), in the module's order."""
    found = []
    for name, value in vars(module).items():
        if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
            continue
        if isinstance(value, type) and callable(getattr(value, "factory", None)):
            found.append(f"{name}.factory")
        elif callable(value) and name.lower().endswith("factory"):
            found.append(name)
    return found


def colon_meant(reference: str) -> str | None:
    """`mymod:filter_factory` for `mymod.filter_factory`, a reference with a dot where its
    `:` goes, when the module before that dot is imported and holds the callable after it;
    else None.

    PasteDeploy imports a reference with no `:` whole, as a module, and Python's "No module
    named 'mymod.filter_factory'; 'mymod' is not a package" read as a module to install or
    put on the path, where the module was found and only the `:` was missing. The failed
    import has imported every module it found (`sys.modules`): nothing new is imported here.
    """
    parts = reference.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        found = sys.modules.get(".".join(parts[:cut]))
        if found is None:
            continue
        for name in parts[cut:]:
            found = getattr(found, name, None)
        if not callable(found):
            return None
        return f"{'.'.join(parts[:cut])}:{'.'.join(parts[cut:])}"
    return None


def not_a_package(missing: str) -> str | None:
    """What to write for `mymod.filter_factroy`, a reference with a dot where its `:` goes,
    after a module that is no package, when nothing callable of that name is in it
    (`colon_meant`): the module's factories nearest the name, if any is near. Python's "No
    module named 'mymod.filter_factroy'; 'mymod' is not a package" read as a package to
    install. None when the module before the dot was not imported or is a package."""
    parent, _, name = missing.rpartition(".")
    found = sys.modules.get(parent) if parent else None
    if found is None or hasattr(found, "__path__"):
        return None
    near = said_meant([f"{parent}:{meant}" for meant in nearest(name, factories_in(found))])
    return (f"`{parent}` is a module, not a package: a factory is `module:object`"
            + (f"; {near}" if near else ""))
