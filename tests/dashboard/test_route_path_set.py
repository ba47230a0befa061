"""A filter above a router that changed SCRIPT_NAME or PATH_INFO, named on the request page's
Route section under the route matched or the miss, with what it was before and what it set;
and in the story's miss, the layer whose PATH_INFO the router missed on."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.page_text import section
from tests.dashboard.page_text import shown
from tests.dashboard.servers import served_once
from tests.stack.app_inis import filtered

#: The router of the filtered inis: `/things/{id}` for GET and PUT.
TWINS = "make_twins_get_and_put"
#: Of a layer that changed PATH_INFO above the router.
GIVEN = "the router was given the path that layer set, not the one the client sent."
#: Of a layer that set SCRIPT_NAME alone.
MOUNTED = ("the router reads PATH_INFO, which that layer left as it was, but the app takes "
           "SCRIPT_NAME for where it is mounted: the URLs it makes of itself (WebOb's "
           "application_url) start with the one that layer set, not the client's.")
#: A urlmap whose `/v1` leads to the filter `mine` (setting PATH_INFO to `/nothing`) and the
#: router: the urlmap's own move of `/v1` is its choice, not a rewrite.
MAPPED = ("[composite:main]\nuse = egg:Paste#urlmap\n/v1 = api\n\n"
          + filtered("mine", "make_path_setting_filter", "to = /nothing\n", TWINS)
          .replace("[pipeline:main]", "[pipeline:api]"))


def path_set(page: str) -> list[str]:
    """The Route section's sentences naming a layer that changed the router's paths."""
    return [" ".join(shown(p).split()) for p in re.findall(r'<p class="path-set".*?</p>', page)]


@pytest.mark.parametrize(("ini", "path", "answered", "route", "words"), [
    (MAPPED, "/v1/things/1", "404 Not Found", "No route matched GET /nothing → 404",
     f"PATH_INFO was /things/1 until filter:mine set it to /nothing: {GIVEN}"),
    (filtered("mine", "make_script_name_filter", "", TWINS), "/v1/things/1", "200 OK",
     "Matched /things/{id} on app:app",
     f"SCRIPT_NAME was empty and PATH_INFO was /v1/things/1 until filter:mine set them to /v1 "
     f"and /things/1: {GIVEN}"),
    (filtered("mine", "make_script_name_filter", "", TWINS), "/v1/nothing", "404 Not Found",
     "No route matched GET /nothing → 404",
     f"SCRIPT_NAME was empty and PATH_INFO was /v1/nothing until filter:mine set them to /v1 "
     f"and /nothing: {GIVEN}"),
    (filtered("mine", "make_script_name_filter", "to = /base\n", TWINS), "/things/1", "200 OK",
     "Matched /things/{id} on app:app",
     f"SCRIPT_NAME was empty until filter:mine set it to /base: {MOUNTED}"),
], ids=["path set, miss under urlmap", "segment moved, match", "segment moved, miss",
        "script name set, match"])
def test_the_layer_that_changed_the_routers_paths_is_named(dashboard, tmp_path, ini, path,
                                                           answered, route, words):
    trace = served_once(dashboard, tmp_path, ini, answered, path)
    _, _, page = dashboard.get(f"/requests/{trace}")
    assert route in section(page, "Route"), section(page, "Route")
    assert path_set(page) == [words]


def test_the_story_of_a_miss_names_the_layer_that_set_the_path(dashboard, tmp_path):
    trace = served_once(dashboard, tmp_path, MAPPED, "404 Not Found", "/v1/things/1")
    _, _, page = dashboard.get(f"/requests/{trace}")
    why = section(page, "Why it failed")
    assert ("No route of the router of the app app has a template matching /nothing, the "
            "PATH_INFO the filter mine set: ") in why, why
