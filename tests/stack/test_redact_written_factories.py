"""A secret-named setting whose text is a factory the file writes in the clear hides nothing.

Pylons' and Pyramid's inis set `beaker.session.key` (secret-named: it ends in `key`) to the
session cookie's name, often the app's own package (AFPy's site: `use = egg:afpyrosite`,
`beaker.session.key = afpyrosite`). The graph shows that factory as written; hidden in what
`serve` says of it, it made the message name no package to install.
"""

from __future__ import annotations

import json

from tests.conftest import run_cli

PYLONS_APP = """\
[app:main]
use = egg:afpyrosite
beaker.session.key = afpyrosite
beaker.session.secret = somesecret
note = somesecret
"""


def test_serve_names_the_package_a_secret_named_setting_also_holds(tmp_path):
    ini = tmp_path / "production.ini"
    ini.write_text(PYLONS_APP)
    served = run_cli("serve", str(ini), "--port", "0", "--trace-to", "off")
    assert served.returncode == 2
    assert served.stderr.strip() == (
        f"{ini}:2: cannot build [main]: [app:main] use = egg:afpyrosite: PackageNotFoundError: "
        "No package metadata was found for afpyrosite (`egg:` names an installed package: "
        "install the one that provides `afpyrosite`)")


def test_the_settings_themselves_stay_redacted_and_a_real_secret_hidden_elsewhere(tmp_path):
    ini = tmp_path / "production.ini"
    ini.write_text(PYLONS_APP)
    doc = json.loads(run_cli("inspect", str(ini), "--json").stdout)
    node = doc["graphs"][0]["nodes"][0]
    assert node["factory"] == "egg:afpyrosite"
    assert node["conf"] == {"beaker.session.key": "***", "beaker.session.secret": "***",
                            "note": "***"}
