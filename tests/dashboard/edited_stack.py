"""A stack `edited` started again with an edited ini, told to a dashboard by its
announcements: the request `before-edit` (a 401 of filter `auth`) is served before, and the
stack then announces the graph where `auth` is renamed `keystone` (`samples.EDITED`)."""

from __future__ import annotations

import re
from typing import Any

from tests.dashboard.page_text import part
from tests.dashboard.samples import EDITED
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored

#: The edited stack's name.
NAME = "edited"
#: What a step view says of a request drawn with a graph its stack no longer has.
NOTE = f"Drawn as the stack <code>{NAME}</code> was when this request was served"
#: The boxes of the graph before the edit, and after it.
BEFORE = {"composite:main", "pipeline:api", "filter:auth", "app:router"}
AFTER = {"composite:main", "pipeline:api", "filter:keystone", "app:router"}


def served_before_edit(dashboard) -> dict[str, Any]:
    """Announce `edited` and store its request `before-edit`; its announcement."""
    before = announcement(NAME)
    assert dashboard.post("/api/stacks", before)[0] == 200
    assert dashboard.post("/api/events", trace_events("before-edit", NAME, denied=True))[0] == 202
    stored(dashboard, "before-edit")
    return before


def started_again_edited(dashboard, before: dict[str, Any]) -> None:
    """The stack started again on its port with the edited ini: the same stack, another
    graph."""
    assert dashboard.post("/api/stacks", {**before, "graph": EDITED, "pid": 2})[0] == 200


def boxes(page: str) -> set[str]:
    """The nodes the page's diagram draws."""
    svg = part(page, "<svg", "</svg>")
    return set(re.findall(r'<g class="node[^"]*"[^>]*data-node="([^"]+)"', svg))
