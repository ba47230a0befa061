"""A trace whose `request.start` has not arrived (events split over batches, or a sender that
never sent it) can still be opened from the list, and its pages never say `None`."""

from __future__ import annotations

import re

from tests.dashboard.samples import trace_events


def test_a_trace_without_its_start_is_listed_with_a_link_and_titled_plainly(dashboard):
    assert dashboard.post("/api/events", trace_events("tail-only")[7:])[0] == 202
    listing = dashboard.get("/requests")[2]
    row = re.search(r'<tr [^>]*data-trace="tail-only".*?</tr>', listing).group(0)
    assert '<a href="/requests/tail-only" aria-label="?">?</a>' in row
    for page in ("/requests/tail-only", "/requests/tail-only/steps"):
        status, _, html = dashboard.get(page)
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert status == 200 and "None" not in title and "?" in title
