"""A secret header asked with (`X-Auth-Token`, swift's `X-Auth-Key`, `X-Storage-Pass`) is used
for the answer, but kept out of what persists: the address the answer pushes into the
browser's history (`HX-Push-Url`), the page's links, htmx's history snapshot, and the answer's
echo of the question. The page says its address leaves it out, and what reloading then asks;
opened at an address that holds one, it shows it redacted and says the address held it."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit

import pytest

from dashboard.diagram_fold import MAX_BRANCHES
from tests.conftest import DEMO
from tests.dashboard.many_branches import many_prefixes
from tests.dashboard.page_text import more_link
from tests.dashboard.page_text import shown
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


def test_an_address_made_before_holding_a_token_shows_it_redacted_and_says_so(dashboard,
                                                                               compute_id):
    """A link or bookmark made before the address left secrets out (or typed by hand): the page
    answers it with the token, but echoes it nowhere, and says that its address held it, rather
    than that it was kept out of it."""
    question = urlencode([("method", "GET"), ("path", "/v2.1/servers"),
                          ("header", "X-Auth-Token: s3cret-real"),
                          ("header", "Accept: application/json")])
    status, _, page = dashboard.get(f"/inis/{compute_id}?{question}")
    assert status == 200 and "s3cret" not in page
    text = " ".join(html.unescape(page).split())
    assert lead(page).startswith("Handed to the app compute_app")  # the token was used
    assert 'name="header" value="X-Auth-Token: ***"' in text
    assert 'name="header" value="Accept: application/json"' in text
    assert NOTE not in text
    assert ("The address this page was opened at holds a secret: X-Auth-Token. The answer used "
            "it; this page shows it as *** and drops it from its address. The link or bookmark "
            "you came by still holds it") in " ".join(shown(page).split())
    # The address which.js puts in its place: the question but for the token.
    [address] = re.findall(r'data-which-address="([^"]*)"', page)
    assert parse_qs(urlsplit(html.unescape(address)).query) == {
        "method": ["GET"], "path": ["/v2.1/servers"], "header": ["Accept: application/json"]}
    # The form as shown, asked again, answers alike: the demo's check reads only that a token
    # is given (swift's tempauth, which reads its prefix, is what the note warns of).
    again = ask(dashboard, ("ini", compute_id), ("path", "/v2.1/servers"),
                ("header", "X-Auth-Token: ***"), headers=HTMX)[2]
    assert lead(again) == lead(page)


def test_a_link_on_a_page_whose_address_holds_a_token_leaves_it_out(dashboard):
    """The "show all" links of a file of more branches than are drawn copied the address."""
    many = uploaded(dashboard, "many.ini", many_prefixes(MAX_BRANCHES + 5))
    question = urlencode([("method", "GET"), ("path", "/svc1/x"),
                          ("header", "X-Auth-Token: s3cret-real")])
    status, _, page = dashboard.get(f"/inis/{many}?{question}")
    assert status == 200 and "s3cret" not in page
    assert more_link(page)[1] == f"/inis/{many}?method=GET&path=/svc1/x&all=1"


def test_a_token_refused_as_no_header_value_is_not_quoted_back(dashboard, compute_id):
    """A token the question cannot send (a control character in it): the refusal quoted the
    line whole, in the JSON and on a page opened at an address holding it."""
    line = "X-Auth-Token: s3cret\x01"
    status, _, answer = ask(dashboard, ("ini", compute_id), ("path", "/"), ("header", line))
    assert status == 400 and answer["error"].startswith("header: 'X-Auth-Token: ***': the value "
                                                        "of X-Auth-Token holds the control")
    question = urlencode([("method", "GET"), ("path", "/"), ("header", line)])
    status, _, page = dashboard.get(f"/inis/{compute_id}?{question}")
    assert status == 200 and "s3cret" not in page
    assert "header: 'X-Auth-Token: ***': the value" in html.unescape(page)


def test_an_empty_token_is_no_secret_and_asked_again_as_given(dashboard, compute_id):
    """Shown as `***`, an empty token would be asked again as one given, past the check."""
    question = urlencode([("method", "GET"), ("path", "/v2.1/servers"),
                          ("header", "X-Auth-Token:")])
    status, _, page = dashboard.get(f"/inis/{compute_id}?{question}")
    assert status == 200 and "data-which-secret" not in page
    assert 'name="header" value="X-Auth-Token:"' in page
    assert lead(page).startswith("401, from the filter authtoken: the X-Auth-Token given is empty")
