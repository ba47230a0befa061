"""`which` of a path whose API version the urlmap has no prefix for (`/v2/networks` where
neutron has `/v2.0`, `/v3/volumes` where cinder has `/v1` and `/v2`): it fell silently to the
catch-all `/`, the versions app, whose answer reads as if that were the path meant. Its
prefixes are named, only where the fallback is `/` and a longer prefix is near the path."""

from __future__ import annotations

from tests.conftest import CINDER
from tests.conftest import NEUTRON
from tests.conftest import which_lines


def test_a_version_prefix_the_path_only_starts_like_is_named():
    assert which_lines(NEUTRON, "GET", "/v2/networks")[1] == (
        "The composite `neutron` (a urlmap) picks `/` (of 2), the catch-all, as no longer "
        "prefix matches `/v2/networks`; its prefixes are `/v2.0` and `/`: `/v2` is none of "
        "them; nothing moves: the composite `neutronversions_composite` sees PATH_INFO "
        "`/v2/networks`.")


def test_a_version_of_the_same_family_names_the_prefixes():
    assert which_lines(CINDER, "GET", "/v3/volumes")[1] == (
        "The composite `osapi_volume` (a urlmap) picks `/` (of 3), the catch-all, as no longer "
        "prefix matches `/v3/volumes`; its prefixes are `/v1`, `/v2` and `/`: `/v3` is none of "
        "them; nothing moves: the pipeline `apiversions` sees PATH_INFO `/v3/volumes`.")


def test_a_path_no_prefix_is_near_and_the_root_say_nothing_more():
    for path in ("/", "/healthcheck"):
        line = which_lines(NEUTRON, "GET", path)[1]
        assert "its prefixes are" not in line
        assert f"the catch-all, as no longer prefix matches `{path}`; nothing moves" in line
