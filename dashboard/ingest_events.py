"""A posted batch read (`dashboard.ingest`), each of its events checked before anything is kept.

A batch comes as JSON (an array, or JSON Lines) or, from `python -m stack serve`, as the compact
trace records of `stack.wire`, expanded here with the stack's own `stack.wire_decode`. Each event
is checked, its `data` too, against its kind's payload class (`stack.event_data`), so every page
can read what is stored; anything malformed is refused whole (`BadInput`), saying what and where
(`event 3: request.end data.status must be an integer or null, got "abc"`). Saved requests
loaded from a file (`dashboard.bundles`) are read and checked the same way.
"""

from __future__ import annotations

import json
import re
from typing import Any

from stack import wire
from stack import wire_decode
from stack.event_data import DataError
from stack.event_data import check_value
from stack.event_data import checked_data

#: Content types read as JSON Lines (one event a line) rather than one JSON array.
JSON_LINES_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")


class BadInput(ValueError):
    """Input refused with a reason; the view answers `status` (400) with `str()` of it."""

    status = 400



#: Event fields of the contract and the JSON types each may have (checked as `data` is).
EVENT_FIELDS: dict[str, Any] = {
    "trace": str,
    "span": int | str,
    "parent": int | str | None,
    "seq": int,
    "ts": int | float,
    "kind": str,
    "node": str | None,
    "stack": str,
    "data": dict,
}
_QUOTED = {name: repr(name) for name in EVENT_FIELDS}
#: Latest event time taken (epoch seconds, the end of year 9999): what a clock can show.
MAX_TS = 253402300799
#: A control character, which no name or id holds (`check_name`).
CONTROL = re.compile("[\x00-\x1f\x7f]")
#: The saved requests' URLs under `/api/traces/` (`dashboard.bundles`), with why no trace id
#: may be one (the route of `/api/traces/ID` leaves them out too: `dashboard.traces.TraceId`).
SAVED_REQUESTS_IDS = {"export": "/api/traces/export is the export of saved requests",
                      "import": "/api/traces/import is where saved requests are loaded"}
#: Trace ids no URL opens, with why (`check_trace_id`): an id is the last part of its URLs
#: (`/requests/ID`, `/api/traces/ID`).
UNOPENABLE_IDS = {".": "a browser reads /requests/. as /requests/",
                  "..": "a browser reads /requests/.. as /", **SAVED_REQUESTS_IDS}


def parse_events(body: bytes, content_type: str) -> list[dict[str, Any]]:
    """The events of a posted batch: the stack's compact trace batch, a JSON array, or JSON Lines
    (by type, or by shape when the type says neither)."""
    media_type = content_type.split(";")[0].strip()
    if media_type == wire.CONTENT_TYPE:
        try:
            events = wire_decode.decode_traces(body)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
        for index, event in enumerate(events):
            check_event(event, f"event {index}")
        return events
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"body is not UTF-8 (byte {exc.start})") from None
    if media_type in JSON_LINES_TYPES or (
        media_type != "application/json" and not text.lstrip().startswith("[")
    ):
        events = []
        # NOTE: split on newlines only: str.splitlines also splits on U+2028 and other
        # separators that JSON text may hold inside a string.
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                event = load_json(line, f"line {number}")
                check_event(event, f"line {number}")
                events.append(event)
        return events
    events = load_json(text, "body")
    if not isinstance(events, list):
        raise BadInput("body must be a JSON array of events (JSON Lines: application/x-ndjson)")
    for index, event in enumerate(events):
        check_event(event, f"event {index}")
    return events


def load_json(text: str, where: str, fault: str = "invalid JSON") -> Any:
    """`text` parsed as strict JSON: NaN and Infinity, which JSON has not, are refused.

    BadInput says `where` and what is wrong, after `fault` (a saved file is "not JSON", a
    posted batch "invalid JSON"); JSON nested deeper than the parser goes is no fault of the
    text's, and is said so.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        message = f"{where}: {fault}: {exc.msg} (line {exc.lineno} column {exc.colno})"
        raise BadInput(message) from None
    except BadInput as exc:
        raise BadInput(f"{where}: {fault}: {exc}") from None
    except RecursionError:  # `[[[[…` thousands deep: json's parser recurses once a level
        raise BadInput(f"{where}: not JSON this dashboard reads: nested too deeply") from None


def _refuse_constant(name: str) -> Any:
    raise BadInput(f"{name} is not a JSON number")


def check_event(event: Any, where: str) -> None:
    """Raise BadInput (saying `where`) unless `event` has every contract field, well typed, and
    data its kind's pages can read (then filled in with the defaults of fields left out)."""
    if not isinstance(event, dict):
        raise BadInput(f"{where}: must be an object")
    try:
        for name, hint in EVENT_FIELDS.items():
            if name not in event:
                raise BadInput(f"{where}: missing field {name!r}")
            # NOTE: `where` is put in front only when refused: thousands of events a second.
            check_value(event[name], hint, _QUOTED[name])
    except DataError as exc:
        raise BadInput(f"{where}: {exc}") from None
    for name in ("trace", "stack", "kind"):
        if not event[name] or len(event[name]) > wire.MAX_NAME:
            raise BadInput(f"{where}: {name!r} must be 1 to {wire.MAX_NAME} characters")
        if not event[name].isprintable():  # rarely: a call less for nearly every event
            check_name(event[name], f"{where}: {name!r}")
    if "/" in event["trace"] or event["trace"] in UNOPENABLE_IDS:
        check_trace_id(event["trace"], where)
    if not 0 <= event["ts"] <= MAX_TS:
        raise BadInput(f"{where}: 'ts' must be epoch seconds (0 to {MAX_TS}), got {event['ts']}")
    try:
        event["data"] = checked_data(event["kind"], event["data"])
    except DataError as exc:
        raise BadInput(f"{where}: {event['kind']} {exc}") from None


def check_name(name: str, where: str) -> None:
    """BadInput when a name or id holds a control character (NUL, a newline): every page,
    list and log line shows it as it is. (Not every name that is not `isprintable`: a
    zero-width space is let through.)"""
    if (found := CONTROL.search(name)) is not None:
        raise BadInput(f"{where} holds the control character U+{ord(found[0]):04X}; names "
                       "and ids are printable text")


def check_trace_id(trace: str, where: str) -> None:
    """BadInput for a trace id no URL could open: its row would link to a 404. Refused rather
    than made addressable: the stack's own ids (`{hex}-{n}`, `stack.request_trace.Trace`) are never
    such, and a sender choosing its own can choose another."""
    why = "a '/' would split its URL" if "/" in trace else UNOPENABLE_IDS[trace]
    raise BadInput(f"{where}: 'trace' {trace!r} could never be opened at /requests/ID or "
                   f"/api/traces/ID: {why}")
