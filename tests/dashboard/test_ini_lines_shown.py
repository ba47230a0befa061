"""A real 401 and a real 404, and where in the operator's ini to look: the request page's
*Why it failed* and the step view give the line of the layer that answered itself, of the
pipeline (or `pipeline_factory` key) that put it there, and of the composite and key that
chose that pipeline, from the graph the stack announced."""

from __future__ import annotations

import requests

from tests.conftest import DEMO
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored

#: The compute demo's choice of its keystone pipeline, as the pages say it (code unticked).
CHOSEN = ("The composite openstack_compute_api_v21 chose its keystone alternative, the pipeline "
          "openstack_compute_api_v21[keystone], as its auth_strategy = keystone says (the "
          "composite at compute.ini line 18, its keystone key at line 22).")


def test_a_401_names_the_lines_of_the_filter_and_of_what_chose_it(dashboard):
    with announced(dashboard, "osapi_compute", str(DEMO / "compute.ini")) as stack:
        response = requests.get(stack.url + "/v2.1/servers", timeout=10)
        trace = response.headers["X-Pastescope-Trace"]
        stored(dashboard, trace)
    assert response.status_code == 401
    why = section(dashboard.get(f"/requests/{trace}")[2], "Why it failed")
    assert CHOSEN in why
    assert ("The filter authtoken (compute.ini line 34, placed by the keystone key of "
            "[composite:openstack_compute_api_v21] at line 22) answered 401 itself, without "
            "calling the next layer (a short circuit); these layers never ran: the app "
            "compute_app.") in why
    steps = " ".join(shown(dashboard.get(f"/requests/{trace}/steps")[2]).split())
    assert CHOSEN.removesuffix(".") + "; SCRIPT_NAME and PATH_INFO are unchanged" in steps


def test_a_urlmap_404_names_the_line_of_the_urlmap(dashboard, tmp_path):
    ini = tmp_path / "noroot.ini"
    ini.write_text((DEMO / "compute.ini").read_text().replace("/: computeversions\n", ""))
    with announced(dashboard, "osapi_compute", str(ini)) as stack:
        response = requests.get(stack.url + "/v3/servers", timeout=10)
        trace = response.headers["X-Pastescope-Trace"]
        stored(dashboard, trace)
    assert response.status_code == 404
    why = section(dashboard.get(f"/requests/{trace}")[2], "Why it failed")
    assert ("The composite osapi_compute (noroot.ini line 10) tried /v2.1, longest first; none "
            "is /v3/servers or a prefix of it, so it answered 404 itself and no branch ran."
            ) in why
