"""`which` (and `serve`) of a file with several entries because one is refused: a urlmap
whose `/v2.0` names an app mistyped no longer reaches it, so the app stands as an entry beside
it. "pick one with --name: neutron, neutronapiapp_v2_0" offered both as if either loaded; the
refused one is said, with why, as the single-entry case says it."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.conftest import write_ini

TYPO_SECTION_INI = """\
[composite:neutron]
use = egg:Paste#urlmap
/: neutronversions
/v2.0: neutronapi_v2_O

[app:neutronversions]
paste.app_factory = neutron.pecan_wsgi.app:versions_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
"""


def test_the_refused_entry_of_several_is_said_with_why(tmp_path):
    path = write_ini(tmp_path, TYPO_SECTION_INI, "typo_section.ini")
    for command in (("which", str(path), "GET", "/v2.0/networks"),
                    ("serve", str(path), "--port", "0")):
        done = run_cli(*command)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.strip() == (
            f"{path}: several entries and none named 'main' (which loadapp loads when given no "
            "name), pick one with --name: neutron, neutronapiapp_v2_0; PasteDeploy would "
            "refuse `neutron` ([composite:neutron] line 4: 'neutronapi_v2_O': no such app, "
            "composite, pipeline or filter-app section (did you mean [app:neutronapiapp_v2_0] "
            "at line 9?))")


def test_several_entries_none_refused_say_nothing_more(tmp_path):
    path = write_ini(tmp_path, TYPO_SECTION_INI.replace("neutronapi_v2_O", "neutronapiapp_v2_0")
                     + "\n[app:other]\npaste.app_factory = x:y\n")
    done = run_cli("which", str(path), "GET", "/")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("pick one with --name: neutron, other")
