"""The status filter speaks the list's words: `no answer` (or `none`) finds the requests the
list shows as "no answer" (request.end came, `status` null: the server closed the connection),
`pending` those it shows as `—` (request.end not received), in the list, `GET /api/traces` and
the list's "Save these requests" link; `5xx` still means 500–599. The unanswered request is a
real one (conftest's `unanswered`)."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import pytest
import requests

from tests.dashboard.samples import trace_events

#: A request whose end has not arrived: its events up to, not with, its request.end.
PENDING = "pending-one"


@pytest.fixture(scope="module")
def listed(dashboard, unanswered) -> dict[str, str]:
    """The module's requests, by what their row says: one of each kind with no status, and a
    503 that did answer."""
    assert dashboard.post("/api/events", trace_events("answered-503", status=503))[0] == 202
    assert dashboard.post("/api/events", trace_events(PENDING)[:-1])[0] == 202
    return {"no answer": unanswered, "—": PENDING, "503": "answered-503"}


def rows_seen(page: str) -> list[tuple[str, str]]:
    """The list page's rows as a user reads them: (trace id, what the status cell says)."""
    return re.findall(r'<tr [^>]*data-trace="([^"]+)".*?<td class="status">([^<]*)</td>', page)


@pytest.mark.parametrize(("typed", "says"), [
    ("no answer", "no answer"), ("No  Answer ", "no answer"), ("none", "no answer"),
    ("None", "no answer"), (" none ", "no answer"), ("pending", "—"), ("PENDING", "—"),
])
def test_a_status_word_shows_the_rows_that_say_it(dashboard, listed, typed, says):
    query = urlencode({"status": typed})
    status, _, page = dashboard.get("/requests?" + query)
    assert status == 200
    assert rows_seen(page) == [(listed[says], says)]
    found = [row["trace"] for row in dashboard.get("/api/traces?" + query)[2]]
    assert found == [listed[says]]


def test_5xx_is_still_the_answered_500s(dashboard, listed):
    fives = rows_seen(dashboard.get("/requests?status=5xx")[2])
    assert (listed["503"], "503") in fives and listed["no answer"] not in dict(fives)


@pytest.mark.parametrize(("typed", "says"), [("no answer", "no answer"), ("pending", "—")])
def test_the_save_link_of_a_list_filtered_by_a_word_saves_its_rows(dashboard, listed, typed,
                                                                    says):
    page = dashboard.get("/requests?" + urlencode({"status": typed}))[2]
    link = html.unescape(re.search(r'<a data-export href="([^"]+)"', page).group(1))
    doc = requests.get(dashboard.url + link, timeout=15).json()
    assert [trace["trace"] for trace in doc["traces"]] == [listed[says]]


def test_the_filter_names_its_words_and_a_bad_one_is_refused_naming_them(dashboard, listed):
    page = dashboard.get("/requests?status=pending")[2]
    assert 'placeholder="status: 404, 4xx, error, no answer, pending, wsgi"' in page
    assert 'value="pending"' in page
    status, _, answer = dashboard.get("/api/traces?status=null")
    assert (status, answer["error"]) == (400, "status must be a code like 404, a class like "
                                              "4xx, error, no answer (or none), pending, or wsgi, "
                                              "got 'null'")
