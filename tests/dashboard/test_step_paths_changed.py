"""The step view says where a layer's SCRIPT_NAME and PATH_INFO were changed: under "it sees
SCRIPT_NAME `/log`", a bare "No change to SCRIPT_NAME, PATH_INFO … at this step" read to a class
as a contradiction, as the request had arrived with an empty SCRIPT_NAME."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import DEMO
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import Stack
from tests.dashboard.servers import announced
from tests.dashboard.servers import send


@pytest.fixture(scope="module")
def glance(dashboard) -> Iterator[Stack]:
    """The glance seed example (`common`), announced to `dashboard`."""
    with announced(dashboard, "common", str(DEMO / "seed_glance.ini")) as server:
        yield server


def step_words(page: str, index: int) -> str:
    """The text the step at `index` (from 0) shows, its spaces run together."""
    step = part(page, f'<div class="step" data-index="{index}"', "</div>")
    return " ".join(shown(step.split(">", 1)[1]).split())


def test_a_layer_below_the_urlmap_is_told_where_its_paths_changed(dashboard, glance):
    trace = send(dashboard, glance, "GET", "/log")
    page = dashboard.get(f"/requests/{trace['trace']}/steps", headers=HTMX)[2]
    assert "/log moved from PATH_INFO to SCRIPT_NAME" in step_words(page, 2)  # step 3
    for index, node in ((3, "pipeline showversion_log"), (4, "filter filter_log")):
        words = step_words(page, index)
        assert f"The {node} is entered; it sees SCRIPT_NAME /log and an empty PATH_INFO." in words
        assert words.endswith(
            "SCRIPT_NAME and PATH_INFO changed at step 3, when the composite common chose /log; "
            "no change to them, the routing args or the status at this step.")
        assert "No change to SCRIPT_NAME" not in words
    # before the urlmap moved anything, and on the way back up, a step changed nothing
    for index in (1, 7):
        assert step_words(page, index).endswith(
            "No change to SCRIPT_NAME, PATH_INFO, the routing args or the status at this step.")
    steps = dashboard.get(f"/api/traces/{trace['trace']}/steps")[2]["steps"]
    assert [s["paths_changed"] is not None for s in steps] == [
        False, False, False, True, True, True, False, False, False, False, False]
