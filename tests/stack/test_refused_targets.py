"""A composite's branch PasteDeploy would not build has no edge: `inspect --json` keeps it as a
record (`refused_targets`), from the refusal that says it in words, so what draws the branch
(the upload page) need not find it in the error's wording."""

from __future__ import annotations

import json

from tests.conftest import INI_DATA
from tests.conftest import run_cli
from tests.conftest import write_ini

#: /tmp/ps-repro/a.ini's shape: `/` names a section whose kind PasteDeploy reads none by.
UNREAD = """\
[DEFAULT]
auth_strategy = keystone

[composite:main]
use = egg:Paste#urlmap
/ = apiversions
/v1 = api
not_found_app = gone

[pipline:apiversions]
pipeline = versions

[app:api]
paste.app_factory = stack.demo.compute:APIRouter.factory

[app:versions]
paste.app_factory = stack.demo.compute:Versions.factory
"""


def inspect_json(path) -> dict:
    done = run_cli("inspect", str(path), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def node(doc: dict, node_id: str) -> dict:
    return next(n for g in doc["graphs"] for n in g["nodes"] if n["id"] == node_id)


def test_a_urlmap_branch_naming_no_app_is_a_record_with_its_label_and_line(tmp_path):
    doc = inspect_json(write_ini(tmp_path, UNREAD))
    main = node(doc, "composite:main")
    apiversions = ("'apiversions': no such app, composite, pipeline or filter-app section "
                   "([pipline:apiversions] at line 10 has that name, but `pipline` is no "
                   "section kind PasteDeploy reads: did you mean [pipeline:apiversions]?)")
    gone = "'gone': no such app, composite, pipeline or filter-app section"
    assert main["refused_targets"] == [
        {"label": "not_found_app", "line": 8, "members": [
            {"pos": 0, "name": "gone", "kind": "app", "error": gone}]},
        {"label": "/", "line": 6, "members": [
            {"pos": 0, "name": "apiversions", "kind": "app", "error": apiversions}]}]
    # The same refusal the errors list gives, at the same line: computed once.
    assert {(e["line"], e["error"]) for e in doc["errors"]} == {(6, apiversions), (8, gone)}
    assert [e["label"] for e in doc["graphs"][0]["edges"]] == ["/v1"]


def test_a_broken_alternative_keeps_every_word_the_refused_one_with_why(tmp_path):
    """cinder with `authtoken` misspelt in its keystone alternatives: each is kept word by word,
    the misspelt one with its part of the alternative's refusal, the others found."""
    text = (INI_DATA / "cinder-api-paste.ini").read_text().replace(
        "osprofiler authtoken keystonecontext apiv2",
        "osprofiler authtokn keystonecontext apiv2")
    doc = inspect_json(write_ini(tmp_path, text, "cinder.ini"))
    composite = node(doc, "composite:openstack_volume_api_v2")
    [keystone, nolimit] = composite["refused_targets"]
    assert (keystone["label"], nolimit["label"]) == ("keystone", "keystone_nolimit")
    assert keystone["line"] == composite["refused_alternatives"]["keystone"]["line"]
    words = "cors request_id faultwrap sizelimit osprofiler authtokn keystonecontext apiv2"
    assert [(m["pos"], m["name"], m["kind"]) for m in keystone["members"]] == [
        (pos, word, "app" if word == "apiv2" else "filter")
        for pos, word in enumerate(words.split())]
    why = "'authtokn' names no filter section (did you mean [filter:authtoken] at line 63?)"
    assert [m["error"] for m in keystone["members"]] == [None] * 5 + [why, None, None]
    assert why in composite["refused_alternatives"]["keystone"]["error"]
    # The alternative offered still has its edge, and its inline pipeline.
    assert ["noauth"] == [e["label"] for g in doc["graphs"] for e in g["edges"]
                          if e["source"] == "composite:openstack_volume_api_v2"]


def test_a_composite_that_builds_every_branch_has_none(tmp_path):
    doc = inspect_json(INI_DATA / "cinder-api-paste.ini")
    assert all(n["refused_targets"] == [] for g in doc["graphs"] for n in g["nodes"])
