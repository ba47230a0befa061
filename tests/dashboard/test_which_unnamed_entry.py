"""Ask on an upload of several entries, none named: the answer says which entry it walks (the
one the page shows first) and names the others, as `which` does without --name (keystone's
`main` and `admin`)."""

from __future__ import annotations

from tests.conftest import KEYSTONE
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask

SAID = ("This walks `main`, the entry this page shows first, the one with the most sections; "
        "the file has 1 other, `admin`: pick another in the Entry list above.")


def keystone(dashboard) -> str:
    return uploaded(dashboard, KEYSTONE.name, KEYSTONE.read_text())


def test_the_entry_walked_unnamed_is_said_with_the_others(dashboard):
    ini_id = keystone(dashboard)
    status, _, answer = ask(dashboard, ("ini", ini_id), ("path", "/v2.0/users"))
    assert status == 200, answer
    assert answer["describe"][1] == SAID
    assert answer["other_entries"] == ["composite:admin"]


def test_an_entry_named_is_walked_without_the_note(dashboard):
    ini_id = keystone(dashboard)
    for entry in ("composite:main", "composite:admin"):
        status, _, answer = ask(dashboard, ("ini", ini_id), ("entry", entry),
                                ("path", "/v2.0/users"))
        assert status == 200, answer
        assert answer["hops"][0]["node"] == entry
        assert not any("This walks" in line for line in answer["describe"])
        assert answer["other_entries"] == []


def test_the_page_and_its_form_say_it_until_an_entry_is_picked(dashboard):
    ini_id = keystone(dashboard)
    page = dashboard.get(f"/inis/{ini_id}?path=/v2.0/users")[2]
    assert SAID.replace("`", "") in " ".join(shown(page).split())
    form = ask(dashboard, ("ini", ini_id), ("path", "/v2.0/users"), headers=HTMX)[2]
    assert SAID.replace("`", "") in " ".join(shown(form).split())
    picked = dashboard.get(f"/inis/{ini_id}?entry=composite:admin&path=/v2.0/users")[2]
    assert 'name="entry" value="composite:admin"' in picked
    assert "This walks" not in shown(picked)
