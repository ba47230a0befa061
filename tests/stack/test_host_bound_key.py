"""A urlmap key bound to a host (`domain api.example.com /v3`) whose prefix the path has: for a
request to another host, Paste's URLMap skips it and answers 404. The words must say that key
matched the path and the host is why, served and in `which`, not that no key is a prefix."""

from __future__ import annotations

import requests

from stack import graph
from stack.explain import explain_step
from stack.resolve import resolve
from tests.conftest import run_cli
from tests.conftest import write_ini
from tests.stack.trace_checks import failure_story

INI = ("[composite:main]\nuse = egg:Paste#urlmap\ndomain api.example.com /v3 = v3\n/v2 = v2\n\n"
       "[app:v3]\nuse = call:tests.stack.paste_apps:make_app\ntext = three\n\n"
       "[app:v2]\nuse = call:tests.stack.paste_apps:make_app\ntext = two\n")
#: Only keys bound to hosts: none is left for a request to another host.
ONLY_HOSTS = ("[composite:main]\nuse = egg:Paste#urlmap\ndomain a.example.com /v3 = v3\n"
              "domain b.example.com / = v3\n\n"
              "[app:v3]\nuse = call:tests.stack.paste_apps:make_app\n")
BOUND = ("the key `http://api.example.com/v3` has `/v3`, a prefix of `/v3/x`, but takes only "
         "requests for the host `api.example.com`")


def test_a_served_miss_names_the_key_its_host_kept_out(serve_stack, tmp_path):
    stack = serve_stack(write_ini(tmp_path, INI), "main")
    assert requests.get(stack.url + "/v3/x", headers={"Host": "api.example.com"},
                        timeout=10).text == "three"
    response = requests.get(stack.url + "/v3/x", headers={"Host": "other.example.com"},
                            timeout=10)
    assert response.status_code == 404  # Paste's URLMap, untouched
    events = stack.trace(response.headers["X-Pastescope-Trace"])
    said = (f"The composite `main` tried `http://api.example.com/v3`, `/v2`, longest first; "
            f"{BOUND}, and this request's Host is `other.example.com`; none of the others is "
            f"`/v3/x` or a prefix of it, so it answered 404 itself and no branch ran.")
    assert failure_story(events)[1] == said
    miss = next(i for i, e in enumerate(events) if e["kind"] == "composite.miss")
    assert explain_step(events, miss).text == said


def test_which_names_the_key_its_host_kept_out(tmp_path):
    ini = write_ini(tmp_path, INI)
    done = run_cli("which", str(ini), "GET", "/v3/x", "--host", "other.example.com")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [
        f"The composite `main` (a urlmap) tries `http://api.example.com/v3`, `/v2`, longest "
        f"first; {BOUND}, and this request's Host is `other.example.com`; none of the others "
        f"is `/v3/x` or a prefix of it ending at a `/`, so it answers 404 itself.",
        "It would stop at the composite `main` with 404."]
    done = run_cli("which", str(ini), "GET", "/v3/x")
    assert (f"{BOUND}, and no host was given, which is taken as `localhost`; none of the "
            f"others") in done.stdout


def test_which_says_why_it_stops_and_when_no_key_is_left(tmp_path):
    """The reason the dashboard's "What would this URL hit?" shows by its stop; a urlmap of
    host keys only has no other key to try."""
    found = graph.load_graph(str(write_ini(tmp_path, INI)), "main").to_json()
    stopped = resolve(found, "GET", "/v3/x", "other.example.com").stopped
    assert stopped["reason"] == f"{BOUND}, and this request's Host is `other.example.com`"
    found = graph.load_graph(str(write_ini(tmp_path, ONLY_HOSTS)), "main").to_json()
    done = resolve(found, "GET", "/v3/x", "c.example.com")
    assert done.story[0] == (
        "The composite `main` (a urlmap) tries `http://a.example.com/v3`, "
        "`http://b.example.com/`, longest first; the keys `http://a.example.com/v3` and "
        "`http://b.example.com/` have prefixes of `/v3/x`, but take only requests for the "
        "hosts `a.example.com` and `b.example.com`, and this request's Host is "
        "`c.example.com`; it has no other key, so it answers 404 itself.")
