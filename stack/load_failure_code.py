"""Where in a factory's code a failed load was raised: `file.py:LINE in function`; and what
of that code a factory returned when it returned no callable (`returned_words`).

A failure's traceback runs through PasteDeploy, importlib and the loader's hooks before it
reaches the factory's code; the line a developer opens is the innermost of the factory's own
(`code_raised_in`), which `stack.load_failure` cites and hands to each reading that asks.
"""

from __future__ import annotations

import os
import sys
import sysconfig

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
