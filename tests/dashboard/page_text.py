"""Reading a dashboard page's HTML as its reader does: the text it shows, its markup without
the glossary's links, a part of its markup, the text of one of its sections (of a request
page, fetched), a row of its timeline, a line of the compare page's "What differs" list, a
diagram's "and K more" box."""

from __future__ import annotations

import html
import re


def shown(page: str) -> str:
    """The text a page shows: markup left out (attributes keep paths as recorded, for scripts)."""
    return html.unescape(re.sub(r"<[^>]*>", "", page))


def unlinked(page: str) -> str:
    """`page`'s markup with each glossary link (`dashboard.glossary.glossary_terms`) left as its
    word (an environ key's with its `<wbr>`s): what a test of the sentences' markup compares."""
    return re.sub(r'<a class="glossary-link"[^>]*>(.*?)</a>', r"\1", page)


def part(page: str, start: str, end: str) -> str:
    """The markup of `page` from `start` to the first `end` after it."""
    return re.search(f"{re.escape(start)}.*?{re.escape(end)}", page, re.S).group()


def more_link(page: str) -> tuple[str, str]:
    """The "and K more" box of the page's diagram: its text as shown, and where it links."""
    link = part(page, '<a class="more"', "</a>")
    texts = [html.unescape(text) for text in re.findall(r"<text[^>]*>(.*?)</text>", link)]
    return " ".join(texts), html.unescape(re.search(r'href="([^"]+)"', link).group(1))


def section(page: str, heading: str) -> str:
    """The text of the section under `<h3>heading</h3>` (to the next heading), its spaces run
    together."""
    markup = page.split(f"<h3>{heading}</h3>", 1)[1].split("<h3>", 1)[0]
    return " ".join(shown(markup).split())


def page_section(dashboard, trace: str, heading: str) -> str:
    """The text of a section of the request page of `trace`."""
    _, _, page = dashboard.get(f"/requests/{trace}")
    return section(page, heading)


def timeline_row(page: str, node: str) -> str:
    """The markup of the timeline's row of `node` (its first)."""
    return part(page, f'data-node="{node}"', "</tr>")


def summary(page: str, name: str) -> str:
    """The text of one line of the "What differs" list."""
    line = re.search(rf'<li data-summary="{name}">(.*?)</li>', page, re.S)
    assert line, f"no {name} line"
    return re.sub(r"<[^>]+>", "", line.group(1))
