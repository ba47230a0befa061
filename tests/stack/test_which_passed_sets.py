"""`which` reads the `set`s a section hands the filters it builds, as PasteDeploy hands them:
a pipeline's to its filters, a urlmap's to its branches, a section's to its `filter-with`, in
their global_conf, under the filter's own `set`s; a `pipeline_factory` hands none. Said with
the line of the `set` that counts. `which` read only the filter's own section's `set`s, so a
`set delay_auth_decision = true` in the pipeline was said not to count."""

from __future__ import annotations

import pytest
import webob
from paste.deploy import loadapp

from tests.conftest import AUTH_TOKEN_FACTORY
from tests.conftest import OSLO_SIZE_LIMIT
from tests.conftest import which_lines
from tests.conftest import write_ini

SIZE_LIMIT = ("[filter:sizelimit]\n"
              f"paste.filter_factory = {OSLO_SIZE_LIMIT}\n")
APP = "[app:api]\npaste.app_factory = tests.stack.paste_apps:make_app\n"
STOPPED = "It would stop at the filter `sizelimit` with 413."


@pytest.mark.parametrize(("text", "path", "said"), [
    (f"[pipeline:main]\nset max_request_body_size = 100\npipeline = sizelimit api\n\n"
     f"{SIZE_LIMIT}\n{APP}", "/x",
     "(`set max_request_body_size = 100` of the pipeline `main` (line 2), which PasteDeploy "
     "hands the sections it builds)"),
    (f"[composite:main]\nuse = egg:Paste#urlmap\nset max_request_body_size = 100\n/ = p\n\n"
     f"[pipeline:p]\npipeline = sizelimit api\n\n{SIZE_LIMIT}\n{APP}", "/x",
     "(`set max_request_body_size = 100` of the composite `main` (line 3), which "
     "PasteDeploy hands the sections it builds)"),
    (f"[composite:main]\nuse = egg:Paste#urlmap\n/ = api\n\n"
     f"[app:api]\npaste.app_factory = tests.stack.paste_apps:make_app\n"
     f"set max_request_body_size = 100\nfilter-with = sizelimit\n\n{SIZE_LIMIT}", "/x",
     "(`set max_request_body_size = 100` of the app `api` (line 7), which PasteDeploy hands "
     "the sections it builds)"),
    (f"[pipeline:main]\nset max_request_body_size = 1000\npipeline = sizelimit api\n\n"
     f"{SIZE_LIMIT}set max_request_body_size = 100\n\n{APP}", "/x",
     "(its `max_request_body_size = 100`)"),
], ids=["pipeline", "urlmap", "filter-with", "own-set-over-the-pipeline's"])
def test_a_set_above_a_filter_counts_as_for_the_filter_paste_deploy_builds(tmp_path, text, path,
                                                                           said):
    ini = write_ini(tmp_path, text)
    request = webob.Request.blank(path, method="POST", body=b"x" * 101)
    assert request.get_response(loadapp(f"config:{ini}")).status_int == 413
    lines = which_lines(ini, "POST", path, "-H", "Content-Length: 101")
    assert STOPPED in lines
    assert [line for line in lines if "takes a body of at most 100 bytes " + said in line]


def test_a_pipeline_factory_hands_its_sets_to_no_filter(tmp_path):
    """It builds its alternative by `loader.get_filter(name)`, with no global_conf."""
    ini = write_ini(tmp_path, "[composite:main]\nuse = call:stack.wsgi:pipeline_factory\n"
                              "set max_request_body_size = 100\nkeystone = sizelimit api\n\n"
                              f"{SIZE_LIMIT}\n{APP}")
    request = webob.Request.blank("/x", method="POST", body=b"x" * 101)
    assert request.get_response(loadapp(f"config:{ini}")).status_int == 200
    lines = which_lines(ini, "POST", "/x", "-H", "Content-Length: 101")
    assert STOPPED not in lines
    assert [line for line in lines if "within its limit, 114,688 bytes (oslo's default" in line]


def test_a_delay_set_in_the_pipeline_is_read_by_auth_token(tmp_path):
    ini = write_ini(tmp_path, "[pipeline:main]\nset delay_auth_decision = true\n"
                              "pipeline = authtoken api\n\n"
                              f"[filter:authtoken]\npaste.filter_factory = {AUTH_TOKEN_FACTORY}\n\n"
                              "[app:api]\npaste.app_factory = mine:api\n")
    lines = which_lines(ini, "GET", "/x")
    assert ("The filter `authtoken` (line 5) is keystonemiddleware's auth_token with "
            "`delay_auth_decision` true (`set delay_auth_decision = true` of the pipeline `main` "
            "(line 2), which PasteDeploy hands the sections it builds): it answers no 401 "
            "itself, but marks a request without a valid token `X-Identity-Status: Invalid` "
            "and leaves the refusal to the layers after it.") in lines
    assert not [line for line in lines if "below, the walk goes on" in line]
