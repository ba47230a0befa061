"""`stack.graph_sections`: urlmap keys normalised as Paste does (whole sections: test_graph)."""

from __future__ import annotations

import json

import pytest

from stack import graph_sections
from tests.conftest import run_cli
from tests.conftest import write_ini


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("/", "/"),
        ("/v2/", "/v2"),
        ("//v3//", "/v3"),
        ("domain d port p /x", "http://d:p/x"),
        ("domain api.example.com /", "http://api.example.com/"),
    ],
)
def test_urlmap_prefixes_are_normalised_as_paste_does(key: str, label: str) -> None:
    assert graph_sections.prefix_label(key) == label


def test_a_key_that_is_no_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="not a URL prefix"):
        graph_sections.prefix_label("port 80 /x")


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
         "error": "'request_id': no such filter section"},
        {"pos": 1, "name": "authtokn", "kind": "filter",
         "error": "'authtokn': no such filter section (did you mean [filter:authtoken] at line "
                  "4?)"},
        {"pos": 2, "name": "apiapp", "kind": "app",
         "error": "'apiapp': no such app, composite, pipeline or filter-app section"}]
    assert sorted(node["errors"]) == sorted(m["error"] for m in node["refused_members"])
