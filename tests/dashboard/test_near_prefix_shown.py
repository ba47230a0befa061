"""A real 404 from a urlmap prefix typo (`/v21` in the ini, `/v2.1` in the URL): the request
page's *Why it failed* names the prefix beside the catch-all it went to, from the graph the
stack announced, since the urlmap's event names only the key it took."""

from __future__ import annotations

from tests.conftest import write_ini
from tests.dashboard.page_text import section
from tests.dashboard.servers import announced
from tests.dashboard.servers import send
from tests.stack.mistyped_prefix import NOTE
from tests.stack.mistyped_prefix import TYPO_INI


def test_the_request_page_names_the_prefix_a_typo_away(dashboard, tmp_path):
    ini = write_ini(tmp_path, TYPO_INI, "typo.ini")
    with announced(dashboard, "osapi_compute", str(ini)) as stack:
        trace = send(dashboard, stack, "GET", "/v2.1/servers")
    assert trace["status"] == 404
    _, _, page = dashboard.get(f"/requests/{trace['trace']}")
    assert ("The urlmap composite osapi_compute chose /, the catch-all, as no longer prefix "
            f"matches /v2.1/servers; {NOTE.replace('`', '')}, leading to the pipeline "
            "computeversions.") in section(page, "Why it failed")
