"""A real 401 and a real 404, and where in the operator's ini to look: the request page's
*Why it failed* and the step view give the line of the layer that answered itself, of the
pipeline (or `pipeline_factory` key) that put it there, and of the composite and key that
chose that pipeline, from the graph the stack announced."""

from __future__ import annotations

from tests.conftest import ini_line
from tests.conftest import write_ini
from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.servers import announced
from tests.dashboard.servers import send
from tests.stack.mistyped_prefix import NO_ROOT_INI

#: Where in compute.ini the keystone pipeline is chosen: its `auth_strategy` and keystone key.
STRATEGY = ini_line("auth_strategy =")
KEYSTONE = ini_line("keystone =")
#: The compute demo's choice of its keystone pipeline, as the pages say it (code unticked).
CHOSEN = ("The composite openstack_compute_api_v21 chose its keystone alternative, the pipeline "
          f"openstack_compute_api_v21[keystone], as auth_strategy = keystone at compute.ini line "
          f"{STRATEGY} says (its keystone key at line {KEYSTONE}).")


def test_a_401_names_the_lines_of_the_filter_and_of_what_chose_it(dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers")
    assert trace["status"] == 401
    why = section(dashboard.get(f"/requests/{trace['trace']}")[2], "Why it failed")
    assert CHOSEN in why
    assert (f"The filter authtoken (compute.ini line {ini_line('[filter:authtoken]')}, placed "
            "by the keystone key of [composite:openstack_compute_api_v21] at line "
            f"{KEYSTONE}) answered 401 itself, without calling the next layer (a short "
            "circuit); these layers never ran: the app compute_app.") in why
    # Not only which filter answered 401 but why, as its answer's body says: an operator
    # reading *Why it failed* needs not scroll to the response to learn the token is missing.
    assert why.endswith("these layers never ran: the app compute_app."
                        "The answer's body says why: “The X-Auth-Token header is missing.”")
    steps = " ".join(shown(dashboard.get(f"/requests/{trace['trace']}/steps")[2]).split())
    assert CHOSEN.removesuffix(".") + "; SCRIPT_NAME and PATH_INFO are unchanged" in steps


def test_a_urlmap_404_names_the_line_of_the_urlmap(dashboard, tmp_path):
    ini = write_ini(tmp_path, NO_ROOT_INI, "noroot.ini")
    with announced(dashboard, "osapi_compute", str(ini), stack="noroot") as noroot:
        trace = send(dashboard, noroot, "GET", "/v3/servers")
    assert trace["status"] == 404
    why = section(dashboard.get(f"/requests/{trace['trace']}")[2], "Why it failed")
    assert ("The composite osapi_compute (noroot.ini line "
            f"{ini_line('[composite:osapi_compute]', ini)}) tried /v2.1, longest first; none "
            "is /v3/servers or a prefix of it, so it answered 404 itself and no branch ran."
            ) in why
