"""Where in a factory's code a failed load was raised: `file.py:LINE in function`, after the
lines of the developer's files it came through (`a.py:3 → b.py:1 in <module>`); and what of
that code a factory returned when it returned no callable (`returned_words`).

A failure's traceback runs through PasteDeploy, importlib and the loader's hooks before it
reaches the factory's code; the line a developer opens is the innermost of the factory's own
(`code_raised_in`), which `stack.load_failure` cites and hands to each reading that asks.
"""

from __future__ import annotations

import os
import site
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
#: Where code that is not the developer's is: installed packages, and this one (its
#: `Middleware.factory`, its filters and demos, installed or not). A library's lines a
#: failure came through are not theirs to follow (`path_to`), though the one that raised is said.
_NOT_THEIRS = tuple(folder + os.sep for folder in {
    *site.getsitepackages(), site.getusersitepackages(),
    sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
    os.path.dirname(os.path.abspath(__file__))})
#: Most lines of the developer's files `path_to` says before the one that raised: the first
#: (the factory's module) and the last ones, `…` between.
MAX_PATH = 3


def code_raised_in(exc: BaseException) -> str:
    """Where in the code a factory ran (the factory, the modules its import ran, a library it
    called) `exc` was raised, not in PasteDeploy's, importlib's or the loader's: the innermost
    line of its traceback there, `file.py:LINE in function`, after the line of each of the
    developer's files the failure came through, outermost first (`path_to`); "" when there is
    none (the module PasteDeploy imports is missing, or has a SyntaxError: Python's message
    says its file and line).

    A bare `KeyError: 'greeting'` says neither which factory read the missing setting nor
    where; this is the line a developer opens. Only lines below the innermost call into the
    loader count: a composite's factory that asked it for a branch whose module is missing
    did not raise, and citing it (`urlmap.py:26 in urlmap_factory`) sent the reader into
    Paste's code instead of to the section the message names.
    """
    ran: list[TracebackType] = []
    tb = exc.__traceback__
    for _ in range(sys.getrecursionlimit()):  # bounded: a traceback is as deep as the stack was
        if tb is None:
            break
        code = tb.tb_frame.f_code.co_filename
        if code in _LOADER_CODE:
            ran = []
        elif not code.startswith(_LOADING_CODE):
            ran.append(tb)
        tb = tb.tb_next
    return path_to(ran)


def path_to(ran: list[TracebackType]) -> str:
    """`a.py:3 → b.py:1 in <module>`: the last of `ran` (the line that raised), after the
    line by which each file of the developer's it came through (`_NOT_THEIRS`: not an
    installed package's, nor this one's) left for the next file, `MAX_PATH` of them at most.

    `raised at bad_helper.py:1 in <module>` did not say which of the developer's modules
    imported the helper, nor a library's `response.py:300 in __init__` which line of theirs
    called it: a line in each file is the path a developer follows from the factory the ini
    names. A SyntaxError's module never ran: the import of it raised, in the module that did.
    """
    if not ran:
        return ""
    *through, raised = ran
    theirs = [tb for tb in through if not tb.tb_frame.f_code.co_filename.startswith(_NOT_THEIRS)]
    files = [tb.tb_frame.f_code.co_filename for tb in [*theirs, raised]]
    left = [tb for tb, file, after in zip(theirs, files[:-1], files[1:], strict=True)
            if file != after]
    if len(left) > MAX_PATH:
        left = [left[0], None, *left[1 - MAX_PATH:]]
    said = ["…" if tb is None else _left_at(tb) for tb in left]
    return " → ".join([*said, line_of(raised)])


def _left_at(tb: TracebackType) -> str:
    """`file.py:LINE`, the line a module's import left its file by; `file.py:LINE in function`,
    a call's."""
    code = tb.tb_frame.f_code
    where = f"{os.path.basename(code.co_filename)}:{tb.tb_lineno}"
    return where if code.co_name == "<module>" else f"{where} in {code.co_name}"


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
