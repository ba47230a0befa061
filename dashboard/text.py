"""Plain words as HTML: `names in backticks` set as code, everything else escaped.

Explanations (`stack.explain`), "what would this URL hit" answers (`stack.resolve`) and lesson
notices all write names, paths and headers between backticks; every page shows them through
the one `ticks` template filter, so a name reads as code wherever it appears.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from markupsafe import escape

#: Text between backticks: a name or value, shown as code (an empty pair is an empty value).
TICKED = re.compile(r"`([^`]*)`")


def ticks(text: str) -> Markup:
    """`text` as HTML: escaped, with each `name` in backticks set as `<code>`."""
    return Markup(TICKED.sub(r"<code>\1</code>", str(escape(text))))
