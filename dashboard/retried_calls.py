"""Which call of a retried layer a span of a request ran in, in words: "its first of 2
calls", "in the second of 2 calls of composite:osapi_compute".

A layer that calls the one below it again (a retry: `stack.explain_index.repeated_calls`)
runs that layer and everything under it once per call. The timeline nests each run under its
call and the story says "called … a second time", but the request page's errors and route
named a layer alone: what the second call raised or matched read as if there had been one
call, and a route matched in a call whose answer was dropped read as what the client got.
Only spans run inside a layer called more than once get words: a request without a retry
reads as it always has.
"""

from __future__ import annotations

from typing import Any

from stack.explain_index import TraceIndex
from stack.explain_index import ordinal


class RetriedCalls:
    """The calls of a trace's retried layers, and the one each span ran in.

    One pass over the spans in the order they were opened (`TraceIndex.parent_of` keeps it:
    a span is opened after its parent), each span keeping the nearest call at or above it,
    each call the one around it: a posted trace may nest thousands deep, and only the few
    spans a page names are put in words.
    """

    def __init__(self, trace: TraceIndex) -> None:
        #: A call's span → its layer as the page names it (at its place, for a layer its
        #: pipeline lists twice: `TraceIndex.where`, " (its first place in …)"), which of
        #: its calls it is (0 for the first), of how many.
        self.calls: dict[Any, tuple[str, int, int]] = {}
        for span, (leaves, nth) in trace.calls.items():
            place = trace.where.get(span, "").strip()[1:-1]
            layer = (leaves[nth]["node"] or "?") + (f" at {place}" if place else "")
            self.calls[span] = (layer, nth, len(leaves))
        #: A span → the call it ran in (the nearest at or above it); absent for one in none.
        self.within: dict[Any, Any] = {}
        #: A call's span → the call it ran in itself (None for none): opened before it.
        self.outer: dict[Any, Any] = {}
        for span, parent in trace.parent_of.items():
            around = self.within.get(parent)
            if span in self.calls:
                self.outer[span] = around
                self.within[span] = span
            elif around is not None:
                self.within[span] = around

    def words(self, span: Any) -> str:
        """`its first of 2 calls`, `in the second of 2 calls of filter:catching`: the calls
        `span` ran in, innermost first, comma-separated; "" for a span that ran in none."""
        said = []
        call = self.within.get(span)
        while call is not None:
            layer, nth, of = self.calls[call]
            which = which_call(nth, of)
            said.append(f"its {which}" if call == span else f"in the {which} of {layer}")
            call = self.outer[call]
        return ", ".join(said)


def which_call(nth: int, of: int) -> str:
    """`first of 2 calls`: the `nth` (0 for the first) of a layer's `of` calls, as every
    page says it of a retried layer: its timeline row, its steps, the route and errors."""
    return f"{ordinal(nth)} of {of} calls"


def call_tags(calls: dict[Any, tuple[list[dict], int]]) -> dict[Any, str]:
    """The span of each call of a retried layer → `which_call` of it, from the trace's
    `TraceIndex.calls`: a row or step of its own says which call it is, where the words of
    what ran inside it (`RetriedCalls.words`) would be said again on every row under it."""
    return {span: which_call(nth, len(leaves)) for span, (leaves, nth) in calls.items()}

