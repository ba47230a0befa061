"""A filter's short circuit answered in plain text (an auth filter's `401` with `text/plain`)
has its body quoted in the request page's story, as a JSON fault's message is: cut to a
sentence's length, and escaped, never read as markup."""

from __future__ import annotations

import pytest

from stack.explain_answer import QUOTED_BODY
from tests.dashboard.page_text import part
from tests.dashboard.page_text import section
from tests.dashboard.servers import served_once
from tests.stack.app_inis import PLAIN_APP
from tests.stack.app_inis import filtered

#: A filter refusing every request 401 with the plain-text body put in place of `{}`, before
#: the app it wraps.
REFUSED = filtered("refuse", "make_refuse", "text = {}\n", app_line=PLAIN_APP)


def refused_page(dashboard, tmp_path, body: str) -> str:
    """The request page of one request the refusing filter answered with `body`."""
    trace = served_once(dashboard, tmp_path, REFUSED.format(body), "401 Unauthorized")
    status, _, page = dashboard.get(f"/requests/{trace}")
    assert status == 200, page
    return page


def test_a_plain_text_401_is_quoted_in_the_story(dashboard, tmp_path):
    why = section(refused_page(dashboard, tmp_path, "Token expired: log in again"),
                  "Why it failed")
    assert "answered 401 itself, without calling the next layer (a short circuit)" in why
    assert why.endswith("The answer's body says why: “Token expired: log in again”.")


def test_a_long_plain_text_body_is_cut_and_escaped(dashboard, tmp_path):
    body = "<b>No token</b> " + "x" * 600
    page = refused_page(dashboard, tmp_path, body)
    why = section(page, "Why it failed")
    quoted = why.split("The answer's body says why: “", 1)[1]
    assert quoted == body[:QUOTED_BODY - 1] + "…”"
    # As text, never as markup: the page shows the tags the filter wrote.
    markup = part(page, '<section class="why"', "</section>")
    assert "&lt;b&gt;No token&lt;/b&gt;" in markup and "<b>" not in markup


def test_words_in_a_quoted_body_are_not_linked(dashboard, tmp_path):
    """The body is the filter's words, quoted: "route" and "filter" in it are not the story's
    words, and link to no glossary entry."""
    story = part(refused_page(dashboard, tmp_path, "No route for this filter"),
                 '<section class="why"', "</section>")
    quoted = story.split("The answer&#39;s body says why: “", 1)[1].split("”", 1)[0]
    assert quoted == "No route for this filter"


@pytest.mark.parametrize("body", ["401 Unauthorized", "Unauthorized", "401 Unauthorized.",
                                  "unauthorized."])
def test_a_body_that_only_names_its_status_says_nothing_more(dashboard, tmp_path, body):
    why = section(refused_page(dashboard, tmp_path, body), "Why it failed")
    assert "short circuit" in why
    assert "body says why" not in why
