"""The request page's Timeline says where a streamed body's time went: no layer's interval holds
it (a generator runs as the server sends it), so the request's own time looked slow and the
layer that streamed it fast."""

from __future__ import annotations

import requests

from tests.dashboard.page_text import shown
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored
from tests.stack.unusual_apps import counted_ini


def timeline_note(dashboard, trace: str) -> str:
    """The words under the request page's Timeline table."""
    _, _, page = dashboard.get(f"/requests/{trace}")
    note = page.split('<p class="muted timeline-note">', 1)[1].split("</p>", 1)[0]
    return " ".join(shown(note).split())


def test_a_slow_streamed_body_is_said_to_be_in_no_layer_s_time(dashboard, tmp_path):
    ini = tmp_path / "streamed.ini"
    ini.write_text(counted_ini(tmp_path / "taken", chunks=3, delay=0.05))
    with announced(dashboard, "main", str(ini)) as stack:
        response = requests.get(stack.url + "/", timeout=10)
        trace = stored(dashboard, response.headers["X-Pastescope-Trace"])
    note = timeline_note(dashboard, trace["trace"])
    assert note.startswith("total ms: from entering the layer to its return; self ms: that, "
                           "less the layers it called. The layers had all returned after "), note
    assert note.endswith(" ms went into the body, which the server read from what they "
                         "returned as it sent it (a generator runs only then), so no layer's "
                         "time holds it."), note


def test_a_quick_body_gets_no_such_words(dashboard, tmp_path):
    ini = tmp_path / "quick.ini"
    ini.write_text(counted_ini(tmp_path / "taken", chunks=3, delay=0))
    with announced(dashboard, "main", str(ini)) as stack:
        response = requests.get(stack.url + "/", timeout=10)
        trace = stored(dashboard, response.headers["X-Pastescope-Trace"])
    assert timeline_note(dashboard, trace["trace"]) == (
        "total ms: from entering the layer to its return; self ms: that, less the layers it "
        "called.")
