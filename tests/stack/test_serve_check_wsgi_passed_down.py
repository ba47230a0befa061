"""`serve --check-wsgi` checks the environ a `[filter-app:…]`'s filter and a composite pass
down, as it checks a pipeline filter's: a rule broken is said of the filter-app or composite
that broke it, in a pipeline filter's words, not of the layers below that pass it on; Paste's
urlmap, which moves a prefix from PATH_INFO to SCRIPT_NAME as WSGI wants, and the demos are
said of nothing."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import file_traced
from tests.conftest import raw_request
from tests.stack.trace_checks import BENDING
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import warnings_of

#: A urlmap whose branches each pass down an environ WSGI forbids (`tests.stack.paste_apps`'s
#: `make_bent_environ` and `make_bent_composite`) to a pipeline of `tag`, which passes it on
#: unchanged; and `/` and `/v2/`, urlmap's own, which break no rule.
INI = """\
[composite:main]
use = egg:Paste#urlmap
/ = tagged
/v2/ = tagged
/filter-app = relative_app
/filter-app-use = relative_use
/script = slashed
/path = relative_branch
/port = int_port

[filter-app:relative_app]
paste.filter_factory = tests.stack.paste_apps:make_bent_environ
key = PATH_INFO
value = servers/1
next = tagged

[filter-app:relative_use]
use = relative
next = tagged

[filter:relative]
paste.filter_factory = tests.stack.paste_apps:make_bent_environ
key = PATH_INFO
value = servers/1

[composite:slashed]
paste.composite_factory = tests.stack.paste_apps:make_bent_composite
branch = tagged
key = SCRIPT_NAME
value = /v2/

[composite:relative_branch]
paste.composite_factory = tests.stack.paste_apps:make_bent_composite
branch = tagged
key = PATH_INFO
value = servers/1

[composite:int_port]
paste.composite_factory = tests.stack.paste_apps:make_bent_composite
branch = tagged
key = SERVER_PORT
as_type = int
value = 8080

[pipeline:tagged]
pipeline = tag app

[filter:tag]
use = call:tests.stack.paste_apps:make_tag

[app:app]
use = call:tests.stack.paste_apps:make_app
"""
RELATIVE = ("passed down `PATH_INFO` as 'servers/1', with no leading `/`; WSGI wants it empty "
            "or starting with `/`")
#: Path → the layer that broke a rule passing the request down, the rule, and the words its
#: warning says after the layer's name: a pipeline filter's (`BENT` of
#: tests/dashboard/test_wsgi_warnings_shown.py).
BENT = {
    "/filter-app/x": ("filter-app:relative_app", "environ-path", RELATIVE),
    "/filter-app-use/x": ("filter-app:relative_use", "environ-path", RELATIVE),
    "/script/x": ("composite:slashed", "environ-path",
                  "passed down `SCRIPT_NAME` as '/v2/', which ends in `/`; WSGI wants it empty "
                  "or starting with `/` and not ending with one: the `/` after it starts "
                  "PATH_INFO"),
    "/path/x": ("composite:relative_branch", "environ-path", RELATIVE),
    "/port/x": ("composite:int_port", "environ-value-type",
                "passed down `SERVER_PORT` as an int (8080); WSGI wants a str for every CGI "
                "variable (a key with no dot)"),
}


@pytest.fixture(scope="module")
def bent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("passed_down")
    ini = folder / "api-paste.ini"
    ini.write_text(INI)
    with file_traced(ini, "main", folder, ["--check-wsgi"]) as stack:
        yield stack


def asked(stack, path: str) -> tuple[str, bytes, list[tuple]]:
    """The status line and body the client got for GET `path`, and the request's warnings
    as its trace file holds them: (node, rule, message)."""
    line, headers, body = raw_request(stack.url, path, headers=tuple(TOKEN.items()))
    events = stack.trace(dict(headers)["X-Pastescope-Trace"])
    check_well_formed(events)
    return line, body, warnings_of(events)


@pytest.mark.parametrize("path", BENT)
def test_an_environ_broken_by_a_filter_app_or_composite_is_said_of_it(bent, path):
    node, rule, words = BENT[path]
    assert asked(bent, path) == ("HTTP/1.1 200 OK", b"[tag]hello", [
        (node, rule, f"{node} {words}{BENDING}")])


@pytest.mark.parametrize("path", ["/", "/x", "/v2", "/v2/", "/v2/servers", "/v2//servers"])
def test_paste_urlmap_is_said_of_nothing(bent, path):
    """urlmap moves the prefix of its key (`/v2/` read as `/v2`) to SCRIPT_NAME and leaves
    PATH_INFO empty or starting with `/`: both as WSGI wants."""
    assert asked(bent, path) == ("HTTP/1.1 200 OK", b"[tag]hello", [])


@pytest.mark.parametrize(("ini", "name", "paths"), [
    ("compute.ini", "osapi_compute", ["/", "/v2.1", "/v2.1/servers", "/v2.1/flavors/1"]),
    ("oslo.ini", "oslo_compute", ["/v2.1/servers", "/healthcheck", "/nowhere"]),
    ("seed_glance.ini", "common", ["/", "/log", "/v1/test"]),
    ("seed_nova.ini", "web", ["/home", "/version/", "/servers"]),
])
def test_the_demos_are_said_of_nothing(tmp_path, ini, name, paths):
    with file_traced(DEMO / ini, name, tmp_path, ["--check-wsgi"]) as stack:
        for path in paths:
            line, _, warnings = asked(stack, path)
            assert (path, warnings) == (path, []), line
