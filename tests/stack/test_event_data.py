"""`stack.event_data`: event data from outside checked against the payload dataclasses."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

import pytest

from stack.event_data import DataError
from stack.event_data import checked_data
from stack.event_data import describe
from stack.events import PAYLOADS

START = {"method": "GET", "path": "/v2.1/servers", "query": "", "remote": "127.0.0.1",
         "host": "h", "headers": {"Accept": "*/*"}}


def test_every_field_of_every_payload_is_described_in_words():
    # A field type the checker does not know would be read as "any JSON value": none is.
    for payload in PAYLOADS:
        hints = typing.get_type_hints(payload)
        for field in dataclasses.fields(payload):
            words = describe(hints[field.name])
            assert words != "any JSON value" or hints[field.name] is Any, (payload, field)


@pytest.mark.parametrize(("hint_of", "words"), [
    ("RequestEnd.status", "an integer or null"),
    ("RequestStart.headers", "an object of strings"),
    ("CompositeMiss.tried", "a list of strings"),
    ("RouteMatch.match", "an object of JSON values"),
    ("RouteMiss.candidates", "a list of values that are each an object with route, template, "
                             "methods, failed (and maybe requirement or pattern or value or "
                             "condition)"),
    ("NodeLeave.short_circuit", "true or false"),
    ("NodeLeave.duration_ms", "a number"),
])
def test_types_in_words(hint_of, words):
    payload_name, field = hint_of.split(".")
    payload = next(p for p in PAYLOADS if p.__name__ == payload_name)
    assert describe(typing.get_type_hints(payload)[field]) == words


def test_data_that_fits_is_kept_whole_and_fields_of_other_names_too():
    data = {**START, "tenant": "demo"}
    assert checked_data("request.start", data) == data


def test_defaults_are_filled_in_and_the_caller_s_dict_is_left_alone():
    data = {"status": 200, "bytes": 5, "duration_ms": 1.5}
    assert checked_data("request.end", data) == {**data, "added": {}, "removed": {},
                                                 "body": "", "content_type": ""}
    assert "added" not in data


def test_extension_fields_are_typed_but_left_out_when_absent():
    # Events carry them only when they say something, and older events never do.
    end = {"status": 200, "bytes": 5, "duration_ms": 1.5}
    assert "client_gone" not in checked_data("request.end", end)
    assert "content_encoding" not in checked_data("request.end", end)
    said = {**end, "client_gone": True, "content_encoding": "br"}
    assert checked_data("request.end", said)["client_gone"] is True
    error = {"type": "E", "message": "m", "raised_at": None, "caught_by": "server"}
    assert checked_data("error", error) == error
    assert checked_data("error", {**error, "closing": True})["closing"] is True
    assert "dropped_headers" not in checked_data("request.start", START)


@pytest.mark.parametrize(("kind", "data", "message"), [
    ("request.end", {"status": 200, "bytes": 1, "duration_ms": 1.0, "client_gone": "yes"},
     'data.client_gone must be true or false, got "yes"'),
    ("request.end", {"status": 200, "bytes": 1, "duration_ms": 1.0, "content_encoding": 1},
     "data.content_encoding must be a string, got 1"),
    ("error", {"type": "E", "message": "m", "raised_at": None, "closing": None},
     "data.closing must be true or false, got null"),
    ("request.start", {**START, "headers": {"Accept": None}},
     'data.headers["Accept"] must be a string, got null'),
    ("request.start", {**START, "dropped_headers": [{"name": "X_A", "value": "v"}]},
     "data.dropped_headers[0].why is missing"),
    ("request.start", {k: v for k, v in START.items() if k != "remote"},
     "data.remote is missing (request.start carries method, path, query, remote, host, headers)"),
    ("request.end", {"status": True, "bytes": 1, "duration_ms": 1.0},
     "data.status must be an integer or null, got true"),
    ("request.end", {"status": 200, "bytes": 1.5, "duration_ms": 1.0},
     "data.bytes must be an integer, got 1.5"),
    ("request.end", {"status": 200, "bytes": 1, "duration_ms": float("inf")},
     "data.duration_ms must be a finite number, got inf"),
    ("route.miss", {"method": "GET", "path": "/", "status": 404,
                    "candidates": [{"route": None, "template": "/x", "methods": ["GET"]}]},
     "data.candidates[0].failed is missing"),
    ("route.miss", {"method": "GET", "path": "/", "status": 404,
                    "candidates": [{"route": 3, "template": "/x", "methods": [],
                                    "failed": "path"}]},
     "data.candidates[0].route must be a string or null, got 3"),
    ("error", {"type": "E", "message": "m", "raised_at": None, "caught_by": 7},
     "data.caught_by must be a string or null, got 7"),
    ("controller.action", {"controller": "c", "action": "a", "args": {"body": "\ud800"}},
     'data.args["body"] holds a lone surrogate (character 0), which is not text'),
    ("some.kind", {"deep": [[[[]]]] * 2, "n": float("nan")},
     'data["n"] must be a finite number, got nan'),
    ("route.match", {"route": None, "template": "/", "method": "GET",
                     "match": {"a": [0, {"b": ["ok", "\udc80"]}]}},
     'data.match["a"][1]["b"][1] holds a lone surrogate (character 0), which is not text'),
    ("route.miss", {"method": "GET", "path": "/", "status": 404, "candidates": [
        {"route": None, "template": "/x", "methods": [], "failed": "path"},
        {"route": None, "template": "/y", "methods": ["GET", 5], "failed": "method"}]},
     "data.candidates[1].methods[1] must be a string, got 5"),
])
def test_what_does_not_fit_is_refused_saying_where(kind, data, message):
    with pytest.raises(DataError) as refused:
        checked_data(kind, data)
    assert str(refused.value) == message


def test_values_of_any_shape_are_bounded_in_depth_not_walked_by_recursion():
    deep: Any = "bottom"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(DataError, match="nested more than 64 deep"):
        checked_data("route.match", {"route": None, "template": "/", "method": "GET",
                                     "match": {"x": deep}})
    fine: Any = 1
    for _ in range(63):
        fine = [fine]
    checked_data("route.match", {"route": None, "template": "/", "method": "GET",
                                 "match": {"x": fine}})
