"""An uploaded ini's page says where each section PasteDeploy would refuse is, as `inspect` does."""

from __future__ import annotations

import html
import re

from tests.conftest import NOVA
from tests.dashboard.uploading import upload
from tests.dashboard.uploading import uploaded

REFUSED = b"[app:main]\nuse = egg:demo#app\n\n[pipeline:api]\npipeline = nosuch main\n"


def test_a_refused_section_is_named_with_its_line(dashboard):
    status, _, doc = upload(dashboard, "refused.ini", REFUSED)
    assert status == 200 and doc["errors"][0]["section"] == "pipeline:api"
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    errors = page.split('<ul class="ini-errors"')[1].split("</ul>")[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", errors.split(">", 1)[1])).split())
    assert text == "line 5: [pipeline:api] 'nosuch': no such filter section"
    assert "PasteDeploy would refuse this section:" in page


def test_a_section_refused_for_several_reasons_is_one_section_its_app_first(dashboard):
    """PasteDeploy looks a pipeline's app up before its filters: its refusal comes first."""
    many = b"[pipeline:api]\npipeline = request_id faultwrap apiv1app\n"
    ini_id = uploaded(dashboard, "many.ini", many)
    page = dashboard.get(f"/inis/{ini_id}")[2]
    assert "PasteDeploy would refuse this section:" in page
    errors = page.split('<ul class="ini-errors"')[1].split("</ul>")[0]
    assert [html.unescape(re.sub(r"<[^>]*>", "", item.split(">", 1)[1])).strip()
            for item in errors.split("<li")[1:]] == [
        "line 2: [pipeline:api] 'apiv1app': no such app, composite, pipeline or filter-app "
        "section", "line 2: [pipeline:api] 'request_id': no such filter section",
        "line 2: [pipeline:api] 'faultwrap': no such filter section"]


def test_a_refused_section_the_entry_drawn_does_not_reach_is_said_so(dashboard):
    two = b"[app:main]\nuse = egg:demo#app\n\n[app:broken]\nuse = nowhere\n"
    status, _, doc = upload(dashboard, "two.ini", two)
    assert status == 200 and doc["entries"] == ["app:main", "app:broken"]
    for entry, note in (("app:main", " (not reached from app:main, the entry drawn here)"),
                        ("app:broken", "")):
        page = dashboard.get(f"/inis/{doc['id']}?entry={entry}")[2]
        errors = page.split('<ul class="ini-errors"')[1].split("</ul>")[0]
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", errors.split(">", 1)[1])).split())
        assert text == ("line 5: [app:broken] 'nowhere': no such app, composite, pipeline or "
                        f"filter-app section{note}")


def test_a_broken_file_opens_on_the_entry_that_breaks(dashboard):
    """nova without its `[filter:sizelimit]`: the keystone pipeline osapi_compute picks is
    refused, and what it reached is lost, so osapi_compute is no longer the biggest entry."""
    nova = NOVA.read_text()
    broken = re.sub(r"\[filter:sizelimit\]\n(.+\n)+", "", nova).encode()
    status, _, doc = upload(dashboard, "nova-broken.ini", broken)
    assert status == 200 and doc["errors"]
    biggest = max(doc["graphs"], key=lambda g: len(g["nodes"]))["entry"]
    assert biggest == "composite:ec2"  # the rule as it was would open here, on nothing broken
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    assert 'data-entry="composite:osapi_compute"' in page
    assert ("shown first: the one with the most sections, of those PasteDeploy would refuse"
            in page)
    assert "not reached from" not in page
