"""A real 404 from a urlmap prefix typo (`/v21` in the ini, `/v2.1` in the URL): the request
page's *Why it failed* names the prefix beside the catch-all it went to, from the graph the
stack announced, since the urlmap's event names only the key it took."""

from __future__ import annotations

import requests

from tests.conftest import DEMO
from tests.dashboard.page_text import section
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored


def test_the_request_page_names_the_prefix_a_typo_away(dashboard, tmp_path):
    ini = tmp_path / "typo.ini"
    ini.write_text((DEMO / "compute.ini").read_text().replace(
        "/v2.1: openstack_compute_api_v21", "/v21: openstack_compute_api_v21"))
    with announced(dashboard, "osapi_compute", str(ini)) as stack:
        response = requests.get(stack.url + "/v2.1/servers", timeout=10)
        trace = response.headers["X-Pastescope-Trace"]
        stored(dashboard, trace)
    assert response.status_code == 404
    _, _, page = dashboard.get(f"/requests/{trace}")
    assert ("The urlmap composite osapi_compute chose /, the catch-all, as no longer prefix "
            "matches /v2.1/servers; its prefix /v21 is near the path's /v2.1 but is not it (a "
            "typo, in the ini or in the URL?), leading to the pipeline computeversions."
            ) in section(page, "Why it failed")
