"""`GET /api/which&header=…` on an uploaded masakari api-paste.ini: masakari's copy of nova's
urlmap reads the API version of the Accept header, and the answer names masakari's urlmap."""

from __future__ import annotations

from pathlib import Path

from tests.dashboard.uploading import upload
from tests.dashboard.which_queries import ask

MASAKARI = Path(__file__).resolve().parent.parent / "data" / "ini" / "masakari-api-paste.ini"


def test_the_accept_headers_version_picks_masakaris_branch(dashboard):
    status, _, doc = upload(dashboard, MASAKARI.name, MASAKARI.read_bytes())
    assert status == 200, doc
    status, _, answer = ask(dashboard, ("ini", doc["id"]), ("path", "/segments"),
                            ("header", "Accept: application/json;version=1"))
    assert status == 200, answer
    hop = answer["hops"][1]
    assert (hop["node"], hop["label"], hop["script_name"], hop["path_info"], hop["by"]) == (
        "composite:masakari_api_v1", "/v1", "/v1", "/segments", "the Accept header's `version=1`")
    assert ("The composite `masakari_api` (masakari's urlmap) picks `/v1` (of 2), by the Accept "
            "header's `version=1`: no prefix other than `/` matches `/segments`, so masakari's "
            "urlmap takes the API version from the headers and looks it up as the prefix `/v1`; "
            "`/v1` is added to SCRIPT_NAME and PATH_INFO is left as it is, so the composite "
            "`masakari_api_v1` sees PATH_INFO `/segments`.") in answer["describe"]
