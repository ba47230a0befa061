"""What a hop changed in the WSGI environ, in words and as changes: SCRIPT_NAME and PATH_INFO
moved, keys a layer added or removed. The step view lists the changes beside its sentence.
"""

from __future__ import annotations

from typing import Any

from stack.near_names import listed
from stack.redact_environ import by_type
from stack.redact_environ import header_name
from stack.wsgi_path import held_note
from stack.wsgi_path import readable_path


def environ_changes(before: dict, after: dict) -> list[dict[str, Any]]:
    changes = []
    for key, field_name in (("SCRIPT_NAME", "script_name"), ("PATH_INFO", "path_info")):
        was, now = before.get(field_name), after.get(field_name)
        if was != now:
            change = {"key": key, "before": readable_path(was), "after": readable_path(now)}
            # a path the environ holds otherwise than shown says so (`held_note`)
            notes = {"before_note": held_note(was), "after_note": held_note(now)}
            changes.append(change | {field: note for field, note in notes.items() if note})
    return changes


def path_was(change: dict, side: str) -> str:
    """A path of `change` (`environ_changes`) as a sentence says it, its `side` ("before" or
    "after"): in backticks, or "empty"; with its note where the environ holds it otherwise
    than shown (`held_note`), or the `/caf%E9` shown reads as what the app got. Never None:
    a node.enter's paths are text (`stack.events.NodeEnter`), checked as they come in."""
    path = change[side]
    return (f"`{path}`" if path else "empty") + change.get(f"{side}_note", "")


def environ_keys(keys: dict[str, str | None]) -> str:
    """A reader's words for environ keys, each with its value unless None or an object's
    type: "the header X-Auth = `1` and the keys `a` = `x` and `b`". Headers and other keys are
    said apart: in one list, a key's bare name would read as one more header; and a value
    follows an `=`, or "`routes.route` `None`" read as two keys."""
    headers = [(header_name(key), value) for key, value in keys.items() if key[:5] == "HTTP_"]
    others = [(f"`{key}`", value) for key, value in keys.items() if key[:5] != "HTTP_"]
    groups = []
    for kind, items in (("header", headers), ("key", others)):
        if items:
            shown = [label if value is None or by_type(value)
                     else f"{label} = `{value}`" for label, value in items]
            plural = "s" if len(items) > 1 else ""
            groups.append(f"the {kind}{plural} {listed(shown)}")
    return " and ".join(groups)


def added_keys(added: dict[str, str]) -> tuple[str, list[dict[str, Any]]]:
    """Words and changes for environ keys a layer added (an object is named, not shown)."""
    return (environ_keys(added),
            [{"key": key, "before": None, "after": value} for key, value in added.items()])
