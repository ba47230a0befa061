"""`stack.graph_sections`: a section's refusals as `inspect --json` records them (whole
sections: test_graph; urlmap keys: test_urlmap_keys)."""

from __future__ import annotations

import json

from tests.conftest import run_cli
from tests.conftest import write_ini


def test_a_pipeline_s_missing_members_are_a_record_in_inspect_json(tmp_path) -> None:
    """Each member PasteDeploy would not find, with its place and why, as fields: what draws
    the hole (the upload page) reads them rather than matching the error's wording."""
    path = write_ini(tmp_path, "[pipeline:api]\npipeline = request_id authtokn apiapp\n\n"
                               "[filter:authtoken]\npaste.filter_factory = x:y\n")
    done = run_cli("inspect", str(path), "--json")
    assert done.returncode == 0, done.stderr
    [node] = json.loads(done.stdout)["graphs"][0]["nodes"]
    assert node["refused_members"] == [
        {"pos": 0, "name": "request_id", "kind": "filter",
         "error": "'request_id': no such filter section", "cause": "no section"},
        {"pos": 1, "name": "authtokn", "kind": "filter",
         "error": "'authtokn': no such filter section (did you mean [filter:authtoken] at line "
                  "4?)", "cause": "no section"},
        {"pos": 2, "name": "apiapp", "kind": "app",
         "error": "'apiapp': no such app, composite, pipeline or filter-app section",
         "cause": "no section"}]
    assert sorted(node["errors"]) == sorted(m["error"] for m in node["refused_members"])


#: A urlmap whose factory is misspelt: Paste is installed, and has no `urlmapp`.
URLMAPP = ("[composite:main]\nuse = egg:Paste#urlmapp\n/v2 = api\n\n"
           "[app:api]\npaste.app_factory = myapi.router:APIRouter.factory\n")
NO_URLMAPP = ("use = egg:Paste#urlmapp: entry point 'urlmapp' not found in egg 'Paste' (none by "
              "that name in paste.app_factory, paste.composite_factory, paste.composit_factory "
              "(PasteDeploy's own alias of paste.composite_factory); "
              "did you mean `egg:Paste#urlmap`?)")


def test_an_entry_point_an_installed_package_lacks_is_refused_with_the_one_meant(tmp_path):
    path = write_ini(tmp_path, URLMAPP)
    tree = run_cli("inspect", str(path))
    assert f"  line 2: [composite:main] {NO_URLMAPP}" in tree.stdout.splitlines()
    data = json.loads(run_cli("inspect", str(path), "--json").stdout)
    assert {"section": "composite:main", "error": NO_URLMAPP, "line": 2} in data["errors"]
    which = run_cli("which", str(path), "GET", "/v2/servers", "--name", "main")
    assert which.returncode == 2
    assert which.stdout.splitlines()[:2] == [
        "GET /v2/servers would get no answer: the stack would not load.",
        f"The composite `main` cannot be built (line 2): {NO_URLMAPP}. Loading fails, and no "
        "request is answered."]


def test_a_pipeline_member_an_installed_package_lacks_is_refused(tmp_path):
    path = write_ini(tmp_path, "[pipeline:main]\npipeline = egg:oslo.middleware#request_idd "
                               "api\n\n[app:api]\npaste.app_factory = myapi:factory\n")
    tree = run_cli("inspect", str(path)).stdout.splitlines()
    assert ("  line 2: [pipeline:main] egg:oslo.middleware#request_idd: entry point "
            "'request_idd' not found in egg 'oslo.middleware' (none by that name in "
            "paste.filter_factory, paste.filter_app_factory; did you mean "
            "`egg:oslo.middleware#request_id`?)") in tree


def test_an_entry_point_of_a_package_not_installed_here_is_not_judged(tmp_path):
    """nova's api-paste.ini read on a laptop without nova: its machine may have it."""
    path = write_ini(tmp_path, URLMAPP.replace("egg:Paste#urlmapp", "egg:nova#urlmapp"))
    data = json.loads(run_cli("inspect", str(path), "--json").stdout)
    assert data["errors"] == []
