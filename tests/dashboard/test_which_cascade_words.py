"""Why a cascade follows its first key, said as what Paste's cascade does (it asks its apps in
turn, by key), on the Ask form and by `which`: it was said as of a composite whose factory
Pastescope does not know ("cannot know which one its factory picks"), which is false of it."""

from __future__ import annotations

from tests.conftest import which_lines
from tests.conftest import write_ini
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask

#: A cascade whose first app cannot be built: `which` says the composite it is reached through.
CASCADE = """\
[composite:main]
use = egg:Paste#cascade
app2 = b
app1 = a

[pipeline:a]
pipeline = nosuch b

[app:b]
use = egg:B
"""
#: Why the cascade's `app1` is followed, in the words the form and `which` say it.
FIRST_ASKED = ("the first it asks: Paste's cascade asks its apps in turn, by key, and the next "
               "only when one answers a status its `catch` names, 404 unless set")


def test_the_ask_form_says_a_cascade_asks_its_first_app_first(dashboard):
    ini_id = uploaded(dashboard, "cascade.ini", CASCADE)
    status, _, html = ask(dashboard, ("ini", ini_id), ("path", "/x"), headers=HTMX)
    assert status == 200, html
    said = " ".join(shown(html).split())
    assert f"the composite main follows app2app1 {FIRST_ASKED.replace('`', '')}" in said
    assert "cannot know" not in said


def test_which_says_the_cascade_it_is_reached_through_asks_it_first(tmp_path):
    lines = which_lines(write_ini(tmp_path, CASCADE), "GET", "/x", status=2)
    assert (f"It is reached through the `app1` alternative of the composite `main`, followed "
            f"({FIRST_ASKED}); choose another (--choose main=KEY) to ask about it.") in lines[1]
    assert not [line for line in lines if "cannot know" in line]
