"""`python -m stack which` on a urlmap whose prefix is a typo away from the path asked about
(`/v21` for `/v2.1`, or the client's `/V2.1`): the answer names the prefix beside "no prefix
matches", which alone sends an operator to the URL rather than to the ini's key
(`stack.near_names.near_prefix_note`)."""

from __future__ import annotations

from tests.conftest import DEMO
from tests.conftest import NOVA
from tests.conftest import run_cli
from tests.stack.mistyped_prefix import BOUNDARY
from tests.stack.mistyped_prefix import NO_ROOT_INI
from tests.stack.mistyped_prefix import NOTE
from tests.stack.mistyped_prefix import TYPO_INI


def test_a_prefix_typo_that_sends_the_request_to_the_catch_all_is_named(tmp_path):
    path = tmp_path / "typo.ini"
    path.write_text(TYPO_INI)
    done = run_cli("which", str(path), "GET", "/v2.1/servers")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines()[1] == (
        "The composite `osapi_compute` (a urlmap) picks `/` (of 2), the catch-all, as no longer "
        f"prefix matches `/v2.1/servers`; {NOTE}; nothing moves: the pipeline `computeversions` "
        "sees PATH_INFO `/v2.1/servers`.")


def test_a_path_typed_in_the_wrong_case_that_no_prefix_takes_is_named(tmp_path):
    path = tmp_path / "no_root.ini"
    path.write_text(NO_ROOT_INI)
    done = run_cli("which", str(path), "--name", "osapi_compute", "GET", "/V2.1/servers")
    assert done.returncode == 0
    assert done.stdout.splitlines()[1] == (
        "The composite `osapi_compute` (a urlmap) tries `/v2.1`, longest first; none is "
        "`/V2.1/servers` or a prefix of it ending at a `/`; its prefix `/v2.1` is near the "
        "path's `/V2.1` but is not it (a typo, in the ini or in the URL?), so it answers 404 "
        "itself.")


def test_the_nearest_of_nova_s_prefixes_is_named_and_versions_a_digit_apart_are_not(tmp_path):
    """nova's urlmap has `/v1.1`, `/v2`, `/v2.1`, `/v3`: its `/v2.1` mistyped `/v21` is named,
    not the `/v1.1` it also resembles; `/v2.0`, which nova has no prefix for, is no typo of
    `/v2.1` (a digit apart, as API versions are), so no typo is named for it: the prefixes
    nova has are, as it names an API version none of them is."""
    nova = NOVA.read_text()
    path = tmp_path / "nova.ini"
    path.write_text(nova.replace("/v2.1: openstack_compute_api_v21",
                                 "/v21: openstack_compute_api_v21"))
    done = run_cli("which", str(path), "--name", "osapi_compute", "GET", "/v2.1/servers")
    assert done.returncode == 0
    assert f"prefix matches `/v2.1/servers`; {NOTE}; nothing moves" in done.stdout
    other = run_cli("which", str(NOVA), "--name", "osapi_compute",
                    "GET", "/v2.0/servers")
    assert other.returncode == 0
    assert ("picks `/` (of 5), the catch-all, as no longer prefix matches `/v2.0/servers`; its "
            "prefixes are `/v1.1`, `/v2.1`, `/v2`, `/v3` and `/`: `/v2.0` is none of them; "
            "nothing moves") in other.stdout


def test_a_prefix_that_only_looks_like_the_path_s_is_not_called_a_typo(tmp_path):
    """`/administración` in the ini and typed: the server hands urlmap `/administraciÃ³n/…`,
    which the look-alike note explains; the typed path has the prefix, so no typo is named as
    well, though the two read near."""
    path = tmp_path / "cafe.ini"
    path.write_text(NO_ROOT_INI.replace("/v2.1: openstack_compute_api_v21",
                                        "/administración: openstack_compute_api_v21"))
    done = run_cli("which", str(path), "--name", "osapi_compute", "GET", "/administración/servers")
    assert done.returncode == 0
    assert "`/administración` only looks like one" in done.stdout
    assert "is near the path's" not in done.stdout


def test_a_prefix_the_path_only_goes_on_from_is_said_as_the_rule_not_as_a_typo():
    """The glance lesson's `/logs` beside the urlmap's `/log`: not under it by design (a
    urlmap matches a prefix only at a `/` boundary), and the catch-all takes it, so the
    answer says the rule, and no "typo?" that reads as the lesson being wrong."""
    done = run_cli("which", str(DEMO / "seed_glance.ini"), "GET", "/logs")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines()[1] == (
        "The composite `common` (a urlmap) picks `/` (of 3), the catch-all, as no longer prefix "
        f"matches `/logs`; {BOUNDARY}; nothing moves: the app `showversion` sees PATH_INFO "
        "`/logs`.")


def test_a_prefix_the_path_only_goes_on_from_is_asked_about_where_nothing_takes_it(tmp_path):
    """With no catch-all the urlmap answers 404 itself: the request went nowhere, so a typo
    is likely, and asked about after the rule."""
    path = tmp_path / "no_root.ini"
    path.write_text((DEMO / "seed_glance.ini").read_text().replace("/: showversion\n", ""))
    done = run_cli("which", str(path), "GET", "/logs/today")
    assert done.returncode == 0
    assert done.stdout.splitlines()[1] == (
        "The composite `common` (a urlmap) tries `/log`, `/v1`, longest first; none is "
        f"`/logs/today` or a prefix of it ending at a `/`; {BOUNDARY} (a typo, in the ini or in "
        "the URL?), so it answers 404 itself.")
