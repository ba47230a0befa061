"""What each layer did to the response headers on the way out, from node.leave's `headers`.

Only a stack served with `--check-wsgi` records the headers each layer passed up
(`stack.wsgi_checks`); comparing a layer's with those the layer below it passed up says what
it added, changed or removed, which is what a middleware developer looks for (request_id's
`X-OpenStack-Request-Id`). Pure functions over a trace's events, so the request page and the
step view say the same.
"""

from __future__ import annotations

from typing import Any

#: Span 0 is the request itself: what its outermost layer passed up went to the server.
REQUEST_SPAN = 0


def headers_below(events: list[dict]) -> tuple[dict[int, list[dict] | None], list[dict] | None]:
    """Each node.leave's index that carries `headers` → the headers the layer below it passed
    up (None when no layer below recorded any: it made its response itself), and the headers
    the outermost layer passed up to the server (None when no layer recorded any).

    The layer below is the last one the layer called (a retry's last answer is the one it
    got); a layer whose headers are not recorded (a pipeline, which shares its first layer's
    call) is taken to pass on what came up to it, unless it passed up no status: a layer that
    raised, or returned its app's body without calling its own start_response, passed up no
    headers, and the page showed the app's as those the stack answered with.
    """
    # span → what came up to it last: the recorded headers of its nearest layer below
    came_up: dict[Any, list[dict] | None] = {}
    below: dict[int, list[dict] | None] = {}
    for index, event in enumerate(events):
        if event["kind"] != "node.leave":
            continue
        mine = came_up.pop(event["span"], None)
        if "headers" in event["data"]:
            below[index] = mine
            mine = event["data"]["headers"]
        elif event["data"]["status"] is None:
            mine = None  # it raised, or passed up a body with no status: no headers went up
        if mine is not None:
            came_up[event["parent"]] = mine
    return below, came_up.get(REQUEST_SPAN)


def answered_length(events: list[dict]) -> int | None:
    """The `Content-Length` the stack answered with, as its outermost layer passed it up
    (`headers_below`): what a client reads of the body. None when no layer's headers were
    recorded (a stack served without `--check-wsgi`), when it declared none, or when it
    declared one no client reads as a length (no digits, or two that differ)."""
    answered = headers_below(events)[1] or []
    values = {header["value"].strip() for header in answered
              if header["name"].lower() == "content-length"}
    if len(values) != 1:
        return None
    [value] = values
    return int(value) if value.isascii() and value.isdigit() else None


def none_passed_up(events: list[dict]) -> bool:
    """Whether the request's layers all returned and none passed up a status (each raised, or
    passed up a body with none), so that no layer's response headers reached the server and
    none were recorded, even by a stack served with `--check-wsgi`: it records a layer's
    headers only as they go up through start_response. The page said of such a trace that
    they are recorded only with that flag, which read as advice to turn on one already on."""
    leaves = [event for event in events if event["kind"] == "node.leave"]
    return bool(leaves) and all(event["data"]["status"] is None for event in leaves)


def header_change_words(below: list[dict] | None, mine: list[dict]) -> list[str]:
    """What a layer that passed up `mine` did to `below` (the layer below's headers, None
    for none), in words: `added `X-Id: req-1``, `changed `Content-Type` from `a` to `b``,
    `removed `X-Debug: on``; added and changed first, in its order, then removed. A name's
    case does not count (HTTP's does not); a name given twice (`Set-Cookie`) is compared as
    all its values, joined as a client reads them. A value whose redaction hid what changed
    (a token's `***` both times, its `hidden` mark another) is `changed `X-Subject-Token`
    (value hidden)`: the stack compared the values, and the words show neither."""
    before, after = _by_name(below or []), _by_name(mine)
    words = []
    for key, (name, value, marks) in after.items():
        was, was_marks = before.get(key, (None, None, None))[1:]
        if was is None:
            words.append(f"added `{name}: {value}`")
        elif was != value:
            words.append(f"changed `{name}` from `{was}` to `{value}`")
        elif was_marks != marks:
            words.append(f"changed `{name}` (value hidden)")
    words += [f"removed `{name}: {value}`"
              for key, (name, value, _) in before.items() if key not in after]
    return words


def _by_name(headers: list[dict]) -> dict[str, tuple[str, str, tuple]]:
    """lower-case name → (the name as first given, its values joined by `, `, the `hidden`
    mark of each value, None where redaction hid none of it)."""
    named: dict[str, tuple[str, str, tuple]] = {}
    for header in headers:
        key, mark = header["name"].lower(), header.get("hidden")
        if key in named:
            name, value, marks = named[key]
            named[key] = (name, f"{value}, {header['value']}", (*marks, mark))
        else:
            named[key] = (header["name"], header["value"], (mark,))
    return named
