"""The words of `stack.graph_diff`'s changes: one line each, `FILE:LINE: [SECTION] what`.

`python -m stack diff` prints them, and the dashboard's comparison of two uploads lists the same
lines (`dashboard.upload_diff`, the upload's file name for a path): kept apart from the
comparison so that every reader of the changes tells each one the same way. The place opens
the line, as `inspect`'s and an editor's messages do, so a terminal or an editor jumps to it.
"""

from __future__ import annotations

from stack.graph_diff import Change

#: What `diff` says of two files that build the same.
NO_DIFFERENCE = "no difference in what the two files build"


def change_lines(changes: list[Change]) -> list[str]:
    """Each change's line, in the changes' order; `NO_DIFFERENCE` alone for none."""
    return [change_line(change) for change in changes] or [NO_DIFFERENCE]


def change_line(change: Change) -> str:
    """One change as a reader follows it: where, which section, then what changed."""
    place = change.file if change.line is None else f"{change.file}:{change.line}"
    # NOTE: a value may run on over several lines (an indented continuation): one change,
    # one line, so its line breaks are shown as `\\n`.
    return f"{place}: [{change.section}] {_what(change)}".replace("\n", "\\n")


def _what(change: Change) -> str:
    if change.kind == "entry":
        return "is a new entry" if change.change == "added" else "is no longer an entry"
    if change.kind in ("key", "link"):
        return _target(change)
    if change.kind == "pipeline":
        return _member(change)
    if change.kind == "section":
        built = change.new if change.change == "added" else change.old
        if built is None:
            return change.change
        return f"added ({built})" if change.change == "added" else f"removed (was {built})"
    if change.kind == "factory":
        return f"factory {change.new or 'none'} (was {change.old or 'none'})"
    return _setting(change)


def _target(change: Change) -> str:
    """A key, prefix or link added, removed or leading elsewhere."""
    label = change.name or ""
    if change.kind == "link" or label == "not_found_app":
        named = label
    elif label.startswith("/") or "://" in label:
        named = f"prefix {label}"
    else:
        named = f"key {label}"
    if change.change == "added":
        return f"{named} added → {change.new}"
    if change.change == "removed":
        return f"{named} removed (was → {change.old})"
    return f"{named} → {change.new} (was → {change.old})"


def _member(change: Change) -> str:
    """A pipeline member added, removed or moved, said beside a neighbour."""
    where = f", {change.where}" if change.where else ""
    if change.change == "added":
        return f"{change.name} added at position {change.new}{where}"
    if change.change == "removed":
        return f"{change.name} removed (was at position {change.old}{where})"
    moved = f"{change.name} moved from position {change.old} to {change.new}"
    return f"{moved}: now {change.where} (was {change.was})" if change.where else moved


def _setting(change: Change) -> str:
    if change.secret:
        return f"{change.name} changed (a secret: neither value is shown)"
    if change.change == "added":
        return f"{change.name} = {change.new} added"
    if change.change == "removed":
        return f"{change.name} removed (was {change.old})"
    return f"{change.name} = {change.new} (was {change.old})"
