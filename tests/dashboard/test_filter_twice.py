"""A filter one pipeline lists twice (swift's `proxy-logging`) is two boxes: each hop is put on
the box of the place it ran at, by the step view, Live's replay and the boxes' figures alike,
and the words name the place of each (a filter listed once is named as ever)."""

from __future__ import annotations

import json
import re

from tests.dashboard.page_text import section
from tests.dashboard.page_text import unlinked
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import announced
from tests.dashboard.servers import send
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.dashboard.twice import LANE
from tests.dashboard.twice import once_ini
from tests.dashboard.twice import raise_in_action


def initial_figures(dashboard: Dashboard, stack: str) -> dict:
    """The figures the live page of `stack` draws its boxes with as it opens."""
    page = dashboard.get(f"/?stack={stack}")[2]
    found = re.search(r'id="initial-figures">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_the_inner_faultwrap_that_caught_the_exception_is_lit_at_its_own_box(dashboard, twice):
    trace = stored(dashboard, raise_in_action(twice))
    steps = steps_of(dashboard, trace["trace"])["steps"]
    entered = [step["place"] for step in steps
               if step["kind"] == "node.enter" and step["node"] == "filter:faultwrap"]
    assert entered == [[LANE, 0], [LANE, 1]]
    replayed = dashboard.get(f"/api/traces/{trace['trace']}/shown")[2]["events"]
    assert [event["place"] for event in replayed
            if event["kind"] == "node.enter" and event["node"] == "filter:faultwrap"] == entered
    page = dashboard.get(f"/requests/{trace['trace']}/steps")[2]
    assert len(re.findall(r'data-node="filter:faultwrap"\s+data-span="\d+" data-parent="\d+"\s+'
                          rf'data-in="{re.escape(LANE)}" data-nth="1"', page)) == 1


def faultwrap_counts(dashboard: Dashboard) -> dict[str, int]:
    """How many requests each `faultwrap` box of the lane counts (by its place, "0" and "1")."""
    boxes = initial_figures(dashboard, "twice")["lanes"].get(LANE, {}).get("filter:faultwrap", {})
    return {place: figures["requests"] for place, figures in boxes.items()}


def test_each_faultwrap_box_counts_the_requests_that_ran_through_it(dashboard, twice):
    before = faultwrap_counts(dashboard)
    raise_in_action(twice)
    assert send(dashboard, twice, "GET", "/v2.1/servers")["status"] == 401
    after = faultwrap_counts(dashboard)
    # Two requests, each through both boxes: each counts two more, not both boxes' four.
    assert {place: after[place] - before.get(place, 0) for place in after} == {"0": 2, "1": 2}


#: The words after `faultwrap`'s name at each of its places in the lane.
FIRST = " (its first place in the pipeline `openstack_compute_api_v21[keystone]`)"
SECOND = " (its second place in the pipeline `openstack_compute_api_v21[keystone]`)"


def test_the_words_say_which_faultwrap_each_step_is_about(dashboard, twice):
    said = steps_of(dashboard, stored(dashboard, raise_in_action(twice))["trace"])
    texts = [step["text"] for step in said["steps"] if step["node"] == "filter:faultwrap"]
    assert texts[0].startswith(f"The filter `faultwrap`{FIRST} is entered; ")
    assert texts[1].startswith(f"The filter `faultwrap`{SECOND} is entered; ")
    assert texts[2] == (f"The filter `faultwrap`{SECOND} turned the exception that left the "
                        "filter `authtoken` into 500.")
    assert texts[3].startswith(f"The filter `faultwrap`{FIRST} returned 500 after ")
    [error] = [line for line in said["failure"] if line.startswith("RuntimeError")]
    assert error.endswith(f"it crossed the layers up to the filter `faultwrap`{SECOND}, which "
                          "turned it into a response.")
    # A filter the pipeline lists once is named as ever.
    assert any(step["text"].startswith("The filter `sizelimit` is entered; ")
               for step in said["steps"])


def test_a_short_circuit_at_the_second_place_names_only_the_layers_after_it(
        dashboard, tmp_path):
    with announced(dashboard, "main", once_ini(tmp_path)) as stack:
        trace = send(dashboard, stack, "GET", "/")
    assert trace["status"] == 409
    story = steps_of(dashboard, trace["trace"])["failure"]
    # its place, then its line and its pipeline's, the pipeline named once
    assert ("The filter `once` (its second place in the pipeline `main`; once.ini line 4, the "
            "pipeline at line 1) answered 409 itself, without calling the next layer (a short "
            "circuit); these layers never ran: the app `app`.") in story
    page = unlinked(dashboard.get(f"/requests/{trace['trace']}")[2])
    assert ("The filter <code>once</code> (its second place in the pipeline <code>main</code>; "
            "once.ini line 4, the pipeline at line 1) answered 409 itself") in page


def test_the_errors_line_names_the_place_of_the_faultwrap_that_caught_it(dashboard, twice):
    trace = stored(dashboard, raise_in_action(twice))
    errors = section(dashboard.get(f"/requests/{trace['trace']}")[2], "Errors")
    # The words the story says, the pipeline's name set as code (no backticks shown).
    assert errors.endswith(f"caught by filter:faultwrap{SECOND.replace('`', '')}"), errors


def test_the_errors_line_names_the_place_of_the_filter_that_raised(dashboard, tmp_path):
    ini = once_ini(tmp_path, "make_raising_filter", "faultwrap once once app")
    with announced(dashboard, "main", ini, stack="raising") as stack:
        trace = send(dashboard, stack, "GET", "/")
    assert trace["status"] == 500
    errors = section(dashboard.get(f"/requests/{trace['trace']}")[2], "Errors")
    assert errors.startswith("RuntimeError: met twice — raised at filter:once (its second "
                             "place in the pipeline main) (twice.py:"), errors
    assert errors.endswith(", caught by filter:faultwrap"), errors
