"""`python -m stack which -H`: nova's urlmap picks the API version by a header, as nova does.

nova's `URLMap` (`use = call:nova.api.openstack.urlmap:urlmap_factory`) reads `version=` of the
Content-Type, then of the Accept entry best matching a type it serves, when no prefix but `/`
matches the path; Paste's own urlmap reads no header. Nothing of nova is installed here.
"""

from __future__ import annotations

from stack.__main__ import main
from tests.conftest import NOVA
from tests.conftest import run_cli
from tests.stack.which_cli import which

#: The first hops of a request `osapi_compute` sends to each branch.
TO_ROOT = "GET /servers would go: the composite `osapi_compute` → the pipeline `oscomputeversions`"
TO_V21 = ("GET /servers would go: the composite `osapi_compute` → the composite "
          "`openstack_compute_api_v21` → ")
TO_V2 = ("GET /servers would go: the composite `osapi_compute` → the composite "
         "`openstack_compute_api_v2` → ")


def test_the_accept_headers_version_picks_the_branch_and_says_so(capsys):
    assert which(capsys, "/servers")[0].startswith(TO_ROOT + " →")  # no header: the root
    lines = which(capsys, "/servers", "Accept: application/json;version=2.1")
    assert lines[0].startswith(TO_V21)
    assert lines[1] == (
        "The composite `osapi_compute` (nova's urlmap) picks `/v2.1` (of 5), by the Accept "
        "header's `version=2.1`: no prefix other than `/` matches `/servers`, so nova's urlmap "
        "takes the API version from the headers and looks it up as the prefix `/v2.1`; `/v2.1` "
        "is added to SCRIPT_NAME and PATH_INFO is left as it is, so the composite "
        "`openstack_compute_api_v21` sees PATH_INFO `/servers`.")


def test_the_content_type_is_read_before_the_accept_header(capsys):
    lines = which(capsys, "/servers", "Content-Type: application/json; version=2",
                  "Accept: application/json;version=2.1")
    assert lines[0].startswith(TO_V2)
    assert "picks `/v2` (of 5), by the Content-Type header's `version=2`:" in lines[1]
    assert lines[2] == ("The Accept header's `version=2.1` is not read: nova's urlmap reads the "
                        "Content-Type header's first, and that found a branch.")


def test_a_version_nova_maps_to_no_prefix_falls_to_the_root(capsys):
    lines = which(capsys, "/servers", "Accept: application/json;version=9")
    assert lines[0].startswith(TO_ROOT + " →")
    assert lines[1] == (
        "The composite `osapi_compute` (nova's urlmap) picks `/` (of 5), by the Accept header's "
        "`version=9`: no prefix other than `/` matches `/servers`, so nova's urlmap takes the "
        "API version from the headers and looks it up as `/v9`, which only the catch-all `/` "
        "matches; nothing moves: the pipeline `oscomputeversions` sees PATH_INFO `/servers`.")


def test_a_path_prefix_wins_over_the_header(capsys):
    lines = which(capsys, "/v2/servers", "Accept: application/json;version=2.1")
    assert lines[0].startswith("GET /v2/servers would go: the composite `osapi_compute` → the "
                               "composite `openstack_compute_api_v2` → ")
    assert lines[1].endswith("picks `/v2` (of 5), the longest prefix that matches; `/v2` moves "
                             "from PATH_INFO to SCRIPT_NAME, so the composite "
                             "`openstack_compute_api_v2` sees PATH_INFO `/servers`.")
    assert lines[2] == ("The Accept header's `version=2.1` is not read: nova's urlmap takes the "
                        "API version from the headers only when no prefix other than `/` "
                        "matches the path.")


def test_the_best_accept_entry_is_read_by_its_quality(capsys):
    # application/xml is no type nova serves now: the json entry, at q=0.5, is the one read.
    lines = which(capsys, "/servers", "Accept: application/xml;version=2.1, application/json;q=0.5")
    assert lines[0].startswith(TO_ROOT)
    assert ("The Accept header's `version=2.1` is not read: nova's urlmap reads only the Accept "
            "entry that best matches a type it serves (`application/json`, "
            "`application/vnd.openstack.compute+json`), and that is `application/json`, with no "
            "version.") in lines
    lines = which(capsys, "/servers", "Accept: application/json;q=0.5, "
                  "application/vnd.openstack.compute+json;version=2.1")
    assert lines[0].startswith(TO_V21)


def test_a_version_without_a_value_is_nova_s_500(capsys):
    assert main(["which", str(NOVA), "GET", "/servers", "--name", "osapi_compute",
                 "-H", "Accept: application/json;version"]) == 0
    out = capsys.readouterr().out
    assert ("The composite `osapi_compute` (nova's urlmap) reads the API version from the "
            "headers and cannot read them: it raises TypeError: the Accept header's `version` "
            "has no value, and the request ends in a 500.") in out
    assert "It would stop at the composite `osapi_compute` with 500." in out


def test_paste_s_own_urlmap_reads_no_header(tmp_path, capsys):
    pasted = tmp_path / "pasted.ini"
    pasted.write_text(NOVA.read_text().replace("call:nova.api.openstack.urlmap:urlmap_factory",
                                               "egg:Paste#urlmap"))
    lines = which(capsys, "/servers", "Accept: application/json;version=2.1", file=pasted)
    assert lines[0].startswith(TO_ROOT + " →")
    assert lines[1].startswith("The composite `osapi_compute` (a urlmap) picks `/` (of 5), the "
                               "catch-all")
    assert ("No layer this walk passes picks its way by a header (`Accept` given): of urlmaps, "
            "only nova's and masakari's read one (the API version), and a filter's code is not "
            "read here.") in lines


def test_a_malformed_header_is_refused_naming_the_option():
    done = run_cli("which", str(NOVA), "GET", "/servers", "-H", "Accept application/json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("python -m stack which: -H 'Accept application/json': expected NAME: "
                           "VALUE (e.g. 'Accept: application/json;version=2.1')\n")
