"""The request page's Timeline says where a streamed body's time went: no layer's interval holds
it (a generator runs as the server sends it), so the request's own time looked slow and the
layer that streamed it fast."""

from __future__ import annotations

import requests

from tests.dashboard.page_text import shown
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored
from tests.stack.app_inis import counted_ini


def timeline_note(dashboard, trace: str) -> str:
    """The words under the request page's Timeline table."""
    _, _, page = dashboard.get(f"/requests/{trace}")
    note = page.split('<p class="muted timeline-note">', 1)[1].split("</p>", 1)[0]
    return " ".join(shown(note).split())


def streamed(dashboard, tmp_path, delay: float) -> str:
    """GET / of an app streaming 3 chunks `delay` seconds apart; its trace id, once stored."""
    ini = tmp_path / "streamed.ini"
    ini.write_text(counted_ini(tmp_path / "taken", chunks=3, delay=delay))
    with announced(dashboard, "main", str(ini)) as stack:
        response = requests.get(stack.url + "/", timeout=10)
        return stored(dashboard, response.headers["X-Pastescope-Trace"])["trace"]


def test_a_slow_streamed_body_is_said_to_be_in_no_layer_s_time(dashboard, tmp_path):
    note = timeline_note(dashboard, streamed(dashboard, tmp_path, 0.05))
    assert note.startswith("total ms: from entering the layer to its return; self ms: that, "
                           "less the layers it called. The layers had all returned after "), note
    assert note.endswith(" ms went into the body, which the server read from what they "
                         "returned as it sent it (a generator runs only then), so no layer's "
                         "time holds it."), note


def test_a_quick_body_gets_no_such_words(dashboard, tmp_path):
    assert timeline_note(dashboard, streamed(dashboard, tmp_path, 0)) == (
        "total ms: from entering the layer to its return; self ms: that, less the layers it "
        "called.")
