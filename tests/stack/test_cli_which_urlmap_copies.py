"""`python -m stack which -H` on masakari's api-paste.ini: masakari's copy of nova's urlmap
(`use = call:masakari.api.urlmap:urlmap_factory`) picks the API version by a header as nova's
does, with the types masakari serves and without nova's `/+` keys. Nothing of masakari is
installed here.
"""

from __future__ import annotations

from tests.stack.masakari_urlmap import BY_ACCEPT
from tests.stack.masakari_urlmap import MASAKARI
from tests.stack.which_cli import which

TO_ROOT = "GET /segments would go: the composite `masakari_api` → the pipeline `apiversions` →"
TO_V1 = ("GET /segments would go: the composite `masakari_api` → the composite "
         "`masakari_api_v1` → ")


def test_the_accept_headers_version_picks_masakaris_branch_and_names_masakari(capsys):
    no_header = which(capsys, "/segments", file=MASAKARI, name=None)
    assert no_header[0].startswith(TO_ROOT)  # no header: the root
    lines = which(capsys, "/segments", "Accept: application/json;version=1", file=MASAKARI,
                  name=None)
    assert lines[0].startswith(TO_V1)
    assert lines[1] == BY_ACCEPT


def test_masakari_reads_its_own_vendor_type_not_novas(capsys):
    lines = which(capsys, "/segments",
                  "Accept: application/vnd.openstack.masakari+json;version=1",
                  file=MASAKARI, name=None)
    assert lines[0].startswith(TO_V1)
    lines = which(capsys, "/segments",
                  "Accept: application/vnd.openstack.compute+json;version=1",
                  file=MASAKARI, name=None)
    assert lines[0].startswith(TO_ROOT)
    assert ("The Accept header's `version=1` is not read: masakari's urlmap reads only the "
            "Accept entry that best matches a type it serves (`application/json`, "
            "`application/vnd.openstack.masakari+json`), and none matches one.") in lines


def test_masakaris_copy_has_no_wildcard_keys(tmp_path, capsys):
    plus = tmp_path / "plus.ini"
    plus.write_text(MASAKARI.read_text().replace("/v1: masakari_api_v1", "/v1/+: masakari_api_v1"))
    lines = which(capsys, "/v1/segments", file=plus, name=None)
    assert lines[1].startswith("The composite `masakari_api` (masakari's urlmap) picks `/` "
                               "(of 2), the catch-all")
    nova = tmp_path / "nova.ini"
    nova.write_text(plus.read_text().replace("call:masakari.api.urlmap:",
                                             "call:nova.api.openstack.urlmap:"))
    lines = which(capsys, "/v1/segments", file=nova, name=None)
    assert lines[1].startswith("The composite `masakari_api` (nova's urlmap) picks `/v1/+` ")


def test_cinders_deprecated_factory_is_walked_as_pastes(tmp_path, capsys):
    # Its code differs by release (a copy without nova's types, later a shim returning no app).
    cinder = tmp_path / "cinder.ini"
    cinder.write_text(MASAKARI.read_text().replace("call:masakari.api.urlmap:",
                                                   "call:cinder.api.openstack.urlmap:"))
    lines = which(capsys, "/segments", "Accept: application/json;version=1", file=cinder, name=None)
    assert lines[0].startswith(TO_ROOT)
    assert lines[1].startswith("The composite `masakari_api` (a urlmap) picks `/` (of 2)")
    assert ("No layer this walk passes picks its way by a header (`Accept` given): of urlmaps, "
            "only nova's and masakari's read one (the API version), and a filter's code is not "
            "read here.") in lines


def test_the_call_scheme_in_capitals_is_masakaris_copy_too(tmp_path, capsys):
    # PasteDeploy lowers a `use` scheme, so `CALL:` loads masakari's factory as `call:` does
    upper = tmp_path / "api-paste.ini"
    upper.write_text(MASAKARI.read_text().replace("call:masakari.api.urlmap:",
                                                  "CALL:masakari.api.urlmap:"))
    lines = which(capsys, "/segments", "Accept: application/json;version=1", file=upper,
                  name=None)
    assert lines[0].startswith(TO_V1)
    assert lines[1] == BY_ACCEPT
