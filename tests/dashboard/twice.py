"""The compute demo with `faultwrap` listed twice in its keystone pipeline, as swift's proxy
lists `proxy-logging` twice: what tests of a filter drawn twice in one lane serve."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import TOKEN
from tests.dashboard.servers import ROOT

#: The pipeline that lists `faultwrap` twice, at positions 1 and 3.
LANE = "pipeline:openstack_compute_api_v21[keystone]"
KEYSTONE = "keystone = request_id faultwrap sizelimit faultwrap authtoken compute_app"


def twice_ini(folder: Path) -> str:
    """The compute demo's ini, written to `folder` with its keystone pipeline listing
    `faultwrap` twice; its path."""
    lines = (ROOT / "stack/demo/compute.ini").read_text().splitlines()
    path = folder / "twice.ini"
    path.write_text("\n".join(KEYSTONE if line.startswith("keystone =") else line
                              for line in lines) + "\n")
    return str(path)


def raise_in_action(stack) -> str:
    """Send the demo's action that raises (the inner `faultwrap` turns it into a 500); its
    trace id."""
    request = urllib.request.Request(
        stack.url + "/v2.1/servers/1/action", method="POST",
        data=json.dumps({"migrate": None}).encode(),
        headers={**TOKEN, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raise AssertionError(f"the action answered {response.status}, not 500")
    except urllib.error.HTTPError as error:
        assert error.code == 500, error.code
        return error.headers["X-Pastescope-Trace"]


#: The environ key a filter of `second_time` marks a request with as it lets it by.
SEEN = "tests.twice.seen"


def second_time(answer):
    """A filter that lets a request by the first time and hands it to `answer` (a WSGI app)
    the second: a pipeline listing it twice does that at its second place."""
    def wrap(app):
        def once(environ, start_response):
            if environ.get(SEEN):
                return answer(environ, start_response)
            environ[SEEN] = "1"
            return app(environ, start_response)
        return once
    return wrap


def conflict(environ, start_response):
    start_response("409 Conflict", [("Content-Type", "text/plain")])
    return [b"met twice"]


def met_twice(environ, start_response):
    raise RuntimeError("met twice")


def make_once_filter(global_conf):
    """A filter answering 409 itself at its second place (`second_time`)."""
    return second_time(conflict)


def make_raising_filter(global_conf):
    """A filter raising at its second place (`second_time`)."""
    return second_time(met_twice)


def once_ini(folder: Path, factory: str = "make_once_filter",
             pipeline: str = "once faultwrap once app") -> str:
    """A pipeline `main` listing the filter `once` (`factory`, of this module) twice, with
    faultwrap (as `pipeline` lists them); its path."""
    path = folder / "once.ini"
    path.write_text(f"[pipeline:main]\npipeline = {pipeline}\n\n"
                    "[filter:once]\n"
                    f"paste.filter_factory = tests.dashboard.twice:{factory}\n\n"
                    "[filter:faultwrap]\n"
                    "paste.filter_factory = stack.filters.fault_wrapper:FaultWrapper.factory\n\n"
                    "[app:app]\npaste.app_factory = tests.stack.paste_apps:make_app\n")
    return str(path)
