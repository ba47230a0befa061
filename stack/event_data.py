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
from collections.abc import Callable
from typing import Any

from stack import redact_json
from stack.events import PAYLOADS
from stack.events import is_extension

#: Deepest nesting of a value of any shape. The stack cuts what it records at half this
#: (`stack.redact_json.MAX_DEPTH`), so its own events always pass.
MAX_DEPTH = 2 * redact_json.MAX_DEPTH
#: Largest integer magnitude: exact in SQLite and in a browser's JavaScript.
MAX_INT = 2**53

#: The default maker of an extension field: left out, not filled in (`_default_maker`).
_LEFT_OUT = object()


class DataError(ValueError):
    """What is wrong with event data, and where (`data.status must be …`)."""


class _Refused(Exception):
    """A value that does not fit, on its way up to `check_value`: what is wrong (`problem`)
    and where below the value checked (`path`, innermost part first).

    The path is built only as a refusal goes up, so the values that fit (nearly all) cost no
    text: an event's dozens of values are checked thousands of times a second at the
    dashboard of a busy stack.
    """

    def __init__(self, problem: str, *path: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = list(path)

    def at(self, where: str) -> DataError:
        return DataError(f"{where}{''.join(reversed(self.path))} {self.problem}")


def _misfit(value: Any, hint: Any) -> _Refused:
    return _Refused(f"must be {describe(hint)}, got {brief(value)}")


def checked_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` of an event of `kind`, with defaults filled in; DataError unless it fits.

    A kind this stack does not emit passes as any JSON object (the contract lists kinds "at
    least"), still bounded in depth and numbers.
    """
    plan = _DATA_PLANS.get(kind)
    if plan is None:
        check_json(data, "data")
        return data
    fields, names, carried = plan
    result = dict(data)
    for name, check, default in fields:
        if name in data:
            try:
                check(data[name])
            except _Refused as refused:
                raise refused.at(f"data.{name}") from None
        elif default is _LEFT_OUT:
            continue
        elif default is not None:
            result[name] = default()
        else:
            raise DataError(f"data.{name} is missing ({kind} carries {carried})")
    for name, value in data.items():
        if name not in names:
            check_json(value, f"data.{name}")
    return result


def _data_plan(payload: type) -> tuple[list[tuple], tuple[str, ...], str]:
    """`([(name, checker, default maker or None)], names, carried)` of a payload's fields;
    `carried` names those every event has, for a refusal to list (not the extensions, which
    it may leave out)."""
    hints = typing.get_type_hints(payload)
    fields = [(field.name, _checker(hints[field.name]), _default_maker(field))
              for field in dataclasses.fields(payload)]
    carried = ", ".join(name for name, _, default in fields if default is not _LEFT_OUT)
    return fields, tuple(field.name for field in dataclasses.fields(payload)), carried


def _default_maker(field: dataclasses.Field) -> Callable[[], Any] | object | None:
    """How a field left out is filled in: with its default, or a new one from its factory;
    not at all (`_LEFT_OUT`) for an extension, which events carry only when it says
    something (`stack.events.EXTENSION`)."""
    if is_extension(field):
        return _LEFT_OUT
    if field.default is not dataclasses.MISSING:
        return lambda: field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory
    return None


def check_value(value: Any, hint: Any, where: str) -> None:
    """Raise DataError unless `value` fits the annotation `hint` (a payload field's, or a
    TypedDict's such as `stack.routing.Route`, for a stack's announced route tables)."""
    try:
        _checker(hint)(value)
    except _Refused as refused:
        raise refused.at(where) from None


#: A checker for each annotation met: made once (`_make_checker`), as the annotations are
#: the payloads' and a few TypedDicts', then called for every value.
_CHECKERS: dict[Any, Callable[[Any], None]] = {}


def _checker(hint: Any) -> Callable[[Any], None]:
    """A function raising _Refused unless its value fits `hint`; what is inside the value
    (a list's items, a dict's values) is checked too, each against its own annotation."""
    check = _CHECKERS.get(hint)
    if check is None:
        check = _CHECKERS[hint] = _make_checker(hint)
    return check


def _make_checker(hint: Any) -> Callable[[Any], None]:
    origin = typing.get_origin(hint)
    if hint is Any:
        return _check_json
    if origin in (types.UnionType, typing.Union):
        # The first option whose outside the value has is the one it must fit.
        options = [(_outside(option), _checker(option)) for option in typing.get_args(hint)]

        def check_union(value: Any) -> None:
            for outside, check in options:
                if outside(value):
                    return check(value)
            raise _misfit(value, hint)

        return check_union
    if origin is typing.Literal:
        allowed = typing.get_args(hint)

        def check_literal(value: Any) -> None:
            if type(value) is not str or value not in allowed:
                raise _misfit(value, hint)

        return check_literal
    if origin in (dict, list):
        # A dict's keys must be text; a refusal inside says `[key]` or `[index]`.
        check_item = _checker(typing.get_args(hint)[-1])

        def check_items(value: Any) -> None:
            if not isinstance(value, origin):
                raise _misfit(value, hint)
            items = value.items() if origin is dict else enumerate(value)
            for key, inner in items:
                if origin is dict:
                    _check_text(key)
                try:
                    check_item(inner)
                except _Refused as refused:
                    refused.path.append(f"[{json.dumps(key)}]")
                    raise

        return check_items
    if typing.is_typeddict(hint):
        keys = [(key, _checker(inner), key in hint.__optional_keys__)
                for key, inner in typing.get_type_hints(hint).items()]

        def check_typeddict(value: Any) -> None:
            if not isinstance(value, dict):
                raise _misfit(value, hint)
            for key, check, optional in keys:
                if key not in value:
                    if optional:
                        continue
                    raise _Refused("is missing", f".{key}")
                try:
                    check(value[key])
                except _Refused as refused:
                    refused.path.append(f".{key}")
                    raise

        return check_typeddict
    return _plain_checker(hint)


def _outside(hint: Any) -> Callable[[Any], bool]:
    """Whether a value is of the kind `hint` names, looking only at its outside (to pick a
    union's option). JSON's true and false are not numbers; its integers are floats too."""
    origin = typing.get_origin(hint) or hint
    if hint is type(None):
        return lambda value: value is None
    if origin is typing.Literal or origin is str:
        return lambda value: isinstance(value, str)
    if origin is dict or typing.is_typeddict(hint):
        return lambda value: isinstance(value, dict)
    if origin is list:
        return lambda value: isinstance(value, list)
    if hint is bool:
        return lambda value: isinstance(value, bool)
    kinds = (int, float) if hint is float else hint
    return lambda value: isinstance(value, kinds) and not isinstance(value, bool)


def _plain_checker(hint: type) -> Callable[[Any], None]:
    """A str, int, float, bool or None value of `hint`; text encodable, numbers finite and
    exact."""
    outside = _outside(hint)

    def check_plain(value: Any) -> None:
        if not outside(value):
            raise _misfit(value, hint)
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise _Refused(f"must be a finite number, got {value}")
        elif isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
            raise _Refused(f"must be within ±2**53, got {brief(value)}")

    return check_plain


def check_text(text: str, where: str) -> None:
    """Raise DataError unless `text` is text UTF-8 can carry (SQLite stores, a page shows)."""
    try:
        _check_text(text)
    except _Refused as refused:
        raise refused.at(where) from None


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _Refused(f"holds a lone surrogate (character {exc.start}), "
                           f"which is not text") from None


def check_json(value: Any, where: str) -> None:
    """Raise DataError unless `value` is JSON every page can show: at most `MAX_DEPTH` deep
    (walked without recursion), numbers finite, text encodable."""
    try:
        _check_json(value)
    except _Refused as refused:
        raise refused.at(where) from None


def _check_json(value: Any) -> None:
    # Each value waiting is held with the one it is in and its key there, so the path to a
    # refused value is written only when there is one.
    pending: list[tuple] = [(value, None, None, 0)]
    while pending:
        entry = pending.pop()
        value, _, _, depth = entry
        if depth >= MAX_DEPTH and isinstance(value, (dict, list)):
            raise _Refused(f"is nested more than {MAX_DEPTH} deep")  # of the value as given
        try:
            if isinstance(value, (dict, list)):
                items = (value.items() if isinstance(value, dict)
                         else enumerate(value))  # type: ignore[arg-type]
                for key, inner in items:
                    if isinstance(key, str):
                        _check_text(key)
                    pending.append((inner, entry, key, depth + 1))
            elif isinstance(value, str):
                _check_text(value)
            elif isinstance(value, float) and not math.isfinite(value):
                raise _Refused(f"must be a finite number, got {value}")
        except _Refused as refused:
            refused.path.extend(_path_to(entry))
            raise


def _path_to(entry: tuple) -> list[str]:
    """The path parts to a value `_check_json` holds, innermost first."""
    parts = []
    _, outer, key, _ = entry
    while outer is not None:
        parts.append(f"[{json.dumps(key)}]")
        _, outer, key, _ = outer
    return parts


#: Each payload kind's fields, made into checkers once.
_DATA_PLANS = {payload.kind: _data_plan(payload) for payload in PAYLOADS}


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
        keys = list(typing.get_type_hints(hint))
        required = ", ".join(key for key in keys if key in hint.__required_keys__)
        optional = " or ".join(key for key in keys if key in hint.__optional_keys__)
        return f"an object with {required}" + (f" (and maybe {optional})" if optional else "")
    return _WORDS.get(hint, "any JSON value")


def _plural(hint: Any) -> str:
    return _PLURALS.get(hint) or f"values that are each {describe(hint)}"


_WORDS = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
          type(None): "null", dict: "an object"}
_PLURALS = {str: "strings", int: "integers", float: "numbers", Any: "JSON values"}


def brief(value: Any) -> str:
    """A short view of a refused value (never the whole of a large one)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return json.dumps(value)[:40]
