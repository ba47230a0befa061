"""`serve` of a developer's factory that imports but fails when PasteDeploy calls it (a
setting it reads missing, the filter it returns failing as it wraps its app, a library it
calls refusing what it was given): cited at the factory's line (`use =`, `paste.*_factory
=`), where its import failing is cited too, not at the section's header; and where it raised
as the path through the developer's files to that line (`mw.py:3 in make → response.py:300 in
__init__`, `outer.py:1 → inner.py:2 → helper.py:1 in <module>`), each file once, bounded,
in one sentence."""

from __future__ import annotations

import pytest

from tests.stack.test_loader_did_you_mean import GOOD_APP
from tests.stack.test_loader_did_you_mean import serve

#: The developer's middleware module, `mw` on Python's path.
MW = '''\
import webob


def missing_setting(global_conf, **local):
    greeting = local["greeting"]
    return lambda app: app


def failing_filter(global_conf, **local):
    def wrap(app):
        return app.configure()
    return wrap


def refused_by_a_library(global_conf, **local):
    webob.Response(body="text", charset=None)
    return lambda app: app


def read_by_a_helper(global_conf, **local):
    import helpers
    helpers.colour(local)
    return lambda app: app
'''
#: Modules of theirs the factories import: a helper reading a setting, and a chain of five
#: whose last fails at its top level.
MODULES = {
    "mw.py": MW,
    "helpers.py": "def colour(local):\n    return local['colour']\n",
    "outer.py": "import inner\n",
    "inner.py": "import os\nimport helper\n",
    "helper.py": "nothing_here\n",
    "m1.py": "import m2\n",
    "m2.py": "import m3\n",
    "m3.py": "import m4\n",
    "m4.py": "import m5\n",
    "m5.py": "nothing_here\n",
}


def served(tmp_path, filter_line: str) -> tuple[int, str, str]:
    """(status, the ini's path, what serve said) for `filter_line` in `[filter:f]`, whose
    header is line 4 and `filter_line` line 5."""
    for name, text in MODULES.items():
        (tmp_path / name).write_text(text)
    ini, done = serve(tmp_path, filter_line, GOOD_APP)
    assert ini.read_text().splitlines()[3:5] == ["[filter:f]", filter_line]
    return done.returncode, str(ini), done.stderr


@pytest.mark.parametrize(("filter_line", "said"), [
    ("use = call:mw:missing_setting",
     "KeyError: 'greeting', raised at mw.py:5 in missing_setting (the section sets no "
     "`greeting`, which its factory reads: add `greeting = …` to it)"),
    ("paste.filter_factory = mw:failing_filter",
     "AttributeError: 'function' object has no attribute 'configure', raised at mw.py:11 in "
     "wrap"),
    ("use = call:mw:read_by_a_helper",
     "KeyError: 'colour', raised at mw.py:22 in read_by_a_helper → helpers.py:2 in colour (the "
     "section sets no `colour`, which its factory reads: add `colour = …` to it)"),
], ids=["missing_setting", "failing_filter", "helper"])
def test_a_failed_call_is_cited_at_the_factory_setting(tmp_path, filter_line, said):
    """Its import failing was cited at line 5, its call failing at line 4."""
    status, ini, stderr = served(tmp_path, filter_line)
    assert (status, stderr) == (2, f"{ini}:5: cannot build [main]: [filter:f] {said}\n")


def test_a_library_that_raised_is_reached_from_the_developer_s_line(tmp_path):
    """`raised at response.py:300 in __init__`, WebOb's line, alone did not say which line of
    theirs called it."""
    status, ini, stderr = served(tmp_path, "use = call:mw:refused_by_a_library")
    head, _, library = stderr.partition(" → response.py:")
    assert (status, head) == (
        2, f"{ini}:5: cannot build [main]: [filter:f] TypeError: You cannot set the body to a "
           "text value without a charset, raised at mw.py:16 in refused_by_a_library")
    assert library.endswith(" in __init__\n")


@pytest.mark.parametrize(("module", "path"), [
    ("outer", "outer.py:1 → inner.py:2 → helper.py:1 in <module>"),
    ("m1", "m1.py:1 → … → m3.py:1 → m4.py:1 → m5.py:1 in <module>"),
], ids=["two_modules", "four_modules"])
def test_a_helper_imported_through_modules_of_theirs_says_the_path(tmp_path, module, path):
    """`(imported from inner.py:2)` named the last importer only, and a hint after it made two
    bracketed notes in a row; the path says each file's line once, and at most four."""
    status, ini, stderr = served(tmp_path, f"use = call:{module}:filter_factory")
    assert (status, stderr) == (
        2, f"{ini}:5: cannot build [main]: [filter:f] NameError: name 'nothing_here' is not "
           f"defined, raised at {path}\n")
