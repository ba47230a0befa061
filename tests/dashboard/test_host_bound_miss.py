"""A urlmap's 404 for a request to another host than the one its key with the path's prefix is
bound to: the request page says the host kept that key out, and nothing on it says no prefix
matched (`stack.explain_composite.unmatched_words`)."""

from __future__ import annotations

import requests

from tests.dashboard.host_bound import INI
from tests.dashboard.page_text import section
from tests.dashboard.servers import announced
from tests.dashboard.servers import stored


def test_the_request_page_says_the_host_kept_the_key_out(dashboard, tmp_path):
    ini = tmp_path / "hosts.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini)) as stack:
        response = requests.get(stack.url + "/v3/x", headers={"Host": "other.example.com"},
                                timeout=10)
        trace = response.headers["X-Pastescope-Trace"]
        stored(dashboard, trace)
    assert response.status_code == 404
    _, _, page = dashboard.get(f"/requests/{trace}")
    assert ("the key http://api.example.com/v3 has /v3, a prefix of /v3/x, but takes only "
            "requests for the host api.example.com, and this request's Host is "
            "other.example.com") in section(page, "Why it failed")
    assert section(page, "Route") == ("No urlmap key took /v3/x; tried "
                                      "http://api.example.com/v3, /v2")
