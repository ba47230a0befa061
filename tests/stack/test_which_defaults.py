"""`which` reads the ini's [DEFAULT] as PasteDeploy hands it to the filters it knows
(`stack.known_filters`), checks a known filter of a `filter-with` chain as it does a pipeline's,
and says what a size limit written `100KB` does.

PasteDeploy gives every factory [DEFAULT] in its global_conf, a section's `set`s over it, and
skips a section's own setting [DEFAULT] names too; keystonemiddleware's and oslo.middleware's
factories take the global_conf under their settings. `which` said only "[DEFAULT] counts too".
"""

from __future__ import annotations

import json

import pytest
import webob
from paste.deploy import loadapp

from stack import __main__ as cli
from stack import graph
from stack import loader
from stack.resolve import describe
from stack.resolve import resolve
from tests.conftest import AUTH_TOKEN_FACTORY
from tests.conftest import OSLO_SIZE_LIMIT
from tests.conftest import run_cli
from tests.conftest import which_lines
from tests.conftest import write_ini

DEMO_SIZE_LIMIT = "stack.filters.size_limit:RequestBodySizeLimiter.factory"
APP = "paste.app_factory = tests.stack.paste_apps:make_app"

#: What `which` says of the demo's size limit given `100KB`, at `line`, in the stack `main`.
DEMO_LIMIT_UNBUILT = (
    "The filter `sizelimit` cannot be built (line {line}): its limit is no whole number of "
    "bytes (its `max_request_body_size = 100KB`): the demo's size limit reads it with `int()` "
    "as it is built, which raises ValueError. PasteDeploy builds every section the {main} "
    "reaches as it loads it, so loading fails, and no request is answered.")


def size_limited(tmp_path, defaults: str, section: str = ""):
    return write_ini(tmp_path, f"[DEFAULT]\n{defaults}\n\n[pipeline:main]\n"
                               f"pipeline = sizelimit api\n\n[filter:sizelimit]\n"
                               f"paste.filter_factory = {OSLO_SIZE_LIMIT}\n{section}\n"
                               f"[app:api]\n{APP}\n")


def test_a_delay_set_in_default_is_read_by_auth_token(tmp_path):
    ini = write_ini(tmp_path, "[DEFAULT]\ndelay_auth_decision = true\n\n"
                              "[pipeline:main]\npipeline = authtoken api\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "GET", "/x")
    assert ("The filter `authtoken` (line 7) is keystonemiddleware's auth_token with "
            "`delay_auth_decision` true (`delay_auth_decision = true` in the ini's [DEFAULT], "
            "which PasteDeploy hands every factory): it answers no 401 itself, but marks a "
            "request without a valid token `X-Identity-Status: Invalid` and leaves the refusal "
            "to the layers after it.") in lines
    assert not [line for line in lines if "below, the walk goes on" in line]


def test_a_limit_set_in_default_is_read_by_oslos_sizelimit(tmp_path):
    ini = size_limited(tmp_path, "max_request_body_size = 100")
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 101")
    assert ("The filter `sizelimit` (line 7) answers 413 itself: oslo.middleware's sizelimit "
            "takes a body of at most 100 bytes (`max_request_body_size = 100` in the ini's "
            "[DEFAULT], which PasteDeploy hands every factory), and this request's "
            "Content-Length, 101 bytes, is over it; the layers after it never see the "
            "request.") in lines
    assert "It would stop at the filter `sizelimit` with 413." in lines


def test_default_is_read_as_paste_deploy_and_oslo_read_it(tmp_path):
    """The answer for a body of 101 bytes is what the real filter, built by PasteDeploy,
    answers: a section's own setting [DEFAULT] names too is skipped (100 stands), a `set`
    goes over [DEFAULT] (1000 stands)."""
    for section, status in (("max_request_body_size = 1000\n", 413),
                            ("set max_request_body_size = 1000\n", 200)):
        ini = size_limited(tmp_path, "max_request_body_size = 100", section)
        app = loadapp(f"config:{ini}")
        request = webob.Request.blank("/x", method="POST", body=b"x" * 101)
        assert request.get_response(app).status_int == status
        lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 101")
        stopped = "It would stop at the filter `sizelimit` with 413." in lines
        assert stopped == (status == 413), lines


def test_the_graph_carries_default_redacted_without_the_path_defaults(tmp_path):
    ini = write_ini(tmp_path, "[DEFAULT]\ndelay_auth_decision = true\nadmin_password = s3cr3t\n"
                              "\n[app:main]\npaste.app_factory = mine:api\n")
    done = run_cli("inspect", str(ini), "--name", "main", "--json")
    assert json.loads(done.stdout)["defaults"] == {"delay_auth_decision": "true",
                                                   "admin_password": "***"}
    assert "s3cr3t" not in done.stdout


def test_a_graph_without_defaults_says_default_is_not_known(tmp_path):
    """An older stack announces no `defaults`: its [DEFAULT] is not said to set nothing."""
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = authtoken api\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    older = graph.load_graph(str(ini), "main").to_json()
    del older["defaults"]
    lines = describe(resolve(older, "GET", "/x"))
    assert [line for line in lines if "`[keystone_authtoken]` (the ini's [DEFAULT] would count "
            "too, which this graph, made by an older version, does not carry)" in line]
    ini = size_limited(tmp_path, "")
    older = graph.load_graph(str(ini), "main").to_json()
    del older["defaults"]
    lines = describe(resolve(older, "POST", "/x", headers={"Content-Length": "114689"}))
    assert [line for line in lines if "114,688 bytes (oslo's default: the section sets no "
            "`max_request_body_size`, nor a `set`; the ini's [DEFAULT] would count too, which "
            "this graph, made by an older version, does not carry; the service's" in line]


def test_a_known_filter_of_a_filter_with_chain_is_checked(tmp_path):
    ini = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = api\n\n"
                              "[app:api]\npaste.app_factory = mine:api\nfilter-with = authtoken\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n"
                              "filter-with = sizelimit\n\n"
                              f"[filter:sizelimit]\npaste.filter_factory = {OSLO_SIZE_LIMIT}\n"
                              "max_request_body_size = 10\n")
    lines = which_lines(ini, "GET", "/x")
    assert [line for line in lines if line.startswith(
        "The filter `authtoken` (line 9) is keystonemiddleware's auth_token: a request with no "
        "`X-Auth-Token` header gets its 401")]
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 11")
    assert lines[0] == "POST /x would go: the composite `main` → the filter `sizelimit`."
    assert "It would stop at the filter `sizelimit` with 413." in lines


def test_a_limit_with_a_unit_is_oslos_500_on_every_request(tmp_path):
    ini = size_limited(tmp_path, "", "max_request_body_size = 100KB\n")
    lines = which_lines(ini, "GET", "/x")
    assert ("The filter `sizelimit` (line 7) is oslo.middleware's sizelimit, and its limit is "
            "no whole number of bytes (its `max_request_body_size = 100KB`): on every request "
            "it is handed, it passes the value to oslo.config, which reads "
            "`max_request_body_size` as an integer (an IntOpt: bytes, no unit) and raises "
            "ValueError, so the request ends in a 500 and the layers after it never see it. The "
            "stack loads all the same, as the value is read per request, not as the filter is "
            "built: write the limit in bytes.") in lines
    assert "It would stop at the filter `sizelimit` with 500." in lines


def test_a_limit_with_a_unit_stops_the_demos_size_limit_loading(tmp_path):
    ini = write_ini(tmp_path, "[pipeline:main]\npipeline = sizelimit api\n\n[filter:sizelimit]\n"
                              f"paste.filter_factory = {DEMO_SIZE_LIMIT}\n"
                              "max_request_body_size = 100KB\n\n[app:api]\n"
                              "paste.app_factory = mine:api\n")
    lines = which_lines(ini, "GET", "/x", status=2)
    assert lines[0] == "GET /x would get no answer: the stack would not load."
    assert DEMO_LIMIT_UNBUILT.format(line=4, main="pipeline `main`") in lines


def test_a_demo_limit_with_a_unit_stops_the_load_whatever_path_is_asked(tmp_path):
    """PasteDeploy builds every branch of a urlmap as it loads it: a request for `/`, which
    the size limit's pipeline never sees, is answered by no stack either."""
    ini = write_ini(tmp_path, "[composite:main]\nuse = egg:Paste#urlmap\n/ = api\n"
                              "/v1 = limited\n\n[pipeline:limited]\npipeline = sizelimit api\n\n"
                              f"[filter:sizelimit]\npaste.filter_factory = {DEMO_SIZE_LIMIT}\n"
                              f"max_request_body_size = 100KB\n\n[app:api]\n{APP}\n")
    with pytest.raises(ValueError):
        loadapp(f"config:{ini}")
    lines = which_lines(ini, "GET", "/", status=2)
    assert lines[0] == "GET / would get no answer: the stack would not load."
    assert DEMO_LIMIT_UNBUILT.format(line=9, main="composite `main`") in lines


def test_which_load_reads_the_ini_once(tmp_path, monkeypatch, capsys):
    ini = write_ini(tmp_path, f"[app:main]\n{APP}\n")
    read = []
    read_ini = graph.read_ini

    def counted(path: str) -> graph.IniFile:
        read.append(path)
        return read_ini(path)

    monkeypatch.setattr(graph, "read_ini", counted)
    monkeypatch.setattr(loader, "read_ini", counted)
    assert cli.main(["which", str(ini), "GET", "/", "--load"]) == 0
    assert capsys.readouterr().out.startswith("GET / would go: the app `main`.")
    assert read == [str(ini)]


def test_the_graph_writes_the_files_folder_in_default_back_as_here(tmp_path):
    """A [DEFAULT] path under the file's folder is shown as a section's setting is (DESIGN.md):
    the announced graph named the stack machine's folder."""
    ini = write_ini(tmp_path, "[DEFAULT]\nlog_dir = %(here)s/logs\n\n"
                              "[app:main]\npaste.app_factory = mine:api\n")
    done = run_cli("inspect", str(ini), "--name", "main", "--json")
    assert json.loads(done.stdout)["defaults"] == {"log_dir": "%(here)s/logs"}
    assert str(tmp_path) not in done.stdout
