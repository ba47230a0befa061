"""`RetentionTimer`: applies the store's limits every `PRUNE_EVERY_S`, traces arriving or not.

The store prunes as it writes, at most once a second (`TraceStore.add_events`): cheap, but on
its own an idle dashboard kept what a burst left beyond `--max-traces`, and every trace past
`--max-age`, until the next request came. This thread closes that gap: a trace goes within
about two `PRUNE_EVERY_S` of passing a limit. While traces arrive it prunes nothing more, the
store's own check skipping a prune a write just made. While another process keeps the store
locked, it finds it free again (`TraceStore.in_use`), which the store says on the console, as
it said it in use: each prune refused meanwhile says nothing more.
"""

from __future__ import annotations

import logging
import threading

from dashboard.data_folder import StoreInUse
from dashboard.store import PRUNE_EVERY_S
from dashboard.store import TraceStore

LOG = logging.getLogger(__name__)


class RetentionTimer:
    """A thread pruning `store` every `PRUNE_EVERY_S` until `stop()`."""

    def __init__(self, store: TraceStore) -> None:
        self.store = store
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="store-retention", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Stop the thread and wait for it: the store is closed next."""
        self.stopping.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.stopping.wait(PRUNE_EVERY_S):
            try:
                self.store.prune_if_due()
            except StoreInUse:
                pass
            except Exception:
                LOG.exception("retention: could not prune the store")
