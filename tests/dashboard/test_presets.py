"""The send form offers each demo's presets for that demo only, each getting the status it
promises from the real demo; another stack gets an empty form at `/`, with no preset."""

from __future__ import annotations

import html
import re

import pytest

from dashboard.presets import DEMOS
from tests.conftest import DEMO
from tests.conftest import ini_line
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import announced
from tests.dashboard.servers import preset_body
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored


def form_of(page: str) -> tuple[list[str], str, str]:
    """The presets a live page offers (their labels), and the path and headers its form holds."""
    form = re.search(r'<form id="send-form".*?</form>', page, re.S).group()
    labels = [html.unescape(label)
              for label in re.findall(r'<option value="\d+"[^>]*>[^<]*— ([^<]*)<', form)]
    path = re.search(r'<input name="path" value="([^"]*)"', form).group(1)
    headers = re.search(r'<textarea name="headers"[^>]*>([^<]*)<', form).group(1)
    return labels, html.unescape(path), html.unescape(headers)


def check_sent(dashboard, stack: str, preset: dict) -> str:
    """Send `preset` to `stack` as the form does; it gets the status it promises. Its trace."""
    status, _, result = dashboard.post("/api/send", {
        "stack": stack, "method": preset["method"], "path": preset["path"],
        "headers": preset["headers"], "body": preset_body(preset)})
    assert (status, result["status"]) == (200, preset["status"]), (preset, result)
    return result["trace"]


@pytest.mark.parametrize(("file", "name"), list(DEMOS))
def test_each_demo_offers_its_own_presets_and_each_gets_its_status(dashboard, file, name):
    _, presets = DEMOS[file, name]
    with announced(dashboard, name, f"stack/demo/{file}"):
        labels, path, _ = form_of(dashboard.get(f"/?stack={name}")[2])
        assert labels == [p["label"] for p in presets] and path == presets[0]["path"]
        for preset in presets:
            check_sent(dashboard, name, preset)


def test_a_delete_pressed_first_leaves_every_other_preset_its_status(dashboard):
    """In a classroom anyone may press Delete first: the demo state it changes must be no
    other preset's (nor a lesson step's, which send the same servers)."""
    _, presets = DEMOS["compute.ini", "osapi_compute"]
    deletes = [p for p in presets if p["method"] == "DELETE" and p["status"] == 204]
    with announced(dashboard, "osapi_compute", "stack/demo/compute.ini"):
        for preset in deletes + [p for p in presets if p not in deletes]:
            check_sent(dashboard, "osapi_compute", preset)


@pytest.mark.parametrize(("file", "app"), [
    ("mine.ini", "stack.demo.compute:APIRouter.factory"),  # the demo's app, not its ini
    ("compute.ini", "stack.demo.seed_nova:HomeApp.factory"),  # the demo's names, not its app
])
def test_another_stack_gets_no_preset_and_a_blank_form(dashboard, tmp_path, file, app):
    ini = tmp_path / file
    ini.write_text(f"[app:osapi_compute]\npaste.app_factory = {app}\n")
    with announced(dashboard, "osapi_compute", str(ini)):
        labels, path, headers = form_of(dashboard.get("/?stack=osapi_compute")[2])
    assert (labels, path, headers) == ([], "/", "")


def test_the_first_stack_to_announce_brings_its_form(dashboard):
    # The page was drawn before any stack: htmx fetches the first one's view, and its form.
    with announced(dashboard, "common", "stack/demo/seed_glance.ini"):
        status, _, swap = dashboard.get("/?stack=common", headers=HTMX)
    assert status == 200 and 'hx-swap-oob="true"' in swap
    labels, path, _ = form_of(swap)
    assert labels[0] == "version" and path == "/"


#: The oslo.middleware demo, whose sizelimit a pipeline places.
OSLO = DEMO / "oslo.ini"


@pytest.mark.parametrize(("file", "name", "at", "never_ran"), [
    ("compute.ini", "osapi_compute",
     f"compute.ini line {ini_line('[filter:sizelimit]')}, placed by the `keystone` key of "
     f"[composite:openstack_compute_api_v21] at line {ini_line('keystone =')}",
     "the filter `authtoken`, the app `compute_app`"),
    ("oslo.ini", "oslo_compute",
     f"oslo.ini line {ini_line('[filter:sizelimit]', OSLO)}, placed by [pipeline:oslo_pipeline] "
     f"at line {ini_line('[pipeline:oslo_pipeline]', OSLO)}",
     "the app `compute_app`"),  # oslo.middleware's sizelimit
])
def test_the_body_over_the_limit_is_answered_413_by_sizelimit_alone(dashboard, file, name, at,
                                                                    never_ran):
    _, presets = DEMOS[file, name]
    [too_large] = [p for p in presets if p["status"] == 413]
    with announced(dashboard, name, f"stack/demo/{file}"):
        trace = stored(dashboard, check_sent(dashboard, name, too_large))
        steps = steps_of(dashboard, trace["trace"])
    answered = [s["node"] for s in steps["steps"] if s["kind"] == "node.leave"
                and s["text"].endswith("answered 413 itself, without calling the next layer "
                                       "(a short circuit).")]
    assert answered == ["filter:sizelimit"]
    assert (f"The filter `sizelimit` ({at}) answered 413 itself, without calling the next layer "
            f"(a short circuit); these layers never ran: {never_ran}.") in steps["failure"]
