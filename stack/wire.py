"""Ready a finished trace's raw records to leave the stack, and carry them, off the request path.

On the request path a trace records as little as it can (`stack.request_trace`, its records'
shapes in `stack.trace_records`). As the request ends its records are prepared (`prepared`:
request.start read from its environ, the keys layers added, secrets redacted) and carried as
compact JSON arrays (`encode_trace`), for the dashboard to expand into contract events with
`stack.wire_events.to_events` (`stack.wire_decode`), as the file sink does. This module also
holds what a stack and its dashboard agree on about those batches: headers, limits, the token.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from stack import redact_environ
from stack import redact_url
from stack.body_preview import response_preview
from stack.dropped_headers import dropped_headers
from stack.environ_changes import environ_changes
from stack.trace_records import END
from stack.trace_records import END_DEFAULTS

#: Content-Type of a batch of compact traces: a JSON array `[[trace, stack, base, records], …]`.
CONTENT_TYPE = "application/vnd.pastescope.traces+json"
#: Request header of a batch: how many requests the stack has left untraced so far (their
#: traces were dropped because the destination was slow, down or failing).
DROPPED_HEADER = "X-Pastescope-Dropped"
#: Request header of a batch that names the stack its dropped count belongs to (percent-encoded
#: UTF-8): a stopping stack's last count comes in an empty batch, with no event to name it.
STACK_HEADER = "X-Pastescope-Stack"
#: Request header (`1`) of that last empty batch: the stack has stopped, so a dashboard shows
#: it stopped at once rather than when its announcements cease to come (75 s).
STOPPED_HEADER = "X-Pastescope-Stopped"
#: The longest trace id, stack name or event kind a dashboard takes (`dashboard.ingest`): a
#: stack checks the name it is given against it before it serves.
MAX_NAME = 200
#: The most events a trace may hold at a dashboard (`dashboard.ingest`), all its batches
#: together: a request through a deep pipeline records a few hundred (four a layer at most, a
#: route miss one whatever its candidates), and the step view is kept working 13,000 layers
#: deep (39,000 events, tests/dashboard/test_steps_deep.py); more would only make a page no
#: browser can show.
MAX_TRACE_EVENTS = 50_000
#: The most records a stack sends of one trace (`encode_trace`): a record gives a few events
#: (a layer's enter and leave, a dispatch, an error), so the trace stays within
#: `MAX_TRACE_EVENTS`; one past it (a filter calling its app thousands of times) is dropped
#: and counted, not sent to be refused with the batch it came in.
MAX_RECORDS = MAX_TRACE_EVENTS // 5
#: Environment variable with the teacher's token: a stack sends it to the dashboard it reports
#: to, and a dashboard serving a class requires it (`dashboard.auth`).
TOKEN_ENV = "PASTESCOPE_TOKEN"
#: Where `serve` sends its traces unless `--trace-to` says otherwise: a dashboard on this
#: machine's default port; a dashboard elsewhere names itself in the commands it shows.
DEFAULT_TRACE_TO = "http://127.0.0.1:5000"

#: A surrogate code point alone in text: in Python text (from a JSON body's `\ud800` escape)
#: but not in UTF-8.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def prepared(records: list) -> list:
    """Records ready to leave the stack: request.start read from its environ, the environ keys
    layers added read from the end's, secrets redacted.

    Runs for every trace as its request ends, so it touches only the first record
    (request.start) and the last (request.end); a controller call's arguments were redacted
    when it was recorded (`stack.wsgi.Resource`).
    """
    result = list(records)
    clock, left, node, code, environ = records[0]
    method = environ.get("REQUEST_METHOD", "")  # the one the server was sent
    headers = redact_environ.environ_headers(environ)
    start = (
        clock, left, node, code, method,
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
        redact_url.query(environ.get("QUERY_STRING", "")),
        environ.get("REMOTE_ADDR", ""), environ.get("HTTP_HOST", ""), headers,
    )
    # the headers the client sent that no app got, only when there are some (an extension)
    dropped = dropped_headers(environ, headers)
    result[0] = (*start, dropped) if dropped else start
    if records[-1][3] == END:
        # NOTE: a HEAD's body is counted and shown like any other: eventlet sends whatever
        # body the app returns for one (a client reads none of it), and the page says so.
        clock, left, node, code, status, sent, final, count, ending, *reply = records[-1]
        extras = end_extras(reply, ending) if reply or ending is not None else ()
        result[-1] = (clock, left, node, code, status, sent,
                      *environ_changes(environ, final, count), *extras)
    return result


def end_extras(reply: list, ending: Any) -> tuple:
    """The values after `added` and `removed` of a prepared END record (`END_DEFAULTS`),
    from the error response's `(headers, chunks)` (`reply`, empty for a success) and how its
    body ended (`stack.response_sent.Ending`, or None), left out from the last one that has its
    default."""
    body, content_type, encoding = response_preview(*reply) if reply else ("", "", "")
    errors, gone = (ending.errors, ending.client_gone) if ending is not None else ((), False)
    extras = (body, content_type, errors, gone, encoding)
    kept = len(extras)
    while kept and extras[kept - 1] == END_DEFAULTS[kept - 1]:
        kept -= 1
    return extras[:kept]


def encode_trace(trace: Any) -> bytes:
    """One finished trace, prepared, as a compact JSON array: what a sink queues.

    Done as the request ends, not when its batch leaves: bytes are nothing to the garbage
    collector, while a trace held as objects until then (its records, its environ) lives
    through collections and makes the full ones come sooner — measured, that cost the
    serving core more than the encoding itself. orjson, because on the serving core it packs a
    compute-demo trace (~1 KiB) in about a third of msgpack's time and a twentieth of json's.
    """
    if len(trace.records) > MAX_RECORDS:
        raise ValueError(f"{len(trace.records)} records, more than the {MAX_RECORDS} a trace "
                         "sent may hold")
    data = [trace.id, trace.stack, trace.epoch - trace.started, prepared(trace.records)]
    try:
        # NOTE: default=str: a value JSON cannot carry (a route default that is an object)
        # is sent as its text rather than failing the whole trace.
        return orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:  # text orjson refuses (a lone surrogate from a JSON body)
        # A lone surrogate is no text a reader can store or show: sent as U+FFFD, as a
        # decoder shows bytes it cannot read.
        text = json.dumps(data, default=str, ensure_ascii=False)
        return LONE_SURROGATE.sub("\ufffd", text).encode()


def encode_batch(traces: list[bytes]) -> bytes:
    """A batch of encoded traces (the HTTP sink's body): a JSON array, nothing re-encoded."""
    return b"[" + b",".join(traces) + b"]"
