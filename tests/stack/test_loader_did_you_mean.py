"""`serve` of a factory reference whose module imports but has no such attribute: the line of
the reference, Python's words, and the public callable of the module it most likely meant."""

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


def serve(tmp_path, filter_line: str, app_line: str):
    (tmp_path / "mymod.py").write_text(MYMOD)
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
])
def test_a_misspelt_factory_is_named_at_its_line_with_what_was_meant(tmp_path, filter_line,
                                                                     app_line, said):
    ini, done = serve(tmp_path, filter_line, app_line)
    assert (done.returncode, done.stderr) == (2, f"{ini}{said}\n")


def test_a_name_near_no_public_callable_gets_no_guess(tmp_path):
    ini, done = serve(tmp_path, GOOD_FILTER, "paste.app_factory = mymod:make_wsgi")
    assert (done.returncode, done.stderr) == (
        2, f"{ini}:7: cannot build [main]: [app:app] AttributeError: module 'mymod' has no "
           "attribute 'make_wsgi'\n")
