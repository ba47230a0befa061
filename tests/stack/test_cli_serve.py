"""`python -m stack serve` with bad input: one clear line on stderr, exit 2, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from stack import wsgi
from stack.filters import size_limit
from tests.conftest import DEMO
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import SWIFT
from tests.conftest import ini_line
from tests.conftest import line_holding
from tests.conftest import run_cli
from tests.stack import paste_apps


def serve(*args: str) -> subprocess.CompletedProcess:
    return run_cli("serve", "--port", "0", *args)  # a --port in `args` comes later and wins




@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such.ini"], "no-such.ini: no such file"),
        ([str(DEMO / "compute.ini"), "--name", "nosuch", "--trace-to", "off"],
         "compute.ini: no app, composite, pipeline or filter-app section named 'nosuch' "
         "(entries: osapi_compute; any such section may be named too)"),
        ([str(DEMO / "compute.ini"), "--name", "filter:faultwrap", "--trace-to", "off"],
         "compute.ini:27: [filter:faultwrap] is a filter: it needs an app to wrap, so it "
         "cannot be served or asked about alone; name an app, composite, pipeline or "
         "filter-app section (entries: osapi_compute)"),
        ([str(NOVA), "--trace-to", "off"],
         "nova-api-paste.ini: several entries and none named 'main' (which loadapp loads "
         "when given no name), pick one with --name: metadata, ec2, "
         "osapi_compute"),
        ([str(NOVA), "--name", "osapi_compute", "--trace-to", "off"],
         "nova-api-paste.ini:60: cannot build [osapi_compute]: [composite:osapi_compute] "
         "use = call:nova.api.openstack.urlmap:urlmap_factory: ModuleNotFoundError: No module "
         "named 'nova'"),
        ([str(DEMO / "compute.ini"), "--stack", "a\tb", "--trace-to", "off"],
         "python -m stack serve: --stack 'a\\tb' is no stack name: 1 to 200 printable "
         "characters"),
        ([str(DEMO / "compute.ini"), "--stack", "", "--trace-to", "off"],
         "python -m stack serve: --stack '' is no stack name: 1 to 200 printable characters"),
        ([str(DEMO / "compute.ini"), "--trace-to", "http://127.0.0.1:99999"],
         "python -m stack serve: --trace-to 'http://127.0.0.1:99999' is no http://HOST:PORT: "
         "Port out of range 0-65535"),
        ([str(DEMO / "compute.ini"), "--trace-to", "http://[::1"],
         "python -m stack serve: --trace-to 'http://[::1' is no http://HOST:PORT: Invalid IPv6 "
         "URL"),
        ([str(DEMO / "compute.ini"), "--trace-to", "http://:5000"],
         "python -m stack serve: --trace-to 'http://:5000' is no http://HOST:PORT: it names no "
         "host"),
        ([str(DEMO / "compute.ini"), "--trace-to", "ftp://x"],
         "python -m stack serve: --trace-to must be http://HOST:PORT, file:PATH or off, "
         "not 'ftp://x'"),
    ],
)
def test_bad_input_is_one_clear_line(args, message):
    result = serve(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "deprecated" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("port", ["-1", "99999", "65536"])
def test_a_port_out_of_range_is_said_as_the_option_given(port):
    """Said at the bind, it was "cannot listen on 127.0.0.1:99999: bind(): port must be
    0-65535.": the socket call's name, not the option to mend."""
    result = serve(str(DEMO / "compute.ini"), "--trace-to", "off", "--port", port)
    assert (result.returncode, result.stderr) == (
        2, f"python -m stack serve: --port {port} is no port: 0 to 65535 (0: any free port)\n"
    )


def test_an_ipv6_port_in_use_is_said_as_a_url_has_it():
    """In brackets: `::1:PORT` would not tell the port from the address."""
    with socket.create_server(("::1", 0), family=socket.AF_INET6) as taken:
        port = taken.getsockname()[1]
        result = serve(str(DEMO / "compute.ini"), "--trace-to", "off", "--host", "[::1]",
                       "--port", str(port))
    assert (result.returncode, result.stderr) == (
        2, f"python -m stack serve: cannot listen on [::1]:{port}: Address already in use\n"
    )


def test_a_port_in_use_is_one_clear_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve(str(DEMO / "compute.ini"), "--trace-to", "off", "--port", str(port))
    assert (result.returncode, result.stderr) == (
        2, f"python -m stack serve: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_a_trace_file_it_cannot_write_is_one_clear_line(tmp_path: Path):
    for path, reason in [
        (tmp_path / "no" / "such" / "events.jsonl", "No such file or directory"),
        (tmp_path, "Is a directory"),
    ]:
        result = serve(str(DEMO / "compute.ini"), "--trace-to", f"file:{path}")
        assert (result.returncode, result.stderr) == (
            2, f"python -m stack serve: --trace-to: cannot append to '{path}': {reason}\n"
        )


def test_a_trace_file_not_named_is_said_so():
    """`file:` alone was "cannot append to '': No such file or directory", a file not named."""
    result = serve(str(DEMO / "compute.ini"), "--trace-to", "file:")
    assert (result.returncode, result.stderr) == (
        2, "python -m stack serve: --trace-to file: names no file: give its path, as "
           "file:traces.jsonl\n"
    )


@pytest.mark.parametrize(
    "content",
    ["", "[filter:f]\nuse = egg:F#f\n"],
    ids=["empty", "only-filters"],
)
def test_a_file_with_nothing_to_load_says_so(tmp_path: Path, content: str):
    path = tmp_path / "api-paste.ini"
    path.write_text(content)
    expected = (
        f"{path}: no section here can be loaded as an app "
        f"(see python -m stack inspect {path})\n"
    )
    for result in (serve(str(path), "--trace-to", "off"), run_cli("which", str(path), "GET", "/")):
        assert (result.returncode, result.stderr) == (2, expected)


def test_a_file_whose_only_app_sections_are_a_cycle_says_why_it_cannot_load(tmp_path: Path):
    """The cycle's sections are there, refused: said with the cycle, not as nothing to load."""
    path = tmp_path / "api-paste.ini"
    path.write_text("[app:a]\nuse = b\n\n[app:b]\nuse = a\n")
    served = serve(str(path), "--trace-to", "off")
    assert (served.returncode, served.stderr) == (
        2, f"{path}:4: cannot build [a]: [app:b] cycle: app:a → app:b → app:a\n")
    which = run_cli("which", str(path), "GET", "/")
    assert which.returncode == 2
    assert "The app `b` cannot be built (line 4): cycle: app:a → app:b → app:a." in which.stdout


REFUSED_FILTER = (
    "[pipeline:main]\n"
    "pipeline = f app\n"
    "\n"
    "[filter:f]\n"
    "use = call:tests.stack.paste_apps:make_tag\n"
    "tag = %(nope)s\n"
    "\n"
    "[app:app]\n"
    "use = call:tests.stack.paste_apps:make_app\n"
)


@pytest.mark.parametrize("trace_to", ["off", "file:{tmp}/events.jsonl"])
def test_a_section_paste_deploy_refuses_is_named_with_its_line(trace_to, tmp_path):
    """PasteDeploy's own message names neither file nor line: serve says it as inspect does."""
    ini = tmp_path / "refused.ini"
    ini.write_text(REFUSED_FILTER)
    result = serve(str(ini), "--trace-to", trace_to.format(tmp=tmp_path))
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:6: cannot build [main]: [filter:f] option 'tag': %(nope)s names no "
           "option of [filter:f] or [DEFAULT]\n"
    )


#: volt's refusal of its indented factory, 426 characters: said whole by `inspect`.
VOLT_REFUSAL = (
    "line 26 `volt.api.auth:UnauthenticatedContextMiddleware.factory` is indented: PasteDeploy "
    "reads it as the rest of the value of `paste.filter_factory` (line 25), not as a setting "
    "of its own; so `paste.filter_factory =  volt.api.auth:UnauthenticatedContextMiddleware."
    "factory` holds a line break: PasteDeploy fails reading it as `module:object`, before "
    "importing anything"
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], ": several entries and none named 'main' (which loadapp loads when given no "
             "name), pick one with --name: volt-api, volt-api-keystone; PasteDeploy would "
             "refuse `volt-api` ([filter:unauthenticated-context] line 25: "
             f"{VOLT_REFUSAL})"),
        (["--name", "volt-api"], ":25: cannot build [volt-api]: "
                                 f"[filter:unauthenticated-context] {VOLT_REFUSAL}"),
    ],
)
def test_a_long_refusal_is_said_whole_around_the_entry_served(args, message):
    """Said around the entry it stops, a refusal of 426 characters was cut in its middle
    ("…value of `paste.filter_f…[26 of 426 characters cut]…a setting…"): the reason itself."""
    ini = INI_DATA / "volt-api-paste.ini"
    result = serve(str(ini), *args, "--trace-to", "off")
    assert (result.returncode, result.stderr) == (2, f"{ini}{message}\n")


def test_a_class_called_as_a_filter_app_factory_is_told_with_named_arguments(tmp_path):
    """PasteDeploy says what it passed as reprs cut to 12 characters (`<stack.d...dd0>`);
    serve names them, as the hint after it does."""
    ini = tmp_path / "class.ini"
    ini.write_text("[pipeline:main]\npipeline = wrapped app\n\n[filter:wrapped]\n"
                   "paste.filter_app_factory = stack.filters.fault_wrapper:FaultWrapper\n"
                   "level = 2\n\n[app:app]\nuse = call:tests.stack.paste_apps:make_tag\n")
    result = serve(str(ini), "--trace-to", "off")
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:5: cannot build [main]: [filter:wrapped] TypeError: Middleware.__init__() "
           "takes 2 positional arguments but 3 were given; PasteDeploy called it with (app, "
           "global_conf, level=…), and it takes (application: 'Callable', **local_config: "
           "'str') -> 'None' (a "
           "paste.filter_app_factory is called as factory(app, global_conf, **settings) and "
           "returns the WSGI app wrapping app)\n")


BROKEN = "paste_apps.py:{} in {}"
#: What serve adds when PasteDeploy's call of a filter factory (or of its filter) did not fit.
CALLED_AS = ("a paste.filter_factory is called as factory(global_conf, **settings) and "
             "returns a function of the app it wraps")


@pytest.mark.parametrize("trace_to", ["off", "file:{tmp}/events.jsonl"])
@pytest.mark.parametrize(("factory", "line", "failure"), [
    ("call:no_such_module:make", 8, "use = call:no_such_module:make: ModuleNotFoundError: No "
                                    "module named 'no_such_module' (not on Python's path: "
                                    "install the package that provides `no_such_module`, or "
                                    "set PYTHONPATH to the folder that holds it)"),
    ("call:tests.stack.paste_apps:make_broken", 8,
     "RuntimeError: broken as it was made, raised at "
     + BROKEN.format(line_holding(paste_apps, '"broken as it was made"'), "make_broken")),
    ("call:tests.stack.paste_apps:make_broken\nwhen = wrapping", 8,
     "RuntimeError: broken as it wrapped its app, raised at "
     + BROKEN.format(line_holding(paste_apps, '"broken as it wrapped its app"'), "wrap")),
    ("call:tests.stack.paste_apps:make_broken\nwhen = nothing", 8,
     "TypeError: its factory call:tests.stack.paste_apps:make_broken returned None, not a "
     "filter (a callable taking the app it wraps)"),
    ("call:tests.stack.paste_apps:make_broken\nwhen = unwrapped", 8,
     "TypeError: the filter its factory call:tests.stack.paste_apps:make_broken made returned "
     "None when given the app it wraps, not a WSGI app (a callable): a filter returns the app "
     "wrapped"),
    ("call:tests.stack.paste_apps:make_by_the_app", 8,
     "TypeError: make_by_the_app.<locals>.<lambda>() missing 1 required positional "
     "argument: 'start_response' "
     f"({CALLED_AS})"),
    ("call:tests.stack.paste_apps:make_by_the_app\nsome_option = 1", 9,
     "some_option = 1: TypeError: make_by_the_app() got an unexpected keyword argument "
     f"'some_option' ({CALLED_AS})"),
    ("call:tests.stack.paste_apps:make_broken\nwhen = typed", 8,  # its own line: no hint
     "TypeError: a bad argument, raised by the factory's own line, raised at "
     + BROKEN.format(line_holding(paste_apps, "raised by the factory's own line"),
                     "make_broken")),
    ("stack.filters.size_limit:RequestBodySizeLimiter.factory\n"
     "max_request_body_size = 100KB", 9,
     "max_request_body_size = 100KB: ValueError: invalid literal for int() with base 10: "
     f"'100KB', raised at size_limit.py:{line_holding(size_limit, 'int(max_request_body_size)')} "
     "in __init__"),
    ("call:tests.stack.paste_apps:make_broken\nwhen = looked_up", 8,  # no setting's: no hint
     "KeyError: 'greeting', raised at "
     + BROKEN.format(line_holding(paste_apps, '{"hello": None}["greeting"]'), "make_broken")),
    ("call:tests.stack.paste_apps:make_broken\nwhen = seen", 8,  # its own empty dict: no hint
     "KeyError: 'x', raised at "
     + BROKEN.format(line_holding(paste_apps, 'seen["x"]'), "make_broken")),
    ("call:tests.stack.paste_apps:make_backend", 8,  # its table, not the empty local_conf's
     "KeyError: 'redis', raised at "
     + BROKEN.format(line_holding(paste_apps, 'BACKENDS["redis"]'), "make_backend")),
    ("call:tests.stack.paste_apps:make_nothing_by_the_app", 8,
     "TypeError: its factory call:tests.stack.paste_apps:make_nothing_by_the_app returned the "
     "global_conf it was called with (a dict), not a filter (a callable taking the app it "
     f"wraps) ({CALLED_AS})"),
    ("call:tests.stack.paste_apps:make_uncalled", 8,
     "TypeError: the filter its factory call:tests.stack.paste_apps:make_uncalled made returned "
     "a MiddlewareWithoutCall (tests.stack.paste_apps:MiddlewareWithoutCall, a class with no "
     "__call__) when given the app it wraps, not a WSGI app (a callable): a filter returns the "
     "app wrapped"),
    ("call:collections:OrderedDict", 8,  # the standard library's: no class to mend
     "TypeError: its factory call:collections:OrderedDict returned an OrderedDict, not a filter "
     "(a callable taking the app it wraps)"),
], ids=["import", "made", "wrapping", "nothing", "unwrapped", "the_app", "keyword", "typed",
        "setting", "looked_up", "own_empty_dict", "table_by_no_setting", "conf_by_the_app",
        "uncalled", "stdlib_returned"])
def test_a_factory_that_fails_is_named_with_its_section(trace_to, factory, line, failure,
                                                        tmp_path):
    """With nova's twenty filters, "cannot build [main]" alone hid which one failed; the
    setting whose value the message quotes is named on its own line, else the factory's
    (`use =`, the line its import is cited at too), and the line of the factory's code that
    raised."""
    ini = tmp_path / "failing.ini"
    key = "paste.filter_factory" if factory.startswith("stack.") else "use"
    ini.write_text(f"[pipeline:main]\npipeline = ok failing app\n\n"
                   f"[filter:ok]\nuse = call:tests.stack.paste_apps:make_tag\n\n"
                   f"[filter:failing]\n{key} = {factory}\n\n"
                   f"[app:app]\nuse = call:tests.stack.paste_apps:make_app\n")
    result = serve(str(ini), "--trace-to", trace_to.format(tmp=tmp_path))
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:{line}: cannot build [main]: [filter:failing] {failure}\n")


@pytest.mark.parametrize(("settings", "line", "failure"), [
    ("greting = hello", 9,
     "KeyError: 'greeting', raised at "
     + BROKEN.format(line_holding(paste_apps, 'local_conf.pop("greeting")'), "make_greeter")
     + " (the section sets `greting` at line 9: did you mean it?)"),
    ("greeting = hello\ncolour = red", 10,
     "colour = red: TypeError: unknown option 'colour', raised at "
     + BROKEN.format(line_holding(paste_apps, "unknown option"), "make_greeter")),
    ("", 8,
     "KeyError: 'greeting', raised at "
     + BROKEN.format(line_holding(paste_apps, 'local_conf.pop("greeting")'), "make_greeter")
     + " (the section sets no `greeting`, which its factory reads: add `greeting = …` to it)"),
], ids=["misspelt", "unknown", "missing"])
def test_a_setting_a_factory_names_is_cited_at_its_own_line(settings, line, failure, tmp_path):
    """The factory's message names a setting, not its value: the one it read and the section
    misspells (with the name written, to compare), one the section sets and it refuses, or one
    the section does not set at all (a bare `KeyError: 'greeting'` did not say it was one)."""
    ini = tmp_path / "settings.ini"
    ini.write_text(f"[pipeline:main]\npipeline = ok greeter app\n\n"
                   f"[filter:ok]\nuse = call:tests.stack.paste_apps:make_tag\n\n"
                   f"[filter:greeter]\nuse = call:tests.stack.paste_apps:make_greeter\n"
                   f"{settings}\n\n[app:app]\nuse = call:tests.stack.paste_apps:make_app\n")
    result = serve(str(ini), "--trace-to", "off")
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:{line}: cannot build [main]: [filter:greeter] {failure}\n")


def test_a_setting_a_demo_app_does_not_take_is_named_at_its_line(tmp_path):
    """A learner adds `foo = bar` to the demo's versions app: the factory passes it to the
    class, as nova's `Application.factory` does, and the refusal names the setting, its line
    and what the class takes, where Python's own words were `Versions() takes no arguments`."""
    text = (DEMO / "compute.ini").read_text().replace(
        "compute:Versions.factory\n", "compute:Versions.factory\nfoo = bar\n")
    ini = tmp_path / "extra.ini"
    ini.write_text(text)
    result = serve(str(ini), "--trace-to", "off")
    said, _, raised = result.stderr.partition(", raised at ")
    assert (result.returncode, said) == (
        2, f"{ini}:{ini_line('foo = bar', ini)}: cannot build [osapi_compute]: "
           "[app:versionsapp] foo = bar: TypeError: setting 'foo' is not one Versions takes "
           "(it takes none): the factory passes each setting of its section to the class, as "
           "nova's does")
    assert raised == f"wsgi.py:{line_holding(wsgi, 'raise TypeError(unknown)')} in factory\n"


#: An entry that reaches [filter:failing] (line 7 of `MISSING`): directly, or as a branch its
#: composite's factory asks PasteDeploy's loader for (Paste's urlmap, nova's pipeline_factory).
ENTRIES = {
    "pipeline": "[pipeline:main]\npipeline = failing app\n\n\n\n\n",
    "urlmap": "[composite:main]\nuse = egg:Paste#urlmap\n/v1 = api\n[pipeline:api]\n"
              "pipeline = failing app\n\n",
    "pipeline_factory": "[composite:main]\nuse = call:stack.wsgi:pipeline_factory\n"
                        "keystone = failing app\n\n\n\n",
}
MISSING = {
    "use = egg:no_such_pkg#x": "use = egg:no_such_pkg#x: PackageNotFoundError: No package "
    "metadata was found for "
    "no_such_pkg (`egg:` names an installed package: install the one that provides "
    "`no_such_pkg`)",
    "paste.filter_factory = no_such_module:factory": "paste.filter_factory = "
    "no_such_module:factory: ModuleNotFoundError: No module named "
    "'no_such_module' (not on Python's path: install the package that provides "
    "`no_such_module`, or set PYTHONPATH to the folder that holds it)",
}


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("factory", MISSING)
def test_a_missing_module_is_named_at_its_reference_whatever_reaches_it(entry, factory,
                                                                        tmp_path):
    """Not "raised at urlmap.py:26 in urlmap_factory": the composite's factory asked the
    loader for its branch, and the branch's module is what is missing: the line naming it is
    the one to mend."""
    ini = tmp_path / "missing.ini"
    ini.write_text(f"{ENTRIES[entry]}[filter:failing]\n{factory}\n\n"
                   f"[app:app]\nuse = call:tests.stack.paste_apps:make_app\n")
    assert ini.read_text().splitlines()[6] == "[filter:failing]"
    result = serve(str(ini), "--trace-to", "off")
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:8: cannot build [main]: [filter:failing] {MISSING[factory]}\n")


def test_an_egg_whose_package_is_missing_is_said_to_need_installing():
    """PYTHONPATH gives no package metadata, which an `egg:` reference is found by."""
    result = serve(str(SWIFT), "--trace-to", "off")
    assert (result.returncode, result.stderr) == (
        2, f"{SWIFT}:107: cannot build [main]: "
           "[app:proxy-server] use = egg:swift#proxy: PackageNotFoundError: No package "
           "metadata was found for swift (`egg:` names an installed package: install the one "
           "that provides `swift`)\n")


@pytest.mark.parametrize(("required", "hint"), [
    ("Paste no_such_pkg", "`require` names installed packages: install `no_such_pkg`, or take "
                          "it out of `require`"),
    ("Pastee", "did you mean `Paste`?"),
], ids=["missing", "misspelt"])
def test_a_required_package_missing_is_named_at_its_require_line(required, hint, tmp_path):
    """PasteDeploy checks `require =` before it calls the factory: cited at the section's
    header, with the advice of an `egg:` reference, the error read as the factory's."""
    ini = tmp_path / "required.ini"
    ini.write_text("[pipeline:main]\npipeline = app\n\n[app:app]\n"
                   f"use = call:tests.stack.paste_apps:make_app\nrequire = {required}\n")
    missing = required.split()[-1]
    result = serve(str(ini), "--trace-to", "off")
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:6: cannot build [main]: [app:app] require = {required}: PackageNotFoundError: "
           f"No package metadata was found for {missing} ({hint})\n")


def test_a_refused_section_of_another_file_is_named_in_that_file(tmp_path):
    (tmp_path / "other.ini").write_text("[app:inner]\nuse = call:tests.stack.paste_apps:make_app"
                                        "\ntext = %(here\n")
    ini = tmp_path / "outer.ini"
    ini.write_text("[composite:main]\nuse = egg:Paste#urlmap\n/ = config:other.ini#inner\n")
    result = serve(str(ini), "--trace-to", "off")
    assert (result.returncode, result.stderr) == (
        2, "other.ini:3: cannot build [main]: [other.ini#app:inner] bad interpolation "
           "variable reference '%(here'\n"
    )


def test_a_fifo_another_file_names_is_refused_before_paste_deploy_reads_it(tmp_path):
    """PasteDeploy waited on the fifo for ever, the stack never serving nor saying why."""
    fifo = tmp_path / "fifo.ini"
    os.mkfifo(fifo)
    ini = tmp_path / "outer.ini"
    ini.write_text(f"[composite:main]\nuse = egg:Paste#urlmap\n/ = x\n\n"
                   f"[app:x]\nuse = config:{fifo}#x\n")
    result = serve(str(ini), "--trace-to", "off")  # within run_cli's time limit
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:6: cannot build [main]: [app:x] config:{fifo}: fifo.ini: not a regular "
           "file\n")


def test_a_section_id_names_it_as_its_name_does(serve_stack):
    # `inspect` shows ids (`composite:osapi_compute`); PasteDeploy takes the name alone.
    stack = serve_stack(DEMO / "compute.ini", "composite:osapi_compute")
    assert "serving [osapi_compute] of " in stack.output()
    with urllib.request.urlopen(stack.url + "/", timeout=10) as response:
        assert response.status == 200


def test_a_typo_in_the_pipeline_auth_strategy_picks_is_named_at_its_line(tmp_path):
    """Not at the composite's header, nor blamed on `auth_strategy`: the alternative's line."""
    ini = tmp_path / "typo.ini"
    ini.write_text((DEMO / "compute.ini").read_text().replace(
        "sizelimit authtoken compute_app", "sizelimit authtokn compute_app"))
    result = serve(str(ini), "--trace-to", "off")
    assert (result.returncode, result.stderr) == (
        2, f"{ini}:22: cannot build [osapi_compute]: [composite:openstack_compute_api_v21] its "
           "`auth_strategy = keystone` picks its `keystone` alternative (line 22), where "
           "'authtokn' names no filter section (did you mean [filter:authtoken] at line 34?)\n")
