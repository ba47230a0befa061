"""oslo.middleware's healthcheck named as a filter, as glance-registry's, magnum's and
cloudkitty's inis have it: since oslo.middleware 7.0.0 `Healthcheck.factory` raises
NotImplementedError ("should be deployed as an app, not a filter"), which `serve` quoted with
no word of what to write instead, and `inspect` drew as any other filter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import INI_DATA
from tests.conftest import ROOT
from tests.conftest import run_cli

#: What to write instead, said by `serve` and `inspect` alike.
HOW = ("make it `[app:healthcheck]` with `paste.app_factory = oslo_middleware:Healthcheck."
       "app_factory`, out of the pipeline, routed by a urlmap's `/healthcheck = healthcheck`")
#: `inspect`'s warning at the factory's line.
WARNING = ("`oslo_middleware:Healthcheck.factory` is no filter since oslo.middleware 7.0.0 (as "
           f"one it raises NotImplementedError, and no pipeline naming it is built); {HOW}")
#: magnum's pipeline, with an app that is installed: the healthcheck is what fails.
MAGNUM_SHAPED = """\
[pipeline:main]
pipeline = healthcheck request_id versions

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = /etc/magnum/healthcheck_disable

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[app:versions]
paste.app_factory = stack.demo.compute:Versions.factory
"""


def test_serve_says_what_to_write_instead_at_the_factory_s_line(tmp_path: Path) -> None:
    ini = tmp_path / "api-paste.ini"
    ini.write_text(MAGNUM_SHAPED)
    result = run_cli("serve", str(ini), "--port", "0", "--trace-to", "off")
    assert result.returncode == 2
    start = (f"{ini}:5: cannot build [main]: [filter:healthcheck] NotImplementedError: "
             "HealthcheckMiddleware should be deployed as an app, not a filter, raised at "
             "__init__.py:")
    assert result.stderr.startswith(start), result.stderr
    assert result.stderr.endswith(f" in factory (since oslo.middleware 7.0.0: {HOW})\n")


def test_inspect_warns_at_the_factory_s_line_in_each_such_ini() -> None:
    for name, line in (("glance-glance-registry-paste.ini", 19), ("magnum-api-paste.ini", 19),
                       ("cloudkitty-api_paste.ini", 22)):
        path = INI_DATA / name
        assert path.read_text().splitlines()[line - 1].startswith("paste.filter_factory = ")
        tree = run_cli("inspect", str(path)).stdout
        assert f"│     ! {name}:{line}: {WARNING}\n" in tree, name
        doc = json.loads(run_cli("inspect", "--json", str(path)).stdout)
        nodes = [node for graph in doc["graphs"] for node in graph["nodes"]
                 if node["id"] == "filter:healthcheck"]
        assert nodes and all(node["warnings"] == [f"{name}:{line}: {WARNING}"]
                             for node in nodes), name


def test_inspect_knows_it_without_importing_oslo_middleware() -> None:
    """Known by the factory's name: `inspect` imports nothing an ini names."""
    code = ("import sys; from stack.graph import read_ini; "
            f"ini = read_ini({str(INI_DATA / 'magnum-api-paste.ini')!r}); "
            "print(ini.graphs[0].nodes['filter:healthcheck'].warnings); "
            "print(sorted(m for m in sys.modules if m.startswith('oslo_middleware')))")
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == f"{[f'magnum-api-paste.ini:19: {WARNING}']}\n[]\n"


def test_serve_says_what_to_write_for_the_egg_named_filter(tmp_path: Path) -> None:
    """`use = egg:oslo.middleware#healthcheck` in a [filter:…], with an oslo.middleware whose
    `healthcheck` is still a filter entry point (7.0.0 to 8.1) that raises: the hint was for
    `paste.filter_factory` alone. Stood in for by a distribution of that name on the path,
    whose factory raises what oslo's does."""
    dist = tmp_path / "oslo.middleware-7.0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: oslo.middleware\n"
                                   "Version: 7.0.0\n")
    (dist / "entry_points.txt").write_text("[paste.filter_factory]\n"
                                           "healthcheck = old_healthcheck:factory\n")
    (tmp_path / "old_healthcheck.py").write_text(
        "def factory(global_conf, **local_conf):\n"
        "    raise NotImplementedError('HealthcheckMiddleware should be deployed as an app, "
        "not a filter')\n")
    ini = tmp_path / "api-paste.ini"
    ini.write_text(MAGNUM_SHAPED.replace("paste.filter_factory = oslo_middleware:Healthcheck."
                                         "factory", "use = egg:oslo.middleware#healthcheck"))
    result = run_cli("serve", str(ini), "--port", "0", "--trace-to", "off",
                     env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
    assert result.returncode == 2
    assert result.stderr.endswith(
        " in factory (since oslo.middleware 7.0.0: make it `[app:healthcheck]` with `use = "
        "egg:oslo.middleware#healthcheck`, out of the pipeline, routed by a urlmap's "
        "`/healthcheck = healthcheck`)\n"), result.stderr


def test_inspect_says_what_to_write_where_the_egg_has_no_such_filter(tmp_path: Path) -> None:
    """oslo.middleware 8.2 has `healthcheck` as an app entry point only: PasteDeploy's "not
    found" was all `inspect` said of `use = egg:oslo.middleware#healthcheck` in a pipeline."""
    ini = tmp_path / "hc.ini"
    ini.write_text("[pipeline:main]\npipeline = healthcheck api\n\n"
                   "[filter:healthcheck]\nuse = egg:oslo.middleware#healthcheck\n\n"
                   "[app:api]\npaste.app_factory = mine:api\n")
    done = run_cli("inspect", str(ini))
    assert ("entry point 'healthcheck' not found in egg 'oslo.middleware' (none by that name in "
            "paste.filter_factory, paste.filter_app_factory) (make it `[app:healthcheck]` with "
            "`use = egg:oslo.middleware#healthcheck`, out of the pipeline, routed by a urlmap's "
            "`/healthcheck = healthcheck`)") in done.stdout, done.stdout + done.stderr
