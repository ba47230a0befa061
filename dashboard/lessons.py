"""Lessons: guided scenarios run one step at a time from the page.

A lesson (a TOML file, see `dashboard.lesson_files`) is a short list of requests, each with a
sentence on what to notice. The lesson page runs a step by `POST /api/lessons/NAME/steps/N/run`:
the dashboard sends the request through `dashboard.sender` (announced loopback stacks only),
waits — bounded — until the trace's events have come back from the stack, and answers the trace
id, so the page can load that trace's step view under the step. For htmx the answer is the
result panel itself, errors included (a stack not running says how to start it).

Bundled lessons come from `dashboard/lessons/`; a teacher's lesson is loaded with
`POST /api/lessons` and kept in memory (bounded, newest last) until the dashboard restarts.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint
from flask import Flask
from flask import abort
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask import send_from_directory
from flask import url_for

from dashboard.auth import reporting_here
from dashboard.auth import token_note
from dashboard.errors import human_size
from dashboard.lesson_files import BUNDLED
from dashboard.lesson_files import Lesson
from dashboard.lesson_files import LessonError
from dashboard.lesson_files import Step
from dashboard.lesson_files import read_lesson_folder
from dashboard.lesson_files import read_lesson_text
from dashboard.refusals import refused_said
from dashboard.refusals import token_refused
from dashboard.sender import SendError
from dashboard.sender import check_spec
from dashboard.sender import not_running
from dashboard.sender import send_to_stack
from dashboard.store import get_store
from dashboard.traces import no_params_on_api
from dashboard.upload_text import UploadRefused
from dashboard.upload_text import read_upload_text
from dashboard.whole_number import whole_number

#: The lesson format, in the folder of the bundled lessons; served with their files.
FORMAT_FILE = "README.md"
#: Largest lesson file a teacher may load.
MAX_LESSON_BYTES = 256 * 1024
#: Teachers' lessons kept at most; loading one more forgets the oldest.
MAX_LOADED = 50
#: Longest a run waits for the trace's events to arrive from the stack (seconds).
TRACE_WAIT_S = 5.0

#: What the lesson pages say of each `stack_state`.
STATE_WORDS = {
    "running": "running",
    "stopped": "stopped",
    "gone": "not answering",
    "loaded": "loaded from saved requests, not running",
    "absent": "not started",
    "refused": "refused by this dashboard",
}

#: Why a lesson's Run buttons are disabled, beside each (lesson.html) and said as it changes
#: (lessons.js, from the stack's line): a stack this dashboard refused runs, and a note that it
#: "is not running" sent the teacher to start again a stack they had just started.
REFUSED_HELD = ("The stack was refused by this dashboard (the line above says why): stop it and "
                "start it again with the command above, and Run is enabled as this dashboard "
                "takes it.")
#: Why Run is disabled for a stack in any other state but running.
NOT_RUNNING_HELD = ("The stack is not running: start it with the command above, and Run is "
                    "enabled as it starts.")

#: The `--port` option of a start command as a lesson writes it (`--port 8091`, `--port=8091`).
PORT_OPTION = re.compile(r"--port(?:=|\s+)\S+")

bp = Blueprint("lessons", __name__)
bp.before_request(no_params_on_api)


class LessonShelf:
    """The bundled lessons and the teachers' loaded ones, by name."""

    def __init__(self, bundled: list[Lesson], size: int = MAX_LOADED) -> None:
        self.bundled = {lesson.name: lesson for lesson in bundled}
        self.size = size
        self.lock = threading.Lock()
        self.loaded: OrderedDict[str, Lesson] = OrderedDict()

    def add(self, lesson: Lesson) -> None:
        """Keep a teacher's lesson; one of the same name is replaced (a corrected file)."""
        if lesson.name in self.bundled:
            raise LessonError(lesson.file, f"a bundled lesson is named {lesson.name!r}: "
                                           "rename the file")
        with self.lock:
            self.loaded.pop(lesson.name, None)
            self.loaded[lesson.name] = lesson
            while len(self.loaded) > self.size:
                self.loaded.popitem(last=False)

    def get(self, name: str) -> Lesson | None:
        with self.lock:
            return self.bundled.get(name) or self.loaded.get(name)

    def all(self) -> list[Lesson]:
        with self.lock:
            return [*self.bundled.values(), *self.loaded.values()]


def get_shelf() -> LessonShelf:
    return current_app.extensions["pastescope.lessons"]


def lesson_or_404(name: str) -> Lesson:
    lesson = get_shelf().get(name)
    if lesson is None:
        abort(404, f"no lesson named {name!r} (bundled, or loaded since the dashboard started)")
    return lesson


def stack_state(stack: dict[str, Any] | None) -> str:
    """`running`, `stopped` (it said so as it stopped), `gone` (announced once, silent since),
    `loaded` (from a file of saved requests: its diagram is known, it is not running) or
    `absent` (never announced): of `stack`, the store's row of a lesson's stack (None for
    none), which the lesson's page reads once for this and its Run buttons."""
    if stack is None:
        return "absent"
    if stack["loaded_from"]:
        return "loaded"
    if stack["stopped"] is not None:
        return "stopped"
    return "running" if stack["online"] else "gone"


def lesson_stack_state(name: str, stack: dict[str, Any] | None) -> tuple[str, str | None]:
    """`stack_state` of `stack`, the store's row of the stack named `name`, or `refused`: this
    dashboard refused, for its token, the stack a Run would go to (one never taken, or the one
    it knows, at its address: it ran before the dashboard was started again with another
    token), which serves on untraced; and, then, why it was refused (else None). Without this
    a lesson said such a stack was "not started", or "running", and each Run that the stack
    "sent no trace id: is it serving with --trace-to off?"."""
    state = stack_state(stack)
    refused = token_refused(name)
    if refused is None or (state == "running" and stack["url"] != refused[0]):
        return state, None
    return "refused", refused[1]


def run_held(state: str) -> str:
    """Why a Run is not sent to a stack in `state`, beside each Run button."""
    return REFUSED_HELD if state == "refused" else NOT_RUNNING_HELD


def start_command(lesson: Lesson, stack: dict[str, Any] | None) -> str:
    """The command that starts the lesson's stack, reporting here (`reporting_here`), on the
    port the stack last announced when it did: a teacher who started it on another port than
    the lesson's (that one was taken) starts it again where it worked. A stack loaded from
    saved requests ran elsewhere: then the lesson's own port."""
    command = lesson.start
    port = announced_port(stack) if stack is not None and not stack["loaded_from"] else None
    if port is not None:
        option = f"--port {port}"
        command, found = PORT_OPTION.subn(option, command, count=1)
        if not found:
            command = f"{command} {option}"
    return reporting_here(command)


def announced_port(stack: dict[str, Any]) -> int | None:
    """The port of the url `stack` announced; None when it names none."""
    try:
        return urlsplit(stack["url"]).port
    except ValueError:  # `http://host:99999`: announced, but no port a stack listens on
        return None


@bp.get("/lessons")
def lessons_page():
    """The lessons: bundled and loaded, each with the stack it needs; a form to load one."""
    lessons = get_shelf().all()
    store = get_store()
    states = {lesson.name: lesson_stack_state(lesson.stack, store.stack(lesson.stack))[0]
              for lesson in lessons}
    return render_template("lessons.html", lessons=lessons, states=states, words=STATE_WORDS,
                           loaded=request.args.get("loaded"), limit=human_size(MAX_LESSON_BYTES),
                           format_file=FORMAT_FILE)


@bp.get("/lessons/files/<file>")
def bundled_file(file: str):
    """The lesson format or a bundled lesson's file, as plain text: the Lessons page links them,
    so a teacher writes a lesson from the dashboard alone, without the repository at hand."""
    if file != FORMAT_FILE and file not in {lesson.file for lesson in get_shelf().bundled.values()}:
        abort(404, f"no bundled lesson file named {file!r}: the Lessons page links those there are")
    return send_from_directory(BUNDLED, file, mimetype="text/plain")


@bp.get("/lessons/<name>")
def lesson_page(name: str):
    """One lesson: its steps, each with what to notice and a Run button."""
    lesson = lesson_or_404(name)
    now = stack_now(lesson)
    return render_template("lesson.html", lesson=lesson, words=STATE_WORDS,
                           held=run_held(now["state"]), **now)


@bp.get("/api/lessons/<name>/stack")
def stack_line(name: str):
    """`GET /api/lessons/NAME/stack` — the lesson's stack as it is now: `state`, whether a Run
    is sent (`runnable`) and the command that starts it. The lesson page's line for htmx,
    fetched again at each `stacks` message of the live stream: its Run buttons are enabled as
    the stack starts, and disabled as it stops, without a reload."""
    lesson = lesson_or_404(name)
    now = stack_now(lesson)
    if request.headers.get("HX-Request"):
        return render_template("_lesson_stack.html", lesson=lesson, words=STATE_WORDS,
                               held=run_held(now["state"]), **now)
    return jsonify(now)


def stack_now(lesson: Lesson) -> dict[str, Any]:
    """The lesson's stack read once from the store: its `state`, `runnable`, `start` and why
    it was `refused` (`lesson_stack_state`), or None."""
    stack = get_store().stack(lesson.stack)
    # NOTE: as `run` refuses a Run (409) before anything is sent: the Run buttons are disabled
    # then, saying why, rather than let a click ask for that 409. A stack `gone` silent is
    # still sent the step: it may answer.
    state, refused = lesson_stack_state(lesson.stack, stack)
    runnable = stack is not None and not_running(stack) is None and refused is None
    return {"state": state, "runnable": runnable, "start": start_command(lesson, stack),
            "refused": refused}


@bp.get("/api/lessons")
def api_lessons():
    """`GET /api/lessons` — every lesson without its steps (`step_count` instead)."""
    return jsonify([lesson.to_json(steps=False) for lesson in get_shelf().all()])


@bp.get("/api/lessons/<name>")
def api_lesson(name: str):
    """`GET /api/lessons/NAME` — one lesson with its steps."""
    return jsonify(lesson_or_404(name).to_json())


@bp.post("/api/lessons")
def post_lesson():
    """`POST /api/lessons` — multipart field `file`: load a teacher's lesson file."""
    try:
        file, text = read_upload_text(MAX_LESSON_BYTES, "the lesson", "lesson.toml")
    except UploadRefused as exc:
        message = f"lesson refused: {exc}" if exc.too_large else str(exc)
        return (jsonify(error=message, file=exc.file, line=exc.line, step=None, field=None),
                413 if exc.too_large else 400)
    try:
        lesson = read_lesson_text(text, file)
        get_shelf().add(lesson)
    except LessonError as exc:
        return jsonify(exc.to_json()), 400
    return jsonify(lesson.to_json())


@bp.post("/api/lessons/<name>/steps/<n>/run")
def run_step(name: str, n: str):
    """Send step `n` (from 1) of a lesson to its stack; the trace id, status and whether the
    trace's events have all arrived. The result panel alone for htmx.

    `n` is read here, not by an `int` converter: `steps/x/run` then says which steps there
    are, not werkzeug's "The requested URL was not found on the server"."""
    lesson = lesson_or_404(name)
    number = whole_number(n, 1, len(lesson.steps))
    if number is None:
        abort(404, f"lesson {name!r} has steps 1 to {len(lesson.steps)}, not {n[:40]}")
    step = lesson.steps[number - 1]
    try:
        result = run(lesson, step)
    except SendError as exc:
        return answer(lesson, step, {"error": str(exc)}, exc.status)
    return answer(lesson, step, result, 200)


def run(lesson: Lesson, step: Step) -> dict[str, Any]:
    """Send the step, then wait for its trace to be complete in the store."""
    stack = get_store().stack(lesson.stack)
    how = f"start it with: {start_command(lesson, stack)}"
    if note := token_note():
        how = f"{how} ({note})"
    if (refused := lesson_stack_state(lesson.stack, stack)[1]) is not None:
        raise SendError(f"{refused_said(lesson.stack, refused)}; stop it and {how}", 409)
    if stack is None:
        raise SendError(f"stack {lesson.stack!r} is not running (it has not announced itself "
                        f"to this dashboard); {how}", 409)
    if (why := not_running(stack)) is not None:  # said before the send refuses it, with the how
        raise SendError(f"stack {lesson.stack!r} {why}; {how}", 409)
    try:
        sent = send_to_stack(check_spec(step.spec(lesson.stack)))
    except SendError as exc:
        if exc.status != 502:
            raise
        raise SendError(f"stack {lesson.stack!r} does not answer (stopped?); {how}", 409) from None
    trace_id = sent["trace"]
    trace = wait_for_trace(trace_id, TRACE_WAIT_S) if trace_id is not None else None
    return {
        "trace": trace_id,
        "status": sent["status"],
        "reason": sent["reason"],
        "expect": step.expect,
        "complete": trace is not None,
        "duration_ms": sent["duration_ms"],
        # The stack's own time, as the request list and the step view show it: the round trip
        # above also counts the dashboard's connection and the stack's server.
        "stack_duration_ms": trace["duration_ms"] if trace is not None else None,
        "body": sent["body"],
        "steps_url": url_for("steps.steps_page", trace_id=trace_id) if trace_id else None,
        "request_url": url_for("traces.request_page", trace_id=trace_id) if trace_id else None,
    }


def wait_for_trace(trace_id: str, timeout: float) -> dict[str, Any] | None:
    """The trace once its `request.end` reached the store; None if not within `timeout` seconds.

    The stack sends events off its request path, batched, so they arrive a little after the
    response; the step view of a trace without its end would show half a journey.
    """
    deadline = time.monotonic() + timeout
    while True:
        trace = get_store().trace(trace_id)
        if trace is not None and any(e["kind"] == "request.end" for e in trace["events"]):
            return trace
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


def answer(lesson: Lesson, step: Step, result: dict[str, Any], status: int):
    if request.headers.get("HX-Request"):
        html = render_template("_lesson_result.html", lesson=lesson, step=step, result=result)
        return html, status
    return jsonify(result), status


def init_app(app: Flask) -> None:
    lessons, errors = read_lesson_folder()
    for error in errors:
        app.logger.error("bundled lesson skipped: %s", error)
    app.extensions["pastescope.lessons"] = LessonShelf(lessons)
    app.register_blueprint(bp)
