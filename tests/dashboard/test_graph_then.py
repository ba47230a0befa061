"""A request is drawn with the graph its stack had when it was served: an operator edits the
ini and starts the stack again under the same name, and the requests from before still light
the boxes they went through (the failure story, too), with a note that the graph changed."""

from __future__ import annotations

from tests.dashboard.edited_stack import AFTER
from tests.dashboard.edited_stack import BEFORE
from tests.dashboard.edited_stack import NOTE
from tests.dashboard.edited_stack import boxes
from tests.dashboard.edited_stack import served_before_edit
from tests.dashboard.edited_stack import started_again_edited
from tests.dashboard.page_text import unlinked
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored


def test_a_request_from_before_an_edit_is_drawn_as_it_went(dashboard):
    started_again_edited(dashboard, served_before_edit(dashboard))
    assert dashboard.post("/api/events", trace_events("after-edit", "edited"))[0] == 202
    stored(dashboard, "after-edit")

    old = unlinked(dashboard.get("/requests/before-edit/steps")[2])
    assert boxes(old) == BEFORE
    assert NOTE in old
    assert "these layers never ran: the app <code>router</code>" in old  # on its graph
    new = dashboard.get("/requests/after-edit/steps")[2]
    assert boxes(new) == AFTER
    assert NOTE not in new
    # What Live replays says whether the request's graph is another now: Live words a box it
    # cannot light as "the stack's graph has changed" only then.
    assert dashboard.get("/api/traces/before-edit/shown")[2]["graph_changed"] is True
    assert dashboard.get("/api/traces/after-edit/shown")[2]["graph_changed"] is False
