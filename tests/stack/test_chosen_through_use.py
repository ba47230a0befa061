"""The story of a served trace says why a `pipeline_factory` composite took its key when the
composite gets its factory and `auth_strategy` through `use =` another section."""

from __future__ import annotations

from stack import graph
from tests.conftest import DEMO
from tests.stack.test_explain import send
from tests.stack.trace_checks import failure_story

#: The compute demo with its `pipeline_factory` and `auth_strategy` moved to a section the
#: composite `use`s, as a deployment sharing them between APIs writes it.
SHARED_FACTORY = ("\n[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\n"
                  "auth_strategy = keystone\n")


def test_the_choice_is_said_from_the_auth_strategy_a_used_section_sets(serve_stack, tmp_path):
    ini = tmp_path / "used.ini"
    ini.write_text((DEMO / "compute.ini").read_text().replace(
        "use = call:stack.wsgi:pipeline_factory\nauth_strategy = keystone\n",
        "use = pf\n") + SHARED_FACTORY)
    stack = serve_stack(ini, "osapi_compute")
    response, events = send(stack, "GET", "/v2.1/servers")
    assert response.status_code == 401
    story = failure_story(events, graph.load_graph(str(ini), "osapi_compute").to_json())
    assert story[-2] == (
        "The composite `openstack_compute_api_v21` chose its `keystone` alternative, the pipeline "
        "`openstack_compute_api_v21[keystone]`, as its `auth_strategy = keystone` says (the "
        "composite at used.ini line 18, its `keystone` key at line 21).")
