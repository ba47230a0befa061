"""`GET /api/which` reads the ini's [DEFAULT] as `which` does (`stack.known_filters`), for an
uploaded ini and for a running stack's announced graph: the graph JSON carries it (`defaults`)."""

from __future__ import annotations

from stack import graph
from tests.conftest import write_ini
from tests.dashboard.samples import announcement
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask

INI = """\
[DEFAULT]
max_request_body_size = 100

[pipeline:main]
pipeline = sizelimit api

[filter:sizelimit]
use = egg:oslo.middleware#sizelimit

[app:api]
paste.app_factory = mine:api
"""
STOP = ("The filter `sizelimit` (line 7) answers 413 itself: oslo.middleware's sizelimit "
        "takes a body of at most 100 bytes (`max_request_body_size = 100` in the ini's "
        "[DEFAULT], which PasteDeploy hands every factory), and this request's Content-Length, "
        "101 bytes, is over it; the layers after it never see the request.")


def asked_101(dashboard, *source: tuple[str, str]) -> dict:
    status, _, answer = ask(dashboard, *source, ("method", "POST"), ("path", "/x"),
                            ("header", "Content-Length: 101"))
    assert status == 200, answer
    return answer


def test_an_uploaded_ini_s_default_limit_stops_the_request(dashboard):
    answer = asked_101(dashboard, ("ini", uploaded(dashboard, "defaults.ini", INI)))
    assert answer["stopped"]["status"] == 413
    assert answer["stopped"]["said"] == [STOP]


def test_a_running_stack_s_default_limit_stops_the_request(dashboard, tmp_path):
    ini = write_ini(tmp_path, INI, "defaults.ini")
    announced = {**announcement("which-defaults"), "routes": {},
                 "graph": graph.load_graph(str(ini), "main").to_json()}
    assert dashboard.post("/api/stacks", announced)[0] == 200
    answer = asked_101(dashboard, ("stack", "which-defaults"))
    assert answer["stopped"]["said"] == [STOP]
    assert STOP in answer["describe"]
