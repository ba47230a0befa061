"""A request's status as every page words it: the code, "no answer", or not known yet.

Apart from the live page's views so that pure code (a trace as Live replays it,
`dashboard.timeline.shown_trace`) says it as the rows and headings do, with no copy in a
script to drift.
"""

from __future__ import annotations


def status_class(status: int | None, ended: bool = True) -> str:
    """`401` → `status-4xx`. No status: `no-answer` once the request `ended` — the server
    closed the connection without a word, so not a 5xx, which it never sent — else "" (what
    the client got is not known yet)."""
    if status is None:
        return "no-answer" if ended else ""
    return f"status-{status // 100}xx"


def status_text(status: int | None, ended: bool = True, unknown: str = "—") -> str:
    """What a status cell says: the code; "no answer" for none once the request `ended`;
    `unknown` while its end is not received (`status_class`)."""
    if status is None:
        return "no answer" if ended else unknown
    return str(status)
