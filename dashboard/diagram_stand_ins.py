"""The boxes that stand in for what the diagram does not draw: a section PasteDeploy would not
find (a hole, `draw_hole`), and the branches a composite's drawing leaves out ("and K more",
`draw_more`). Neither is a `.node`: no request ever reaches them, so the live page lights
neither. `dashboard.diagram` draws them in a box's place.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dashboard.diagram_shapes import BOX_PAD
from dashboard.diagram_shapes import Box
from dashboard.diagram_text import CAPTION_PX
from dashboard.diagram_text import NAME_PX
from dashboard.diagram_text import SMALL_PX
from dashboard.diagram_text import fit
from dashboard.diagram_text import hole_words
from dashboard.diagram_text import svg_text
from dashboard.diagram_text import xml_safe
from dashboard.text import counted


def draw_hole(parent: ET.Element, box: Box) -> ET.Element:
    """A member the pipeline names, the one app a composite's branch names, or what a
    section's `use`, `next` or `filter-with` names, that PasteDeploy would not find, in its
    place: a dashed outline with its name and why, the graph's error in its tooltip. Not a
    `.node`: it has no `data-node`, since no request ever reaches it; `data-missing` names it,
    and `data-in` and `data-pos` its place in a lane, or `data-of` and `data-label` the node
    and the edge it is at the end of (with `data-in` too for a `filter-with` drawn in a lane,
    before the member it would wrap)."""
    hole = box.node["missing"]
    caption, reason = hole_words(hole)
    lane_kind, _, lane_name = (box.lane or "").partition(":")
    if "of" in hole:
        kind, _, name = hole["of"].partition(":")
        place = {"data-of": xml_safe(hole["of"]), "data-label": xml_safe(hole["label"])}
        where = f"{'' if hole.get('link') else 'branch '}{hole['label']} of {kind} {name}"
        if box.lane is not None:
            place["data-in"] = xml_safe(box.lane)
            where += f", in {lane_kind} {lane_name}"
    else:
        place = {"data-in": xml_safe(box.lane or ""), "data-pos": str(hole["pos"])}
        where = f"in {lane_kind} {lane_name}"
    g = ET.SubElement(parent, "g", {
        "class": "hole",
        "data-missing": xml_safe(hole["name"]),
        **place,
        "role": "img",
        "aria-label": xml_safe(f"{caption.lower()} {hole['name']}: {reason}, {where}"),
    })
    ET.SubElement(g, "title").text = xml_safe(f"{hole['name']}: {hole['error']}")
    ET.SubElement(g, "rect", {
        "class": "box", "x": f"{box.x:.1f}", "y": f"{box.y:.1f}",
        "width": f"{box.w:.1f}", "height": f"{box.h:.1f}", "rx": "7",
    })
    left = box.x + BOX_PAD
    inner = box.w - 2 * BOX_PAD
    svg_text(g, "kind", left, box.y + 16, CAPTION_PX, caption.upper())
    svg_text(g, "name", left, box.y + 35, NAME_PX, fit(hole["name"], NAME_PX, inner))
    svg_text(g, "reason", left, box.y + 51, SMALL_PX, fit(reason, SMALL_PX, inner))
    return g


def draw_more(parent: ET.Element, box: Box) -> ET.Element:
    """The branches a composite's drawing leaves out (`dashboard.diagram_fold`), after the last
    one drawn: how many, and where they are (`href`): the same page drawing them all, or the list of
    every branch below a drawing that still leaves some out. A link, not a
    `.node`: no request is ever lit there, and a keyboard reaches it as any other link."""
    more = box.node["more"]
    a = ET.SubElement(parent, "a", {
        "class": "more",
        "href": xml_safe(more["href"]),
        "data-folded": xml_safe(more["of"]),
        "data-count": str(more["count"]),
        "aria-label": xml_safe(f"{box.node['name']} ({more['link']})"),
    })
    ET.SubElement(a, "title").text = xml_safe(
        f"Not drawn here: {counted(more['count'], 'more ' + more['word'])} of {more['of']} "
        f"({more['link']})")
    ET.SubElement(a, "rect", {
        "class": "box", "x": f"{box.x:.1f}", "y": f"{box.y:.1f}",
        "width": f"{box.w:.1f}", "height": f"{box.h:.1f}", "rx": "7",
    })
    left = box.x + BOX_PAD
    svg_text(a, "kind", left, box.y + 16, CAPTION_PX, "NOT DRAWN")
    svg_text(a, "name", left, box.y + 35, NAME_PX, box.node["name"])
    svg_text(a, "show-all", left, box.y + 53, SMALL_PX, more["link"])
    return a
