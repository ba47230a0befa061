"""Plain words as HTML: `names in backticks` set as code, everything else escaped; a layer's
name with the points it may break at.

Explanations (`stack.explain`), "what would this URL hit" answers (`stack.resolve`) and lesson
notices all write names, paths and headers between backticks; every page shows them through
the one `ticks` template filter, so a name reads as code wherever it appears. A shell command
the pages give to copy is shown through `whole_words`.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from markupsafe import escape

#: The characters a layer's name may break after: `filter:|http_|proxy_|to_|wsgi`,
#: `pipeline:|openstack_|compute_|api_|v21[|keystone]`.
NAME_BREAKS = re.compile(r"([:_.\[])")

#: The singular of each plural a page or the console counts things in (`counted`).
SINGULAR = {"prefixes": "prefix", "keys": "key", "filters": "filter", "batches": "batch",
            "headers": "header"}

#: Text between backticks: a name or value, shown as code (an empty pair is an empty value).
TICKED = re.compile(r"`([^`]*)`")


def counted(count: int, words: str) -> str:
    """`count` of what `words` name, as a page says it: `1 prefix`, `3,000 prefixes`, `1 more
    filter` (it read `1 prefixes`, `and 1 more filters`): the last word singular for one."""
    lead, _, last = words.rpartition(" ")
    if count == 1:
        last = SINGULAR.get(last, last)
    return f"{count:,} {lead} {last}" if lead else f"{count:,} {last}"


def ticks(text: str) -> Markup:
    """`text` as HTML: escaped, with each `name` in backticks set as `<code>`."""
    return Markup(TICKED.sub(r"<code>\1</code>", str(escape(text))))


def breakable(name: str) -> Markup:
    """`name` (a layer's, `filter:http_proxy_to_wsgi`, or an environ key) as HTML, escaped,
    with a `<wbr>` after each `:`, `_`, `.` and `[`: a box too narrow for it breaks it there,
    "filter:http_|proxy", not anywhere ("filter:http_pro|xy") as projector type in a list of
    hops did, and the step view's key column "wsgiorg.routing_a|rgs"."""
    return Markup(NAME_BREAKS.sub(r"\1<wbr>", str(escape(name))))


def whole_words(command: str) -> Markup:
    """`command` (a shell command to copy, plain text: not HTML) as HTML, escaped, each of its
    words in a `<span class="word">` (dashboard.css) that moves to the next line whole: a
    phone broke `--trace-to` at its hyphen, "--trace-|to", which reads as two options. Only a
    word wider than the whole line breaks inside."""
    words = (f'<span class="word">{escape(word)}</span>' for word in command.split())
    return Markup(" ".join(words))
