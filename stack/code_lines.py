"""Where code is, as a developer reads it: `file.py:LINE in function`, the file's name only.

A trace says where an exception was raised (`stack.recorded_errors`), a failed load where its
factory failed (`stack.load_failure_code`), a WSGI check the line that broke a rule
(`stack.wsgi_places`): all in these words, so a reader meets one form.
"""

from __future__ import annotations

import os
from types import CodeType
from types import TracebackType


def innermost(exc: BaseException) -> TracebackType | None:
    """The innermost entry of `exc`'s traceback, the line that raised it; None if never raised."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:  # a traceback is as deep as the stack was
        tb = tb.tb_next
    return tb


def line_of(tb: TracebackType) -> str:
    """`file.py:LINE in function` of a traceback entry: the file's name only."""
    return code_line(tb.tb_frame.f_code, tb.tb_lineno)


def code_line(code: CodeType, line: int | None) -> str:
    """`file.py:LINE in function` of line `line` of `code`: the file's name only."""
    return f"{os.path.basename(code.co_filename)}:{line} in {code.co_name}"
