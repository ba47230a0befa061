"""Work counted, not timed: guards against a blow-up (an expansion that runs unbounded, a reading
that is quadratic) that fail alike on any machine, however busy, where a wall-clock limit
fails on a slow one. Each counts one step and fails the test at the first step past its
budget, so the slow behaviour it guards against fails at once rather than running on."""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import stack


class Budget:
    """How many `what` a test spent; AssertionError at the first past `most`."""

    def __init__(self, what: str, most: int) -> None:
        self.what = what
        self.most = most
        self.spent = 0

    def spend(self, count: int = 1) -> None:
        self.spent += count
        if self.spent > self.most:
            raise AssertionError(f"more than {self.most} {self.what}: the work is not bounded")


class _CountedKeys:
    """configparser's `%(name)s` pattern, each match (a reference followed) spent of a budget."""

    def __init__(self, pattern, budget: Budget) -> None:
        self.pattern = pattern
        self.budget = budget

    def match(self, *args):
        self.budget.spend()
        return self.pattern.match(*args)

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)


def references_followed(monkeypatch: pytest.MonkeyPatch, most: int) -> Budget:
    """A budget of `%(name)s` references followed by any interpolation built on the stdlib's
    `BasicInterpolation` (the stdlib's own, PasteDeploy's, `stack.ini_interpolation`'s): each
    matches the reference with the class's `_KEYCRE` before it reads what it names."""
    budget = Budget("%(name)s references followed", most)
    pattern = configparser.BasicInterpolation._KEYCRE
    monkeypatch.setattr(configparser.BasicInterpolation, "_KEYCRE", _CountedKeys(pattern, budget))
    return budget


class SlicedText(str):
    """A value whose slices are counted, character by character, as spent of `budget`: a
    reading that slices off the rest of a value at each step is quadratic in it; one that reads
    it by index slices each character at most once. Its slices are counted as well."""

    budget: Budget

    @classmethod
    def of(cls, text: str, budget: Budget) -> SlicedText:
        counted = cls(text)
        counted.budget = budget
        return counted

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        self.budget.spend(len(piece))
        return SlicedText.of(piece, self.budget)


@contextmanager
def lines_run_in_stack(most: int) -> Iterator[Budget]:
    """A budget of the lines of `stack`'s code run within the block (traced, as a debugger
    steps it): each pass of a loop runs a line at least, so work in proportion to the input
    runs lines in proportion to it, and a walk over all that is held at each step does not."""
    budget = Budget("lines of stack/ run", most)
    folder = os.path.dirname(stack.__file__) + os.sep

    def line(frame, event, arg):
        if event == "line":
            budget.spend()
        return line

    def call(frame, event, arg):
        return line if frame.f_code.co_filename.startswith(folder) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        yield budget
    finally:
        sys.settrace(previous)
