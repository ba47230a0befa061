"""Which of a router's twins (`tests.dashboard.twin_routes`) the store counts a request's
match on: a value Routes left None (an optional `{.format}` the path lacks) fits any pattern;
a route alone of its template, method and action is its match without running its pattern,
and a value too long to test fits; a file's saved requests count on the rows of the table
they were served with."""

from __future__ import annotations

from tests.dashboard.samples import GRAPH
from tests.dashboard.twin_routes import DIGITS
from tests.dashboard.twin_routes import FORMATS
from tests.dashboard.twin_routes import LETTERS
from tests.dashboard.twin_routes import counted
from tests.dashboard.twin_routes import matching
from tests.dashboard.twin_routes import twins
from tests.dashboard.twin_routes import twins_stack


def test_a_format_the_path_lacks_fits_the_twin_its_id_fits(store):
    store.announce_stack(twins_stack("formats", {**DIGITS, **FORMATS}, FORMATS))
    store.add_events(matching("number", "formats", {"id": "5", "format": None}))
    store.add_events(matching("name", "formats", {"id": "ab", "format": None}))
    store.add_events(matching("json", "formats", {"id": "ab", "format": "json"}))
    assert store.route_hits("formats") == {counted(0): 1, counted(1): 2}


def test_a_route_alone_of_its_kind_counts_its_match_without_its_pattern(store):
    """Its pattern, the stack's, is not run as the store writes: one that backtracks
    (`(a+)+$`) ran for seconds on a value of 27 characters."""
    store.announce_stack(twins_stack("alone", {"id": "(a+)+$"}))
    store.add_events(matching("slow", "alone", {"id": "a" * 20 + "!"}))
    assert store.route_hits("alone") == {counted(0): 1}


def test_a_value_too_long_to_test_fits_the_first_twin(store):
    store.announce_stack(twins_stack("long", DIGITS, LETTERS))
    store.add_events(matching("long-name", "long", {"id": "a" * 201}))
    store.add_events(matching("short-name", "long", {"id": "a" * 200}))
    assert store.route_hits("long") == {counted(0): 1, counted(1): 1}


def test_a_saved_request_counts_on_the_table_it_was_served_with(store):
    """A file's stack, as it last announced itself, has its twins in another order than when
    the file's request was served: the request counts on the row of the route it matched
    then, as a request of a stack's earlier graph does."""
    store.announce_stack(twins_stack("saved", LETTERS, DIGITS))
    store.add_events(matching("served", "saved", {"id": "5"}), replace=True)
    store.set_graph(["served"], GRAPH, twins(DIGITS, LETTERS))
    assert store.route_hits("saved") == {counted(0): 1}
