"""Where in a factory's code a failed load was raised: `file.py:LINE in function`; whether it
was raised importing the factory (`import_failed`) and by which module's import
(`imported_from`); and what of that code a factory returned when it returned no callable
(`returned_words`).

A failure's traceback runs through PasteDeploy, importlib and the loader's hooks before it
reaches the factory's code; the line a developer opens is the innermost of the factory's own
(`code_raised_in`), which `stack.load_failure` cites and hands to each reading that asks.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from types import TracebackType

from paste.deploy import loadwsgi

from stack.code_lines import line_of
from stack.explain_words import article

#: `stack/loader.py`, whose hooks run inside PasteDeploy's loading (named, not imported: it
#: imports `stack.load_failure`, which imports this module).
_HOOKS = os.path.join(os.path.dirname(__file__), "loader.py")
#: Where loading's own code is, which `code_raised_in` looks past: PasteDeploy's, the standard
#: library's (importlib's) and the loader's.
_LOADING_CODE = (os.path.dirname(loadwsgi.__file__) + os.sep,
                 sysconfig.get_paths()["stdlib"] + os.sep, "<frozen ", _HOOKS)
#: The loader itself, PasteDeploy's and the loader's hooks into it: a factory calling it back
#: (a urlmap's or pipeline_factory's `loader.get_app`) has handed the load on, so what raised
#: below it is not the factory's doing.
_LOADER_CODE = (loadwsgi.__file__, _HOOKS)
#: PasteDeploy's own code, and the loader's hooks into it.
_PASTE_CODE = (os.path.dirname(loadwsgi.__file__) + os.sep, _HOOKS)
#: PasteDeploy's functions that import the factory a reference names: `paste.*_factory =`'s
#: (`_context_from_explicit`), `use = call:`'s (`lookup_object`), `use = egg:`'s
#: (`find_egg_entry_point`). Below them, the code that runs is the import's, not the factory's.
_IMPORTING = frozenset({"_context_from_explicit", "lookup_object", "find_egg_entry_point"})


def code_raised_in(exc: BaseException) -> str:
    """`file.py:LINE in function` of the innermost line of `exc`'s traceback in the code a
    factory ran (the factory, the module its import ran, a library it called), not in
    PasteDeploy's, importlib's or the loader's; "" when there is none (the module PasteDeploy
    imports is missing) or Python's message already says it (a SyntaxError's file and line).

    A bare `KeyError: 'greeting'` says neither which factory read the missing setting nor
    where; this is the line a developer opens. Only lines below the innermost call into the
    loader count: a composite's factory that asked it for a branch whose module is missing
    did not raise, and citing it (`urlmap.py:26 in urlmap_factory`) sent the reader into
    Paste's code instead of to the section the message names.
    """
    if isinstance(exc, SyntaxError):
        return ""
    found = ""
    tb = exc.__traceback__
    for _ in range(sys.getrecursionlimit()):  # bounded: a traceback is as deep as the stack was
        if tb is None:
            break
        code = tb.tb_frame.f_code.co_filename
        if code in _LOADER_CODE:
            found = ""
        elif not code.startswith(_LOADING_CODE):
            found = line_of(tb)
        tb = tb.tb_next
    return found


def import_failed(exc: BaseException) -> bool:
    """Whether `exc` was raised importing the factory a section's reference names (its module
    missing, a SyntaxError in it, a NameError at its top level, the object not in it), not when
    the factory was called: the line to mend is then the reference's, or the module it names,
    which the reference's line leads to. Cited at the section's header, a module's own broken
    import read as the section's doing, where a misspelt name was cited at its reference."""
    return _imported(exc) is not None


def imported_from(exc: BaseException) -> str:
    """`file.py:LINE` of the import, in a module the factory's import ran, of the module whose
    import raised `exc` (`import_failed`), when that module is not the one the reference
    names; else "". `raised at bad_helper.py:1 in <module>` did not say which of the
    developer's modules imported it; a SyntaxError's module never ran, so its importer is the
    last module that did."""
    ran = [tb for tb in _imported(exc) or () if tb.tb_frame.f_code.co_name == "<module>"]
    importer = -1 if isinstance(exc, SyntaxError) else -2
    if len(ran) < -importer:
        return ""
    tb = ran[importer]
    return f"{os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"


def _imported(exc: BaseException) -> list[TracebackType] | None:
    """The entries of `exc`'s traceback in the code importing a factory ran (not PasteDeploy's,
    importlib's or the loader's), outermost first, when PasteDeploy was importing it as it was
    raised (the innermost of PasteDeploy's entries is one of `_IMPORTING`); else None."""
    ran = None
    tb = exc.__traceback__
    for _ in range(sys.getrecursionlimit()):  # bounded: a traceback is as deep as the stack was
        if tb is None:
            break
        code = tb.tb_frame.f_code
        if code.co_filename.startswith(_PASTE_CODE):
            ran = [] if code.co_name in _IMPORTING else None
        elif ran is not None and not code.co_filename.startswith(_LOADING_CODE):
            ran.append(tb)
        tb = tb.tb_next
    return ran


def returned_words(value: object) -> str:
    """`None`, or `a TYPE`: what a factory or filter returned instead of a callable; of a class
    of the ini's code (outside the standard library), where the class is and that it has no
    `__call__`, the method a middleware class most often lacks (misspelt, or named as another
    framework names it). A lock or an OrderedDict was never meant to be called."""
    if value is None:
        return "None"
    kind = type(value)
    if kind.__module__.partition(".")[0] in sys.stdlib_module_names:  # builtins among them
        return article(kind.__name__)
    return (f"{article(kind.__name__)} ({kind.__module__}:{kind.__qualname__}, a class with no "
            f"__call__)")
