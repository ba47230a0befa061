"""The diagram's text: its fonts and sizes, each text's width, texts cut to fit a box, and
texts written: as XML can hold them (`xml_safe`), in a `<text>` element (`svg_text`).

Text is measured from the font's fixed advance, so neither the layout nor the drawing needs
font files; the layout sizes boxes with it (`dashboard.diagram_layout`), the drawing cuts
what it writes with it (`dashboard.diagram`, `dashboard.diagram_stand_ins`). A box's factory
is named short as `inspect`'s tree names it again (`stack.factory_names`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from stack.explain_words import article
from stack.graph_model import NO_SECTION

FONT_FAMILY = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace"
#: Advance of one character in em for the monospace fonts above (they measure 0.60), with margin.
CHAR_EM = 0.62
NAME_PX = 14
SMALL_PX = 11
CAPTION_PX = 10
LABEL_PX = 12
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_w(text: str, px: float) -> float:
    """The width of `text` in pixels at size `px`: the fonts advance alike, so no font is read."""
    return len(text) * px * CHAR_EM


def fit(text: str, px: float, width: float) -> str:
    """`text`, cut with an ellipsis to fit `width` pixels."""
    room = max(int(width / (px * CHAR_EM) + 1e-6), 2)
    return text if len(text) <= room else text[: room - 1] + "…"


def route_text(route: dict[str, Any]) -> str:
    """A route as one row of its box: `GET,POST /servers/{id}`, `ANY /` without methods."""
    methods = ",".join(route.get("methods") or []) or "ANY"
    return f"{methods} {route.get('template', '')}"


def hole_words(hole: dict[str, Any]) -> tuple[str, str]:
    """The caption and the reason of a hole: "missing app", "no such section" where no section
    answers to its name, else "refused" (the graph's `cause`; at the end of an edge, a
    branch's, a `use`'s, a `next`'s or a `filter-with`'s: "no such section (line 6)"); or,
    where the name is a section of the other kind (`named`), "not an app", "is a filter (line
    37)", as the graph's error says it ("[filter:authtoken] is a filter"): "no such section"
    beside a `[filter:authtoken]` the operator could see in the file read as a wrong drawing;
    or, where it is a section of a kind PasteDeploy reads none by (`unread`), "missing app",
    "is a pipline (line 9)": the kind is the typo. Here, not in `dashboard.diagram_stand_ins`,
    for the layout sizes a hole's box by its reason as the drawing writes it."""
    named = hole.get("named")
    unread = hole.get("unread")
    if unread is not None:
        # `[pipline:apiversions]`: the section is there, under a kind PasteDeploy reads none by.
        prefix = unread["section"].partition(":")[0]
        return f"missing {hole['kind']}", f"is {article(prefix)}{line_words(unread)}"
    if named is None:
        # The graph's own record of why (`cause`), not its error's wording read back.
        reason = "no such section" if hole.get("cause") == NO_SECTION else "refused"
        # The edge's own line: the box it leaves (a composite's, of many) says none of them.
        return f"missing {hole['kind']}", reason + (line_words(hole) if "of" in hole else "")
    return f"not {article(hole['kind'])}", f"is {article(named['kind'])}{line_words(named)}"


def line_words(place: dict[str, Any]) -> str:
    """` (line N)`, or "" where no line is known."""
    return "" if place.get("line") is None else f" (line {place['line']})"


def xml_safe(text: Any) -> str:
    """`text` as a string XML can hold (control characters replaced)."""
    return _INVALID_XML.sub("\ufffd", str(text))


def svg_text(parent: ET.Element, cls: str, x: float, y: float, px: int, text: str = "",
             **attrs: str) -> ET.Element:
    """A `<text>` of class `cls` added to `parent`, at `x`, `y` (to a tenth of a pixel: more
    digits only weigh the page) and size `px`, with more `attrs` (`text-anchor`): one helper, so
    every text the diagram writes goes through `xml_safe`, as `text` is often a name an ini or a
    stack chose, which may hold a control character XML cannot."""
    element = ET.SubElement(parent, "text", {
        "class": cls, "x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": str(px), **attrs,
    })
    element.text = xml_safe(text)
    return element
