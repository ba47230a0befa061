"""`serve --check-wsgi`'s check of the environ a filter passes down, for an environ that is no
dict at all: the rule says "not a subclass, UserDict or other dictionary emulation", so a
UserDict is said as a dict subclass is."""

from __future__ import annotations

from collections import UserDict

from stack import wsgi_checks
from stack import wsgi_places
from stack.request_trace import Trace
from stack.trace_records import TRACE_KEY
from stack.trace_records import WARNING
from stack.wsgi_checks import passed_down
from stack.wsgi_checks_environ import ENVIRON_TYPE
from stack.wsgi_places import caller
from stack.wsgi_places import line_words
from stack.wsgi_places import passed_down_at
from tests.stack.trace_checks import warned_in

#: The mark of the test's line that passes the environ down, where the warning says it was
#: (a constant: the call that finds it, in the test too, holds not the mark itself).
FILTER_LINE = "# the filter's line"


def test_an_environ_passed_down_as_a_userdict_is_said():
    trace = Trace("s")
    below = passed_down(lambda environ, start_response: [b""], "filter:emulating")
    below(UserDict({TRACE_KEY: trace, "PATH_INFO": "/"}), None)  # the filter's line
    here = test_an_environ_passed_down_as_a_userdict_is_said
    at = warned_in(here, FILTER_LINE, here.__name__)
    said = [record[5] for record in trace.records if record[3] == WARNING
            and record[4] == ENVIRON_TYPE]
    assert said == ["filter:emulating passed down the environ as a UserDict; WSGI wants a plain "
                    f"dict (not a subclass){at}"]


def test_the_frames_are_walked_once_for_an_environ_said_and_its_line_kept(monkeypatch):
    """The line that passed the environ down is found once, for the warning and for a body
    the filter returns to say later (`passed_down_at`), not once for each."""
    walks = []

    def counted(*args):
        walks.append(args)
        return caller(*args)

    monkeypatch.setattr(wsgi_checks, "caller", counted)
    monkeypatch.setattr(wsgi_places, "caller", counted)
    trace = Trace("s")
    below = passed_down(lambda environ, start_response: [b""], "filter:emulating")
    below(UserDict({TRACE_KEY: trace, "PATH_INFO": "/"}), None)  # the filter's line
    here = test_the_frames_are_walked_once_for_an_environ_said_and_its_line_kept
    at = warned_in(here, FILTER_LINE, here.__name__)
    assert [record[5] for record in trace.records if record[3] == WARNING] == [
        "filter:emulating passed down the environ as a UserDict; WSGI wants a plain dict (not "
        f"a subclass){at}"]
    assert f" (at `{line_words(passed_down_at(trace, 'filter:emulating'))}`)" == at
    assert len(walks) == 1
