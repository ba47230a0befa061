"""A request's page links the words a student meets in its story and its own sentences
("urlmap composite", "pipeline", "filter", "short circuit", "app") to their glossary entries:
the first use of each, to an entry the glossary has, never a name in `code` or a word of the
diagram's drawing."""

from __future__ import annotations

import html
import re

from dashboard.glossary import glossary_terms
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.servers import send
from tests.dashboard.servers import served_once
from tests.stack.app_inis import PLAIN_APP
from tests.stack.app_inis import filtered
from tests.stack.app_inis import rewriting

#: A glossary link: its anchor and its text's markup (an environ key holds `<wbr>`s, the points
#: it may break at: `dashboard.text.breakable`).
LINK = re.compile(r'<a class="glossary-link" href="/glossary#([^"]+)"[^>]*>(.*?)</a>')


def denied_page(dashboard, stack, view: str = "") -> str:
    """The page (`/steps` for the step view) of the compute demo's 401 without a token."""
    trace = send(dashboard, stack, "GET", "/v2.1/servers")
    status, _, page = dashboard.get(f"/requests/{trace['trace']}{view}")
    assert status == 200, page
    return page


def test_the_story_links_each_word_once_to_its_entry(dashboard, stack):
    page = denied_page(dashboard, stack)
    links = LINK.findall(page)
    assert ("urlmap", "urlmap composite") in links
    story = part(page, '<section class="why"', "</section>")
    assert {word: anchor for anchor, word in LINK.findall(story)} == {
        "urlmap composite": "urlmap", "composite": "composite", "pipeline": "pipeline",
        "filter": "filter", "short circuit": "short-circuit", "app": "app", "401": "401"}
    # The page's own sentences, after the story, link what it did not: self ms.
    note = part(page, 'class="muted timeline-note"', "</p>")
    assert ("self-time", "self ms") in LINK.findall(note)
    anchors = [anchor for anchor, _ in links]
    assert len(anchors) == len(set(anchors)), anchors  # the first use alone
    glossary = dashboard.get("/glossary")[2]
    assert all(f'id="{anchor}"' in glossary for anchor in anchors)


def test_the_linked_use_is_the_first_and_names_are_left_alone(dashboard, stack):
    story = part(denied_page(dashboard, stack), '<section class="why"', "</section>")
    links = LINK.findall(story)
    assert links
    for anchor, word in links:
        # What the story said before this link, the words of other links aside ("composite"
        # in "urlmap composite" is urlmap's).
        link = f'<a class="glossary-link" href="/glossary#{anchor}"'
        before = shown(LINK.sub("", story.split(link, 1)[0]))
        assert not re.search(rf"(?<![\w:\[]){word}(?![\w:])", before), (word, before)
    # `filter:authtoken`, `[composite:…]`, the app `compute_app`: names, not the words.
    assert not re.search(r"<code>[^<]*<a ", story)
    assert "[composite:openstack_compute_api_v21]" in html.unescape(shown(story))


def test_the_step_view_links_its_story_not_its_diagram(dashboard, stack):
    """The step view shows the same story (`_why.html`) beside the diagram: the story's
    words link, the diagram's boxes (`filter:authtoken`, `app:compute_app`) never do."""
    page = denied_page(dashboard, stack, "/steps")
    drawings = re.findall(r"<svg.*?</svg>", page, re.S)
    assert drawings and not any("glossary-link" in drawing for drawing in drawings)
    story = part(page, '<section class="why"', "</section>")
    assert ("short-circuit", "short circuit") in LINK.findall(story)


def test_the_story_links_the_status_it_tells_of(dashboard, stack):
    """"ended with 401", "so 405": a student meets the status in the story and reads what it
    means, and which layer answers it, one click away, as a lesson Run's status links it."""
    story = part(denied_page(dashboard, stack), '<section class="why"', "</section>")
    first = story.index("ended with ")
    assert LINK.search(story, first).groups() == ("401", "401")
    assert story.count('href="/glossary#401"') == 1  # "answered 401 itself" is not linked again
    trace = send(dashboard, stack, "DELETE", "/v2.1/flavors", {"X-Auth-Token": "demo-token"})
    story = part(dashboard.get(f"/requests/{trace['trace']}")[2], '<section class="why"',
                 "</section>")
    assert ("405", "405") in LINK.findall(story)
    glossary = dashboard.get("/glossary")[2]
    assert 'id="401"' in glossary and 'id="405"' in glossary


def test_a_bad_request_links_to_what_400_means(dashboard, stack):
    """The demo's action sent a form, not JSON, answers 400: a student hitting it from the
    Send form reads that the request is at fault, not the ini."""
    trace = send(dashboard, stack, "POST", "/v2.1/servers/1/action",
                 {"X-Auth-Token": "demo-token",
                  "Content-Type": "application/x-www-form-urlencoded"}, b"reboot=1")
    assert trace["status"] == 400
    story = part(dashboard.get(f"/requests/{trace['trace']}")[2], '<section class="why"',
                 "</section>")
    assert ("400", "400") in LINK.findall(story)
    entry = part(dashboard.get("/glossary")[2], 'id="400"', "</dd>")
    assert "the request is." in html.unescape(shown(entry))


def test_a_number_that_is_no_status_is_not_linked(app):
    """A line number, an id the story quotes, a path's part are not statuses, even in a
    sentence telling a status (statuses on); outside one (statuses off), no number is linked
    at all: "200 bytes" is a size."""
    with app.test_request_context():
        said = str(glossary_terms("at compute.ini line 404, id='404', GET /v2.1/servers/500 "
                                  "ended with 500.", statuses=True))
        assert LINK.findall(said) == [("500", "500")], said
        assert not LINK.findall(str(glossary_terms("the server sent its 200 bytes")))


#: A filter moving the request under `/base`, before its app answers 404: its step changes
#: PATH_INFO, and the story says so.
MOVED = rewriting()


def test_the_step_view_links_a_word_its_steps_linked_not_again(dashboard, tmp_path):
    """A step's environ key links to its entry (`glossary_link`); the story below, on the same
    page, does not link it a second time."""
    trace = served_once(dashboard, tmp_path, MOVED, "404 Not Found")
    page = dashboard.get(f"/requests/{trace}/steps")[2]
    steps = part(page, '<div class="step-now">', '<ol class="step-hops"')
    assert ("path-info", "PATH_<wbr>INFO") in LINK.findall(steps)
    story = part(page, '<section class="why"', "</section>")
    assert "PATH_INFO" in shown(story)
    assert "path-info" not in [anchor for anchor, _ in LINK.findall(story)]


#: A filter that raises, with the message put in place of `{}`, before the app it wraps.
RAISING = filtered("boom", "make_boom", "message = {}\n", app_line=PLAIN_APP)


def test_words_in_an_exception_message_are_not_linked(dashboard, tmp_path):
    """The message is the exception's words, not the story's: "filter" in it linked read as
    the glossary's, and took the link from the story's own "filter" after it."""
    trace = served_once(dashboard, tmp_path, RAISING.format("no route for this filter"),
                        "500 Internal Server Error")
    story = part(dashboard.get(f"/requests/{trace}")[2], '<section class="why"', "</section>")
    quoted = re.search(r"ValueError \(&#39;(.*?)&#39;\)", story)
    assert quoted and quoted.group(1) == "no route for this filter", story
    links = dict(LINK.findall(story))
    assert "route" not in links
    # The story's own "filter", after the message, is the one linked.
    assert links["filter"] == "filter"
    assert story.index('href="/glossary#filter"') > quoted.end()
