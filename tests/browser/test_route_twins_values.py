"""The step view lights the twin (`tests.dashboard.twin_routes`) a request matched as the store
counts it (`tests/dashboard/test_route_twins_values.py`): a value Routes left None (an optional
`{.format}` the path lacks) fits; a route alone of its kind is lit untested, and a value too
long to test fits; a pattern written as Python reads it (`\\Z`) is read so: the page lights the
row the server found."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps_page import last_step
from tests.browser.steps_page import only
from tests.dashboard.servers import stored
from tests.dashboard.twin_routes import DIGITS
from tests.dashboard.twin_routes import FORMATS
from tests.dashboard.twin_routes import LETTERS
from tests.dashboard.twin_routes import matching
from tests.dashboard.twin_routes import twins_stack

CASES = {
    "format-number": ([{**DIGITS, **FORMATS}, FORMATS], {"id": "5", "format": None}, 0),
    "format-name": ([{**DIGITS, **FORMATS}, FORMATS], {"id": "ab", "format": None}, 1),
    "alone": ([{"id": "(a+)+$"}], {"id": "a" * 20 + "!"}, 0),
    "too-long": ([DIGITS, LETTERS], {"id": "a" * 201}, 0),
    "python-only": ([{"id": r"\d+\Z"}, {"id": "[0-9a-z]+"}], {"id": "5"}, 0),
}


@pytest.mark.parametrize("case", CASES)
def test_the_step_view_lights_the_twin_the_request_matched(page, dashboard, case):
    requirements, match, lit = CASES[case]
    assert dashboard.post("/api/stacks", twins_stack(case, *requirements))[0] == 200
    assert dashboard.post("/api/events", matching(case, case, match))[0] == 202
    stored(dashboard, case)
    stepper = last_step(page, f"{dashboard.url}/requests/{case}/steps")
    routes = stepper.locator('.node[data-node="app:router"] .route')
    expect(routes).to_have_count(len(requirements))
    only(routes, lit, "active")
