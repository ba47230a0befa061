"""A number of thousands of digits where a request gives a count: Python refuses to read one
of more than 4,300 digits, and each check read it before comparing it, so it answered the
dashboard's 500 ("the dashboard failed") where a short wrong number got its 400 or 404."""

from __future__ import annotations

from tests.dashboard.samples import trace_events

HUGE = "9" * 5000


def test_a_limit_of_thousands_of_digits_is_refused_as_any_limit_out_of_range(dashboard):
    status, _, answer = dashboard.get(f"/api/traces?limit={HUGE}")
    assert status == 400, answer
    assert answer["error"].startswith("limit must be a whole number from 1 to ")


def test_a_lesson_step_of_thousands_of_digits_is_no_step_of_it(dashboard):
    status, _, answer = dashboard.post(f"/api/lessons/compute-demo/steps/{HUGE}/run")
    assert status == 404, answer
    assert "has steps 1 to " in answer["error"]


def test_a_dropped_count_of_thousands_of_digits_is_refused(dashboard):
    status, _, answer = dashboard.post("/api/events", trace_events("huge-dropped"),
                                       headers={"X-Pastescope-Dropped": HUGE})
    assert status == 400, answer
    assert "must be a count of requests" in answer["error"]
