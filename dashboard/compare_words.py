"""The words of /compare's summary ("What differs"), from two traces and their alignment
(`dashboard.compare.comparison`).

It answers "why does B get 401 when A works", most important first: how the requests
themselves differ (request line, headers present, absent or different, a JSON body), whether
they ran on different stacks or graphs, what each got and why, in `stack.explain`'s words for
the event that decided it (a short circuit, a route miss, a missing action, an exception and
who caught it), the error bodies the client was told, and only then the hops and the time.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from typing import Any

from dashboard.status_words import status_text
from stack.explain import explain_steps
from stack.explain_answer import body_line
from stack.explain_answer import quote
from stack.explain_answer import read_none_after
from stack.explain_answer import unread_sent
from stack.explain_errors import MISSING_ACTION
from stack.explain_words import outcome_words
from stack.near_names import first_and_more
from stack.near_names import listed
from stack.redact import REDACTED
from stack.wsgi_path import readable_path

if TYPE_CHECKING:
    from dashboard.compare import Hop
    from dashboard.timeline import Span

#: Names (hops, headers) one sentence of the summary lists before "and N more".
SHOWN_NAMES = 6
#: Reasons one request's line names before "and N more" (a posted trace can short-circuit at
#: every one of thousands of layers).
SHOWN_CAUSES = 2
#: Most characters of a response body or JSON request body quoted.
QUOTED = 300


def summary_lines(found: dict[str, Any], graphs_differ: bool) -> list[tuple[str, str]]:
    """The "What differs" list, most important first: (name, words with `code` in backticks);
    the name is the line's `data-summary`."""
    a, b = found["a"], found["b"]
    lines = [("request", request_words(a, b))]
    stack = stack_words(a, b, graphs_differ)
    if stack:
        lines.append(("stack", stack))
    lines += outcome_lines(a, b)
    body = body_words(error_body(a), error_body(b))
    if body:
        lines.append(("body", body))
    left_a, left_b = found["left_out"]
    cut = (left_a, left_b) != (0, 0)
    if cut:
        lines.append(("left-out", (
            f"These requests are long (A {found['hop_counts'][0]} hops, B "
            f"{found['hop_counts'][1]}), so only their first {found['max_hops']} hops are "
            f"compared, up to the last one both went through: A's last {left_a} hops and B's "
            f"last {left_b} are left out of this list and of the table below (the totals "
            "count them).")))
    for side in ("a", "b"):
        only = found[f"only_{side}"]
        if only:
            lines.append((f"only-{side}", only_words(side, found["hops"], only,
                                                     found[f"only_{side}_ms"])))
    if not found["only_a"] and not found["only_b"]:
        compared = ", as far as they are compared" if cut else ""
        lines.append(("same-path", f"Both went through the same hops{compared}."))
    origin = found["status_origin"]
    if origin is not None:
        above = found["status_above"]
        then = ("" if not above else ", then at the layer above it" if above == 1
                else f", then at the {above} layers above it")
        lines.append(("status", (
            f"On the way out, the status first differs at `{origin.label}` (A "
            f"{hop_status(origin.a)}, B {hop_status(origin.b)}){then}.")))
    if found["total_diff_ms"] is not None:
        a_ms, b_ms = found["total_ms"]
        lines.append(("total", (f"In all, A took {a_ms:.3f} ms and B {b_ms:.3f} ms "
                                f"({found['total_diff_ms']:+.3f} ms for B).")))
    biggest = found["biggest"]
    if biggest is not None:
        lines.append(("time", (
            f"Hop by hop, the self time differs most at `{biggest.label}`: A "
            f"{took(biggest.a)}, B {took(biggest.b)} ({biggest.self_diff_ms:+.3f} ms for B).")))
    return lines


def first_event(trace: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next((e for e in trace["events"] if e["kind"] == kind), None)


def request_words(a: dict[str, Any], b: dict[str, Any]) -> str:
    """How the two requests differ as sent: request line, headers, the JSON body."""
    line_a, line_b = request_line(a), request_line(b)
    if line_a == line_b:
        text = f"Both are `{line_a}`"
    else:
        parts = [name for name, key in (("methods", "method"), ("paths", "path"),
                                        ("queries", "query")) if a.get(key) != b.get(key)]
        text = f"A is `{line_a}`, B `{line_b}`" + (f" (their {listed(parts)} differ)"
                                                    if parts else "")
    start_a, start_b = first_event(a, "request.start"), first_event(b, "request.start")
    if start_a is None or start_b is None:
        return text + "; the headers of one of them were not recorded."
    bodies = json_body_words(action_body(a), action_body(b))
    headers = [start["data"].get("headers") or {} for start in (start_a, start_b)]
    if bodies:  # two JSON bodies: how they differ says more than their lengths do
        headers = [{name: value for name, value in sent.items()
                    if name.lower() != "content-length"} for sent in headers]
    secret, changes = header_words(*headers)
    changes += bodies
    aside = f" ({secret})" if secret else ""
    if not changes:
        return text + f" with the same headers{aside}."
    return text + "; " + "; ".join(changes) + aside + "."


def request_line(trace: dict[str, Any]) -> str:
    query = f"?{trace['query']}" if trace.get("query") else ""
    return f"{trace.get('method') or '?'} {readable_path(trace.get('path')) or '?'}{query}"


def header_words(a: dict[str, str], b: dict[str, str]) -> tuple[str, list[str]]:
    """What is said of the redacted headers both sent ("" for none), and each difference.

    Header names are compared as HTTP does, whatever their case. A redacted value is never
    shown, and two redacted values cannot be compared; but a secret header one request sent
    and the other did not is said all the same (a 401's most common reason)."""
    by_key_a = {name.lower(): (name, value) for name, value in a.items()}
    by_key_b = {name.lower(): (name, value) for name, value in b.items()}
    changed, secret = [], []
    for key in (key for key in by_key_a if key in by_key_b):
        (name, value_a), value_b = by_key_a[key], by_key_b[key][1]
        if REDACTED in (value_a, value_b):
            secret.append(f"`{name}`")
        elif value_a != value_b:
            changed.append(f"`{name}` (A `{plain(value_a)}`, B `{plain(value_b)}`)")
    words = []
    for side, mine, theirs in (("A", by_key_a, by_key_b), ("B", by_key_b, by_key_a)):
        names = [shown_header(*mine[key]) for key in mine if key not in theirs]
        if names:
            header = "the header" if len(names) == 1 else "the headers"
            words.append(f"only {side} sent {header} {listed_capped(names)}")
    if changed:
        header, verb = ("the header", "differs") if len(changed) == 1 else ("the headers",
                                                                             "differ")
        words.append(f"{header} {listed_capped(changed)} {verb}")
    said = (f"both sent {listed(secret)}, whose values are redacted and not compared"
            if secret else "")
    return said, words


def shown_header(name: str, value: str) -> str:
    return f"`{name}` (its value redacted)" if value == REDACTED else f"`{name}: {plain(value)}`"


def action_body(trace: dict[str, Any]) -> str | None:
    """The JSON body the router handed the controller action, or None: the one place a trace
    records a request's body."""
    action = first_event(trace, "controller.action")
    args = (action["data"].get("args") or {}) if action is not None else {}
    return json.dumps(args["body"], ensure_ascii=False) if "body" in args else None


def json_body_words(a: str | None, b: str | None) -> list[str]:
    if a == b:
        return []
    if a is None or b is None:
        side, body = ("A", a) if b is None else ("B", b)
        return [f"only {side}'s action was given a JSON body, `{quoted(body)}`"]
    return [f"their JSON bodies differ: A `{quoted(a)}`, B `{quoted(b)}`"]


def stack_words(a: dict[str, Any], b: dict[str, Any], graphs_differ: bool) -> str:
    if a.get("stack") != b.get("stack"):
        return (f"They ran on different stacks, A on `{a.get('stack')}` and B on "
                f"`{b.get('stack')}`: their layers differ as their stacks do.")
    if graphs_differ:
        return (f"Both ran on the stack `{a.get('stack')}`, but it announced another graph "
                "between them (its ini changed, and it was started again): a hop only one "
                "went through may be the edit, not the request.")
    return ""


def outcome_lines(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, str]]:
    """What each got, and why in `stack.explain`'s words: said once when both are alike."""
    got_a, got_b = got(a), got(b)
    lines = [("outcome", f"Both got {got_a}." if got_a == got_b
              else f"A got {got_a}, B {got_b}.")]
    why_a, why_b = causes(a["events"]), causes(b["events"])
    if why_a and why_a == why_b:
        return lines + [("why-both", f"Why both got {got_a}: {told_causes(why_a)}")]
    for side, why, status in (("a", why_a, got_a), ("b", why_b, got_b)):
        if why:
            lines.append((f"why-{side}", f"Why {side.upper()} got {status}: {told_causes(why)}"))
    return lines


def got(trace: dict[str, Any]) -> str:
    return status_text(trace.get("status"), trace.get("duration_ms") is not None,
                       "no status yet")


def causes(events: list[dict[str, Any]]) -> list[str]:
    """The explanations (`stack.explain`) of the events that decided a request's answer: a
    layer answering by itself, a urlmap or router matching nothing, an error."""
    missed = {e["node"] for e in events if e["kind"] == "composite.miss"}
    picked = [index for index, e in enumerate(events)
              if e["kind"] in ("composite.miss", "route.miss", "error")
              or e["kind"] == "node.leave" and e["data"].get("short_circuit")
              and e["node"] not in missed]  # the miss says it answered itself
    if not picked:
        return []
    steps = explain_steps(events)
    return [steps[index].text for index in picked]


def told_causes(texts: list[str]) -> str:
    more = len(texts) - SHOWN_CAUSES
    tail = f" (And {more} more: see each request's steps.)" if more > 0 else ""
    return " ".join(lowered(text) for text in texts[:SHOWN_CAUSES]) + tail


def lowered(text: str) -> str:
    """A sentence of `stack.explain` continuing one of ours: "The filter…" → "the filter…";
    a name it starts with (`HTTPNotFound`) keeps its case."""
    return text[0].lower() + text[1:] if text.split(" ", 1)[0] in ("The", "No") else text


def error_body(trace: dict[str, Any]) -> tuple[str, str] | None:
    """The body of an error status (4xx, 5xx) as one line, its HTML left out, with what its
    client reads none of a body after (`read_none_after`: "a HEAD", or ""); None for none."""
    end = first_event(trace, "request.end")
    if end is None or (end["data"].get("status") or 0) < 400 or not end["data"].get("body"):
        return None
    line = body_line(end["data"]["body"], end["data"].get("content_type") or "")
    start = first_event(trace, "request.start")
    after = read_none_after(start["data"].get("method") if start else None, end["data"]["status"])
    return (line, after) if line else None


def body_words(a: tuple[str, str] | None, b: tuple[str, str] | None) -> str:
    """The error bodies, when they differ: from the first sentence they differ in, when both
    have one (a framework's error page repeats its words before the reason). A body a client
    reads none of (a HEAD's, which eventlet sends after the headers all the same) is said so,
    as the request page says it, not as what the client was told."""
    if a == b:
        return ""
    if a is None or b is None:
        side, (body, after) = ("A", a) if b is None else ("B", b)
        return f"{side}'s body{sent_by(after)} said: {quote(plain(body), QUOTED)}"
    if a[0] == b[0]:  # one read, the other not
        side, after = ("A", a[1]) if a[1] else ("B", b[1])
        return (f"Both bodies said {quote(plain(a[0]), QUOTED)}, but {side}'s was "
                f"{unread_sent(after)}.")
    text_a, text_b = parted(a[0], b[0])
    b_said = f"{sent_by(b[1])} said" if b[1] else ""
    return (f"Their bodies differ: A's{sent_by(a[1])} said “{quoted(text_a)}”, "
            f"B's{b_said} {quote(plain(text_b), QUOTED)}")


def sent_by(after: str) -> str:
    """What a side's quoted body is said to be where its client reads none of it ("")."""
    return f", {unread_sent(after)}," if after else ""


def parted(a: str, b: str) -> tuple[str, str]:
    """Two texts from the start of the sentence where they first differ, "…" for the rest."""
    words_a, words_b = a.split(" "), b.split(" ")
    same = 0
    while same < min(len(words_a), len(words_b)) - 1 and words_a[same] == words_b[same]:
        same += 1
    while same and not words_a[same - 1].endswith((".", ":", "!", "?")):
        same -= 1
    if not same:
        return a, b
    return "… " + " ".join(words_a[same:]), "… " + " ".join(words_b[same:])


def only_words(side: str, hops: list[Hop], only: list[Hop], spent: float) -> str:
    """"After `X`, only A went through `Y` and `Z`, and spent … ms in them": `X`, the last
    hop both went through before, is where their paths part."""
    first = hops.index(only[0])
    common = next((hop for hop in reversed(hops[:first]) if not hop.only), None)
    after = f"After `{common.label}`, only" if common is not None and common.depth else "Only"
    names = [f"`{hop.label}`" + (f" (which does not exist: `{MISSING_ACTION}`)"
                                 if hop.missing else "") for hop in only]
    them = "it" if len(only) == 1 else "them"
    return (f"{after} {side.upper()} went through {listed_capped(names)}, and spent "
            f"{spent:.3f} ms in {them}.")


def hop_status(span: Span | None) -> str:
    if span is None:
        return "not reached"
    return outcome_words(span.status, span.unstarted, span.body_raised)


def took(span: Span | None) -> str:
    return "not reached" if span is None or span.self_ms is None else f"{span.self_ms:.3f} ms"


def listed_capped(words: list[str]) -> str:
    """`listed`, or past `SHOWN_NAMES` words the first of them and how many more, counted as
    every line a person reads counts them (`and 1,004 more`)."""
    return listed(words) if len(words) <= SHOWN_NAMES else first_and_more(words, SHOWN_NAMES)


def plain(value: str) -> str:
    """A value to show between backticks: a backtick of its own would end the code early."""
    return value.replace("`", "'")


def quoted(text: str) -> str:
    text = plain(text)
    return text if len(text) <= QUOTED else text[:QUOTED - 1] + "…"
