"""`serve` of a factory reference that names what is not there (an attribute of its module, a
module, an installed distribution), or is written with a dot for its `:`, or names a module
alone: the line of the reference, Python's words, and the name it most likely meant, found
without importing anything new."""

from __future__ import annotations

import os

import pytest

from tests.conftest import run_cli

#: A developer's own middleware module, in a folder of theirs put on Python's path.
MYMOD = '''\
def filter_factory(global_conf, **local):
    return lambda app: app


def app_factory(global_conf, **local):
    return lambda environ, start_response: []


class Maker:
    @classmethod
    def factory(cls, global_conf, **local):
        return lambda environ, start_response: []


_filter_factories = {}
'''
GOOD_FILTER = "paste.filter_factory = mymod:filter_factory"
GOOD_APP = "paste.app_factory = mymod:app_factory"


#: A package of theirs whose module says, by a file beside it, that it was imported.
MYPKG_COMPUTE = '''\
import pathlib

pathlib.Path(__file__).with_name("imported").write_text("compute")


def app_factory(global_conf, **local):
    return lambda environ, start_response: []
'''


def serve(tmp_path, filter_line: str, app_line: str):
    (tmp_path / "mymod.py").write_text(MYMOD)
    (tmp_path / "mypkg").mkdir(exist_ok=True)
    (tmp_path / "mypkg" / "__init__.py").write_text("")
    (tmp_path / "mypkg" / "compute.py").write_text(MYPKG_COMPUTE)
    ini = tmp_path / "api-paste.ini"
    ini.write_text(f"[pipeline:main]\npipeline = f app\n\n[filter:f]\n{filter_line}\n\n"
                   f"[app:app]\n{app_line}\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return ini, run_cli("serve", str(ini), "--port", "0", "--trace-to", "off", env=env)


@pytest.mark.parametrize(("filter_line", "app_line", "said"), [
    ("paste.filter_factory = mymod:filter_factroy", GOOD_APP,
     ":5: cannot build [main]: [filter:f] paste.filter_factory = mymod:filter_factroy: "
     "AttributeError: module 'mymod' has no attribute 'filter_factroy' (did you mean "
     "`filter_factory`?)"),
    (GOOD_FILTER, "paste.app_factory = mymod:ap_factory",
     ":8: cannot build [main]: [app:app] paste.app_factory = mymod:ap_factory: AttributeError: "
     "module 'mymod' has no attribute 'ap_factory' (did you mean `app_factory`?)"),
    (GOOD_FILTER, "use = call:mymod:ap_factory",
     ":8: cannot build [main]: [app:app] use = call:mymod:ap_factory: AttributeError: module "
     "'mymod' has no attribute 'ap_factory' (did you mean `app_factory`?)"),
    (GOOD_FILTER, "paste.app_factory = mymod:Maker.factroy",
     ":8: cannot build [main]: [app:app] paste.app_factory = mymod:Maker.factroy: "
     "AttributeError: type object 'Maker' has no attribute 'factroy' (did you mean "
     "`factory`?)"),
    (GOOD_FILTER, "paste.app_factory = stack.demo.compte:APIRouter.factory",
     ":8: cannot build [main]: [app:app] paste.app_factory = stack.demo.compte:APIRouter.factory: "
     "ModuleNotFoundError: No module named 'stack.demo.compte' (did you mean "
     "`stack.demo.compute`?)"),
    (GOOD_FILTER, "use = call:mymdo:app_factory",
     ":8: cannot build [main]: [app:app] use = call:mymdo:app_factory: ModuleNotFoundError: No "
     "module named 'mymdo' (did you mean `mymod`?)"),
    ("paste.filter_factory = mymod.filter_factory", GOOD_APP,
     ":5: cannot build [main]: [filter:f] paste.filter_factory = mymod.filter_factory: "
     "ModuleNotFoundError: No module named 'mymod.filter_factory'; 'mymod' is not a package "
     "(a factory is `module:object`: did you mean `mymod:filter_factory`?)"),
    (GOOD_FILTER, "paste.app_factory = mymod.Maker.factory",
     ":8: cannot build [main]: [app:app] paste.app_factory = mymod.Maker.factory: "
     "ModuleNotFoundError: No module named 'mymod.Maker'; 'mymod' is not a package (a factory "
     "is `module:object`: did you mean `mymod:Maker.factory`?)"),
    (GOOD_FILTER, "paste.app_factory = mypkg.compute.app_factory",
     ":8: cannot build [main]: [app:app] paste.app_factory = mypkg.compute.app_factory: "
     "ModuleNotFoundError: No module named 'mypkg.compute.app_factory'; 'mypkg.compute' is not "
     "a package (a factory is `module:object`: did you mean `mypkg.compute:app_factory`?)"),
    ("use = egg:oslo.midleware#request_id", GOOD_APP,
     ":5: cannot build [main]: [filter:f] use = egg:oslo.midleware#request_id: "
     "PackageNotFoundError: No package metadata was found for oslo.midleware (did you mean "
     "`oslo.middleware`?)"),
    ("use = egg:oslo.middleware#request_idd", GOOD_APP,
     ":5: cannot build [main]: [filter:f] use = egg:oslo.middleware#request_idd: entry point "
     "'request_idd' not found in egg 'oslo.middleware' (none by that name in "
     "paste.filter_factory, paste.filter_app_factory; did you mean "
     "`egg:oslo.middleware#request_id`?)"),
    # `mymod._filter_factories` is no factory: a `:` before it would fail all the same; what
    # is said is that a module is no package, and the factory in it nearest the name.
    ("paste.filter_factory = mymod._filter_factories", GOOD_APP,
     ":5: cannot build [main]: [filter:f] paste.filter_factory = "
     "mymod._filter_factories: ModuleNotFoundError: No module named "
     "'mymod._filter_factories'; 'mymod' is not a package (`mymod` is a module, not a "
     "package: a factory is `module:object`; did you mean `mymod:filter_factory`?)"),
    # `mymod.filter_factroy`: a dot for the `:`, and a typo after it. Python's "'mymod' is not
    # a package" read as a package to install; the module was found, and its factory is near.
    ("paste.filter_factory = mymod.filter_factroy", GOOD_APP,
     ":5: cannot build [main]: [filter:f] paste.filter_factory = "
     "mymod.filter_factroy: ModuleNotFoundError: No module named 'mymod.filter_factroy'; "
     "'mymod' is not a package (`mymod` is a module, not a package: a factory is "
     "`module:object`; did you mean `mymod:filter_factory`?)"),
    # PasteDeploy calls the module itself: "'module' object is not callable" at the section's
    # header left the developer to see the `:object` missing from the reference.
    ("paste.filter_factory = mymod", GOOD_APP,
     ":5: cannot build [main]: [filter:f] paste.filter_factory = mymod: TypeError: "
     "'module' object is not callable (`mymod` is a module, not a factory in it: a "
     "factory is `module:object`; the factories in it: `mymod:filter_factory`, "
     "`mymod:app_factory`, `mymod:Maker.factory`)"),
], ids=["attribute", "app_attribute", "call_attribute", "class_attribute", "module",
        "top_level_module", "dot_for_colon", "dot_for_colon_class", "dot_for_colon_package",
        "distribution", "entry_point", "dot_before_no_callable", "dot_and_misspelt",
        "module_alone"])
def test_a_misspelt_factory_is_named_at_its_line_with_what_was_meant(tmp_path, filter_line,
                                                                     app_line, said):
    ini, done = serve(tmp_path, filter_line, app_line)
    assert (done.returncode, done.stderr) == (2, f"{ini}{said}\n")


def test_a_name_near_no_public_callable_gets_no_guess_and_the_line_to_mend(tmp_path):
    ini, done = serve(tmp_path, GOOD_FILTER, "paste.app_factory = mymod:make_wsgi")
    assert (done.returncode, done.stderr) == (
        2, f"{ini}:8: cannot build [main]: [app:app] paste.app_factory = mymod:make_wsgi: "
           "AttributeError: module 'mymod' has no attribute 'make_wsgi'\n")


def test_the_module_meant_is_found_without_importing_it(tmp_path):
    """Importing a module to guess a name would run the operator's code for a message."""
    ini, done = serve(tmp_path, GOOD_FILTER, "paste.app_factory = mypkg.compte:app_factory")
    assert (done.returncode, done.stderr) == (
        2, f"{ini}:8: cannot build [main]: [app:app] paste.app_factory = "
           "mypkg.compte:app_factory: ModuleNotFoundError: No module named 'mypkg.compte' "
           "(did you mean `mypkg.compute`?)\n")
    assert not (tmp_path / "mypkg" / "imported").exists()


def test_a_module_the_factorys_module_imports_is_not_the_reference(tmp_path):
    """Its own `import mymdo` is a line of the module to mend, not the reference's: cited at
    the reference's line, which leads to the module, but not quoted, nor a name near it said."""
    (tmp_path / "broken.py").write_text("import mymdo\n")
    ini, done = serve(tmp_path, GOOD_FILTER, "use = call:broken:app_factory")
    assert (done.returncode, done.stderr) == (
        2, f"{ini}:8: cannot build [main]: [app:app] ModuleNotFoundError: No module named "
           "'mymdo', raised at broken.py:1 in <module> (not on Python's path: install the "
           "package that provides `mymdo`, or set PYTHONPATH to the folder that holds it)\n")


@pytest.mark.parametrize("pythonpath, kept", [(None, ""), ("elsewhere", ":$PYTHONPATH")],
                         ids=["unset", "set"])
def test_a_module_beside_the_ini_is_said_to_be_there_with_the_path_that_finds_it(
        tmp_path, pythonpath, kept):
    """The developer's first run: the ini and their module in one folder, not on the path.
    `python -m stack` runs from the clone, so the ini's folder is not searched. A PYTHONPATH
    set already is kept in the one said: the modules it finds are needed too."""
    folder = tmp_path / "my middleware"
    folder.mkdir()
    (folder / "mymod.py").write_text(MYMOD)
    ini = folder / "api-paste.ini"
    ini.write_text(f"[pipeline:main]\npipeline = f app\n\n[filter:f]\n{GOOD_FILTER}\n\n"
                   f"[app:app]\nuse = call:tests.stack.paste_apps:make_app\n")
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(tmp_path / pythonpath)
    done = run_cli("serve", str(ini), "--port", "0", "--trace-to", "off", env=env)
    assert (done.returncode, done.stderr) == (
        2, f"{ini}:5: cannot build [main]: [filter:f] {GOOD_FILTER}: ModuleNotFoundError: No "
           "module named 'mymod' (not on Python's path: `mymod.py` is in the ini's folder, which "
           f"Python does not search; run `python -m stack` with PYTHONPATH='{folder}'{kept})\n")
