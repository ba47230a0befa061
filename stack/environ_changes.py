"""The environ keys layers added and removed, as request.start's and request.end's records
say them, worked out as the request ends (`stack.wire.prepared`).

No layer copies or compares the environ: its key counts and insertion order tell which keys were
added (`environ_changes`), and each path's keys are planned once (`_plan_changes`).
"""

from __future__ import annotations

import itertools
from typing import Any

from stack import redact
from stack import redact_environ
from stack.trace_records import TRACE_KEY

#: Environ keys no layer is said to add: WebOb's own caches, and the Trace's key.
HIDDEN_ENVIRON = ("webob.", "pastescope.")


def environ_changes(before: dict, after: dict, count: int) -> tuple[list, list]:
    """The keys layers added to the environ, and the keys they removed.

    `before` is the environ as the server handed it over, `after` the same dict once the
    response was done, holding `count` keys then; the Trace's own key sits right after the
    server's. Dicts keep insertion order, so a key's position says when it was added, and
    `stack.wire_events.to_events` puts it on the layer whose recorded key counts bracket that
    position. The added keys are `[first, offsets, keys, texts]`: key i sits at position
    first + offsets[i] and is shown as texts[i]. A deletion shifts positions: when a request
    key is gone (the Trace's key is no longer where it was put), the new keys are found by name
    and `first` is None: they have no position.
    """
    first = len(before) + 1
    size = len(after)
    # NOTE: read from the end, backwards: the few keys layers added are the last ones, and
    # walking past the server's two dozen first costs more than the rest.
    start, stop = max(0, size - count), max(0, size - first + 1)
    keys = tuple(itertools.islice(reversed(after), start, stop))  # newest first
    if len(keys) == count - first + 1 and keys[-1:] == (TRACE_KEY,):
        values = tuple(itertools.islice(reversed(after.values()), start, stop))
        types = tuple(map(type, values))
        offsets, names, texts, plain = (_change_plans.get((keys, types))
                                        or _plan_changes(keys, types))
        if plain:
            texts = list(texts)
            for index, newest in plain:
                texts[index] = redact_environ.plain_text(values[newest])
        return [first, offsets, names, texts], []
    names, texts = [], []
    for key, value in after.items():
        if key not in before and (text := shown(key, value)) is not None:
            names.append(key)
            texts.append(text)
    removed = sorted((key, shown(key, before[key])) for key in before.keys() - after.keys())
    return [None, [], names, texts], removed


#: How the keys layers added are shown, by the added keys (newest first, the Trace's key
#: last) and their values' types: a path through the stack adds the same keys request after
#: request, so each is planned once (`_plan_changes`) and a request only fills in the plain
#: values (text, numbers), up to `MAX_CHANGE_PLANS` plans.
_change_plans: dict[tuple, tuple] = {}
MAX_CHANGE_PLANS = 1024


def _plan_changes(keys: tuple[str, ...], types: tuple[type, ...]) -> tuple:
    """`(offsets, names, texts, plain)`: the shown keys oldest first, their offsets from the
    first added position, their texts where the type alone decides it (a secret, an object),
    and `(index, newest)` for each text to read from the value at `newest` in `keys`."""
    offsets, names, texts, plain = [], [], [], []
    added = len(keys) - 1
    for newest in range(added - 1, -1, -1):
        key = keys[newest]
        kind = _key_kinds.get(key) or _classify(key)
        if kind is _HIDDEN:
            continue
        offsets.append(added - 1 - newest)
        names.append(key)
        if kind is _SECRET:
            texts.append(redact.REDACTED)
        elif types[newest] in redact_environ.PLAIN_TYPES:
            plain.append((len(texts), newest))
            texts.append(None)
        else:
            texts.append(redact_environ.object_text(types[newest]))
    plan = (offsets, names, tuple(texts), tuple(plain))
    if len(_change_plans) < MAX_CHANGE_PLANS:
        _change_plans[keys, types] = plan
    return plan


#: How each environ key met so far is shown: keys repeat with every request, so each is
#: classified once (`_classify`), up to `MAX_KEY_KINDS` keys.
_key_kinds: dict[str, object] = {}
_HIDDEN, _SECRET, _SHOWN = object(), object(), object()
MAX_KEY_KINDS = 4096


def _classify(key: str) -> object:
    kind = (_HIDDEN if key.startswith(HIDDEN_ENVIRON)
            else _SECRET if redact_environ.is_secret_environ(key) else _SHOWN)
    if len(_key_kinds) < MAX_KEY_KINDS:
        _key_kinds[key] = kind
    return kind


def shown(key: str, value: Any) -> str | None:
    """An environ value as an event shows it: redacted if its key is secret, None if the key
    is not shown at all (`HIDDEN_ENVIRON`)."""
    kind = _key_kinds.get(key) or _classify(key)
    if kind is _SHOWN:
        return redact_environ.environ_value(value)
    return redact.REDACTED if kind is _SECRET else None
