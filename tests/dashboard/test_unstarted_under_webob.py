"""A filter that returns a body without calling start_response, below a WebOb layer: WebOb
fails reading the status that never came, in its own code, and answers 500 (faultwrap) or
raises (a `wsgify` filter). No exception left the filter with the bug, and the pages say so:
it returned a body with no status, and the layer above answered or raised instead."""

from __future__ import annotations

from tests.conftest import raw_request
from tests.dashboard.page_text import section
from tests.dashboard.page_text import timeline_row
from tests.dashboard.servers import announced
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.stack.app_inis import ref

#: faultwrap above the filter with the bug; a generator filter between them; a wsgify filter.
INI = f"""[composite:main]
use = egg:Paste#urlmap
/ = direct
/streamed = streamed
/wsgified = wsgified

[pipeline:direct]
pipeline = faultwrap unstarted app

[pipeline:streamed]
pipeline = faultwrap streamer unstarted app

[pipeline:wsgified]
pipeline = wsgified unstarted app

[filter:faultwrap]
paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory

[filter:unstarted]
paste.filter_factory = {ref('make_unstarted_filter')}

[filter:streamer]
paste.filter_factory = {ref('make_generator_filter')}

[filter:wsgified]
paste.filter_factory = {ref('make_wsgify_filter')}

[app:app]
use = call:{ref('make_generator_app')}
"""
#: What the story and the step say of the filter with the bug.
NO_STATUS = ("The filter `unstarted` returned a body without calling start_response (no status), "
             "and without calling the next layer; these layers never ran: the app `app`.")


def told(words: str) -> str:
    """`words` as a page shows them: its ticked names set as code, the ticks gone."""
    return words.replace("`", "")


def requested(dashboard, stack, path: str) -> str:
    """The trace id of a GET of `path`, once stored, which got faultwrap's or the server's 500."""
    line, headers, _ = raw_request(stack.url, path)
    assert line.split(" ", 1)[1] == "500 Internal Server Error"
    trace = dict(headers)["X-Pastescope-Trace"]
    stored(dashboard, trace)
    return trace


def test_the_pages_say_the_filter_returned_no_status_and_faultwrap_answered(dashboard, tmp_path):
    ini = tmp_path / "unstarted.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini)) as stack:
        direct = requested(dashboard, stack, "/")
        streamed = requested(dashboard, stack, "/streamed")

    _, _, page = dashboard.get(f"/requests/{direct}")
    why = section(page, "Why it failed")
    assert told(NO_STATUS) in why
    assert told("The filter `faultwrap` answered 500 instead of the body with no status the "
                "filter `unstarted` passed up to it.") in why
    assert "raised" not in why and "exception" not in why
    assert section(page, "Errors") == "None."
    row = timeline_row(page, "filter:unstarted")
    assert '<span class="tag">without calling the next layer</span>' in row
    assert '<td class="raised" data-outcome="no-status"' in row and ">no status</td>" in row

    steps = steps_of(dashboard, streamed)
    texts = [step["text"] for step in steps["steps"]]
    assert ("The filter `streamer` passed up what the layer below it returned, with no status: "
            "nothing below it had called start_response.") in texts
    assert ("The filter `faultwrap` answered 500 instead of the body with no status the filter "
            "`streamer` passed up to it.") in texts
    assert not [text for text in texts if "exception" in text or "raised" in text]
    _, _, page = dashboard.get(f"/requests/{streamed}")
    assert '<td class="raised" data-outcome="no-status"' in timeline_row(page, "filter:streamer")


def test_a_wsgify_filter_above_is_said_to_raise_on_the_body_with_no_status(dashboard, tmp_path):
    ini = tmp_path / "unstarted.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini)) as stack:
        trace = requested(dashboard, stack, "/wsgified")
    _, _, page = dashboard.get(f"/requests/{trace}")
    why = section(page, "Why it failed")
    assert told(NO_STATUS) in why
    assert told("The filter `wsgified` raised on the body with no status the filter `unstarted` "
                "passed up to it.IndexError ('list index out of range') was raised by the filter "
                "`wsgified`") in why
    assert "unstarted raised" not in why
    # Said once, after the filter with the bug: not again where that filter was entered.
    raised_above = told("The filter `wsgified` raised on the body with no status")
    assert why.count(raised_above) == 1
    assert why.index(told(NO_STATUS)) < why.index(raised_above)
    # The filter that raised is still said to have raised: the exception did leave it.
    assert '<td class="raised" data-outcome="raised">raised</td>' in timeline_row(
        page, "filter:wsgified")
