"""How PasteDeploy calls a factory of each kind, and a call of one that did not fit it.

The loader (`stack.loader.Instrumenter`) watches each factory call as it goes: when the call
itself failed, as a factory written as `filter_factory(app)` does, the failure says how
PasteDeploy calls one (`CALLED_AS`) rather than leave the reader with Python's TypeError about
arguments they never passed.
"""

from __future__ import annotations

import re
from typing import Any

from stack.code_lines import innermost

#: The arguments PasteDeploy passes a factory of each protocol before its settings, and what
#: it expects back.
CALLED_WITH = {
    "paste.filter_factory": (("global_conf",), "a function of the app it wraps"),
    "paste.filter_app_factory": (("app", "global_conf"), "the WSGI app wrapping app"),
    "paste.app_factory": (("global_conf",), "the WSGI app"),
    "paste.composite_factory": (("loader", "global_conf"), "the WSGI app"),
}
CALLED_WITH["paste.composit_factory"] = CALLED_WITH["paste.composite_factory"]
#: How PasteDeploy calls a factory of each protocol, and what it expects back: said when the
#: call itself failed, as a factory written as `filter_factory(app)` does.
CALLED_AS = {protocol: f"a {protocol} is called as factory({', '.join(arguments)}, **settings) "
                       f"and returns {returned}"
             for protocol, (arguments, returned) in CALLED_WITH.items()}
#: What PasteDeploy adds to a factory call's TypeError (`paste.deploy.util.fix_type_error`):
#: the values it passed, each repr cut to 12 characters, and the factory's signature.
PASTE_GOT = re.compile(r"; got \((.*)\), wanted (\(.*)\Z", re.S)


def named_miscall(message: str, protocol: str) -> str:
    """`message` with PasteDeploy's `got (<functio...800>, {'here':...ni'}), wanted (app)`
    said with the arguments' names: `PasteDeploy called it with (app, global_conf), and it
    takes (app)`. Its reprs, cut in the middle of their names, told a reader nothing."""
    found = PASTE_GOT.search(message)
    if found is None or protocol not in CALLED_WITH:
        return message
    settings = [f"{setting}=…" for setting in re.findall(r"\b(\w+)=\.\.\.", found[1])]
    called = ", ".join([*CALLED_WITH[protocol][0], *settings])
    return (f"{message[:found.start()]}; PasteDeploy called it with ({called}), and it takes "
            f"{found[2]}")


def call_failed(exc: BaseException, *calls: Any) -> bool:
    """Whether `exc` is the TypeError a call from one of the functions `calls` raised before
    the callee's own code ran (its arguments did not fit): the innermost line of its
    traceback is that call. Any other TypeError came from a line of the callee's, which names
    it; a hint about how factories are called would be a guess."""
    if not isinstance(exc, TypeError) or "argument" not in str(exc):
        return False
    tb = innermost(exc)
    return tb is not None and tb.tb_frame.f_code in [call.__code__ for call in calls]
