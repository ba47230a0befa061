"""The request list's filters as SQL: a status code, class or word, a stack, a method, a path,
and the page after a trace.

Kept apart from `TraceStore` (`dashboard.store`), which runs them: the list's pages
(`dashboard.traces`) check a status filter with the same words before they ask the store, and
answer one they do not know with a 400 naming those they do.
"""

from __future__ import annotations

from typing import Any

#: A request that ended with no answer: its request.end came (with `duration_ms`) without a
#: status, the server having closed the connection. The list says "no answer".
NO_ANSWER = "status IS NULL AND duration_ms IS NOT NULL"
#: A request whose request.end is not received: still running, or its end lost. The list says `—`.
PENDING = "status IS NULL AND duration_ms IS NULL"
#: The status filter's words for the requests the list shows with no status code, in the rows'
#: own words (`status_words.status_text`), so that typing what a row says finds it. `none` is the
#: README's word for "no answer"; `error`, a request an exception crossed a layer of (a 2xx
#: or 3xx row says "· error", its status alone not: a 200 whose body broke once it was sent);
#: `wsgi`, a request a layer broke a WSGI rule on (`serve --check-wsgi`; its row says "· wsgi",
#: as the client got an answer that looks fine).
STATUS_WORDS = {"none": NO_ANSWER, "no answer": NO_ANSWER, "pending": PENDING,
                "error": "error IS NOT NULL", "wsgi": "wsgi_warnings > 0"}


def status_condition(status: str) -> tuple[str, tuple[int, ...]]:
    """The SQL condition (and its arguments) finding the requests a status filter names: a code
    or class (`status_range`), or a word of `STATUS_WORDS`, in any case and spacing (`No  answer`).
    Raises ValueError for anything else."""
    words = " ".join(status.lower().split())
    if words in STATUS_WORDS:
        return STATUS_WORDS[words], ()
    return "status BETWEEN ? AND ?", status_range(words)


def status_range(status: str) -> tuple[int, int]:
    """`"4xx"` → (400, 499); `"404"` → (404, 404). Raises ValueError for anything else."""
    status = status.strip().lower()
    if len(status) == 3 and status.isascii() and status[0].isdigit():
        if status[1:] == "xx":
            return int(status[0]) * 100, int(status[0]) * 100 + 99
        if status.isdigit():
            return int(status), int(status)
    raise ValueError(f"not a status code or class: {status!r}")


def filtered(stack: str | None, method: str | None, status: str | None,
             path: str | None, after: tuple[float, int] | None = None) -> tuple[str, list[Any]]:
    """The ` WHERE …` clause (or "") and its arguments selecting traces by the list's filters,
    and, with `after` (a trace's `(started, n)`), those the list shows after that trace."""
    where, args = [], []
    if stack:
        where.append("stack = ?")
        args.append(stack)
    if method:
        # NOTE: as sent: a method is case-sensitive, `get` is not GET (the stack's router
        # answers it 405), and the filter offers each one kept (`TraceStore.methods`).
        where.append("method = ?")
        args.append(method)
    if status:
        condition, codes = status_condition(status)
        where.append(condition)
        args += codes
    if path:
        # NOTE: found in the path as the pages show it (`readable_path`: `é` as typed, a
        # byte not UTF-8 `%FF`, a `%` the path holds `%25`), as the list's rows filter
        # rows arriving live: any other form, decoded, finds text the user never sees
        # (`%F` finding `/a%25FF`, whose recorded form `/a%FF` holds it).
        where.append("instr(readable_path(path), ?) > 0")
        args.append(path)
    if after is not None:
        # NOTE: the list's own order (started, then arrival): a cursor, not an offset, so
        # that traces arriving while a script pages shift no page.
        where.append("(started, n) < (?, ?)")
        args += after
    return (" WHERE " + " AND ".join(where) if where else ""), args
