"""A lesson step presented: the position the class gets carries the step's title and what to
notice, read from the lesson (not from the post), on the stream and for a latecomer; a position
that is no lesson's step carries none, nor one of a step the lessons no longer have; a malformed
lesson step is refused, naming its field."""

from __future__ import annotations

import json

from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader


def test_a_lesson_steps_position_carries_its_title_and_notice(dashboard):
    assert dashboard.post("/api/events", trace_events("lesson-0"))[0] == 202
    stored(dashboard, "lesson-0")
    step = dashboard.get("/api/lessons/compute-demo")[2]["steps"][1]
    words = {"name": "compute-demo", "step": 2, "title": step["title"], "notice": step["notice"]}
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        status, _, answer = dashboard.post("/api/presenter", {
            "trace": "lesson-0", "index": 1, "lesson": {"name": "compute-demo", "step": 2}})
        assert (status, answer) == (200, {"trace": "lesson-0", "index": 1, "lesson": words})
        heard = reader.until(lambda message: message["event"] == "presenter")[-1]
        assert json.loads(heard["data"])["lesson"] == words
        assert dashboard.get("/api/presenter")[2]["lesson"] == words
        # The teacher opens a request that is no lesson's step: nothing of the lesson stays.
        assert dashboard.post("/api/presenter", {"trace": "lesson-0", "index": 0})[::2] == (
            200, {"trace": "lesson-0", "index": 0})
        assert dashboard.get("/api/presenter")[2] == {"trace": "lesson-0", "index": 0}
    finally:
        reader.close()
        dashboard.post("/api/presenter", {"trace": None})


def test_a_lesson_step_it_cannot_show_is_refused_naming_the_field(dashboard):
    assert dashboard.post("/api/events", trace_events("lesson-1"))[0] == 202
    stored(dashboard, "lesson-1")
    for lesson, status, said in [
            ("compute-demo", 400,
             'lesson must be an object {"name": LESSON, "step": N}, got \'compute-demo\''),
            ({"name": "compute-demo", "stop": 2}, 400,
             "lesson: unknown field 'stop' (did you mean 'step'?); it takes name and step"),
            ({"step": 2}, 400,
             "lesson's name must be a lesson's name (a string of 1 to 200 characters), got None"),
            ({"name": "compute-demo", "step": 0}, 400,
             "lesson's step must be a step number (a whole number from 1), got 0"),
            ]:
        body = {"trace": "lesson-1", "index": 0, "lesson": lesson}
        assert dashboard.post("/api/presenter", body)[::2] == (status, {"error": said}), lesson
    assert dashboard.get("/api/presenter")[2] == {"trace": None, "index": None}


def test_a_step_the_lessons_no_longer_have_is_presented_without_words(dashboard):
    """A lesson page left open while the dashboard restarted (its loaded lesson forgotten), or
    a lesson loaded again with fewer steps: the teacher's move still reaches the class, without
    words that may not be that step's."""
    assert dashboard.post("/api/events", trace_events("lesson-2"))[0] == 202
    stored(dashboard, "lesson-2")
    count = dashboard.get("/api/lessons/compute-demo")[2]["step_count"]
    try:
        for lesson in ({"name": "compute-demo", "step": count + 1}, {"name": "no-such", "step": 1}):
            body = {"trace": "lesson-2", "index": 1, "lesson": lesson}
            assert dashboard.post("/api/presenter", body)[::2] == (
                200, {"trace": "lesson-2", "index": 1}), lesson
            assert dashboard.get("/api/presenter")[2] == {"trace": "lesson-2", "index": 1}
    finally:
        dashboard.post("/api/presenter", {"trace": None})
