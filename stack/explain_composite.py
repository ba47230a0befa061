"""A composite's choice in words: the urlmap prefix it chose and why (Paste's URLMap rules,
host keys first, the catch-all `/`), the key a `pipeline_factory` chose and the setting that
chose it, the alternative a cascade passed the request on to; and why a urlmap took none.

`stack.resolve` says the same of a URL no request has been sent to, in these words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stack.choice_words import chosen_words
from stack.choice_words import setting_place
from stack.composite_factories import is_pipeline_factory
from stack.composite_factories import strategy
from stack.explain_environ import environ_changes
from stack.explain_index import TraceIndex
from stack.explain_places import file_line
from stack.explain_places import located
from stack.explain_words import Step
from stack.explain_words import name
from stack.explain_words import outcome_words
from stack.explain_words import sentence
from stack.graph_json import built_by
from stack.graph_json import strategy_setting
from stack.graph_json import unread_setting
from stack.graph_model import split_id
from stack.near_names import listed
from stack.near_names import near_prefix_note
from stack.near_names import passed_prefixes
from stack.urlmap_labels import label_host
from stack.urlmap_labels import label_prefix
from stack.wsgi_path import lookalike_note
from stack.wsgi_path import named_path
from stack.wsgi_path import quoted_path
from stack.wsgi_path import readable_path
from stack.wsgi_path import starts_with_prefix

#: Runs of slashes, which Paste's URLMap reads as one before it compares a path with its keys.
SLASHES = re.compile("//+")
#: Why a `pipeline_factory` chose its key when nothing it reads sets `auth_strategy`.
DEFAULT_CHOSEN = ", OpenStack's default `auth_strategy`, as the composite sets none it reads"


def dispatch_step(trace, index, event, data) -> Step:
    enter = trace.opened[index]
    changes = environ_changes(enter["data"], data) if enter else []
    text = dispatch_words(trace, index)
    path_info = readable_path(data["path_info"])
    if any(c["key"] == "SCRIPT_NAME" for c in changes):
        before = enter["data"].get("script_name") or ""
        prefix = readable_path((data.get("script_name") or "")[len(before):])
        sees = f"`{path_info}`" if path_info else "an empty PATH_INFO"
        text += (f"; `{prefix}` moved from PATH_INFO to SCRIPT_NAME, so {name(data['target'])} "
                 f"sees {sees}")
    else:
        text += (f"; SCRIPT_NAME and PATH_INFO are unchanged "
                 f"({named_path('PATH_INFO', data['path_info'])})")
    return Step(sentence(text), changes)


def dispatch_words(trace: TraceIndex, index: int) -> str:
    """The composite.dispatch at `index` in words; with the layer the same composite
    dispatched to first, when it tries another (as Paste's cascade does after a 404)."""
    event = trace.events[index]
    data, before = event["data"], trace.passed_on[index]
    label, target = data["label"], data["target"]
    if before is not None:
        outcome = outcome_words(before["data"]["status"], before["span"] in trace.no_status)
        answered = "raised an exception" if outcome == "raised" else f"answered {outcome}"
        return (f"{name(before['node'])} {answered}, so {name(event['node'])} passed the "
                f"request on to its `{label}` alternative, {name(target)}")
    if label.startswith("/") or "://" in label:
        composite = name(event["node"]).removeprefix("the ")
        prefixes = ([edge["label"] for edge in trace.out_edges.get(event["node"], [])]
                    if label == "/" else [])
        return (f"the urlmap {composite} chose `{label}`, "
                f"{prefix_reason(label, data['path_info'], prefixes)}, leading to {name(target)}")
    return (f"{name(event['node'])} chose its `{label}` alternative, {name(target)}"
            f"{_chosen_words(trace, event['node'], label, target)}")


def _chosen_words(trace: TraceIndex, composite: str, label: str, target: str) -> str:
    """`, as `auth_strategy = keystone` at api-paste.ini line 18 says (its `keystone` key at
    line 20)`: why a keyed composite chose `label`, where the setting `auth_strategy` that
    names it is written (a `pipeline_factory`: in the composite, or in the section it `use`s,
    `stack.graph_json.strategy_setting`), and the line of that key (known where it names a
    pipeline of its own: the key's line is that pipeline's), from the graph the trace ran on.
    The operator who wants the other alternative edits one of them. Where nothing the
    factory reads sets it (`auth_strategy` in [DEFAULT], or `set auth_strategy`, is global
    conf, which it does not read: `inspect` warns so), OpenStack's default is said, with the
    line of a `set auth_strategy`, which reads as choosing, in the words `which` and `inspect`
    say it in (`choice_words.chosen_words`), with its file (`at api-paste.ini:20`);
    elsewhere, or where the graph has no setting lines (an older stack's), the composite's
    own line stands in for the setting's; "" without the graph."""
    node = trace.nodes.get(composite)
    if node is None:
        return ""
    factory, conf = built_by(trace.nodes, trace.out_edges, composite)
    picked, chosen_by = strategy(conf)
    chose = is_pipeline_factory(factory) and picked == label
    said = chose and chosen_by == "setting auth_strategy"
    key = trace.nodes.get(target) if trace.keys_into.get(target) == (composite, label) else None
    # The setting that chose it; where none the factory reads did, a `set auth_strategy`.
    written = (strategy_setting(trace.nodes, trace.out_edges, composite, unread=not said)
               if chose else None)
    if written is not None and written[1] is not None:
        holder, line = written
        used = None if holder is node else split_id(holder["id"])[1]
        keyed = _key_at(label, key, holder)
        keyed = f" ({keyed})" if keyed else ""
        if not said:
            option = unread_setting(holder)
            place = setting_place(option, holder["conf"][option], line, holder.get("file"), used)
            return f", {chosen_words('default auth_strategy', place)}{keyed}"
        at = file_line({**holder, "line": line}, None)
        holder_words = f" ([{used}], which it uses)" if used else ""
        return f", as `auth_strategy = {picked}` at {at}{holder_words} says{keyed}"
    why = f", as its `auth_strategy = {picked}` says" if said else DEFAULT_CHOSEN if chose else ""
    if node.get("line") is None:
        return why
    keyed = _key_at(label, key, node)
    keyed = f", {keyed}" if keyed else ""
    return f"{why} (the composite at {file_line(node, None)}{keyed})"


def _key_at(label: str, key: dict | None, holder: dict) -> str:
    """`its `keystone` key at line 20`: where the key `label` a composite chose is written,
    known where it names a pipeline of its own (`key`, whose line is the key's); said after a
    line of `holder`, so its file is named only when it is another. "" without a line."""
    if key is None or key.get("line") is None:
        return ""
    return f"its `{label}` key at {file_line(key, holder.get('file'))}"


def prefix_reason(label: str, path: str, prefixes: Sequence[str] = ()) -> str:
    """Why a urlmap chose its key `label` for `path` (the path within the urlmap), as Paste's
    URLMap decides: the keys naming the request's host before any naming none, then the
    longest prefix that matches. `/` is said to be the catch-all it is: "the longest prefix
    that matches" read, for `/v3/servers`, as if `/` were the one meant for it; with the
    urlmap's `prefixes`, one the path nearly starts with is named (`near_prefix_note`), else
    those it has where the path's first segment only resembles one (`passed_prefixes`)."""
    host = label_host(label)
    prefix = label_prefix(label) or "/"
    if host:
        return (f"a key for the request's host `{host}`, tried before every key naming no "
                f"host" + ("" if prefix == "/" else ", and the longest of its prefixes that "
                                                     "matches"))
    if prefix == "/":
        near = near_prefix_note(path, prefixes, caught=True)
        return (f"the catch-all, as no longer prefix matches {quoted_path(path)}"
                f"{near or passed_prefixes(label, path, prefixes)}")
    return "the longest prefix that matches"


def miss_step(trace, index, event, data) -> Step:
    return Step(sentence(miss_words(trace, event)))


def miss_words(trace: TraceIndex, event: dict) -> str:
    data = event["data"]
    tried = ", ".join(f"`{label}`" for label in data["tried"]) or "no prefixes"
    requested = _request_host(trace)
    return (f"{located(trace, event)} tried {tried}, longest first; "
            f"{unmatched_words(data['tried'], data['path'], requested, 'a prefix of it')}, so "
            "it answered 404 itself and no branch ran")


def _request_host(trace: TraceIndex) -> str:
    """Words for the Host header the request arrived with, for `unmatched_words`; "" when the
    trace has no request.start to say it."""
    start = trace.first.get("request.start")
    if start is None:
        return ""
    if not start["data"].get("host"):
        return ("this request had no Host header (Paste's URLMap then compares the server's "
                "own name)")
    return f"this request's Host is `{start['data']['host']}`"


def unmatched_words(tried: list[str], path: str, requested: str, prefix: str) -> str:
    """Why none of a urlmap's keys `tried` took `path` (the path within the urlmap): "none is
    `/x` or PREFIX", or, where a key naming a host has a prefix of the path, that the host
    is why (`host_bound_words`, given `requested`); then a key the path only looks like
    (`lookalike_note`), or nearly starts with (`near_prefix_note`)."""
    notes = lookalike_note(path, tried) + near_prefix_note(path, tried, caught=False)
    bound = host_bound(tried, path)
    if not bound:
        return f"none is {quoted_path(path)} or {prefix}{notes}"
    rest = (f"none of the others is {quoted_path(path)} or {prefix}"
            if len(bound) < len(tried) else "it has no other key")
    return f"{host_bound_words(bound, path, requested)}; {rest}{notes}"


def host_bound(tried: list[str], path: str) -> list[str]:
    """The keys of `tried` naming a host whose prefix `path` starts with, of a urlmap that
    took no key for `path`: Paste's URLMap skips a key naming a host unless the request is
    for that host (`stack.urlmap_labels.serves_host`), so after a miss these are the keys it skipped
    for the host alone, which "none is a prefix" would deny."""
    path = SLASHES.sub("/", path)
    return [label for label in tried
            if label_host(label) and starts_with_prefix(path, label_prefix(label))]


def host_bound_words(keys: list[str], path: str, requested: str) -> str:
    """`the key `http://a/v3` has `/v3`, a prefix of `/v3/x`, but takes only requests for the
    host `a``, then `, and ` and `requested`, the words for the request's host (if any)."""
    hosts = list(dict.fromkeys(f"`{label_host(key)}`" for key in keys))
    for_hosts = f"the host{'s' if len(hosts) > 1 else ''} {listed(hosts)}"
    if len(keys) == 1:
        text = (f"the key `{keys[0]}` has `{label_prefix(keys[0]) or '/'}`, a prefix of "
                f"{quoted_path(path)}, but takes only requests for {for_hosts}")
    else:
        text = (f"the keys {listed([f'`{key}`' for key in keys])} have prefixes of "
                f"{quoted_path(path)}, but take only requests for {for_hosts}")
    return f"{text}, and {requested}" if requested else text
