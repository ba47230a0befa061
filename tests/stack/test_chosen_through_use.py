"""The story of a served trace says why a `pipeline_factory` composite took its key, citing the
line of the `auth_strategy` that chose it: in the composite, in a section it `use`s, or none it
reads (one in [DEFAULT], or a `set auth_strategy`, is global conf, which the factory never
reads: a `set` is cited, as it reads as choosing)."""

from __future__ import annotations

import pytest

from stack import graph
from tests.conftest import DEMO
from tests.conftest import ini_line
from tests.stack.trace_checks import failure_story
from tests.stack.trace_checks import send

#: The compute demo's composite's factory and `auth_strategy`, as it writes them.
OWN = "use = call:stack.wsgi:pipeline_factory\nauth_strategy = keystone\n"
#: The compute demo with its `pipeline_factory` and `auth_strategy` moved to a section the
#: composite `use`s, as a deployment sharing them between APIs writes it.
SHARED_FACTORY = ("\n[composite:pf]\nuse = call:stack.wsgi:pipeline_factory\n"
                  "auth_strategy = keystone\n")
#: The story's start, up to the reason.
CHOSE = ("The composite `openstack_compute_api_v21` chose its `keystone` alternative, the "
         "pipeline `openstack_compute_api_v21[keystone]`")


def used_ini(text: str) -> str:
    return text.replace(OWN, "use = pf\n") + SHARED_FACTORY


def in_default(text: str) -> str:
    """`auth_strategy = noauth` in [DEFAULT] (read by no `pipeline_factory`), none in the
    composite: OpenStack's default, keystone, is built."""
    return ("[DEFAULT]\nauth_strategy = noauth\n\n"
            + text.replace(OWN, "use = call:stack.wsgi:pipeline_factory\n"))


@pytest.mark.parametrize(("written", "reason"), [
    (lambda text: text, lambda ini: (
        f", as `auth_strategy = keystone` at {ini.name} line {ini_line('auth_strategy =', ini)} "
        f"says (its `keystone` key at line {ini_line('keystone =', ini)}).")),
    (used_ini, lambda ini: (
        f", as `auth_strategy = keystone` at {ini.name} line {ini_line('auth_strategy =', ini)} "
        f"([composite:pf], which it uses) says (its `keystone` key at line "
        f"{ini_line('keystone =', ini)}).")),
    (in_default, lambda ini: (
        ", OpenStack's default `auth_strategy`, as the composite sets none it reads (the "
        f"composite at {ini.name} line {ini_line('[composite:openstack_compute_api_v21]', ini)}, "
        f"its `keystone` key at line {ini_line('keystone =', ini)}).")),
    (lambda text: text.replace(OWN, OWN.replace("auth_strategy = keystone",
                                                "set auth_strategy = noauth")), lambda ini: (
        ", OpenStack's default `auth_strategy`: `set auth_strategy = noauth` at "
        f"{ini.name}:{ini_line('set auth_strategy', ini)} is not read, as `set` puts it in the "
        "global_conf, not in the composite's own settings (its `keystone` key at line "
        f"{ini_line('keystone =', ini)}).")),
], ids=["in-the-composite", "in-a-used-section", "in-default", "set-in-the-composite"])
def test_the_choice_cites_the_auth_strategy_that_made_it(serve_stack, tmp_path, written, reason):
    ini = tmp_path / "chosen.ini"
    ini.write_text(written((DEMO / "compute.ini").read_text()))
    stack = serve_stack(ini, "osapi_compute")
    response, events = send(stack, "GET", "/v2.1/servers")
    assert response.status_code == 401
    story = failure_story(events, graph.load_graph(str(ini), "osapi_compute").to_json())
    assert story[-3] == CHOSE + reason(ini)  # then authtoken's 401 and its body's why
