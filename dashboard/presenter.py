"""Viewers' mode: the teacher's current request and step, relayed live to a class.

The teacher's stepper posts its position (`POST /api/presenter`); the dashboard keeps the last
one, so a viewer who opens `/follow` late starts where the class is (`GET /api/presenter`), and
publishes it on the live stream as message `presenter`, which every viewer's page follows.
When the teacher stops presenting the position becomes none (`{"trace": null}`), so viewers
are told rather than left on a step the teacher has moved on from. Viewers only read.

A step a lesson's Run opened is a lesson step: the teacher's page says which (`"lesson":
{"name", "step"}`), and the position the class gets carries that step's title and what to
notice in it, read here from the lesson, not from the post: the sentence the teacher wants the
class to read, beside the step view, and never a stale one once the teacher opens another
request (a position without `lesson` has none).

A teacher may also just go: close the tab, or the laptop goes to sleep. So the presenting page
posts a heartbeat (`POST /api/presenter/heartbeat`, every 15 s), which the dashboard relays as
the same `presenter` message; a viewer that hears nothing for a while says since when (the
follow page tells a latecomer how long it has been silent already). Not a beacon stopping the
presenter when the page is hidden: a reload, or the second of two presenting tabs closing,
would tell the class the teacher stopped while they are still there.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import jsonify
from flask import render_template

from dashboard.lessons import get_shelf
from dashboard.request_body import read_json
from dashboard.store import get_store
from dashboard.store import not_here
from dashboard.stream import get_stream
from dashboard.traces import no_params_on_api
from dashboard.traces import unknown
from stack.event_data import DataError
from stack.event_data import check_text
from stack.near_names import listed
from stack.wire import MAX_NAME

#: The fields of a posted position (`lesson` only for a lesson's step).
POSITION_FIELDS = ("trace", "index", "lesson")
#: The fields of a posted position's `lesson`: the lesson's name, its step's number (from 1).
LESSON_FIELDS = ("name", "step")
#: Largest position body taken: `{"trace": ID, "index": N, "lesson": {"name": NAME, "step":
#: N}}` with the longest id and name is far less.
MAX_POSITION_BYTES = 4 * 1024

bp = Blueprint("presenter", __name__)
bp.before_request(no_params_on_api)


class Presenter:
    """The position the teacher is showing: a trace id and a step index, or nothing yet."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.position: dict[str, Any] = {"trace": None, "index": None}
        self.heard: float | None = None  # when the presenting page last spoke (monotonic s)

    def move(self, trace: str | None, index: int | None,
             lesson: dict[str, Any] | None = None) -> dict[str, Any]:
        """Set the position (None, None: not presenting), with the words of the lesson step it
        is (`lesson_words`; None: it is none), and tell every viewer; the position."""
        with self.lock:
            self.position = {"trace": trace, "index": index}
            if lesson is not None:
                self.position["lesson"] = lesson
            self.heard = time.monotonic() if trace is not None else None
            # NOTE: published under the lock, so viewers get positions in the order they were set.
            get_stream().publish("presenter", json.dumps(self.position))
            return dict(self.position)

    def beat(self) -> dict[str, Any]:
        """The presenting page is still there: viewers hear the position again (nothing while
        no one presents); the position."""
        with self.lock:
            if self.position["trace"] is not None:
                self.heard = time.monotonic()
                # NOTE: not kept for resume: the move that set this position is, and a class's
                # hour of beats would push the requests out of the stream's history.
                get_stream().publish("presenter", json.dumps(self.position), kept=False)
            return dict(self.position)

    def silent_ms(self) -> int | None:
        """How long since the presenting page last spoke, in ms; None when no one presents."""
        with self.lock:
            return None if self.heard is None else int((time.monotonic() - self.heard) * 1000)

    def current(self) -> dict[str, Any]:
        """A copy of the position, for a viewer who just arrived."""
        with self.lock:
            return dict(self.position)


class BadPosition(ValueError):
    """A posted position that makes no sense; answered with 400 and this message."""


def read_position(body: Any) -> tuple[str | None, int | None, tuple[str, int] | None]:
    """`{"trace": ID, "index": N}` (and the lesson step it is, `"lesson": {"name", "step"}`)
    from a request body, checked (not yet against the store or the lessons): (trace, index,
    (lesson's name, step) or None); `{"trace": null}` (the teacher stopped presenting) is
    (None, None, None)."""
    if not isinstance(body, dict):
        raise BadPosition('the body must be a JSON object {"trace": ID, "index": N}')
    _check_fields(body, POSITION_FIELDS, "", "the body")  # `"step": 2` would show step 0 unsaid
    trace, index = body.get("trace"), body.get("index")
    if "trace" in body and trace is None:
        return None, None, None
    if not isinstance(trace, str) or not trace or len(trace) > MAX_NAME:
        got = f"{trace[:40]!r}… ({len(trace)} characters)" if isinstance(trace, str) and trace \
            else repr(trace)
        raise BadPosition(f"trace must be a trace id (a string of 1 to {MAX_NAME} characters), "
                          f"got {got}")
    try:
        check_text(trace, "trace")  # no stored trace id holds one; SQLite cannot look it up
    except DataError as exc:
        raise BadPosition(str(exc)) from None
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise BadPosition(f"index must be a step number (a whole number from 0), got {index!r}")
    return trace, index, read_lesson_step(body.get("lesson"))


def _check_fields(given: dict, fields: tuple[str, ...], where: str, taker: str) -> None:
    """BadPosition naming the first of `given`'s fields that is none of `fields`, after
    `where` ("lesson: "), with what `taker` ("the body") takes."""
    for name in given:
        if name not in fields:
            raise BadPosition(f"{where}{unknown('field', name, fields)}; {taker} takes "
                              f"{listed(list(fields))}")


def read_lesson_step(lesson: Any) -> tuple[str, int] | None:
    """A position's `lesson`, `{"name": NAME, "step": N}`, checked (not yet against the
    lessons): (name, step); None when the position is no lesson's step."""
    if lesson is None:
        return None
    if not isinstance(lesson, dict):
        raise BadPosition(f'lesson must be an object {{"name": LESSON, "step": N}}, got '
                          f"{repr(lesson)[:40]}")
    _check_fields(lesson, LESSON_FIELDS, "lesson: ", "it")
    name, step = lesson.get("name"), lesson.get("step")
    if not isinstance(name, str) or not name or len(name) > MAX_NAME:
        raise BadPosition(f"lesson's name must be a lesson's name (a string of 1 to {MAX_NAME} "
                          f"characters), got {repr(name)[:40]}")
    if isinstance(step, bool) or not isinstance(step, int) or step < 1:
        raise BadPosition(f"lesson's step must be a step number (a whole number from 1), got "
                          f"{repr(step)[:40]}")
    return name, step


def lesson_words(step_of: tuple[str, int] | None) -> dict[str, Any] | None:
    """What the class reads of a lesson's step (`read_lesson_step`'s (name, step)), beside its
    step view: its title and what to notice (each at most `lesson_files.MAX_TEXT`
    characters). None for a position that is no lesson's step, and for a step the shelf no
    longer has (a dashboard restarted under an open lesson page, a lesson loaded again with
    fewer steps): the teacher's move still reaches the class, without words that may not be
    that step's."""
    if step_of is None:
        return None
    name, step = step_of
    lesson = get_shelf().get(name)
    if lesson is None or step > len(lesson.steps):
        return None
    shown = lesson.steps[step - 1]
    return {"name": lesson.name, "step": step, "title": shown.title, "notice": shown.notice}


@bp.post("/api/presenter")
def move():
    """`POST /api/presenter {"trace", "index"}` — the teacher's stepper moved (or, with
    `{"trace": null}`, the teacher stopped presenting)."""
    try:
        trace_id, index, step_of = read_position(read_json(MAX_POSITION_BYTES))
    except BadPosition as exc:
        return jsonify(error=str(exc)), 400
    if trace_id is None:
        return jsonify(get_presenter().move(None, None))
    trace = get_store().trace(trace_id)
    if trace is None:
        return jsonify(error=not_here(trace_id)), 404
    if index >= len(trace["events"]):
        return jsonify(error=f"index {index} is past the last step of trace {trace_id!r} "
                             f"(it has {len(trace['events'])} steps, from 0)"), 400
    return jsonify(get_presenter().move(trace_id, index, lesson_words(step_of)))


@bp.post("/api/presenter/heartbeat")
def heartbeat():
    """`POST /api/presenter/heartbeat` — the presenting page is still open (every 15 s); the
    position, unchanged."""
    return jsonify(get_presenter().beat())


@bp.get("/api/presenter")
def position():
    """`GET /api/presenter` — where the teacher is: `{"trace", "index"}` (both null before, and
    once the teacher stopped presenting), and `lesson` where it is a lesson's step."""
    return jsonify(get_presenter().current())


@bp.get("/follow")
def follow():
    """The viewers' page: it shows whatever step the teacher is on."""
    return render_template("follow.html", silent_ms=get_presenter().silent_ms())


def get_presenter() -> Presenter:
    """This app's presenter position (one per dashboard, like its stream)."""
    return current_app.extensions["pastescope.presenter"]


def init_app(app: Flask) -> None:
    app.extensions["pastescope.presenter"] = Presenter()
    app.register_blueprint(bp)
