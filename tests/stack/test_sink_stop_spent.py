"""A stop whose 4 s were spent before its sink's last delivery began (the grace timer ran late
behind a request that held the core) said the destination gave "no answer within 0.75 s", or
"answers too slowly", of a destination never waited on."""

from __future__ import annotations

import logging
import time

from stack.batching_sink import LONGEST_STOP
from stack.sinks import FileSink


def test_a_stop_with_no_time_left_says_so_not_that_the_destination_was_slow(tmp_path, caplog):
    sink = FileSink(str(tmp_path / "traces.jsonl"))
    sink.queue.extend([b"{}"] * 3)
    with caplog.at_level(logging.INFO, logger="stack.sinks"):
        sink.stop(time.monotonic() - LONGEST_STOP - 1)
    assert [record.getMessage() for record in caplog.records] == [
        f"stopping: 3 traces still queued: 0 delivered, 3 dropped (the stop's time, "
        f"{LONGEST_STOP:g} s in all, was spent before delivery began); traces of 3 requests "
        "dropped in all"]
    assert (tmp_path / "traces.jsonl").read_bytes() == b""
