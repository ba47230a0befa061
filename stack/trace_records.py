"""What a trace's raw records hold: their codes, and the values read from them.

On the request path a layer appends one flat tuple when it returns, `(entered, left, node, code,
*args)`; a point event (route.match…) appends `(clock, None, None, code, *args)`
(`stack.request_trace`). The code is the index of the record's payload in `stack.events.PAYLOADS`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from stack.events import PAYLOADS
from stack.events import ControllerAction
from stack.events import Error
from stack.events import NodeEnter
from stack.events import NodeLeave
from stack.events import RequestEnd
from stack.events import RequestStart
from stack.events import WsgiWarning

#: Record codes. A LAYER record is a probe's interval
#: `(script, path, status, keys_in, keys_out[, error, tried, outer])`: `keys_in`/`keys_out` how
#: many keys the environ held when the layer was entered and when it returned, `outer` the
#: pass-through layers sharing the probe; an ACTION record a controller call
#: `(controller, action, args, status, error)`; `error` is `(id, type, message, raised_in)` of
#: an exception that left the layer, or None, with a fifth item, true, when it was raised as
#: the layer's body was read, the layer having returned (`stack.lazy_body.LazyBody`, or
#: `stack.body_layers` for a body the server read after every layer returned). START holds
#: a copy of the environ as the server handed it over (prepared: request.start's fields, the
#: dropped headers last, only when there are some), END the environ itself, its key count
#: at the end, how the response ended when not well (`stack.response_sent.Ending`, or None), and for
#: a 4xx or 5xx the response headers and body chunks; `stack.wire.prepared` turns them into plain
#: values (`END_DEFAULTS`). A WARNING record (`stack.wsgi_checks`) is a point record that
#: names its node: the layer that broke the rule, which need not be the one running. So is a
#: PASSED_UP record (`stack.wsgi_checks` too, node.leave's code): `(headers, more)`, the
#: response headers a layer passed up (redacted, `[name, value]` each, `[name, value, hidden]`
#: where redaction hid some of the value: `stack.wsgi_checks_headers.hidden_mark`) and how many more
#: it did, which are not an event of their own but that layer's node.leave `headers`. An ERROR
#: record (`stack.wsgi_checks_errors`) is a point record on the layer that gave start_response
#: an exception as `exc_info`: `(type, message, raised_in, id)`, the error event's own.
START = PAYLOADS.index(RequestStart)
LAYER = PAYLOADS.index(NodeEnter)
ACTION = PAYLOADS.index(ControllerAction)
END = PAYLOADS.index(RequestEnd)
WARNING = PAYLOADS.index(WsgiWarning)
PASSED_UP = PAYLOADS.index(NodeLeave)
ERROR = PAYLOADS.index(Error)

#: WSGI environ key holding the request's Trace (`stack.request_trace`).
TRACE_KEY = "pastescope.trace"

#: What a prepared END record carries after `added` and `removed`, in this order, each as the
#: value it has when left out: the error body's `body` and `content_type`, the `errors` a
#: streamed body raised (`(id, type, message, raised_in, closing)` each), `client_gone`, and
#: the error body's `content_encoding`. A record ends at its last value that is not the
#: default, so a request that ended well carries none of them.
END_DEFAULTS = ("", "", (), False, "")

#: Each payload's field names, by code.
FIELDS = [tuple(f.name for f in dataclasses.fields(payload)) for payload in PAYLOADS]


def left_layer(record: tuple, left: float, status: Any, keys_out: int,
               error: tuple | None) -> tuple:
    """A LAYER record rewritten once its layer's body is done (`stack.lazy_body.LazyBody`, or
    `stack.body_layers` for one the server read after every layer returned): when it was
    left, the status it passed up, the environ's key count then and the error that left it;
    a record of the short form gets the long one's defaults (no `tried`, no `outer`)."""
    entered, _, node, code, script_name, path_info, _, keys, _, *rest = record
    tried, outer = (rest[1], rest[2]) if rest else (None, ())
    return (entered, left, node, code, script_name, path_info, status, keys, keys_out, error,
            tried, outer)


def unstarted(record: tuple) -> bool:
    """Whether a LAYER record's layer passed up no status and raised nothing: it returned a
    body before anything called start_response (node.leave's `unstarted`;
    `stack.trace.unstarted_node` finds the layer to name on the console)."""
    return record[6] is None and (len(record) < 10 or record[9] is None)


def from_body(error: tuple) -> bool:
    """Whether a layer record's `error` is marked as raised by a body read after its layer
    returned (`(*error, True)`: `stack.body_layers`, `stack.lazy_body`), not by its call."""
    return len(error) > 4 and bool(error[4])


def node_kind(node: str) -> str:
    """`filter:egg:Pkg#caps` → `filter`; `other.ini#app:main` → `app`."""
    return node.partition(":")[0].rpartition("#")[2]


def status_code(status: Any) -> int | None:
    """`"401 Unauthorized"` → 401; an int stays; anything else is None."""
    if isinstance(status, int):
        return status
    try:
        return int(status[:3])
    except (TypeError, ValueError):
        return None
