"""Which layer's streamed body raised the exception the server met reading the response body,
or closing it.

A layer that calls start_response and returns a generator has returned, its record closed
(`stack.node_probe.NodeProbe`), before its body runs: the server reads the body after every layer
returned, through the generator of each filter that wraps the body below it. So when reading
it raises, no record holds the error. Its traceback does: a frame for each body it came up
through, outermost first. Each frame is matched to the layer whose code it runs
(`layer_code`), along the layers whose bodies the server read (`read_path`); the innermost
layer matched raised it, and the error is recorded as leaving it and every layer above it, as
an exception from a layer's call is (`place_body_error`). So is one its `close()` raised as
the server closed it, once it was sent: a body that is an object, not a generator, is closed
through its class's method (`layer_code`). A body a layer reads in its own call (a filter
joining it to rewrite it) is placed the same way, within that layer (`place_read_error`).
Only a body that raised comes here, so a request pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from types import FrameType
from types import FunctionType
from types import MethodType

from stack.trace_records import LAYER
from stack.trace_records import left_layer


def place_body_error(records: list[tuple], exc: BaseException, error: tuple,
                     layers: dict[str, list[Callable]], sent: bool) -> None:
    """Record `error` (`stack.recorded_errors.error_of(exc)`) as raised by the body of the
    layer whose code raised `exc`, read after it returned, and as leaving each layer above it;
    with the status each passed up only if some of the body was `sent` (else the server
    answered its 500, as to a layer that raised when called). `layers`: the apps each node's
    probes wrap.

    Left as it is when no layer's code is in the traceback (a body a library made), or when
    a layer's record holds the error already (`stack.lazy_body.LazyBody` told it).
    """
    if _held(records, error):
        return
    path = read_path(records)
    raiser = raising_layer(exc, [layers.get(records[index][2], []) for index in path])
    if raiser is not None:
        _place(records, path[:raiser + 1], error, sent)


def place_read_error(records: list[tuple], exc: BaseException, error: tuple, reader: str,
                     layers: dict[str, list[Callable]], since: float) -> tuple | None:
    """`error` as raised by the body of a layer below `reader`, the node of a layer that read
    that body when it raised `exc`, judged by the records from `since` on: the reader's
    entry, or for a lazy body its return (`stack.lazy_body.LazyBody`). Recorded as leaving
    the layer whose code raised it and each layer above it that passed it up, each with the
    status it passed up before (they had all returned), and returned as they hold it; None,
    changing nothing, when no code of theirs raised it (the reading layer's own did), or a
    record holds it already.

    Else the reading layer is said to have raised it, at a line of the code below: the error
    of a layer's body is told of that layer whoever reads it, as when the server does
    (`place_body_error`). The reader's own apps are matched first: code it shares with a
    layer below (every `webob.dec.wsgify` layer runs `wsgify.__call__`; one class may make two
    filters) runs as the reader's when its `self` is the reader's. Only an exception leaving
    a layer comes here: a request pays nothing.
    """
    path = read_path(records, since)
    if not path or _held(records, error):
        return None
    raiser = raising_layer(exc, [layers.get(reader, []),
                                 *(layers.get(records[index][2], []) for index in path)])
    if not raiser:  # none, or the reader's own code
        return None
    return _place(records, path[:raiser], error, True)


def _held(records: list[tuple], error: tuple) -> bool:
    """Whether a layer's record holds `error` already: then it was placed before."""
    return any(len(record) > 9 and record[3] == LAYER and record[9] is not None
               and record[9][0] == error[0] for record in records)


def _place(records: list[tuple], indices: list[int], error: tuple, sent: bool) -> tuple:
    """Rewrite the records at `indices` as left by `error` from a body, with the status each
    passed up only if some of the body was `sent`; the error as they hold it."""
    held = (*error, True)
    for index in indices:
        record = records[index]
        records[index] = left_layer(record, record[1], record[6] if sent else None, record[8],
                                    held)
    return held


def read_path(records: list[tuple], since: float = float("-inf")) -> list[int]:
    """Indices of the layer records whose bodies the server read, outermost first: the first
    layer entered, then, inside each, the layer it called last (a filter that called its app
    twice passed up the second answer's body); `since`, of those entered from then on, the
    layers a layer entered then called (`place_read_error`).

    The intervals nest as the calls did, so a walk in order of entry with a stack of open
    intervals finds each layer's parent.
    """
    order = sorted((index for index, record in enumerate(records)
                    if record[3] == LAYER and record[1] is not None and record[0] >= since),
                   key=lambda index: (records[index][0], -records[index][1]))
    last_child: dict[int, int] = {}
    open_layers: list[int] = []
    for index in order:
        while open_layers and records[open_layers[-1]][1] <= records[index][0]:
            open_layers.pop()
        if open_layers:
            last_child[open_layers[-1]] = index
        open_layers.append(index)
    path = order[:1]
    while path and path[-1] in last_child:
        path.append(last_child[path[-1]])
    return path


def raising_layer(exc: BaseException, apps: list[list[Callable]]) -> int | None:
    """The position in `apps` (each layer's, outermost first) of the innermost layer whose
    code `exc`'s traceback ran through; None if none.

    Frames are matched in order, each to the outermost layer not above the last one matched:
    a frame of a method goes to the layer that is its `self`; another to a layer whose code
    holds it. The same code again (a filter listed twice) is the next layer down.
    """
    codes = [set().union(*map(layer_code, layer)) for layer in apps]
    at, last_code, found = 0, None, None
    tb = exc.__traceback__
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
        first = at + 1 if frame.f_code is last_code else at
        me = frame.f_locals.get("self")
        if not any(me is app for layer in apps for app in layer):
            me = None
        owner = next((position for position in range(first, len(apps))
                      if owns(frame, me, apps[position], codes[position])), None)
        if owner is not None:
            at, last_code, found = owner, frame.f_code, owner
    return found


def owns(frame: FrameType, me: object, apps: list[Callable], codes: set[CodeType]) -> bool:
    """Whether the frame runs the code of the layer whose apps are `apps`: its `self` (`me`,
    None when it is no layer's app) is one of them or, when its `self` is no layer's, its
    code is the layer's (`codes`, `layer_code`)."""
    if me is not None:
        return any(me is app for app in apps)
    return frame.f_code in codes


def layer_code(app: Callable) -> set[CodeType]:
    """The code written for a layer's app: a function's, with the functions it closes over
    (a body generator its factory defined beside it) and the methods of the classes it does
    (a body class, with `__iter__` and `close`); a bound method's; an object's class's
    methods (but `object`'s) and the functions it holds (a `wsgify`'s); and every function
    defined inside those."""
    if type(app) is MethodType:
        app = app.__func__
    if type(app) is FunctionType:
        closed = [cell_value(cell) for cell in app.__closure__ or ()]
        functions = [app, *(value for value in closed if type(value) is FunctionType),
                     *(member for value in closed if isinstance(value, type)
                       for member in class_members(value))]
    else:
        members = [*class_members(type(app)), *getattr(app, "__dict__", {}).values()]
        functions = [getattr(member, "__func__", member) for member in members]
    pending = [function.__code__ for function in functions if type(function) is FunctionType]
    found: set[CodeType] = set()
    while pending:
        code = pending.pop()
        if code not in found:
            found.add(code)
            pending.extend(const for const in code.co_consts if isinstance(const, CodeType))
    return found


def class_members(cls: type) -> list[object]:
    """What a class and its bases (but `object`) define, their methods among it."""
    return [value for base in cls.__mro__[:-1] for value in vars(base).values()]


def cell_value(cell) -> object:
    """What a closure cell holds; None for one not yet filled."""
    try:
        return cell.cell_contents
    except ValueError:
        return None
