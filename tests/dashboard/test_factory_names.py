"""A section's factory is named short alike on the diagram's box and in `inspect`'s tree
(`stack.factory_names`): the box named nova's `call:nova.api.auth:pipeline_factory` as
`call:auth:pipeline_factory`, a reference in no file, and the tree named it whole, so the
box's words were found neither in the tree nor in the file. The full reference stays in the
box's tooltip and where the tree names the section first."""

from __future__ import annotations

from stack import graph as ini_graph
from stack.tree import render_ini
from tests.conftest import NOVA
from tests.dashboard.diagram_checks import SVG
from tests.dashboard.diagram_checks import node_groups
from tests.dashboard.diagram_checks import parse
from tests.dashboard.diagram_checks import text_of
from tests.dashboard.page_text import part
from tests.dashboard.uploading import uploaded

COMPOSITE = "composite:openstack_compute_api_v2"


def test_the_box_and_the_tree_name_a_call_factory_alike(dashboard):
    ini_id = uploaded(dashboard, NOVA.name, NOVA.read_bytes())
    page = dashboard.get(f"/inis/{ini_id}?entry=composite:osapi_compute")[2]
    (box,) = [g for g in node_groups(parse(part(page, "<svg", "</svg>")))
              if g.get("data-node") == COMPOSITE]
    assert text_of(box, "factory").text == "auth:pipeline_factory"
    assert box.find(f"{SVG}title").text.split("\n")[1] == "call:nova.api.auth:pipeline_factory"
    tree = render_ini(ini_graph.read_ini(str(NOVA))).splitlines()
    assert (f"├── [/v1.1] → {COMPOSITE} = call:nova.api.auth:pipeline_factory   (line 67)"
            in tree)
    assert f"├── [/v2] → {COMPOSITE} = auth:pipeline_factory  (shown above)" in tree
