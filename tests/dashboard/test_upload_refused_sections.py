"""An uploaded ini's page says where each section PasteDeploy would refuse is, as `inspect` does."""

from __future__ import annotations

import html
import re

from tests.dashboard.uploading import upload

REFUSED = b"[app:main]\nuse = egg:demo#app\n\n[pipeline:api]\npipeline = nosuch main\n"


def test_a_refused_section_is_named_with_its_line(dashboard):
    status, _, doc = upload(dashboard, "refused.ini", REFUSED)
    assert status == 200 and doc["errors"][0]["section"] == "pipeline:api"
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    errors = page.split('<ul class="ini-errors"')[1].split("</ul>")[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", errors.split(">", 1)[1])).split())
    assert text == "line 5: [pipeline:api] 'nosuch': no such filter section"
    assert "PasteDeploy would refuse this section:" in page
