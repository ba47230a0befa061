"""`which` reads the [DEFAULT] of a file `config:` leads to as PasteDeploy hands it to a
known filter's factory, and swift's healthcheck reads the global_conf as its factory does.

PasteDeploy loads `config:other.ini#section` with other.ini's [DEFAULT] under the global_conf
it is handed (`loadwsgi._loadconfig`): the referring file's [DEFAULT] and the `set`s on the
way win, a section beside the reference gets none of it. `which` read the file read's
[DEFAULT] alone, and did not know a filter section reached by `use = config:…` at all.
"""

from __future__ import annotations

import json

import pytest
import webob
from paste.deploy import loadapp

from tests.conftest import AUTH_TOKEN_FACTORY
from tests.conftest import OSLO_SIZE_LIMIT
from tests.conftest import run_cli
from tests.conftest import which_lines
from tests.conftest import write_ini

SPY = "tests.stack.test_which_referred_defaults:spy_factory"
APP = "[app:api]\npaste.app_factory = tests.stack.paste_apps:make_app\n"
#: What each spy was handed, by its `tag`: the global_conf under its own settings, as a
#: factory that reads the global_conf (oslo's, keystonemiddleware's, swift's) merges them.
SEEN: dict[str, dict[str, str]] = {}


def spy_factory(global_conf, **local_conf):
    """A filter factory recording what PasteDeploy hands it; it passes every request on."""
    SEEN[local_conf.get("tag", "")] = {**global_conf, **local_conf}
    return lambda app: app


@pytest.fixture(autouse=True)
def nothing_seen():
    SEEN.clear()


def spied_then_posted(tmp_path, files: dict[str, str], path: str,
                      size: int) -> tuple[int, list[str], list[str]]:
    """Write `files` (name: text, the ini last) with a spy as the size limit's `FACTORY` and
    load the ini, so SEEN holds what PasteDeploy hands the factory; write them again with
    oslo.middleware's sizelimit and POST `size` bytes to `path` through it and to `which`.
    What the real stack answered, the lines `which` printed, and those of them saying where
    it would stop: the spy tells what `which` should say, the real filter that it is so."""

    def written(factory: str):
        for file, text in files.items():
            ini = write_ini(tmp_path, text.replace("FACTORY", factory), file)
        return ini

    loadapp(f"config:{written(SPY)}")
    ini = written(OSLO_SIZE_LIMIT)
    request = webob.Request.blank(path, method="POST", body=b"x" * size)
    status = request.get_response(loadapp(f"config:{ini}")).status_int
    lines = which_lines(ini, "POST", path, "-H", f"Content-Length: {size}")
    return status, lines, [line for line in lines if line.startswith("It would stop at")]


def test_a_delay_in_the_default_of_the_used_file_is_read_by_auth_token(tmp_path):
    write_ini(tmp_path, "[DEFAULT]\ndelay_auth_decision = true\n\n[filter:authtoken]\n"
                        f"paste.filter_factory = {AUTH_TOKEN_FACTORY}\n", "auth.ini")
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken api\n\n[filter:authtoken]\n"
                              f"use = config:auth.ini#authtoken\n\n{APP}")
    lines = which_lines(ini, "GET", "/x")
    assert ("The filter `authtoken` (line 4) is keystonemiddleware's auth_token with "
            "`delay_auth_decision` true (`delay_auth_decision = true` in the [DEFAULT] of "
            "auth.ini, which PasteDeploy hands that file's factories under the [DEFAULT] and "
            "`set`s of the sections that lead there): it answers no 401 itself, but marks a "
            "request without a valid token `X-Identity-Status: Invalid` and leaves the "
            "refusal to the layers after it.") in lines
    assert not [line for line in lines if "below, the walk goes on" in line]


LIMITS = ("[DEFAULT]\nmax_request_body_size = 100\n\n"
          "[filter:sizelimit]\npaste.filter_factory = FACTORY\ntag = limit\n\n"
          "[filter:tagged]\npaste.filter_factory = tests.stack.paste_apps:make_tag\n\n"
          "[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\n\n"
          "[app:app]\npaste.app_factory = tests.stack.paste_apps:make_app\n")
#: A size limit of the ini's own, not built under limits.ini's [DEFAULT]: oslo's default.
MINE = "[filter:sizelimit]\npaste.filter_factory = FACTORY\ntag = mine\n\n"
FROM_OSLO = ("(oslo's default: the ini sets no `max_request_body_size`, in the section, a `set` "
             "or [DEFAULT];")
FROM_LIMITS = ("(`max_request_body_size = 100` in the [DEFAULT] of limits.ini, which "
               "PasteDeploy hands that file's factories under the [DEFAULT] and `set`s of the "
               "sections that lead there)")
FROM_MAIN = ("(`max_request_body_size = 1000` in the ini's [DEFAULT], which PasteDeploy hands "
             "every factory)")


@pytest.mark.parametrize(("text", "limit", "said"), [
    (f"[pipeline:main]\npipeline = config:limits.ini#sizelimit api\n\n{APP}", 100, FROM_LIMITS),
    ("[pipeline:main]\npipeline = sizelimit api\n\n[filter:sizelimit]\n"
     f"use = config:limits.ini#sizelimit\n\n{APP}", 100, FROM_LIMITS),
    ("[app:main]\npaste.app_factory = tests.stack.paste_apps:make_app\n"
     "filter-with = config:limits.ini#sizelimit\n", 100, FROM_LIMITS),
    ("[DEFAULT]\nmax_request_body_size = 1000\n\n[pipeline:main]\n"
     f"pipeline = config:limits.ini#sizelimit api\n\n{APP}", 1000, FROM_MAIN),
    ("[pipeline:main]\nset max_request_body_size = 1000\n"
     f"pipeline = config:limits.ini#sizelimit api\n\n{APP}", 1000,
     "(`set max_request_body_size = 1000` of the pipeline `main` (line 2), which PasteDeploy "
     "hands the sections it builds)"),
    # A section beside the reference, not under it: the other file's [DEFAULT] is not its.
    ("[pipeline:main]\npipeline = config:limits.ini#tagged sizelimit api\n\n" + MINE + APP,
     114688, FROM_OSLO),
    # The filter-with of a section that uses limits.ini's app: built with the section's own
    # global_conf, not the used file's.
    ("[app:main]\nuse = config:limits.ini#app\nfilter-with = sizelimit\n\n" + MINE, 114688,
     FROM_OSLO),
    # A pipeline_factory of limits.ini builds the ini's alternatives with the ini's loader.
    ("[composite:main]\nuse = config:limits.ini#pf\nauth_strategy = noauth\n"
     "noauth = sizelimit api\n\n" + MINE + APP, 114688, FROM_OSLO),
], ids=["member-of-a-pipeline", "used-by-a-section", "filter-with", "the-ini's-own-over-it",
        "a-set-over-it", "not-beside-it", "not-the-filter-with-of-a-used-app",
        "not-under-a-used-pipeline-factory"])
def test_the_default_of_a_referred_file_is_read_as_paste_deploy_hands_it(tmp_path, text, limit,
                                                                         said):
    """What `which` says is the limit is what PasteDeploy hands the factory (a spy in its
    place records it), and the real oslo.middleware sizelimit answers as `which` says."""
    status, lines, stopped = spied_then_posted(
        tmp_path, {"limits.ini": LIMITS, "api-paste.ini": text}, "/x", 101)
    handed = SEEN.get("mine") or SEEN["limit"]  # the size limit's, whichever file it is in
    assert int(handed.get("max_request_body_size", 114688)) == limit
    assert [line.endswith("with 413.") for line in stopped] == ([True] if status == 413 else [])
    assert (status == 413) == (limit == 100)
    assert [line for line in lines if f"{limit:,} bytes {said}" in line], lines


def test_the_graph_carries_the_default_of_each_referred_file(tmp_path):
    write_ini(tmp_path, "[DEFAULT]\nmax_request_body_size = 100\nadmin_password = s3cr3t\n\n"
                        f"[filter:sizelimit]\npaste.filter_factory = {OSLO_SIZE_LIMIT}\n",
              "limits.ini")
    write_ini(tmp_path, "[DEFAULT]\nunread = 1\n\n[filter:other]\npaste.filter_factory = "
                        f"{OSLO_SIZE_LIMIT}\n", "unused.ini")
    ini = write_ini(tmp_path, "[DEFAULT]\nshared = main\n\n[pipeline:main]\n"
                              f"pipeline = config:limits.ini#sizelimit api\n\n{APP}\n"
                              "[pipeline:other]\npipeline = config:unused.ini#other api\n")
    done = run_cli("inspect", str(ini), "--name", "main", "--json")
    found = json.loads(done.stdout)
    assert found["defaults"] == {"shared": "main"}
    assert found["file_defaults"] == {"limits.ini": {"max_request_body_size": "100",
                                                     "admin_password": "***"}}
    assert "s3cr3t" not in done.stdout


def test_swifts_healthcheck_reads_its_disable_path_from_default(tmp_path):
    """swift's `healthcheck.filter_factory` does `conf = global_conf.copy();
    conf.update(local_conf)`: swift's proxy-server.conf may set `disable_path` in [DEFAULT]."""
    text = ("[DEFAULT]\ndisable_path = /var/run/swift/disabled\n\n[pipeline:main]\n"
            "pipeline = healthcheck api\n\n[filter:healthcheck]\nuse = FACTORY\ntag = check\n\n"
            + APP)
    loadapp(f"config:{write_ini(tmp_path, text.replace('FACTORY', 'call:' + SPY))}")
    assert SEEN["check"]["disable_path"] == "/var/run/swift/disabled"
    ini = write_ini(tmp_path, text.replace("FACTORY", "egg:swift#healthcheck"))
    lines = which_lines(ini, "GET", "/healthcheck")
    assert ("The filter `healthcheck` (line 7) answers 200 itself: swift's healthcheck answers "
            "`/healthcheck` whatever the method, with 200 `OK` (503 `DISABLED BY FILE` while "
            "the file its `disable_path` names exists (`disable_path = /var/run/swift/disabled` "
            "in the ini's [DEFAULT], which PasteDeploy hands every factory)), and the layers "
            "after it never see the request.") in lines


#: A size limit of its own in a file `config:` leads to, which writes no [DEFAULT].
OWN_LIMIT = ("[filter:sizelimit]\npaste.filter_factory = FACTORY\ntag = limit\n"
             "max_request_body_size = 100\n")
SET_ABOVE = ("(`set max_request_body_size = 1000` of the pipeline `main` (line 2), which "
             "PasteDeploy hands the sections it builds)")


@pytest.mark.parametrize(("text", "limit", "said"), [
    (f"[pipeline:main]\npipeline = config:limits.ini#sizelimit api\n\n{APP}", 100,
     "(its `max_request_body_size = 100`)"),
    ("[pipeline:main]\nset max_request_body_size = 1000\n"
     f"pipeline = config:limits.ini#sizelimit api\n\n{APP}", 1000, SET_ABOVE),
    ("[pipeline:main]\nset max_request_body_size = 1000\npipeline = sizelimit api\n\n"
     f"[filter:sizelimit]\nuse = config:limits.ini#sizelimit\n\n{APP}", 1000, SET_ABOVE),
    ("[pipeline:main]\npipeline = sizelimit api\n\n[filter:sizelimit]\n"
     f"set max_request_body_size = 1000\nuse = config:limits.ini#sizelimit\n\n{APP}", 1000,
     "(its `max_request_body_size = 1000`)"),
    # The section that uses it sets its own after the skip: that one counts.
    ("[pipeline:main]\nset max_request_body_size = 1000\npipeline = sizelimit api\n\n"
     "[filter:sizelimit]\nuse = config:limits.ini#sizelimit\nmax_request_body_size = 100\n\n"
     + APP, 100, "(its `max_request_body_size = 100`)"),
], ids=["its-own", "a-set-above-a-member", "a-set-above-a-use", "the-user's-own-set",
        "the-user's-own-setting"])
def test_a_set_on_the_way_to_a_referred_file_skips_its_sections_setting(tmp_path, text, limit,
                                                                       said):
    """PasteDeploy loads the file `config:` leads to with the global_conf it is handed in that
    file's [DEFAULT] (`_loadconfig`: `update_defaults`), so `get_context` skips a section's
    own setting of any name a `set` on the way gives: the factory gets the `set`'s value, and
    `which` said the section's own."""
    status, lines, stopped = spied_then_posted(
        tmp_path, {"limits.ini": OWN_LIMIT, "api-paste.ini": text}, "/x", 500)
    assert int(SEEN["limit"]["max_request_body_size"]) == limit
    assert (status == 413) == (limit == 100)
    assert [line.endswith("with 413.") for line in stopped] == ([True] if limit == 100 else [])
    assert [line for line in lines if f"{limit:,} bytes {said}" in line], lines


#: A pipeline_factory, its pipeline and size limit in a file `config:` leads to.
FACTORY_FILE = ("DEFAULTS[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\n"
                "keystone = sizelimit api\n\n"
                "[filter:sizelimit]\npaste.filter_factory = FACTORY\ntag = limit\nOWN\n\n"
                "[app:api]\npaste.app_factory = tests.stack.paste_apps:make_app\n")
URLMAP = "[composite:main]\nuse = egg:Paste#urlmap\n/v = config:limits.ini#pf\n"


@pytest.mark.parametrize(("main", "defaults", "own", "limit", "said"), [
    ("[DEFAULT]\nmax_request_body_size = 1000\n\n" + URLMAP,
     "[DEFAULT]\nmax_request_body_size = 100\n\n", "", 100,
     "(`max_request_body_size = 100` in the [DEFAULT] of limits.ini, which the "
     "`pipeline_factory` there builds its alternative under, over the ini's [DEFAULT] and the "
     "`set`s that lead there)"),
    (URLMAP + "set max_request_body_size = 100\n", "", "max_request_body_size = 1000", 100,
     "(`set max_request_body_size = 100` of the composite `main` (line 4), which PasteDeploy "
     "hands the sections it builds)"),
], ids=["its-file's-default-over-the-ini's", "a-set-above-it-reaches-its-alternative"])
def test_a_pipeline_factory_of_a_referred_file_builds_under_its_files_default(
        tmp_path, main, defaults, own, limit, said):
    """Its `loader.get_filter` hands the alternative no global_conf: only that file's
    [DEFAULT], which `_loadconfig` filled with the global_conf the file was loaded under where
    it writes no such name. So that file's [DEFAULT] wins over the ini's, the reverse of a
    section it builds otherwise; a `set` that led there still reaches it, and skips the
    section's own setting. `which` read the ini's [DEFAULT] first, and no `set`."""
    limits = FACTORY_FILE.replace("DEFAULTS", defaults).replace("OWN", own)
    status, lines, _ = spied_then_posted(
        tmp_path, {"limits.ini": limits, "api-paste.ini": main}, "/v/x", 500)
    assert int(SEEN["limit"]["max_request_body_size"]) == limit
    assert status == 413
    assert "It would stop at the filter `sizelimit` of limits.ini with 413." in lines
    assert [line for line in lines if f"{limit:,} bytes {said}" in line], lines


#: A size limit of its own, which a `set` of the pipeline above the reference gives otherwise.
OWN_SECTION = ("[filter:lim]\npaste.filter_factory = FACTORY\ntag = limit\n"
               "max_request_body_size = 100\n\n" + APP)
SET_300 = ("(`set max_request_body_size = 300` of the pipeline {}, which PasteDeploy hands the "
           "sections it builds)")


@pytest.mark.parametrize(("files", "pipe"), [
    ({"api-paste.ini": "[pipeline:main]\nset max_request_body_size = 300\n"
                       "pipeline = config:api-paste.ini#lim api\n\n" + OWN_SECTION},
     "`main` (line 2)"),
    ({"limits.ini": "[pipeline:inner]\nset max_request_body_size = 300\n"
                    "pipeline = config:limits.ini#lim api\n\n" + OWN_SECTION,
      "api-paste.ini": "[composite:main]\nuse = egg:Paste#urlmap\n"
                       "/ = config:limits.ini#inner\n"},
     "`inner` of limits.ini (limits.ini:2)"),
], ids=["into-the-ini-itself", "into-a-referred-file-itself"])
def test_a_config_reference_back_into_its_own_file_is_a_fresh_load(tmp_path, files, pipe):
    """PasteDeploy makes a new loader for every `config:`, the file the reference is in too,
    so a `set` above it drops the section's own setting of the name there as in any other
    file; `which` took a reference into the same file for no load at all."""
    status, lines, stopped = spied_then_posted(tmp_path, files, "/x", 200)
    assert SEEN["limit"]["max_request_body_size"] == "300"
    assert status == 200
    assert not stopped, lines
    assert [line for line in lines if f"300 bytes {SET_300.format(pipe)}" in line], lines
