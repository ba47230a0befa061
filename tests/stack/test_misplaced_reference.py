"""A `use =` (or a urlmap's value) naming a section of the other kind: PasteDeploy looks a name up
by kind, so "no such filter section" beside an `[app:app]` the operator can see needs saying why."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.conftest import write_ini

FILTER_USES_APP = """\
[composite:main]
use = egg:Paste#urlmap
/ = app
/auth = authtoken

[app:app]
paste.app_factory = stack.demo.compute:APIRouter.factory

[filter:authtoken]
paste.filter_factory = stack.demo.auth:TokenAuth.factory

[filter:f]
use = app
"""


def test_a_filter_using_an_app_section_is_told_it_is_an_app_and_where(tmp_path):
    done = run_cli("inspect", str(write_ini(tmp_path, FILTER_USES_APP)))
    assert done.returncode == 0, done.stderr
    assert ("line 13: [filter:f] 'app': no such filter section ([app:app] at line 6 has that "
            "name, but is not a filter: PasteDeploy looks a filter up among [filter:…] sections "
            "only)") in done.stdout


def test_a_urlmap_prefix_naming_a_filter_is_told_it_is_a_filter_and_where(tmp_path):
    done = run_cli("inspect", str(write_ini(tmp_path, FILTER_USES_APP)))
    assert ("line 4: [composite:main] 'authtoken': no such app, composite, pipeline or "
            "filter-app section ([filter:authtoken] at line 9 has that name, but is a filter: "
            "PasteDeploy looks an app up among [app:…], [composite:…], [pipeline:…] and "
            "[filter-app:…] sections only)") in done.stdout
