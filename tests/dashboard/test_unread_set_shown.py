"""The step view words an unread `set auth_strategy` (which reads as choosing, but `set` puts
it in the global_conf, which a `pipeline_factory` never reads) as `which` and `inspect` word it
(`stack.choice_words`): one wording, whoever says it."""

from __future__ import annotations

import re

from tests.conftest import DEMO
from tests.conftest import ini_line
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import announced
from tests.dashboard.servers import send

#: The compute demo's composite's choosing setting.
CHOSEN = "auth_strategy = keystone"


def test_the_step_view_says_the_unread_set_as_which_does(dashboard, tmp_path):
    ini = tmp_path / "unread.ini"
    ini.write_text((DEMO / "compute.ini").read_text().replace(CHOSEN, "set auth_strategy = noauth"))
    with announced(dashboard, "osapi_compute", str(ini), stack="unread_set") as stack:
        sent = send(dashboard, stack, "GET", "/v2.1/servers")
    assert sent["status"] == 401  # keystone's authtoken: the `set` chose nothing
    trace = sent["trace"]
    unread = (f"`set auth_strategy = noauth` at line {ini_line('set auth_strategy', ini)} is not "
              "read, as `set` puts it in the global_conf, not in the composite's own settings")
    # What the dashboard's "What would this URL hit?" says of the same stack: the words the
    # step view shares.
    _, _, which = dashboard.get("/api/which?stack=unread_set&method=GET&path=/v2.1/servers",
                                headers=HTMX)
    assert f"OpenStack's default auth_strategy: {unread.replace('`', '')}" in " ".join(
        shown(which).split())
    status, _, page = dashboard.get(f"/requests/{trace}/steps")
    assert status == 200
    (step,) = re.findall(r'<div class="step"[^>]*data-kind="composite.dispatch"[^>]*'
                         r'data-label="keystone"[^>]*>\s*<p class="step-text">(.*?)</p>',
                         page, re.S)
    assert (f"The composite openstack_compute_api_v21 chose its keystone alternative, the "
            f"pipeline openstack_compute_api_v21[keystone], OpenStack's default auth_strategy: "
            f"{unread.replace('`', '').replace(' at line ', ' at unread.ini:')} (its keystone "
            f"key at line {ini_line('keystone =', ini)})") in " ".join(shown(step).split())
