"""A stack started again on an edited ini (a filter added to a pipeline): the figures on the
boxes of its new diagram count only the requests that graph served, not those from before."""

from __future__ import annotations

import json

from tests.dashboard.page_text import part
from tests.dashboard.servers import ROOT
from tests.dashboard.servers import announced
from tests.dashboard.servers import send
from tests.dashboard.twice import LANE

#: The compute demo's keystone pipeline before the edit: without `faultwrap`.
BEFORE = "keystone = request_id sizelimit authtoken compute_app"


def test_boxes_of_a_redrawn_graph_count_only_its_own_requests(dashboard, tmp_path):
    demo = ROOT / "stack/demo/compute.ini"
    ini = tmp_path / "compute.ini"
    ini.write_text("\n".join(BEFORE if line.startswith("keystone =") else line
                             for line in demo.read_text().splitlines()) + "\n")
    with announced(dashboard, "osapi_compute", str(ini), stack="edited_figures") as stack:
        for _ in range(3):
            send(dashboard, stack, "GET", "/v2.1/servers", {"X-Auth-Token": "demo-token"})
    # The operator adds faultwrap to the pipeline and starts the stack again.
    ini.write_text(demo.read_text())
    with announced(dashboard, "osapi_compute", str(ini), stack="edited_figures") as stack:
        send(dashboard, stack, "GET", "/v2.1/servers", {"X-Auth-Token": "demo-token"})
        page = dashboard.get("/?stack=edited_figures")[2]
    start = '<script type="application/json" id="initial-figures">'
    figures = json.loads(part(page, start, "</script>")[len(start):-len("</script>")])
    lane = figures["lanes"][LANE]
    # One request went through this lane since faultwrap was added: every box of it says 1,
    # where request_id said 4 (and authtoken 4) around a faultwrap that said 1.
    assert {node: boxes["0"]["requests"] for node, boxes in lane.items()} == {
        "filter:request_id": 1, "filter:faultwrap": 1, "filter:sizelimit": 1,
        "filter:authtoken": 1, "app:compute_app": 1}
    assert figures["nodes"]["composite:osapi_compute"]["requests"] == 1
