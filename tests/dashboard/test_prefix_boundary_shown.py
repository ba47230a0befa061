"""The glance lesson's step "A prefix is a whole segment": `/logs` beside the urlmap's `/log`
falls to the catch-all by design, and the step view says why (a urlmap matches a prefix only
at a `/` boundary) rather than asking whether the lesson's path is a typo."""

from __future__ import annotations

from tests.conftest import DEMO
from tests.dashboard.page_text import shown
from tests.dashboard.servers import announced
from tests.dashboard.servers import send
from tests.stack.mistyped_prefix import BOUNDARY


def test_the_step_view_says_a_prefix_is_a_whole_segment(dashboard):
    with announced(dashboard, "common", str(DEMO / "seed_glance.ini")) as stack:
        trace = send(dashboard, stack, "GET", "/logs")
    assert trace["status"] == 200
    status, _, page = dashboard.get(f"/requests/{trace['trace']}/steps")
    assert status == 200
    text = " ".join(shown(page).split())
    assert ("The urlmap composite common chose /, the catch-all, as no longer prefix matches "
            f"/logs; {BOUNDARY.replace('`', '')}, leading to the app showversion") in text
    assert "typo" not in text
