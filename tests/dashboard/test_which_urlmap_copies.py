"""`GET /api/which&header=…` on an uploaded masakari api-paste.ini: masakari's copy of nova's
urlmap reads the API version of the Accept header, and the answer names masakari's urlmap."""

from __future__ import annotations

from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask
from tests.stack.masakari_urlmap import BY_ACCEPT
from tests.stack.masakari_urlmap import MASAKARI


def test_the_accept_headers_version_picks_masakaris_branch(dashboard):
    ini_id = uploaded(dashboard, MASAKARI.name, MASAKARI.read_bytes())
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/segments"),
                            ("header", "Accept: application/json;version=1"))
    assert status == 200, answer
    hop = answer["hops"][1]
    assert (hop["node"], hop["label"], hop["script_name"], hop["path_info"], hop["by"]) == (
        "composite:masakari_api_v1", "/v1", "/v1", "/segments", "the Accept header's `version=1`")
    assert BY_ACCEPT in answer["describe"]
