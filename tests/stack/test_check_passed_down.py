"""`serve --check-wsgi`'s check of the environ a filter passes down, for an environ that is no
dict at all: the rule says "not a subclass, UserDict or other dictionary emulation", so a
UserDict is said as a dict subclass is."""

from __future__ import annotations

from collections import UserDict

from stack.trace import TRACE_KEY
from stack.trace import Trace
from stack.wire import WARNING
from stack.wsgi_checks import ENVIRON_TYPE
from stack.wsgi_checks import passed_down
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
