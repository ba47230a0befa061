"""`python -m stack which` on a file of several entries with no --name walks `main`, as
loadapp loads it, and says so, naming the others: keystone's `admin` port got the public
pipeline's answer without a word that another entry was there."""

from __future__ import annotations

from tests.conftest import DEMO
from tests.conftest import KEYSTONE
from tests.conftest import which_lines

SAID = ("This walks `main`, the entry which loadapp loads when given no name; the file has 1 "
        "other, `admin`: ask about it with --name admin.")


def test_an_unnamed_entry_among_several_is_said_with_the_others():
    lines = which_lines(KEYSTONE, "GET", "/v2.0/users")
    assert lines[0].startswith("GET /v2.0/users would go: the composite `main` → the pipeline "
                               "`public_api`")
    assert lines[1] == SAID


def test_a_named_entry_is_walked_without_the_note():
    assert not any("This walks" in line for line in which_lines(KEYSTONE, "GET", "/v2.0/users",
                                                                 "--name", "main"))
    lines = which_lines(KEYSTONE, "GET", "/v2.0/users", "--name", "admin")
    assert lines[0].startswith("GET /v2.0/users would go: the composite `admin` → the pipeline "
                               "`admin_api`")
    assert not any("This walks" in line for line in lines)


def test_a_file_of_one_entry_has_no_other_to_name():
    assert not any("This walks" in line
                   for line in which_lines(DEMO / "compute.ini", "GET", "/v2.1/servers"))
