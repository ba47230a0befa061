"""The console's word on the stacks the dashboard refuses: said once, not at each retry.

A refused stack asks again every 5 s (`stack.http_sink.REFUSED_RETRY`) for as long as it runs, and
a line each time buries the one that says which stack it is and why. So the console says a
stack's refusal once, and again only when it is refused for another reason or after it was
taken; when a stack refused is taken, that is said too, as the refusal said above no longer
holds. `dashboard.__main__.DashboardRequestHandler` logs no refused announcement itself.
"""

from __future__ import annotations

from flask import Flask
from flask import current_app

from dashboard.auth import bearer_token
from dashboard.auth import foreign_page
from dashboard.feed import get_feed
from stack.wire import TOKEN_ENV

#: Refused stacks (name and address) remembered with why, as said on the console; forgotten
#: all at once past this, so stacks refused and never taken cannot grow them without end.
MAX_REFUSED_KEPT = 1000
#: Why a dashboard serving a class refused a stack's announcement (`dashboard.auth.guard`),
#: by its status, in the operator's words: a stack sends the token it has in its environment.
TOKEN_REFUSALS = {
    401: "it sent no teacher's token",
    403: "the token it sent is not the teacher's",
}
#: The statuses of an announcement refused: for the token (`TOKEN_REFUSALS`), or for a name
#: another stack still serving has (409, `dashboard.stack_names`).
REFUSED = (*TOKEN_REFUSALS, 409)
#: What the operator does about a refusal of `TOKEN_REFUSALS`.
TOKEN_FIX = (f"; start it with the teacher's token in ${TOKEN_ENV}, as the command this "
             "dashboard printed as it started does")


def say_refused(stack: tuple[str, str], why: str) -> None:
    """Say on the console that `stack` (name, url) was refused and `why`, unless that was
    said already: its retries say nothing new."""
    refused = current_app.extensions["pastescope.refused"]
    if refused.get(stack) == why:
        return
    if len(refused) >= MAX_REFUSED_KEPT:
        refused.clear()
    refused[stack] = why
    current_app.logger.warning(
        "refused the stack %r at %s (said once, not at each of its retries): %s", *stack, why)
    # NOTE: a lesson's page fetches its stack's line again at each `stacks` message: one that
    # said "not started" (or "running", of a stack a restarted dashboard now refuses) says why.
    get_feed().stack_announced()


def say_taken(stack: tuple[str, str]) -> None:
    """Say on the console that `stack` (name, url), refused before, is taken now; refused
    again later, that is said again. Nothing for a stack never refused: each announces
    itself every 30 s."""
    if current_app.extensions["pastescope.refused"].pop(stack, None) is not None:
        current_app.logger.warning("took the stack %r at %s, refused until now", *stack)


def token_refused(name: str) -> tuple[str, str] | None:
    """The last refusal for its token of a stack named `name`, not taken since: (its url, why
    in `TOKEN_REFUSALS`' words); None if there is none. Such a stack runs on, untraced: a
    lesson's page says so, where it would say the stack is "not started", or "running" (one
    that ran before the dashboard was started again with another token). A refusal for its
    token is the one said with `TOKEN_FIX` (`token_refusal`)."""
    for (stack, url), why in reversed(list(current_app.extensions["pastescope.refused"].items())):
        if stack == name and why.endswith(TOKEN_FIX):
            return url, why.removesuffix(TOKEN_FIX)
    return None


def refused_said(name: str, why: str) -> str:
    """That the stack `name` was refused by this dashboard, `why` (`token_refused`'s words),
    and serves on untraced: where a Run or a Send cannot go to it, followed by what to do."""
    return f"stack {name!r} was refused by this dashboard ({why}): it serves on, untraced"


def unknown_stack(name: str) -> str:
    """Why no stack named `name` is known here: one this dashboard refused for its token and
    never took (`token_refused`) was refused, why, and what to do; else none announced itself.
    Send, Live and "What would this URL hit?" said "no stack named … has announced itself" of
    a stack that had, and its teacher looked for one that had not started."""
    refused = token_refused(name)
    if refused is None:
        return f"no stack named {name!r} has announced itself"
    return f"{refused_said(name, refused[1])}{TOKEN_FIX}"


def token_refusal(status: int, said: str) -> str:
    """Why the guard refused an announcement with `status`, having `said` it: in a stack
    operator's words for a stack's token (`TOKEN_REFUSALS`), else as the guard said it (a
    browser's page posting it, refused as from another site)."""
    if foreign_page() is None and (status == 401 or bearer_token() is not None):
        return TOKEN_REFUSALS[status] + TOKEN_FIX
    return said


def init_app(app: Flask) -> None:
    app.extensions["pastescope.refused"] = {}
