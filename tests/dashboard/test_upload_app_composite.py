"""An uploaded `[app:main] use = egg:Paste#urlmap`: drawn with its prefixes, as the composite
PasteDeploy builds, and the page says why."""

from __future__ import annotations

import html
import re

from tests.dashboard.uploading import upload
from tests.stack.urlmap_app import BUILT_AS_COMPOSITE
from tests.stack.urlmap_app import URLMAP_APP


def test_the_upload_page_draws_its_prefix_and_says_it_is_built_as_a_composite(dashboard):
    status, _, doc = upload(dashboard, "api-paste.ini", URLMAP_APP.encode())
    assert status == 200, doc
    assert doc["entries"] == ["app:main"]
    assert doc["graphs"][0]["edges"] == [
        {"source": "app:main", "target": "app:app", "label": "/demo"}]
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    assert 'data-node="app:app"' in page
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert f"warning: {BUILT_AS_COMPOSITE}" in text
