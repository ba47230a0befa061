"""`GET /api/which` asked what a URL would hit: in an uploaded ini or a running stack (one
announced from an ini's graph: `announce_graph`), as a script or as the page's form (with the
conftest's `HTMX`); what it says of a question with no path; the answer's first sentence as
read (`lead`)."""

from __future__ import annotations

from urllib.parse import urlencode

from stack import graph
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.samples import announcement

#: A question with no path, said as missing (it was "path: '' must start with '/'").
MISSING = ("path: missing: give the path to ask about, starting with '/' (or a whole URL: "
           "http://HOST/PATH)")


def ask(dashboard, *pairs: tuple[str, str], headers: dict | None = None):
    return dashboard.get("/api/which?" + urlencode(pairs), headers=headers)


def announce_graph(dashboard, name: str, ini: str) -> None:
    """Announce the stack `name` whose graph is `ini`'s `main`, as a running stack would, for
    which to be asked about it without serving it."""
    graph_json = graph.load_graph(ini, "main").to_json()
    status, _, answer = dashboard.post("/api/stacks", announcement(name, graph=graph_json))
    assert status == 200, answer


def lead(page: str) -> str:
    """The answer's first sentence (the form's answer `page`), as read: its spaces run
    together."""
    return " ".join(shown(part(page, '<p class="which-lead">', "</p>")).split())
