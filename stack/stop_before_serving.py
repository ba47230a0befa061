"""A stop (SIGTERM, Ctrl-C) before `serve` has loaded its app: the process ends at once.

Until then nothing is under way that a stop should wait for: no request, no trace, no
dashboard told of the stack yet. Two moments come before it:

- starting: `python -m stack serve` imports for some 0.3 s (the command line's modules,
  PasteDeploy among them, then the server's, eventlet, which then patches the stdlib) before
  `stack.server` installs its own handler. `listen`, called at the very top of the command
  line, covers that time: else a Ctrl-C there is a KeyboardInterrupt's traceback, and a
  SIGTERM ends it without a word.
- loading the app: `stack.server.Stopping.while_loading` ends it so too.

Kept apart from `stack.server`, whose import is itself part of that time, and light
(`logging` and what Python starts with), so every command's start pays next to nothing for it.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import NoReturn

#: Said under the server's name, as every line of a stop is, at whichever moment it comes.
LOG = logging.getLogger("stack.server")


def log_to_console() -> None:
    """The stack's console lines: INFO and up, on stderr, as `LEVEL logger: message`; once
    (a second call changes nothing)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def stop_signals() -> list[int]:
    """The signals that stop the stack: SIGTERM, and Ctrl-C's SIGINT unless it is ignored (a
    command a shell without job control started with `&` is to be stopped otherwise)."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        return [signal.SIGTERM]
    return [signal.SIGTERM, signal.SIGINT]


def listen() -> None:
    """Have a stop from now on end the process at once (`stopped_while_starting`), until
    `stack.server` installs its own handler."""
    for signum in stop_signals():
        signal.signal(signum, stopped_while_starting)


def stopped_while_starting(signum: int, frame: object) -> NoReturn:
    """The signal handler of `listen`."""
    stopped_before_serving("while starting")


def stopped_before_serving(when: str) -> NoReturn:
    """End the process now, with the status of any stop (0), saying so and `when`.

    NOTE: the exit comes whatever saying so raises: a signal that lands in a write to the
    console makes this one a reentrant write, whose RuntimeError logging does not catch, and
    the code it interrupted could keep it (a load's own bare `except:`).
    """
    try:
        log_to_console()
        LOG.warning("stopping: stopped before serving, %s", when)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(0)
