""""Uploaded before" tells uploads of one name apart: the demo ini as shipped is said so, and
each other row of the name says what its settings have that the others' do not (a class saw
three "compute.ini" rows alike but for their times)."""

from __future__ import annotations

import html
import re

from tests.conftest import DEMO
from tests.dashboard.uploading import uploaded

COMPUTE = (DEMO / "compute.ini").read_text()


def rows(page: str) -> dict[str, str]:
    """Each row of the table by its upload's id: its text, as read, tags left out."""
    table = page.split('<table class="uploads">')[1].split("</table>")[0]
    found = re.findall(r'<tr data-ini="(\w+)">(.*?)</tr>', table, re.S)
    return {ini_id: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
            for ini_id, row in found}


def test_rows_of_one_name_are_told_apart(dashboard):
    demo = uploaded(dashboard, "compute.ini", COMPUTE)
    noauth = uploaded(dashboard, "compute.ini",
                      COMPUTE.replace("auth_strategy = keystone", "auth_strategy = noauth"))
    commented = uploaded(dashboard, "compute.ini", COMPUTE.replace("# Token", "# The token"))
    other = uploaded(dashboard, "oslo.ini", (DEMO / "oslo.ini").read_text())
    status, _, page = dashboard.get("/inis")
    assert status == 200
    shown = rows(page)
    assert shown[demo].startswith(
        "compute.ini Pastescope's demo, unchanged ( stack/demo/compute.ini ) Differs from the "
        "other compute.ini rows in: [composite:openstack_compute_api_v21] auth_strategy = "
        "keystone ")
    assert shown[noauth].startswith(
        "compute.ini Differs from the other compute.ini rows in: "
        "[composite:openstack_compute_api_v21] auth_strategy = noauth ")
    # A comment changed: not the demo any more, and no setting differs from the demo's.
    assert "Pastescope's demo" not in shown[commented]
    assert "auth_strategy = keystone" in shown[commented]  # unlike the noauth one
    # A name listed once says nothing of others.
    assert "Differs" not in shown[other] and "same settings" not in shown[other]
    assert "Pastescope's demo, unchanged ( stack/demo/oslo.ini )" in shown[other]


def test_the_same_settings_are_said_so(dashboard):
    first = uploaded(dashboard, "glance.ini", "[app:main]\nuse = egg:Paste#static\n")
    second = uploaded(dashboard, "glance.ini", "# moved\n[app:main]\nuse = egg:Paste#static\n")
    shown = rows(dashboard.get("/inis")[2])
    for ini_id in (first, second):
        assert shown[ini_id].startswith(
            "glance.ini The same settings as every other glance.ini listed (a comment, a "
            "line's place or a secret's value differs)"), shown[ini_id]
