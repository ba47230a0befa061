"""Event data from outside, checked against its kind's payload dataclass (`stack.events`).

The dashboard keeps and shows events any client may post (a batch, a saved requests file), and
every page reads their `data` as the payload dataclasses describe it: a status it can divide, a
dict of headers it can list. So that is checked as they arrive, against the same annotations,
rather than guarded for in every reader: a field of the wrong shape is refused with its path
(`data.candidates[2].failed`), a missing field that has a default gets it, and fields of other
names are kept. Numbers must be finite; integers within ±2**53, what SQLite and a browser both
hold exactly; text must be encodable (no lone surrogate from a `\\ud800` escape); and values of
any shape (a route's match dict, a controller's args) at most `MAX_DEPTH` deep, so no page
recurses without end.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from typing import Any

from stack.events import PAYLOADS

#: Deepest nesting of a value of any shape. The stack cuts what it records at half this
#: (`stack.redact.MAX_DEPTH`), so its own events always pass.
MAX_DEPTH = 64
#: Largest integer magnitude: exact in SQLite and in a browser's JavaScript.
MAX_INT = 2**53

_PAYLOADS = {payload.kind: payload for payload in PAYLOADS}
_HINTS = {payload: typing.get_type_hints(payload) for payload in PAYLOADS}


class DataError(ValueError):
    """What is wrong with event data, and where (`data.status must be …`)."""


def checked_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` of an event of `kind`, with defaults filled in; DataError unless it fits.

    A kind this stack does not emit passes as any JSON object (the contract lists kinds "at
    least"), still bounded in depth and numbers.
    """
    payload = _PAYLOADS.get(kind)
    if payload is None:
        check_json(data, "data")
        return data
    result = dict(data)
    hints = _HINTS[payload]
    for field in dataclasses.fields(payload):
        where = f"data.{field.name}"
        if field.name in data:
            check_value(data[field.name], hints[field.name], where)
        elif field.default is not dataclasses.MISSING:
            result[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            result[field.name] = field.default_factory()
        else:
            raise DataError(f"{where} is missing ({kind} carries {_field_names(payload)})")
    for name, value in data.items():
        if name not in hints:
            check_json(value, f"data.{name}")
    return result


def _field_names(payload: type) -> str:
    return ", ".join(field.name for field in dataclasses.fields(payload))


def check_value(value: Any, hint: Any, where: str) -> None:
    """Raise DataError unless `value` fits the annotation `hint` (a payload field's, or a
    TypedDict's such as `stack.routing.Route`, for a stack's announced route tables)."""
    if not _fits(value, hint, where):
        raise DataError(f"{where} must be {describe(hint)}, got {_shown(value)}")


def _fits(value: Any, hint: Any, where: str) -> bool:
    """Whether `value` has the outer shape of `hint`; what is inside is checked (and its
    own error raised) on the way."""
    origin = typing.get_origin(hint)
    if hint is Any:
        check_json(value, where)
        return True
    if origin in (types.UnionType, typing.Union):
        option = next((o for o in typing.get_args(hint) if _matches(value, o)), None)
        if option is not None:
            check_value(value, option, where)
        return option is not None
    if origin is typing.Literal:
        return value in typing.get_args(hint) and type(value) is str
    if origin is dict:
        if not isinstance(value, dict):
            return False
        item = typing.get_args(hint)[1]
        for key, inner in value.items():
            check_text(key, where)
            check_value(inner, item, f"{where}[{json.dumps(key)}]")
        return True
    if origin is list:
        if not isinstance(value, list):
            return False
        item = typing.get_args(hint)[0]
        for index, inner in enumerate(value):
            check_value(inner, item, f"{where}[{index}]")
        return True
    if typing.is_typeddict(hint):
        if not isinstance(value, dict):
            return False
        for key, inner in typing.get_type_hints(hint).items():
            if key not in value:
                raise DataError(f"{where}.{key} is missing")
            check_value(value[key], inner, f"{where}.{key}")
        return True
    return _is_plain(value, hint, where)


def _matches(value: Any, hint: Any) -> bool:
    """Whether `value` is of the kind `hint` names, looking only at the outside (for unions)."""
    origin = typing.get_origin(hint) or hint
    if hint is type(None):
        return value is None
    if origin is typing.Literal or origin is str:
        return isinstance(value, str)
    if origin is dict or typing.is_typeddict(hint):
        return isinstance(value, dict)
    if origin is list:
        return isinstance(value, list)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, hint) and (hint is bool or not isinstance(value, bool))


def _is_plain(value: Any, hint: type, where: str) -> bool:
    """A str, int, float, bool or None value of `hint`; numbers finite and exact."""
    if not _matches(value, hint):
        return False
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise DataError(f"{where} must be a finite number, got {value}")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise DataError(f"{where} must be within ±2**53, got {_shown(value)}")
    return True


def check_text(text: str, where: str) -> None:
    """Raise DataError unless `text` is text UTF-8 can carry (SQLite stores, a page shows)."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise DataError(f"{where} holds a lone surrogate (character {exc.start}), "
                            f"which is not text") from None


def check_json(value: Any, where: str) -> None:
    """Raise DataError unless `value` is JSON every page can show: at most `MAX_DEPTH` deep
    (walked without recursion), numbers finite, text encodable."""
    top = where
    pending = [(value, where, 0)]
    while pending:
        value, where, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise DataError(f"{top} is nested more than {MAX_DEPTH} deep")
            items = (value.items() if isinstance(value, dict)
                     else enumerate(value))  # type: ignore[arg-type]
            for key, inner in items:
                if isinstance(key, str):
                    check_text(key, where)
                pending.append((inner, f"{where}[{json.dumps(key)}]", depth + 1))
        elif isinstance(value, str):
            check_text(value, where)
        elif isinstance(value, float) and not math.isfinite(value):
            raise DataError(f"{where} must be a finite number, got {value}")


def describe(hint: Any) -> str:
    """An annotation in words: `int | None` → `an integer or null`."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(describe(option) for option in typing.get_args(hint))
    if origin is typing.Literal:
        return " or ".join(json.dumps(option) for option in typing.get_args(hint))
    if origin is dict:
        return f"an object of {_plural(typing.get_args(hint)[1])}"
    if origin is list:
        return f"a list of {_plural(typing.get_args(hint)[0])}"
    if typing.is_typeddict(hint):
        return f"an object with {', '.join(typing.get_type_hints(hint))}"
    return _WORDS.get(hint, "any JSON value")


def _plural(hint: Any) -> str:
    return _PLURALS.get(hint) or f"values that are each {describe(hint)}"


_WORDS = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
          type(None): "null", dict: "an object"}
_PLURALS = {str: "strings", int: "integers", float: "numbers", Any: "JSON values"}


def _shown(value: Any) -> str:
    """A short view of a refused value (never the whole of a large one)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return json.dumps(value)[:40]
