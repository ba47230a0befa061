"""A composite's branch PasteDeploy would not build has no edge: `inspect --json` keeps it as a
record (`refused_targets`), from the refusal that says it in words, so what draws the branch
(the upload page) need not find it in the error's wording."""

from __future__ import annotations

from tests.conftest import CINDER
from tests.conftest import rewritten
from tests.conftest import write_ini
from tests.stack.inspect_cli import inspect_json
from tests.stack.inspect_cli import node
from tests.stack.refused_alternatives import REFUSED_WORDS

#: The shape of the file QA reported: `/` names a section whose kind PasteDeploy reads none by.
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


def test_a_urlmap_branch_naming_no_app_is_a_record_with_its_label_and_line(tmp_path):
    doc = inspect_json(write_ini(tmp_path, UNREAD))
    main = node(doc, "composite:main")
    apiversions = ("'apiversions': no such app, composite, pipeline or filter-app section "
                   "([pipline:apiversions] at line 10 has that name, but `pipline` is no "
                   "section kind PasteDeploy reads: did you mean [pipeline:apiversions]?)")
    gone = "'gone': no such app, composite, pipeline or filter-app section"
    assert main["refused_targets"] == [
        {"label": "not_found_app", "line": 8, "members": [
            {"pos": 0, "name": "gone", "kind": "app", "error": gone, "cause": "no section"}]},
        {"label": "/", "line": 6, "members": [
            {"pos": 0, "name": "apiversions", "kind": "app", "error": apiversions,
             "cause": "no section"}]}]
    # The same refusal the errors list gives, at the same line: computed once.
    assert {(e["line"], e["error"]) for e in doc["errors"]} == {(6, apiversions), (8, gone)}
    assert [e["label"] for e in doc["graphs"][0]["edges"]] == ["/v1"]


def test_a_broken_alternative_keeps_every_word_the_refused_one_with_why(tmp_path):
    """cinder with `authtoken` misspelt in its keystone alternatives: each is kept word by word,
    the misspelt one with its part of the alternative's refusal, the others found."""
    doc = inspect_json(rewritten(tmp_path, CINDER, "osprofiler authtoken keystonecontext apiv2",
                                 "osprofiler authtokn keystonecontext apiv2"))
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
    assert [m["cause"] for m in keystone["members"]] == [None] * 5 + ["no section", None, None]
    assert why in composite["refused_alternatives"]["keystone"]["error"]
    # The alternative offered still has its edge, and its inline pipeline.
    assert ["noauth"] == [e["label"] for g in doc["graphs"] for e in g["edges"]
                          if e["source"] == "composite:openstack_volume_api_v2"]


def test_a_composite_that_builds_every_branch_has_none(tmp_path):
    doc = inspect_json(CINDER)
    assert all(n["refused_targets"] == [] for g in doc["graphs"] for n in g["nodes"])


EGG_WHY = ("egg:Paste#nonesuch: entry point 'nonesuch' not found in egg 'Paste' (none by that "
           "name in paste.filter_factory, paste.filter_app_factory)")
TWICE_WHY = "'twice' is ambiguous: [filter:twice], [filter: twice]"


def test_an_alternative_with_a_word_refused_as_it_loads_is_kept_as_a_missing_one_is(tmp_path):
    """Picked, as a word naming nothing: the composite refused (PasteDeploy says so too:
    tests/stack/test_graph_oracle.py), the key no edge, each word kept with why and its cause."""
    doc = inspect_json(write_ini(tmp_path, REFUSED_WORDS))
    main = node(doc, "composite:main")
    assert main["refused_targets"] == [{"label": "keystone", "line": 4, "members": [
        {"pos": 0, "name": "request_id", "kind": "filter", "error": None, "cause": None},
        {"pos": 1, "name": "egg:Paste#nonesuch", "kind": "filter", "error": EGG_WHY,
         "cause": "refused"},
        {"pos": 2, "name": "twice", "kind": "filter", "error": TWICE_WHY, "cause": "refused"},
        {"pos": 3, "name": "apiapp", "kind": "app", "error": None, "cause": None}]}]
    [error] = [e for e in doc["errors"] if e["section"] == "composite:main"]
    assert error["error"] == (
        "OpenStack's default `auth_strategy` (keystone: the composite sets none) picks its "
        f"`keystone` alternative (line 4), where {EGG_WHY}; {TWICE_WHY}")
    assert ["noauth"] == [e["label"] for g in doc["graphs"] for e in g["edges"]
                          if e["source"] == "composite:main"]


def test_an_alternative_not_picked_with_a_word_refused_as_it_loads_refuses_nothing(tmp_path):
    """PasteDeploy builds only the picked alternative: one it never loads refuses nothing,
    and is still kept, to draw and for `which --choose`."""
    text = REFUSED_WORDS.replace("noauth = request_id", "auth_strategy = noauth\nnoauth = "
                                 "request_id")
    doc = inspect_json(write_ini(tmp_path, text))
    main = node(doc, "composite:main")
    assert (main["errors"], [e["section"] for e in doc["errors"]]) == (
        [], ["filter:twice", "filter:twice"])
    assert [m["cause"] for m in main["refused_targets"][0]["members"]] == [
        None, "refused", "refused", None]
    assert main["refused_alternatives"]["keystone"]["error"] == (
        f"as chosen, it builds its `keystone` alternative (line 5), where {EGG_WHY}; {TWICE_WHY}")
