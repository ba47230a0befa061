"""The words every explanation, and every page, says of a layer: its name, what it passed up,
the answers of a layer that called another more than once; and the small helpers each
sentence is made with (a capital, a full stop, an article, a status, a count of bytes).

A leaf of the explain modules (`stack.explain` maps them): the pages use these words as they
come, so what a layer passed up is worded in one place, whatever page or step says it.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any

from stack.graph_model import split_id
from stack.near_names import first_and_more

#: The earlier answers of a layer called more than once that are named before "and N more".
SHOWN_ANSWERS = 5


@dataclass
class Step:
    """One event explained: a sentence, and what changed in the WSGI environ at that hop."""

    text: str
    #: Each change is {"key", "before", "after"}: SCRIPT_NAME, PATH_INFO,
    #: `wsgiorg.routing_args` or `status` (a status a layer replaced on the way up).
    changes: list[dict[str, Any]] = field(default_factory=list)


def name(node: str | None) -> str:
    """A reader's name for a node id: `filter:request_id` → "the filter `request_id`"; a
    section of another file (`other.ini#pipeline:api`) → "the pipeline `api` of other.ini",
    as that file has sections of the same names as the file read, often."""
    if not node:
        return "the server"
    file, node = split_id(node)
    kind, _, short = node.partition(":")
    of = f" of {file}" if file else ""
    return f"the {kind} `{short}`{of}" if short else f"`{node}`"


def action_word(action: str) -> str:
    """"`show` action": a controller's action as a sentence names it after "the `servers`
    controller's" or "has no". An action named `action` (nova's `POST /servers/ID/action`,
    the compute demo's 500) is "`action` method": "the `servers` controller's `action` action"
    read as a slip to a class, and a Routes action is the controller's method of that name."""
    return f"`{action}` method" if action == "action" else f"`{action}` action"


def outcome_words(status: int | None, no_status: bool, body_raised: bool = False) -> str:
    """"404", "no status", "body raised" or "raised": what a layer passed up, in the words
    every page uses; `no_status`, whether its span is one of `no_status_spans` (it passed up
    none and raised nothing); `body_raised`, whether its node.leave says the exception that
    left it came out of the body it had returned, read after its call; else a layer with no
    status raised (a layer above may have turned the exception into a status).

    NOTE: "body raised", not "raised": the layer's call returned, and a fault wrapper's
    author read "raised" as an exception its try/except around that call should have caught."""
    if status is not None:
        return str(status)
    if no_status:
        return "no status"
    return "body raised" if body_raised else "raised"


def left_with(event: dict, no_status: set) -> str | None:
    """What `event` says its layer passed up (`outcome_words`) when it is a node.leave; else
    None. `no_status`: the trace's `no_status_spans`. The pages' scripts show these words as
    they come (a box's `data-outcome`, Live's log), so there is no copy of the rule to drift."""
    if event["kind"] != "node.leave":
        return None
    return outcome_words(event["data"]["status"], event["span"] in no_status,
                         bool(event["data"].get("body_raised")))


def repeat_words(leaves: list[dict], passed_up: int | None, no_status: set) -> str:
    """`called the layer below it, the app `app`, twice; the first answer (503) was not passed
    up`: what a layer that passed up `passed_up` did with the answers of the calls `leaves`
    (`repeated_calls`; `no_status`, the trace's `no_status_spans`). That the earlier ones were
    dropped is said only when the status passed up is the last call's and none of theirs;
    else the answers are listed."""
    times = "twice" if len(leaves) == 2 else f"{len(leaves)} times"
    answers = [left_with(leave, no_status) for leave in leaves]
    text = f"called the layer below it, {name(leaves[0]['node'])}, {times}"
    last, earlier = leaves[-1]["data"]["status"], answers[:-1]
    if passed_up is None or passed_up != last or str(passed_up) in earlier:
        return f"{text}, which answered {_answers(answers)}"
    first = "the first answer" if len(earlier) == 1 else f"the first {len(earlier)} answers"
    were = "was" if len(earlier) == 1 else "were"
    return f"{text}; {first} ({_answers(earlier)}) {were} not passed up"


def _answers(answers: list[str]) -> str:
    """`200, 200, 200, 200, 200 and 4 more`: at most `SHOWN_ANSWERS` of `answers`."""
    return first_and_more(answers, SHOWN_ANSWERS)


def status_said(status: int | None) -> str:
    """A status as a sentence says it: a layer that passed up none raised."""
    return str(status) if status is not None else "no status (an exception)"


def byte_count(count: int) -> str:
    """`1 byte`, `2 bytes`."""
    return f"{count} byte" if count == 1 else f"{count} bytes"


def capital(words: str) -> str:
    """Words that begin a sentence: a capital first letter, the rest as they are."""
    return words[0].upper() + words[1:]


def sentence(words: str) -> str:
    """Words as a sentence: a capital first letter and a full stop."""
    return capital(words) + ("" if words.endswith(".") else ".")


def stop(quote: str) -> str:
    """The full stop after a quote, unless the quote ends a sentence itself (or is cut: `…`):
    not `“…is missing.”.`."""
    return "" if quote.endswith((".", "!", "?", "…")) else "."


#: How words said with a "you" begin (`a UserDict`, `a unicode`), which take `a`.
YOU_SOUNDS = ("use", "uni", "usu", "utf", "uti")


def article(word: str) -> str:
    """`a bytes`, `an int`, `an OrderedDict`, `a UserDict`: `word` (a type's name, ticked or
    not) with its indefinite article."""
    bare = word.strip("`").lower()
    an = bare[:1] in "aeiou" and not bare.startswith(YOU_SOUNDS)
    return f"{'an' if an else 'a'} {word}"


def line_words(node: str, line: int | None, reason: str) -> str:
    """` (line N)`, where `node`'s refusal is, as `inspect` cites it (`FILE:N` in another
    file); "" where no line is known or the reason says it already."""
    if not isinstance(line, int) or f"(line {line})" in reason:
        return ""
    file = split_id(node)[0]
    return f" ({file}:{line})" if file else f" (line {line})"
