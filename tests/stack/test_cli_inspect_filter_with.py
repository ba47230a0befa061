"""`python -m stack inspect` draws a section's `filter-with` as a request meets it: the filters
of its chain, outermost first, then the section, never a filter hung below the section it wraps
(which read as if the section called it)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import INI_DATA
from tests.conftest import cli_lines
from tests.conftest import write_ini
from tests.dashboard.samples import FILTER_WITH_INI
from tests.dashboard.samples import IN_REQUEST_ORDER


def tree(*args: str | Path) -> list[str]:
    """The lines `inspect ARGS` prints, after its status is checked."""
    return cli_lines("inspect", *args)


def test_a_chain_of_filter_with_is_drawn_outermost_first_then_the_app():
    # PasteDeploy's own sample: [app:main] filter-with = filter1, whose own filter-with is
    # filter2, so a request meets filter2, then filter1, then the app.
    lines = tree(INI_DATA / "pastedeploy-test_filter_with.ini")
    assert lines[lines.index("") + 1:] == [
        "app:main, wrapped by filter-with; a request meets, in order:",
        "├── [filter-with] → filter:filter2 = egg:FakeApp#caps   (line 9), wrapping filter:filter1",
        "├── [filter-with] → filter:filter1 = egg:FakeApp#caps   (line 5), wrapping app:main",
        "└── [itself] → app:main = egg:FakeApp#basic_app   (line 1)",
    ]


def test_a_urlmap_branch_to_a_wrapped_app_leads_to_its_filters_first():
    lines = tree(INI_DATA / "pastescope-shapes.ini")
    start = lines.index("├── [/with] → app:filtered, wrapped by filter-with; a request meets, "
                        "in order:")
    assert lines[start + 1:start + 5] == [
        "│   ├── [filter-with] → filter:tag = tests.stack.paste_apps:make_tag   (line 19), "
        "wrapping filter:upper",
        "│   ├── [filter-with] → filter:upper = tests.stack.paste_apps:make_upper   (line 15), "
        "wrapping app:filtered",
        "│   └── [itself] → app:filtered = tests.stack.paste_apps:make_app   (line 10)",
        "├── [/filterapp] → filter-app:wrapped = tests.stack.paste_apps:make_tag   (line 22)",
    ]


def test_a_filter_with_naming_an_egg_is_drawn_before_the_app_it_wraps():
    assert tree(INI_DATA / "pastedeploy-test_filter.ini", "--name", "inv") == [
        "app:inv, wrapped by filter-with; a request meets, in order:",
        "├── [filter-with] → filter:egg:FakeApp#caps, wrapping app:inv",
        "└── [itself] → app:inv = egg:FakeApp#basic_app   (line 20)",
    ]


def test_a_pipeline_s_wrapped_members_read_top_down_in_the_order_a_request_met_them(tmp_path):
    # IN_REQUEST_ORDER is what a served request entered (tests/dashboard/
    # test_diagram_filter_with.py): the tree, read down, names the layers in that order.
    lines = tree(write_ini(tmp_path, FILTER_WITH_INI))
    drawn = [found.group(1) for line in lines[lines.index("") + 2:]
             if (found := re.search(r"→ (\S+) = ", line))]
    assert drawn == IN_REQUEST_ORDER
    assert ("│   ├── [filter-with] → filter:outer = tests.stack.paste_apps:make_tag   "
            "(line 18), wrapping filter:inner") in lines
