"""A request's path or query cut in the middle where it names the request: in a heading, a row.

eventlet takes a request line of up to 8 KiB, so a path can be 7,000 characters of one word.
Whole, it made the heading of a request's page and of its step view fill the first screen,
pushing the step controls out of sight, and a screen reader read it all out with the page's
name. Where a path names its request it keeps its start and its end (where an id or `/action`
is), and the page shows it whole below the heading, folded (`templates/_whole_path.html`).
"""

from __future__ import annotations

#: The longest text shown whole: two lines of a heading at a laptop's width, four in Live's
#: narrow detail column.
LONGEST = 100
#: Characters kept before the "…" of a longer text, and after it.
HEAD = 64
TAIL = 32


def shortened(text: str | None) -> str | None:
    """`text`, or its first `HEAD` and last `TAIL` characters around "…" when it is longer
    than `LONGEST`."""
    if text is None or len(text) <= LONGEST:
        return text
    return f"{text[:HEAD]}…{text[-TAIL:]}"
