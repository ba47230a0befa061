"""A `paste.*_factory` key of the other kind of section (`paste.filter_factory` in an
[app:…]): PasteDeploy finds no factory; `inspect` and `serve` say first that the section names
one of the wrong kind, and the key its kind's is, at that key's line. PasteDeploy's own misspelt
alias `paste.composit_factory` is said to be its, not left to read as a typo of ours."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

FILTER = "paste.filter_factory = stack.filters.request_id:RequestId.factory"
APP = "paste.app_factory = stack.demo.compute:APIRouter.factory"
COMPOSIT = "paste.composit_factory = stack.demo.compute:APIRouter.factory"


@pytest.mark.parametrize(("filter_line", "app_line", "said"), [
    (FILTER, FILTER,
     ":8: cannot build [main]: [app:app] names its factory with `paste.filter_factory`, which "
     "PasteDeploy reads only in a [filter:…] or [filter-app:…] section: an app's is "
     "`paste.app_factory` (or `use = …`)"),
    (APP, APP,
     ":5: cannot build [main]: [filter:f] names its factory with `paste.app_factory`, which "
     "PasteDeploy reads only in an [app:…] or [composite:…] section: a filter's is "
     "`paste.filter_factory` (or `use = …`)"),
    (COMPOSIT, APP,
     ":5: cannot build [main]: [filter:f] names its factory with `paste.composit_factory` "
     "(PasteDeploy's own alias of paste.composite_factory), which PasteDeploy reads only in an "
     "[app:…] or [composite:…] section: a filter's is `paste.filter_factory` (or `use = …`)"),
], ids=["filter_factory_in_app", "app_factory_in_filter", "composit_factory_in_filter"])
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
