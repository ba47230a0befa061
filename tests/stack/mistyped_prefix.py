"""The compute demo with its urlmap's prefixes mistyped or missing, and the notes said of a
prefix near the path's (a typo's, one the path only goes on from): for `which`, and for the
pages that show its answer."""

from __future__ import annotations

from tests.conftest import DEMO

COMPUTE = (DEMO / "compute.ini").read_text()

#: The compute demo with its urlmap's `/v2.1` mistyped `/v21`.
TYPO_INI = COMPUTE.replace("/v2.1: openstack_compute_api_v21", "/v21: openstack_compute_api_v21")

#: The compute demo with no catch-all (`/`) in its urlmap.
NO_ROOT_INI = COMPUTE.replace("/: computeversions\n", "")

NOTE = ("its prefix `/v21` is near the path's `/v2.1` but is not it (a typo, in the ini or in "
        "the URL?)")

#: What is said of the glance seed's urlmap prefix `/log` for the path `/logs`, which only
#: begins with it.
BOUNDARY = ("its prefix `/log` only begins the path's `/logs`: a urlmap matches a prefix only "
            "at a `/` boundary (the path `/log` itself, or `/log/…`), so `/logs` is not under "
            "`/log`")
