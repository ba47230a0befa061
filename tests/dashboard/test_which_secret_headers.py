"""A secret header asked with (`X-Auth-Token`, swift's `X-Auth-Key`, `X-Storage-Pass`) is used
for the answer, but kept out of what persists: the address the answer pushes into the
browser's history (`HX-Push-Url`), the page's links, htmx's history snapshot, and the answer's
echo of the question. The page says its address leaves it out, and what reloading then asks."""

from __future__ import annotations

import html
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest

from tests.conftest import DEMO
from tests.dashboard.servers import HTMX
from tests.dashboard.uploading import uploaded
from tests.dashboard.which_queries import ask
from tests.dashboard.which_queries import lead

TOKEN = "X-Auth-Token: demo-token"
NOTE = "Kept out of this page's address, as a secret:"


@pytest.fixture(scope="module")
def compute_id(dashboard) -> str:
    return uploaded(dashboard, "compute.ini", (DEMO / "compute.ini").read_bytes())


def test_the_pushed_address_leaves_the_token_out_and_the_page_says_so(dashboard, compute_id):
    status, headers, page = ask(dashboard, ("ini", compute_id), ("path", "/v2.1/servers"),
                                ("header", TOKEN), ("header", "X-Storage-Pass: hunter2"),
                                ("header", "Accept: application/json"), headers=HTMX)
    assert status == 200
    pushed = headers["HX-Push-Url"]
    assert "demo-token" not in pushed and "hunter2" not in pushed
    assert parse_qs(urlsplit(pushed).query)["header"] == ["Accept: application/json"]
    text = " ".join(html.unescape(page).split())
    # Used for the answer: past authtoken, to the app, not held for want of a token.
    assert lead(page).startswith("Handed to the app compute_app")
    assert (f"{NOTE} <code>X-Auth-Token</code>, <code>X-Storage-Pass</code>. Asking here sends "
            "it with the question; reloading the page, going back to it or opening its link "
            "asks again without it.") in text
    assert 'hx-history="false"' in page  # nor in htmx's snapshot of the page, in the browser
    assert 'name="header" value="X-Auth-Token: demo-token"' in text  # to ask again with it
    # No link on the page carries it (a "draw every branch" address is the page's own).
    assert not [href for href in text.split('href="')[1:] if "demo-token" in href.split('"')[0]]
    # The pushed address, reloaded, asks without the token: held at authtoken, as the note said.
    status, _, again = dashboard.get(pushed)
    assert status == 200 and NOTE not in again
    assert lead(again).startswith("401, from the filter authtoken: no X-Auth-Token is given.")


def test_the_answer_does_not_echo_a_secret_header(dashboard, compute_id):
    status, _, answer = ask(dashboard, ("ini", compute_id), ("path", "/v2.1/servers"),
                            ("header", TOKEN), ("header", "X-Auth-Key: swordfish"),
                            ("header", "Referer: http://h/?token=t1"),
                            ("header", "Accept: application/json"))
    assert status == 200, answer
    assert answer["headers"] == {"X-Auth-Token": "***", "X-Auth-Key": "***",
                                 "Referer": "http://h/?token=***", "Accept": "application/json"}
    assert answer["held"] is None  # the token was used


def test_a_question_with_no_secret_says_nothing_of_one(dashboard, compute_id):
    status, headers, page = ask(dashboard, ("ini", compute_id), ("path", "/v2.1/servers"),
                                ("header", "Accept: application/json"), headers=HTMX)
    assert status == 200
    assert "Accept" in headers["HX-Push-Url"]
    assert NOTE not in html.unescape(page) and 'hx-history="false"' not in page
