"""A whole number a request gives as text (a list's `?limit=`, a lesson's step in its URL, a
stack's dropped count in a header), read only once it is known to be short enough.

Python refuses to read a number of more than 4,300 digits (`int()` raises ValueError, so that
reading one is not quadratic), and each check here called `int()` on the digits it was given:
a `?limit=` of 5,000 nines ended in the dashboard's 500, not the 400 it was checked for.
"""

from __future__ import annotations


def whole_number(text: str, lowest: int, highest: int) -> int | None:
    """`text` as a whole number from `lowest` to `highest`; None if it is not one (not all
    ASCII digits, or out of that range, however many digits it has)."""
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > len(str(highest)):
        return None
    value = int(text)
    return value if lowest <= value <= highest else None
