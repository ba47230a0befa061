"""An uploaded file's sections no entry uses, its emptiness, and a file refused whole: the page
and `POST /api/inis` say what `python -m stack inspect` says."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.uploading import upload
from tests.dashboard.uploading import uploaded
from tests.stack.refused_alternatives import REFUSED_ALTERNATIVE

#: Cinder's shape, its `[filter:authtoken]` named by no pipeline (and as an app by `/v4`).
BROKEN = b"""\
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3: openstack_volume_api_v3
/v4: volume_v4

[pipeline:openstack_volume_api_v3]
pipeline = request_id apiv3

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory

[filter:keystonecontext]
paste.filter_factory = cinder.api.middleware.auth:CinderKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[pipeline:volume_v4]
pipeline = request_id authtoken
"""


def test_the_sections_no_entry_uses_are_listed_with_their_lines(dashboard, tmp_path):
    status, _, doc = upload(dashboard, "broken-api-paste.ini", BROKEN)
    assert status == 200, doc
    assert doc["unused"] == [{"section": "filter:keystonecontext", "line": 15},
                             {"section": "filter:authtoken", "line": 18}]
    page = dashboard.get(f"/inis/{doc['id']}")[2]
    assert section(page, "Sections no entry uses:") == (
        "Defined, but reached from no entry: PasteDeploy never builds them, so a filter among "
        "them runs on no request. line 15: [filter:keystonecontext] line 18: [filter:authtoken]")
    # As `inspect` names them.
    path = tmp_path / "broken-api-paste.ini"
    path.write_bytes(BROKEN)
    assert ("Sections no entry uses: filter:keystonecontext, filter:authtoken"
            in run_cli("inspect", str(path)).stdout)


def test_a_file_every_section_of_which_is_used_lists_none(dashboard):
    status, _, doc = upload(dashboard, "used.ini", BROKEN.split(b"[filter:keystonecontext]")[0])
    assert status == 200 and doc["unused"] == [], doc
    assert "Sections no entry uses" not in dashboard.get(f"/inis/{doc['id']}")[2]


def test_an_empty_upload_is_said_to_be_empty(dashboard):
    ini_id = uploaded(dashboard, "empty.ini", b"")
    text = " ".join(shown(dashboard.get(f"/inis/{ini_id}")[2]).split())
    assert ("The file is empty: it has no [section] at all (at most comments), so nothing "
            "to load.") in text
    assert "nova.conf" not in text
    # A service's own config still asks whether it is.
    ini_id = uploaded(dashboard, "nova.conf", b"[DEFAULT]\ndebug = true\n")
    assert "rather than its api-paste.ini?" in dashboard.get(f"/inis/{ini_id}")[2]


def test_a_section_defined_twice_refuses_the_whole_file_with_its_line(dashboard):
    """As PasteDeploy's ConfigParser does: nothing of the file is drawn, or kept."""
    text = BROKEN + b"\n[app:apiv3]\npaste.app_factory = other:factory\n"
    status, _, answer = upload(dashboard, "dup.ini", text)
    assert (status, answer["error"], answer["line"]) == (
        400, "dup.ini:24: section [app:apiv3] is defined twice (first at line 12)", 24)
    assert (answer["graphs"], answer["unused"]) == ([], [])
    assert "dup.ini" not in dashboard.get("/inis")[2]


def test_a_filter_only_a_refused_alternative_names_is_listed_apart(dashboard):
    """Its page drew [filter:authtoken] in the refused `keystone` lane and said, beside it,
    that it ran on no request: an operator debugging a 401 deleted it."""
    text = REFUSED_ALTERNATIVE.encode()
    ini_id = uploaded(dashboard, "nova-api-paste.ini", text)
    page = dashboard.get(f"/inis/{ini_id}")[2]
    assert section(page, "Sections no entry uses:").endswith("line 9: [filter:keystonecontext]")
    assert section(page, "Sections named only by what PasteDeploy refuses:") == (
        "No request reaches them while what names them is refused (above); mend that, and "
        "they run. line 7: [filter:authtoken], named by [composite:main] at line 4")
