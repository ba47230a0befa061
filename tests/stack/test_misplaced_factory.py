"""A `paste.*_factory` key of the other kind of section (`paste.filter_factory` in an
[app:…]): PasteDeploy finds no factory; `inspect` and `serve` say which key was there and
which kind of section it belongs in, at that key's line."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

FILTER = "paste.filter_factory = stack.filters.request_id:RequestId.factory"
APP = "paste.app_factory = stack.demo.compute:APIRouter.factory"


@pytest.mark.parametrize(("filter_line", "app_line", "said"), [
    (FILTER, FILTER,
     ":8: cannot build [main]: [app:app] no factory: needs `use = …` or paste.app_factory or "
     "paste.composite_factory or paste.composit_factory; `paste.filter_factory` names the "
     "factory of a [filter:…] section"),
    (APP, APP,
     ":5: cannot build [main]: [filter:f] no factory: needs `use = …` or "
     "paste.filter_factory or paste.filter_app_factory; `paste.app_factory` names the factory "
     "of an [app:…] section"),
], ids=["filter_factory_in_app", "app_factory_in_filter"])
def test_a_factory_key_of_the_other_kind_is_named_at_its_line(tmp_path, filter_line, app_line,
                                                              said):
    ini = tmp_path / "api-paste.ini"
    ini.write_text(f"[pipeline:main]\npipeline = f app\n\n[filter:f]\n{filter_line}\n\n"
                   f"[app:app]\n{app_line}\n")
    served = run_cli("serve", str(ini), "--port", "0", "--trace-to", "off")
    assert (served.returncode, served.stderr) == (2, f"{ini}{said}\n")
    line, _, message = said.partition(": cannot build [main]: ")
    inspected = run_cli("inspect", str(ini))
    assert f"\n  line {line[1:]}: {message}\n" in inspected.stdout
