"""The compute demo uploaded unchanged: its page says it is Pastescope's own demo, and shows its
opening comment, which names the token the README tells a class to send; the Settings table
shows `valid_tokens = ***` as for every upload. A copy changed anywhere (its token above all)
is an ini like any other: nothing of it is said, and its secret stays redacted."""

from __future__ import annotations

import html

from tests.conftest import DEMO
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.uploading import upload

COMPUTE = (DEMO / "compute.ini").read_bytes()
NOTE = '<div class="shipped-demo"'


def uploaded_page(dashboard, name: str, content: bytes) -> tuple[dict, str]:
    status, _, doc = upload(dashboard, name, content)
    assert status == 200, doc
    status, _, page = dashboard.get(f"/inis/{doc['id']}")
    assert status == 200, page
    return doc, page


def test_the_demo_unchanged_says_which_token_it_takes(dashboard):
    doc, page = uploaded_page(dashboard, "compute.ini", COMPUTE)
    assert doc["shipped"]["path"] == "stack/demo/compute.ini"
    note = shown(part(page, NOTE, "</div>"))
    assert "Pastescope's own demo stack/demo/compute.ini, unchanged" in note
    assert "Token for the keystone pipeline: X-Auth-Token: demo-token" in note
    # The table still redacts it, as every upload's: the note says why it may be said here.
    assert "valid_tokens = ***" in html.unescape(shown(part(page, '<div id="settings"', "</div>")))
    # A clone checked out with Windows line ends is the same demo.
    doc, page = uploaded_page(dashboard, "compute.ini", COMPUTE.replace(b"\n", b"\r\n"))
    assert doc["shipped"]["path"] == "stack/demo/compute.ini" and NOTE in page


def test_a_changed_copy_is_said_no_demo_and_keeps_its_secret(dashboard):
    secret = b"valid_tokens = s3cret-of-a-real-cloud"
    for changed in (COMPUTE.replace(b"valid_tokens = demo-token", secret),
                    COMPUTE.replace(b"# Token for", b"# The token for")):
        doc, page = uploaded_page(dashboard, "compute.ini", changed)
        assert "shipped" not in doc
        assert NOTE not in page and "s3cret" not in page and "demo-token" not in page
