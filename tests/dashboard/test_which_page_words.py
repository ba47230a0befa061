"""The page's "What would this URL hit?" says its own way to ask about another alternative (the
list above the answer, not `--choose`), and a list left at the key followed when nothing
chooses is asked again as no choice: the answer still says why that key is followed."""

from __future__ import annotations

import re

from tests.conftest import NOVA
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask

V21 = "composite:openstack_compute_api_v21"
#: nova's v2.1 composite with a typo in its keystone pipeline only: OpenStack's default
#: `auth_strategy` (keystone) cannot be built, its noauth alternative can.
TYPO = """\
[composite:osapi_compute]
use = egg:Paste#urlmap
/v2.1: openstack_compute_api_v21

[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
noauth = noauth app
keystone = authtokn app

[filter:noauth]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:app]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
"""
DEFAULT_WHY = ("OpenStack's default auth_strategy: the composite sets none, a service's config "
               "may")


def page_ask(dashboard, *pairs: tuple[str, str]) -> str:
    """The text the form's answer shows, as htmx swaps it in."""
    status, _, html = ask(dashboard, *pairs, headers=HTMX)
    assert status == 200, html
    return " ".join(shown(html).split())


def sent_choices(dashboard, *pairs: tuple[str, str]) -> list[str]:
    """What the answer's lists send when asked again untouched: each one's selected value."""
    html = ask(dashboard, *pairs, headers=HTMX)[2]
    return re.findall(r'<option value="([^"]*)" selected>', html)


def test_a_refused_default_points_to_the_list_above_not_to_the_cli(dashboard):
    ini_id = uploaded(dashboard, "typo.ini", TYPO)
    said = page_ask(dashboard, ("ini", ini_id), ("path", "/v2.1/servers"))
    assert ("It offers noauth too, which a service's config may pick instead (choose one "
            "above to ask about it).") in said
    assert "--choose" not in said


def test_asking_again_untouched_keeps_the_default_and_says_why(dashboard):
    ini_id = uploaded(dashboard, NOVA.name, NOVA.read_bytes())
    first = (("ini", ini_id), ("path", "/v2.1/servers"))
    assert DEFAULT_WHY in page_ask(dashboard, *first)
    again = sent_choices(dashboard, *first)
    assert again == [""]
    said = page_ask(dashboard, *first, *(("choose", value) for value in again))
    assert DEFAULT_WHY in said and "as chosen" not in said
    # A key other than the default is a choice, kept as one when asked again.
    chosen = (*first, ("choose", f"{V21}=noauth"))
    assert sent_choices(dashboard, *chosen) == [f"{V21}=noauth"]
    said = page_ask(dashboard, *chosen)
    assert "as chosen" in said and DEFAULT_WHY not in said


def test_a_choice_the_path_no_longer_passes_is_said_on_the_page(dashboard):
    ini_id = uploaded(dashboard, NOVA.name, NOVA.read_bytes())
    said = page_ask(dashboard, ("ini", ini_id), ("path", "/v2/servers"),
                    ("choose", f"{V21}=noauth"))
    assert ("The choice openstack_compute_api_v21=noauth is not used: this request does not "
            "pass the composite openstack_compute_api_v21.") in said
