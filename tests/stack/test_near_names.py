"""A "did you mean" names every section as near as the nearest (`stack.near_names.nearest`):
nova's `/v2.1: openstack_compute_api_v22` is one edit from `openstack_compute_api_v2` and one
from `openstack_compute_api_v21`, and difflib's ratio alone named only the shorter."""

from __future__ import annotations

from tests.conftest import NOVA
from tests.conftest import run_cli
from tests.conftest import write_ini

#: The composite `/v2.1` names, one edit from two sections of nova's file.
V22 = "/v2.1: openstack_compute_api_v22"
BOTH = ("'openstack_compute_api_v22': no such app, composite, pipeline or filter-app section "
        "(did you mean [composite:openstack_compute_api_v2] at line 67 or "
        "[composite:openstack_compute_api_v21] at line 73?)")


def test_a_name_as_near_two_sections_names_both(tmp_path) -> None:
    nova = NOVA.read_text()
    path = write_ini(tmp_path, nova.replace("/v2.1: openstack_compute_api_v21", V22))
    tree = run_cli("inspect", str(path))
    assert f"  line 64: [composite:osapi_compute] {BOTH}" in tree.stdout.splitlines()
    which = run_cli("which", str(path), "--name", "osapi_compute", "GET", "/v2.1/servers")
    assert (f"The composite `osapi_compute` cannot be built (line 64): {BOTH}. Loading fails, "
            "and no request is answered.") in which.stdout.splitlines()


def test_a_name_nearer_one_section_names_that_one(tmp_path) -> None:
    nova = NOVA.read_text()
    path = write_ini(tmp_path, nova.replace("/v2.1: openstack_compute_api_v21",
                                            "/v2.1: openstack_compute_api_v211"))
    tree = run_cli("inspect", str(path)).stdout
    assert ("(did you mean [composite:openstack_compute_api_v21] at line 73?)" in tree)


def test_a_config_reference_names_the_section_and_the_file_nearest_its_typo(tmp_path) -> None:
    """`config:other.ini#mian` is told `main`, as a name of the file read is; a misspelt file,
    the file beside it (as the reference writes its folder), which nothing else names."""
    (tmp_path / "sub").mkdir()
    write_ini(tmp_path / "sub", "[app:main]\nuse = call:x:y\n", "other.ini")
    path = write_ini(tmp_path, "[app:a]\nuse = config:sub/other.ini#mian\n\n"
                               "[app:b]\nuse = config:sub/othr.ini#main\n\n"
                               "[app:c]\nuse = config:sub/nothing-like-it.ini\n")
    tree = run_cli("inspect", str(path)).stdout.splitlines()
    assert tree[-3:] == [
        "  line 2: [app:a] 'mian': no such app, composite, pipeline or filter-app section in "
        "other.ini (did you mean [app:main] at other.ini:1?)",
        "  line 5: [app:b] config:sub/othr.ini: othr.ini: no such file (did you mean "
        "`sub/other.ini`?)",
        "  line 8: [app:c] config:sub/nothing-like-it.ini: nothing-like-it.ini: no such file"]
