"""The members two pipelines keep in the same order (`stack.graph_diff`), in bounded time.

The members outside what both keep in order are told added, removed or moved, so the fewer
the better: the longest common subsequence. Its table is len(old) × len(new) cells, and an
upload of 1 MiB can hold a pipeline of thousands of filters: two of 3,000 members took 16 s
and a table of 9 million cells to compare. So the members both files open and close with alike
are kept without a table (an edit touches a few members of a long pipeline), and only a rest
of at most `MAX_CELLS` cells is tabled. A longer rest is matched by what both hold, as a
longest increasing run of the new positions of the old members (Hunt–Szymanski: still the
longest common subsequence, in time of the pairs of equal members); past `MAX_PAIRS` of those
(a pipeline naming the same few filters over and over) each old member is kept at the next
place the new pipeline has it, in turn: a common subsequence, not always the longest, so more
members may be told moved than were.
"""

from __future__ import annotations

from bisect import bisect_left

#: Cells of the table of the longest common subsequence at most (the rest of two pipelines
#: past their common opening and end): 300 members each and more than any real pipeline.
MAX_CELLS = 100_000
#: Pairs of equal members (an old one, a new one) past which the rest is matched in turn.
MAX_PAIRS = 200_000


def kept_in_order(was: list[str], now: list[str]) -> dict[int, int]:
    """A longest common subsequence of two member lists, as old position → new position
    (past `MAX_PAIRS`, a common subsequence: see the module's docstring)."""
    most = min(len(was), len(now))
    start = 0
    while start < most and was[start] == now[start]:
        start += 1
    end = 0
    while end < most - start and was[-1 - end] == now[-1 - end]:
        end += 1
    rest_was, rest_now = was[start:len(was) - end], now[start:len(now) - end]
    if len(rest_was) * len(rest_now) <= MAX_CELLS:
        rest = _tabled(rest_was, rest_now)
    else:
        rest = _increasing(rest_was, rest_now)
    kept = {pos: pos for pos in range(start)}
    kept.update({start + i: start + j for i, j in rest.items()})
    kept.update({len(was) - end + k: len(now) - end + k for k in range(end)})
    return kept


def _tabled(was: list[str], now: list[str]) -> dict[int, int]:
    """The longest common subsequence by its table, old order kept first where two tie."""
    lengths = [[0] * (len(now) + 1) for _ in range(len(was) + 1)]
    for i in range(len(was) - 1, -1, -1):
        for j in range(len(now) - 1, -1, -1):
            lengths[i][j] = (lengths[i + 1][j + 1] + 1 if was[i] == now[j]
                             else max(lengths[i + 1][j], lengths[i][j + 1]))
    kept, i, j = {}, 0, 0
    while i < len(was) and j < len(now):
        if was[i] == now[j]:
            kept[i], i, j = j, i + 1, j + 1
        elif lengths[i + 1][j] > lengths[i][j + 1]:
            i += 1
        else:
            # NOTE: of two members that swapped, the one now earlier is told as moved
            # (`authtoken` now before `keystonecontext`): the old order is kept first.
            j += 1
    return kept


def _increasing(was: list[str], now: list[str]) -> dict[int, int]:
    """The longest common subsequence as the longest run of pairs (old, new position) rising
    in both, each old member's new positions taken latest first so that one member is kept
    once; past `MAX_PAIRS` pairs, `_in_turn`."""
    places: dict[str, list[int]] = {}
    for j, member in enumerate(now):
        places.setdefault(member, []).append(j)
    if sum(len(places.get(member, ())) for member in was) > MAX_PAIRS:
        return _in_turn(was, places)
    ends: list[int] = []  # the least new position a rising run of each length ends at
    last: list[int] = []  # the pair that ends it, by its index in `pairs`
    pairs: list[tuple[int, int, int]] = []  # old position, new position, the pair before
    for i, member in enumerate(was):
        for j in reversed(places.get(member, ())):
            length = bisect_left(ends, j)
            pairs.append((i, j, last[length - 1] if length else -1))
            if length == len(ends):
                ends.append(j)
                last.append(len(pairs) - 1)
            else:
                ends[length], last[length] = j, len(pairs) - 1
    kept = {}
    at = last[-1] if last else -1
    while at >= 0:
        i, j, at = pairs[at]
        kept[i] = j
    return kept


def _in_turn(was: list[str], places: dict[str, list[int]]) -> dict[int, int]:
    """Each old member kept at the next place after the last kept that the new pipeline has
    it (`places`: each member's new positions, rising), if any."""
    kept, after = {}, -1
    for i, member in enumerate(was):
        spots = places.get(member, [])
        at = bisect_left(spots, after + 1)
        if at < len(spots):
            kept[i] = after = spots[at]
    return kept
