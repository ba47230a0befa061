"""`serve` of a factory whose import fails: cited at the line of the setting that names it
(`use =` or `paste.*_factory =`), the line an operator or developer edits, whether the
reference is what failed (a module missing, an attribute misspelt) or the module it names (a
SyntaxError in it, a NameError at its top level, an import of its own that fails). The
module's own failures were cited at the section's header."""

from __future__ import annotations

import pytest

from tests.stack.test_loader_did_you_mean import GOOD_APP
from tests.stack.test_loader_did_you_mean import serve

#: The developer's modules, beside `mymod` (`serve` writes it) on Python's path.
MODULES = {
    "bad_syntax.py": "def filter_factory(global_conf, **local)\n    return lambda app: app\n",
    "bad_top.py": "undefined_thing\n",
    "bad_import.py": "import mymdo\n",
    "bad_helper.py": "nothing_here\n",
    "bad_inner.py": "import mymod\nimport bad_helper\n",
    "syntax_inner.py": "import bad_syntax\n",
}
NOT_FOUND = ("(not on Python's path: install the package that provides `{}`, or set "
             "PYTHONPATH to the folder that holds it)")


@pytest.mark.parametrize(("filter_line", "said"), [
    ("paste.filter_factory = no_such_mod:filter_factory",
     "paste.filter_factory = no_such_mod:filter_factory: ModuleNotFoundError: No module "
     f"named 'no_such_mod' {NOT_FOUND.format('no_such_mod')}"),
    ("paste.filter_factory = mymod:filter_factroy",
     "paste.filter_factory = mymod:filter_factroy: AttributeError: module 'mymod' has no "
     "attribute 'filter_factroy' (did you mean `filter_factory`?)"),
    ("paste.filter_factory = bad_syntax:filter_factory",
     "SyntaxError: expected ':' (bad_syntax.py, line 1)"),
    ("use = call:bad_syntax:filter_factory",
     "SyntaxError: expected ':' (bad_syntax.py, line 1)"),
    ("paste.filter_factory = bad_top:filter_factory",
     "NameError: name 'undefined_thing' is not defined, raised at bad_top.py:1 in <module>"),
    ("paste.filter_factory = bad_import:filter_factory",
     "ModuleNotFoundError: No module named 'mymdo', raised at bad_import.py:1 in <module> "
     + NOT_FOUND.format("mymdo")),
], ids=["missing_module", "misspelt_attribute", "syntax_error", "syntax_error_call",
        "top_level_name_error", "missing_module_it_imports"])
def test_a_failed_import_is_cited_at_the_factory_setting(tmp_path, filter_line, said):
    for name, text in MODULES.items():
        (tmp_path / name).write_text(text)
    ini, done = serve(tmp_path, filter_line, GOOD_APP)
    assert ini.read_text().splitlines()[4] == filter_line
    assert (done.returncode, done.stderr) == (
        2, f"{ini}:5: cannot build [main]: [filter:f] {said}\n")


@pytest.mark.parametrize(("module", "said"), [
    ("bad_inner", "NameError: name 'nothing_here' is not defined, raised at bad_inner.py:2 → "
                  "bad_helper.py:1 in <module>"),
    ("syntax_inner", "SyntaxError: expected ':' (bad_syntax.py, line 1), raised at "
                     "syntax_inner.py:1 in <module>"),
], ids=["name_error", "syntax_error"])
def test_a_helper_module_that_fails_says_which_module_imported_it(tmp_path, module, said):
    """`raised at bad_helper.py:1` alone did not say which of the developer's modules imported
    the helper, nor which line to follow from the one the ini names."""
    for name, text in MODULES.items():
        (tmp_path / name).write_text(text)
    ini, done = serve(tmp_path, f"use = call:{module}:filter_factory", GOOD_APP)
    assert (done.returncode, done.stderr) == (
        2, f"{ini}:5: cannot build [main]: [filter:f] {said}\n")
