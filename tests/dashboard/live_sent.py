"""What Live sends one subscriber (a `dashboard.stream.Client`, from the stream's `subscribe`),
read off its queue until each awaited text came or the time is up: the event, not a sleep."""

from __future__ import annotations

import queue
import time

from dashboard.stream import Client


def sent_live(live: Client, *texts: str, timeout: float = 10.0) -> set[str]:
    """Those of `texts` that what Live sends `live` did not hold within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    missing = set(texts)
    while missing and time.monotonic() < deadline:
        try:
            sent = live.queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        missing = {text for text in missing if text not in sent}
    return missing
