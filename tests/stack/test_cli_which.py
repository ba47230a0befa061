"""`python -m stack which`: the path a request would take, in plain words; bad input exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stack.__main__ import main
from tests.conftest import DEMO
from tests.conftest import INI_DATA
from tests.conftest import NOVA
from tests.conftest import ROOT
from tests.conftest import run_cli
from tests.conftest import write_ini

SHAPES = INI_DATA / "pastescope-shapes.ini"
COMPUTE = DEMO / "compute.ini"
#: What follows "The app X is handed `GET /…`" when nothing of the app is loaded (the CLI).
UNLOADED = (". Nothing here loads its code (its factory is only named), so this cannot tell "
            "whether it answers 200, 404 or another status: only sending the request shows.")


def which(*args: str) -> subprocess.CompletedProcess:
    """Run the real CLI in a fresh interpreter, as a user would."""
    return run_cli("which", *args)


def test_nova_with_keystone_chosen_prints_the_whole_path():
    done = which(str(NOVA), "GET", "/v2.1/servers", "--name", "osapi_compute",
                 "--choose", "openstack_compute_api_v21=keystone")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "GET /v2.1/servers would go: the composite `osapi_compute` → the composite "
        "`openstack_compute_api_v21` → the pipeline `openstack_compute_api_v21[keystone]` → "
        "the filter `request_id` → the filter `faultwrap` → the filter `sizelimit` → the "
        "filter `authtoken`, and stop there with 401, as no `X-Auth-Token` is given (unless the "
        "service's `[keystone_authtoken]` delays the decision). With a valid token it would go "
        "on to the filter `keystonecontext` → the app `osapi_compute_app_v21`.")
    assert any("`keystone` is followed (as chosen); the others: `noauth`" in line
               for line in lines)
    assert done.stderr == ""


def test_the_choice_may_name_the_composite_by_id(capsys):
    assert main(["which", str(NOVA), "GET", "/v2/servers", "--name", "osapi_compute",
                 "--choose", "composite:openstack_compute_api_v2=keystone_nolimit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GET /v2/servers would go:")
    assert "`openstack_compute_api_v2[keystone_nolimit]`" in out


def test_a_method_is_taken_as_typed_and_a_lower_case_one_is_noted(capsys):
    # curl -X get sends `get`, which the router's GET routes do not match (405).
    assert main(["which", str(COMPUTE), "get", "/v2.1/servers"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("get /v2.1/servers would go:")
    assert lines[1] == (
        "`get` is not `GET`: HTTP methods are case-sensitive, and a server and its router "
        "compare them as sent (`curl -X get` sends `get`; most clients send `GET`), so a route "
        "for GET does not match it.")
    assert "The app `compute_app` is handed `get /servers`" + UNLOADED in lines
    assert main(["which", str(COMPUTE), "GET", "/v2.1/servers"]) == 0
    assert "case-sensitive" not in capsys.readouterr().out


def test_host_selects_a_domain_key(tmp_path, capsys):
    ini = tmp_path / "domains.ini"
    ini.write_text("[composite:main]\nuse = egg:Paste#urlmap\n"
                   "domain api.example.com /: special\n/: general\n"
                   "[app:special]\nuse = egg:x#a\n[app:general]\nuse = egg:x#b\n")
    assert main(["which", str(ini), "GET", "/x", "--host", "api.example.com"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GET /x (host api.example.com) would go: the composite `main` → "
                          "the app `special`.")
    assert main(["which", str(ini), "GET", "/x"]) == 0
    assert "→ the app `general`." in capsys.readouterr().out


def test_an_unmatched_prefix_says_urlmap_answers_404():
    done = which(str(SHAPES), "GET", "/nope")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == [
        "The composite `main` (a urlmap) tries `/filterapp`, `/other`, `/with`, `/use`, "
        "longest first; none is `/nope` or a prefix of it ending at a `/`, so it answers 404 "
        "itself.",
        "It would stop at the composite `main` with 404."]


def test_nothing_named_in_the_ini_is_imported(tmp_path):
    ini = tmp_path / "trap.ini"
    ini.write_text("[app:main]\npaste.app_factory = pastescope_trap_module:factory\n")
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys; from stack.__main__ import main; rc = main(sys.argv[1:]); "
         "print('imported' if 'pastescope_trap_module' in sys.modules else 'clean'); "
         "sys.exit(rc)", "which", str(ini), "GET", "/"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["GET / would go: the app `main`.",
                                        f"The app `main` is handed `GET /`{UNLOADED}", "clean"]


def test_bad_input_exits_2_with_one_line():
    several = which(str(NOVA), "GET", "/v2.1")
    assert several.returncode == 2
    assert several.stderr.strip().endswith(
        "several entries and none named 'main' (which loadapp loads when given no name), "
        "pick one with --name: metadata, ec2, osapi_compute")
    bad_key = which(str(NOVA), "GET", "/v2.1", "--name", "osapi_compute",
                    "--choose", "openstack_compute_api_v21=ldap")
    assert bad_key.returncode == 2
    assert bad_key.stderr == ("python -m stack which: composite:openstack_compute_api_v21 has no "
                              "alternative 'ldap' (it offers noauth, keystone)\n")
    malformed = which(str(NOVA), "GET", "/", "--name", "osapi_compute", "--choose", "keystone")
    assert malformed.returncode == 2
    assert "--choose 'keystone': expected COMPOSITE=KEY" in malformed.stderr
    missing = which(str(ROOT / "no-such.ini"), "GET", "/")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "no-such.ini" in missing.stderr


def test_a_file_paste_would_not_load_exits_2_saying_where(tmp_path):
    ini = tmp_path / "broken.ini"
    ini.write_text("[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n/other = nope\n"
                   "[app:app]\nuse = egg:x#app\n")
    done = which(str(ini), "GET", "/")
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        "GET / would get no answer: the stack would not load.",
        "The composite `main` cannot be built (line 4): 'nope': no such app, composite, "
        "pipeline or filter-app section. Loading fails, and no request is answered."]


def test_a_query_string_and_escapes_are_read_as_a_server_reads_them():
    done = which(str(COMPUTE), "GET", "/v2.1%2Fservers?limit=1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2] == (
        f"The app `compute_app` is handed `GET /servers`{UNLOADED}")


def test_a_path_shows_as_typed_and_bytes_not_utf8_as_their_escapes():
    done = which(str(COMPUTE), "GET", "/v2.1/servers/%C3%A9%FF")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2] == (
        f"The app `compute_app` is handed `GET /servers/é%FF`{UNLOADED}")


def test_the_filters_on_the_way_are_said_to_be_taken_to_pass_the_request_on(tmp_path):
    """An operator chasing a 401 must not read "would go … → the app" as "gets past auth"."""
    done = which(str(COMPUTE), "DELETE", "/v2.1/flavors")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "This reads the ini, not the filters' code: it takes each filter on the way "
        "(`request_id`, `faultwrap`, `sizelimit`) to pass the request on "
        "unchanged, but one may answer it first instead (an auth filter's 401 without a valid "
        "token, a size limit's 413), change the path the router sees, or replace the status "
        "the client gets, which only sending it shows. What `authtoken` does is said above, "
        "known from its code.")
    ini = tmp_path / "plain.ini"
    ini.write_text("[composite:main]\nuse = egg:Paste#urlmap\n/ = app\n[app:app]\nuse = egg:x#a\n")
    assert "filter" not in which(str(ini), "GET", "/").stdout


def test_a_target_no_client_sends_exits_2_saying_what_is_wrong():
    compute = str(COMPUTE)
    for method, target, error in [
            ("GET", "*", "'*' is a request target for OPTIONS only (the asterisk-form: the "
                         "server as a whole); a path for GET starts with '/'"),
            ("GET", "v2.1/servers", "'v2.1/servers' must start with '/' (or be a whole URL: "
                                    "http://HOST/PATH)"),
            ("GET", "/a b", "'/a b' holds a space or a control character, which a request "
                            "line cannot carry: write it %-escaped (a space is %20)"),
            ("GET", "http://h:8311*", "the URL's host 'h:8311*' is not a host name or address "
                                      "with an optional port (such as localhost:8774)")]:
        done = which(compute, method, target)
        assert (done.returncode, done.stdout) == (2, ""), target
        assert done.stderr == f"python -m stack which: PATH {error}\n"


@pytest.mark.parametrize("method", ["GE T", "G(ET", "", "G" * 33, "GET\n"])
def test_a_method_no_client_sends_exits_2_naming_it(method):
    """As the dashboard's /api/which refuses it: no request line carries it."""
    done = which(str(COMPUTE), method, "/v2.1/servers")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"python -m stack which: METHOD {method!r} is not an HTTP method: a "
                           "token such as GET, PATCH or PURGE (letters, digits and "
                           "!#$%&'*+-.^_`|~, at most 32)\n")


def test_a_host_no_client_sends_exits_2_naming_it():
    compute = str(COMPUTE)
    done = which(compute, "GET", "/v2.1/servers", "--host", "nova:87:74")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("python -m stack which: --host 'nova:87:74' is not a host name or "
                           "address with an optional port (such as localhost:8774)\n")


def test_options_asterisk_and_a_line_too_long_are_answered_as_the_server_would():
    compute = str(COMPUTE)
    done = which(compute, "OPTIONS", "*")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "It would stop at the composite `osapi_compute` with 500.")
    done = which(compute, "GET", "/" + "a" * 100_000)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("aaa would not reach the stack.") and len(done.stdout) < 2000
    assert lines[1:] == [
        "The server answers 414 Request URI Too Long itself: its request line is 100,016 bytes, "
        "and eventlet reads at most 8,191 (CRLF included). It closes the connection, and no "
        "layer of the stack is entered.",
        "It would stop at the server with 414."]


#: A urlmap whose `/` goes through a pipeline of filter `deny` and app `myapp`.
FILTERED = ("[composite:main]\nuse = egg:Paste#urlmap\n/ = public\n/api = myapp\n\n"
            "[pipeline:public]\npipeline = deny myapp\n\n"
            "[filter:deny]\nuse = egg:x#deny\n\n[app:myapp]\nuse = egg:x#app\n")


def test_a_filter_cannot_be_asked_alone_but_any_app_section_can(tmp_path, capsys):
    """`--name` takes any section loadapp could start from, an entry or not; a filter only
    wraps an app, so PasteDeploy would not load it alone."""
    ini = tmp_path / "my.ini"
    ini.write_text(FILTERED)
    for name in ("filter:deny", "deny"):
        assert main(["which", str(ini), "GET", "/", "--name", name]) == 2
        assert capsys.readouterr() == ("", (
            f"{ini}:9: [filter:deny] is a filter: it needs an app to wrap, so it cannot be "
            "served or asked about alone; name an app, composite, pipeline or filter-app "
            "section (entries: main)\n"))
    for name in ("public", "myapp"):
        assert main(["which", str(ini), "GET", "/", "--name", name]) == 0
        assert capsys.readouterr().out.startswith("GET / would go:")
    assert main(["which", str(ini), "GET", "/", "--name", "nope"]) == 2
    assert capsys.readouterr().err == (
        f"{ini}: no app, composite, pipeline or filter-app section named 'nope' (entries: "
        "main; any such section may be named too)\n")


#: `/v2` moved whole to SCRIPT_NAME: to an app, or to a urlmap that has no prefix for "".
TO_AN_APP = ("[composite:main]\nuse = egg:Paste#urlmap\n/v2 = api2\n/ = api\n\n"
             "[app:api]\nuse = egg:A#a\n\n[app:api2]\nuse = egg:A#b\n")
TO_A_URLMAP = ("[composite:main]\nuse = egg:Paste#urlmap\n/v2 = inner\n\n"
               "[composite:inner]\nuse = egg:Paste#urlmap\n/x = api\n\n[app:api]\nuse = egg:A#a\n")


@pytest.mark.parametrize(("text", "said"), [
    (TO_AN_APP, [
        "The composite `main` (a urlmap) picks `/v2` (of 2), the longest prefix that matches; "
        "`/v2` moves from PATH_INFO to SCRIPT_NAME, so the app `api2` sees an empty PATH_INFO.",
        "The app `api2` is handed `GET` with an empty PATH_INFO (the path is all SCRIPT_NAME)"
        + UNLOADED]),
    (TO_A_URLMAP, [
        "The composite `main` (a urlmap) picks `/v2` (of 1), the longest prefix that matches; "
        "`/v2` moves from PATH_INFO to SCRIPT_NAME, so the composite `inner` sees an empty "
        "PATH_INFO.",
        "The composite `inner` (a urlmap) tries `/x`, longest first; none is an empty path or "
        "a prefix of it ending at a `/`, so it answers 404 itself.",
        "It would stop at the composite `inner` with 404."]),
], ids=["app", "urlmap"])
def test_an_empty_path_info_is_said_in_words(tmp_path: Path, text: str, said: list[str]):
    """Not two backticks with nothing between: urlmap moved the whole path to SCRIPT_NAME."""
    done = which(str(write_ini(tmp_path, text)), "GET", "/v2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == said


@pytest.mark.parametrize("path", ["/v3/servers", "/v2.1/servers/new"])
def test_an_app_whose_code_is_not_loaded_is_never_said_to_answer(path):
    """Nothing is imported, so a 404 is as likely as a 200: "answers" would read as success."""
    done = which(str(COMPUTE), "GET", path)
    assert done.returncode == 0, done.stderr
    app = "versionsapp" if path == "/v3/servers" else "compute_app"
    shown = path.removeprefix("/v2.1")
    assert done.stdout.splitlines()[-2] == f"The app `{app}` is handed `GET {shown}`{UNLOADED}"
    assert " answers `GET" not in done.stdout


def test_a_percent_that_begins_no_escape_is_said_as_typed_and_as_the_server_holds_it():
    """`%ZZ` is sent as typed and PATH_INFO holds it so; a shown path writes its `%` as `%25`,
    which is said, with what PATH_INFO holds (as the JSON's hops have it)."""
    done = which(str(COMPUTE), "GET", "/v2.1/servers%ZZ")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("GET /v2.1/servers%ZZ would go: ")
    assert lines[1] == (
        "`%ZZ` is no %-escape, so the server hands it over as it was sent: PATH_INFO holds "
        "'/v2.1/servers%ZZ'. Below, a `%` a path holds is written `%25` (`/v2.1/servers%25ZZ`), "
        "as a client would send it, so that it never reads as the start of an escape.")
    assert "sees PATH_INFO `/servers%25ZZ`." in lines[2]
    # Typed as `%25ZZ`, the path reads as typed: nothing to say.
    sent = which(str(COMPUTE), "GET", "/v2.1/servers%25ZZ").stdout
    assert "no %-escape" not in sent and "sees PATH_INFO `/servers%25ZZ`." in sent


def test_a_filter_app_is_said_to_wrap_its_next(tmp_path):
    ini = tmp_path / "fa.ini"
    ini.write_text("[filter-app:main]\nuse = egg:A#f\nnext = hello\n\n[app:hello]\nuse = egg:A#a\n")
    done = which(str(ini), "GET", "/x")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "GET /x would go: the filter-app `main` → the app `hello`.",
        "The filter-app `main` wraps the app `hello`, its `next`."]


@pytest.mark.parametrize("path", ["/v2.1/servers", "/nowhere"])
def test_a_choice_of_a_composite_the_request_does_not_pass_is_said(path: str):
    """`openstack_compute_api_v2` is in the graph, but /v2.1 goes through `…_v21`, and a path
    no version takes through neither: the choice is not silently dropped."""
    done = which(str(NOVA), "GET", path, "--name", "osapi_compute",
                 "--choose", "openstack_compute_api_v2=noauth")
    assert (done.returncode, done.stderr) == (0, "")
    assert ("The choice `openstack_compute_api_v2=noauth` is not used: this request does not "
            "pass the composite `openstack_compute_api_v2`." in done.stdout.splitlines())


def test_a_choice_the_request_passes_is_followed_and_not_said_unused():
    done = which(str(NOVA), "GET", "/v2/servers", "--name", "osapi_compute",
                 "--choose", "openstack_compute_api_v2=noauth")
    assert (done.returncode, done.stderr) == (0, "")
    assert "`noauth` is followed (as chosen)" in done.stdout
    assert "is not used" not in done.stdout


@pytest.mark.parametrize(("choice", "said"), [
    ("openstack_compute_api_v2=noaut", "composite:openstack_compute_api_v2 has no alternative "
                                       "'noaut' (it offers noauth, keystone, keystone_nolimit)"),
    # where no composite with keys is near the name given, those there are: named, the name
    # is retyped, not guessed at again
    ("nosuch=noauth", "composite:nosuch=noauth: no composite:nosuch in this graph; its "
                      "composites with keys to choose are `openstack_compute_api_v2`, "
                      "`openstack_compute_api_v21` and `openstack_compute_api_v3`"),
    ("openstack_compute_api_v22=noauth", "composite:openstack_compute_api_v22=noauth: no "
     "composite:openstack_compute_api_v22 in this graph; did you mean "
     "`openstack_compute_api_v2` or `openstack_compute_api_v21`?"),
])
def test_a_choice_the_graph_cannot_follow_still_exits_2(choice: str, said: str):
    done = which(str(NOVA), "GET", "/v2.1/servers", "--name", "osapi_compute",
                 "--choose", choice)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"python -m stack which: {said}\n"
