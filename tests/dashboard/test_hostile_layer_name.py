"""A layer's name comes from a posted trace, so it is text, never markup: the pages that
break it at its `:`, `_`, `.` and `[` (the `breakable` filter) escape it first."""

from __future__ import annotations

from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored

#: A name a posted trace can carry: markup, a quote, and points it may break at.
HOSTILE = 'filter:<img src=x onerror=alert(1)>_a"b'
#: How the pages show it: escaped, with a `<wbr>` after its `:` and its `_`.
SHOWN = "filter:<wbr>&lt;img src=x onerror=alert(1)&gt;_<wbr>a&#34;b"


def test_a_layer_name_holding_markup_is_shown_as_text(dashboard):
    events = [dict(event, node=HOSTILE) if event["node"] == "filter:auth" else event
              for event in trace_events("t-hostile-name")]
    assert dashboard.post("/api/events", events)[0] == 202
    stored(dashboard, "t-hostile-name")
    for path in ("/requests/t-hostile-name", "/requests/t-hostile-name/steps",
                 "/compare?a=t-hostile-name&b=t-hostile-name"):
        status, _, page = dashboard.get(path)
        assert status == 200, path
        assert SHOWN in page, path
        assert "<img" not in page, path
